/*
 * main.c - oversight's command line: options, the order things run in, and
 * exit statuses. Everything else lives in the session, repl and input
 * modules of libovshell.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "complete.h"
#include "format.h"
#include "input.h"
#include "luarun.h"
#include "ov_mem.h"
#include "pager.h"
#include "repl.h"
#include "run.h"
#include "sandbox.h"
#include "session.h"

/* the smallest --max-memory: below it the shell cannot do anything useful */
#define MIN_MEMORY ((size_t)16 << 20)

static const char usage_text[] =
    "Usage: oversight [OPTION]... [SCRIPT [ARG]...]\n"
    "An interactive shell for police accountability statistics: load complaint\n"
    "and misconduct data, count, tabulate and check published percentages in Lua.\n"
    "\n"
    "  -e CHUNK         run the Lua CHUNK (repeatable; runs before SCRIPT)\n"
    "  -l MOD           require MOD into the global MOD; -l G=MOD: into G\n"
    "                   (-e and -l run in the order given)\n"
    "  -i               enter the interactive shell after SCRIPT or -e\n"
    "  -E               ignore LUA_INIT* and LUA_PATH*, LUA_CPATH*\n"
    "  -W               turn Lua warnings on (warn() writes to stderr)\n"
    "  -q               do not print the banner\n"
    "      --bail       stop at the first error (statements read from a pipe)\n"
    "      --mode MODE  how tables print: auto box plain csv tsv markdown json\n"
    "      --safe       for scripts you did not write: no programs, processes,\n"
    "                   sockets, C modules or binary chunks, no deleting, and no\n"
    "                   writing outside the working directory (Lua, seccomp and\n"
    "                   Landlock; a line on stderr says which walls are up)\n"
    "      --step FILE  a lesson: show each statement of FILE, run it on Enter\n"
    "      --no-init    do not run $XDG_CONFIG_HOME/oversight/init.lua\n"
    "      --max-memory SIZE  fail cleanly (the session goes on) when tables and\n"
    "                   Lua together would use more than SIZE: 200M, 1.5G, ...\n"
    "  -h, --help       show this help and exit\n"
    "  -v               show the version (and go on to SCRIPT or -e, as lua)\n"
    "      --version    show the version and exit\n"
    "\n"
    "With no SCRIPT and no -e, oversight reads standard input: as an interactive\n"
    "shell when it is a terminal, otherwise as a script. SCRIPT's arguments are in\n"
    "the global table `arg` (arg[0] is SCRIPT) and in `...`; SCRIPT - reads it\n"
    "from standard input. The init file runs before an interactive session (not\n"
    "before scripts). As lua(1), LUA_INIT_5_4 or else LUA_INIT runs first (@FILE\n"
    "runs FILE); under --safe it runs inside the sandbox.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  a script, chunk or statement failed\n"
    "  2  bad command-line options\n";

/* --safe was given: a script that has not stopped 2 s (OV_LUA_UNANSWERED_MS)
 * after Ctrl-C is ended when Ctrl-C comes again (see on_sigint) */
static volatile sig_atomic_t safe_mode;

static void
on_sigint(int sig)
{
    (void)sig;
    /* Lua runs finalizers with hooks off, and a C call (a backtracking
     * string.find) never looks at the flag: a hostile script could make
     * Ctrl-C useless. Only write and _exit here: async-signal-safe. */
    if (safe_mode && ov_lua_interrupt_unanswered()) {
        static const char msg[] = "oversight: --safe: the script did not stop within 2 "
                                  "seconds of Ctrl-C; ending it\n";
        ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);

        (void)w;
        ov_afile_remove_temporaries();
        _exit(130);
    }
    ov_lua_request_interrupt();
}

/* SIGTERM, SIGHUP, SIGQUIT end the session as they always did, but a
 * write under way leaves no temporary file behind (the target keeps its
 * old content): remove them, then die of the same signal */
static void
on_fatal(int sig)
{
    ov_afile_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The session, while it runs: os.exit() in a script calls exit(), which
 * must still put a .output file in place (and remove the temporary file
 * of a write it interrupted) */
static struct ov_session *running;

static void
finish_at_exit(void)
{
    if (running != NULL) {
        fflush(running->out);
        ov_session_output(running, NULL);
        ov_session_record_to(running, NULL);
        running = NULL;
    }
    ov_afile_remove_temporaries();
}

static void
on_sigwinch(int sig)
{
    (void)sig;
    ov_input_note_resize();
}

static void
install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: select() at the prompt must wake up on Ctrl-C */
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_sigwinch;
    sigaction(SIGWINCH, &sa, NULL);
    sa.sa_handler = on_fatal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    /* past a file size limit (ulimit -f) a write fails with EFBIG, which is
     * reported and leaves the old file in place, instead of killing us */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &sa, NULL);
}

/* lua.c's createargtable: arg[0] is the script, arg[1..] its arguments,
 * negative indices the interpreter and options before it */
static void
create_arg_table(lua_State *L, char **argv, int argc, int script)
{
    int i;

    if (script == argc)
        script = 0; /* no script: arg[0] is the program */
    lua_createtable(L, argc - script - 1 > 0 ? argc - script - 1 : 0, script + 1);
    for (i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - script);
    }
    lua_setglobal(L, "arg");
}

/* how many names ov.dataset_names lists, or nothing: read raw, as the
 * script (-e, -i) may have replaced ov with anything */
static int
count_datasets(lua_State *L)
{
    lua_pushglobaltable(L);
    lua_pushliteral(L, "ov");
    if (lua_rawget(L, -2) != LUA_TTABLE)
        return 0;
    lua_pushliteral(L, "dataset_names");
    if (lua_rawget(L, -2) != LUA_TTABLE)
        return 0;
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static void
banner(struct ov_session *s)
{
    fprintf(s->out,
            "oversight %s (%s) - police accountability statistics\n"
            "help() lists what you can do, .help the dot-commands; Ctrl-D leaves.\n",
            PACKAGE_VERSION, LUA_RELEASE);
    /* the bundled datasets, when the catalogue is there */
    if (ov_lua_cpcall(s->L, count_datasets, NULL, 1) == LUA_OK &&
        lua_isinteger(s->L, -1))
        fprintf(s->out,
                "Bundled data: %lld datasets of published figures (datasets()).\n",
                (long long)lua_tointeger(s->L, -1));
    lua_pop(s->L, 1);
}

/* $XDG_CONFIG_HOME/oversight/init.lua, else ~/.config/oversight/init.lua */
static void
run_init(struct ov_session *s)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char path[4096];
    struct stat st;

    if (xdg != NULL && xdg[0] == '/')
        snprintf(path, sizeof path, "%s/oversight/init.lua", xdg);
    else if (home != NULL && home[0] != '\0')
        snprintf(path, sizeof path, "%s/.config/oversight/init.lua", home);
    else
        return;
    /* no file is the usual case; one that is there but cannot be read
     * (permissions, a directory) is reported by the load, never skipped
     * without a word */
    if (stat(path, &st) != 0 && errno == ENOENT)
        return;
    ov_run_file(s, path, NULL, 0);
}

/* --safe: the kernel's walls, before the first chunk runs and while the
 * process has one thread. Writes are allowed beneath the working directory
 * and, when the session will read a terminal, in the history's folder
 * (only oversight's own code writes there: the Lua wall keeps scripts to
 * the working directory). */
static void
put_up_walls(bool history, bool quiet)
{
    const char *writable[] = {".", NULL, NULL};
    char *hist = history ? ov_input_default_history_path() : NULL;
    char *slash = hist != NULL ? strrchr(hist, '/') : NULL;
    struct ov_sandbox sb;
    char walls[512];

    if (slash != NULL && slash != hist) {
        *slash = '\0';
        writable[1] = hist;
    }
    ov_sandbox_apply(writable, &sb);
    free(hist);
    if (!quiet) {
        ov_sandbox_describe(&sb, walls, sizeof walls);
        fprintf(stderr, "--safe: Lua sandbox on; %s\n", walls);
    }
}

static char **
complete(const char *line, int start, int end, const char *text, void *ctx,
         bool *keep_open)
{
    struct ov_session *s = ctx;

    (void)end;
    return ov_complete(s->L, line, (size_t)start, text, keep_open);
}

static int
run_interactive(struct ov_session *s)
{
    char *hist = ov_input_default_history_path();
    ov_input *in = ov_input_open_terminal(hist);

    free(hist);
    if (in == NULL) {
        fputs("oversight: out of memory\n", stderr);
        return OV_EXIT_ERROR;
    }
    ov_input_set_completion(in, complete, s);
    s->interactive = true;
    s->ui.interactive = true;
    /* long output a screen at a time, unless .output sends it elsewhere */
    if (isatty(STDOUT_FILENO) && s->out == stdout &&
        (s->pager = ov_pager_open(stdout, STDIN_FILENO)) != NULL) {
        s->screen = s->out = s->ui.out = s->ui.screen = ov_pager_stream(s->pager);
    }
    if (!s->quiet)
        banner(s);
    ov_repl_run(s, in);
    ov_input_close(in);
    return OV_EXIT_OK;
}

/* -e CHUNK or -l MOD, run in the order given (as lua's runargs) */
struct cmd {
    char opt; /* 'e' or 'l' */
    const char *arg;
};

/* what the command line asked for */
struct args {
    struct ov_lua_opts lopts;
    struct cmd *chunks; /* -e and -l, in order */
    int nchunks;
    bool interactive_after, quiet, bail, no_init, version;
    const char *mode, *step;
    size_t max_memory;
    int script; /* argv index of the script, argc if none */
};

/* Reads the options into a (a->chunks: the caller frees it). Returns -1
 * to go on, or the exit status when done already (--help, --version, a
 * usage error, no memory). */
static int
parse_args(int argc, char **argv, struct args *a)
{
    static const struct option longopts[] = {
        {"bail", no_argument, NULL, 'B'},
        {"mode", required_argument, NULL, 'M'},
        {"safe", no_argument, NULL, 'S'},
        {"step", required_argument, NULL, 'T'},
        {"no-init", no_argument, NULL, 'N'},
        {"max-memory", required_argument, NULL, 'X'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int opt;

    memset(a, 0, sizeof *a);
    a->chunks = calloc((size_t)argc, sizeof *a->chunks);
    if (a->chunks == NULL) {
        fputs("oversight: out of memory\n", stderr);
        return OV_EXIT_ERROR;
    }
    opterr = 0;
    /* '+': options end at the script name; the rest are its arguments */
    while ((opt = getopt_long(argc, argv, "+e:l:iqhvEW", longopts, NULL)) != -1) {
        switch (opt) {
        case 'e':
        case 'l':
            a->chunks[a->nchunks].opt = (char)opt;
            a->chunks[a->nchunks++].arg = optarg;
            break;
        case 'E':
            a->lopts.noenv = true;
            break;
        case 'W':
            a->lopts.warn = true;
            break;
        case 'i':
            a->interactive_after = true;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 'B':
            a->bail = true;
            break;
        case 'M':
            a->mode = optarg;
            if (ov_fmt_mode_from_name(a->mode) < 0 && strcmp(a->mode, "auto") != 0) {
                fprintf(stderr,
                        "oversight: --mode must be auto, box, plain, csv, tsv, "
                        "markdown or json, not '%s'\n",
                        a->mode);
                return OV_EXIT_USAGE;
            }
            break;
        case 'S':
            a->lopts.safe = true;
            break;
        case 'T':
            a->step = optarg;
            break;
        case 'N':
            a->no_init = true;
            break;
        case 'X':
            if (!ov_mem_parse_size(optarg, &a->max_memory) ||
                a->max_memory < MIN_MEMORY) {
                fprintf(stderr,
                        "oversight: --max-memory must be a size of at least 16M, "
                        "such as 200M or 1.5G, not '%s'\n",
                        optarg);
                return OV_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(usage_text, stdout);
            return OV_EXIT_OK;
        case 'V':
            printf("oversight %s\n%s\n", PACKAGE_VERSION, LUA_COPYRIGHT);
            return OV_EXIT_OK;
        case 'v':
            a->version = true;
            break;
        default:
            if (optopt == 'e')
                fputs("oversight: option -e needs a Lua chunk\n", stderr);
            else if (optopt == 'l')
                fputs("oversight: option -l needs a module name\n", stderr);
            else if (optopt == 'M' || optopt == 'T' || optopt == 'X')
                fprintf(stderr, "oversight: option %s needs a value\n",
                        argv[optind - 1]);
            else if (optopt != 0)
                fprintf(stderr, "oversight: unknown option -%c\n", optopt);
            else
                fprintf(stderr, "oversight: unknown option %s\n", argv[optind - 1]);
            fputs("Try 'oversight --help' for more information.\n", stderr);
            return OV_EXIT_USAGE;
        }
    }
    a->script = optind;
    if (a->version) {
        /* lua -v: the version, then what else was asked; alone, only it */
        printf("oversight %s\n%s\n", PACKAGE_VERSION, LUA_COPYRIGHT);
        fflush(stdout);
        if (a->nchunks == 0 && a->script >= argc && !a->interactive_after &&
            a->step == NULL)
            return OV_EXIT_OK;
    }
    return -1;
}

/* -i with standard input not a terminal: statements and dot-commands read
 * from it, as at the prompt */
static int
read_stdin(struct ov_session *s)
{
    int status = OV_EXIT_OK;
    ov_input *in = ov_input_open_file(stdin, "stdin");

    if (in == NULL || ov_repl_run(s, in) > 0)
        status = OV_EXIT_ERROR;
    if (in != NULL && ov_input_error(in) != NULL) {
        char msg[600];

        snprintf(msg, sizeof msg, "oversight: %s", ov_input_error(in));
        ov_session_error(s, msg);
        status = OV_EXIT_ERROR;
    }
    ov_input_close(in);
    return status;
}

/* Runs what the command line asked for: the -e chunks, the script, then
 * the prompt or standard input. Returns the exit status. */
static int
run_all(struct ov_session *s, const struct args *a, int argc, char **argv)
{
    int status = OV_EXIT_OK;

    for (int i = 0; i < a->nchunks && status == OV_EXIT_OK; i++) {
        bool ok = a->chunks[i].opt == 'l'
                      ? ov_run_library(s, a->chunks[i].arg)
                      : ov_run_string(s, a->chunks[i].arg, "=(command line)");

        if (!ok)
            status = OV_EXIT_ERROR;
    }
    if (status == OV_EXIT_OK && a->script < argc) {
        const char *path = strcmp(argv[a->script], "-") == 0 ? NULL : argv[a->script];

        if (!ov_run_file(s, path, argv + a->script + 1, argc - a->script - 1))
            status = OV_EXIT_ERROR;
    }
    if (!s->quit && (status == OV_EXIT_OK || a->interactive_after)) {
        bool nothing_else = a->nchunks == 0 && a->script >= argc;

        if (a->interactive_after || nothing_else) {
            if (!a->no_init && (isatty(STDIN_FILENO) || a->interactive_after))
                run_init(s);
            if (isatty(STDIN_FILENO)) {
                int r = run_interactive(s);

                if (r != OV_EXIT_OK)
                    status = r;
            } else if (a->interactive_after) {
                if (read_stdin(s) != OV_EXIT_OK)
                    status = OV_EXIT_ERROR;
            } else if (!ov_run_file(s, NULL, NULL, 0)) {
                status = OV_EXIT_ERROR;
            }
        }
    }
    return status;
}

int
main(int argc, char **argv)
{
    struct ov_session s;
    struct args a;
    int status = parse_args(argc, argv, &a);

    if (status >= 0) {
        free(a.chunks);
        return status;
    }
    install_signals();
    /* A query's row lists and columns are megabytes each, made and freed
     * in turn. glibc's default thresholds gave each one fresh pages from
     * the kernel (mmap, or a heap trimmed on every free): a filter keeping
     * half of 1M rows took 10 times as long in page faults. Its dynamic
     * threshold hid this until the loader's buffers moved to worker
     * threads' arenas; fixed values say it. The loader still hands its
     * memory back once a load is done (malloc_trim). */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    if (!ov_session_init(&s, &a.lopts)) {
        free(a.chunks);
        return OV_EXIT_ERROR;
    }
    running = &s;
    atexit(finish_at_exit);
    /* after the session is made, so the limit is for the user's work; the
     * Lua state and the engine share it (see ov_mem.h) */
    ov_mem_set_limit(a.max_memory);
    s.quiet = a.quiet;
    s.bail = a.bail;
    create_arg_table(s.L, argv, argc, a.script);
    if (a.mode != NULL) {
        s.ui.auto_mode = strcmp(a.mode, "auto") == 0;
        if (!s.ui.auto_mode)
            s.ui.display.mode = (enum ov_fmt_mode)ov_fmt_mode_from_name(a.mode);
    }
    if (a.lopts.safe) {
        bool terminal = isatty(STDIN_FILENO) && a.step == NULL &&
                        (a.interactive_after || (a.nchunks == 0 && a.script >= argc));

        /* a script that does not answer Ctrl-C can be ended (on_sigint) */
        safe_mode = 1;
        put_up_walls(terminal, a.quiet);
    }
    /* lua's handle_luainit: before everything else, and after the walls,
     * so --safe holds for it as for the script; -E skips it */
    if (!a.lopts.noenv && !ov_run_lua_init(&s)) {
        running = NULL;
        ov_session_free(&s);
        free(a.chunks);
        return OV_EXIT_ERROR;
    }
    if (a.step != NULL) {
        int failed = ov_repl_step(&s, a.step, stdin);

        /* -i: the class goes on at the prompt, with what the lesson made */
        if (a.interactive_after && failed >= 0 && !s.quit) {
            int r = isatty(STDIN_FILENO) ? run_interactive(&s) : read_stdin(&s);

            if (r != OV_EXIT_OK && failed == 0)
                failed = 1;
        }
        running = NULL;
        ov_session_free(&s);
        free(a.chunks);
        return failed == 0 ? OV_EXIT_OK : OV_EXIT_ERROR;
    }

    status = run_all(&s, &a, argc, argv);
    running = NULL;
    ov_session_free(&s);
    free(a.chunks);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("oversight: writing output");
        status = OV_EXIT_ERROR;
    }
    return status;
}
