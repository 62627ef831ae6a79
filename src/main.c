/*
 * main.c - oversight's command line: options, the order things run in, and
 * exit statuses. Everything else lives in the session, repl and input
 * modules of libovshell.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "input.h"
#include "luarun.h"
#include "repl.h"
#include "session.h"

static const char usage_text[] =
    "Usage: oversight [OPTION]... [SCRIPT [ARG]...]\n"
    "An interactive shell for police accountability statistics: load complaint\n"
    "and misconduct data, count, tabulate and check published percentages in Lua.\n"
    "\n"
    "  -e CHUNK       run the Lua CHUNK (repeatable; runs before SCRIPT)\n"
    "  -i             enter the interactive shell after SCRIPT or -e\n"
    "  -q             do not print the banner\n"
    "      --bail     stop at the first error\n"
    "  -h, --help     show this help and exit\n"
    "  -v, --version  show the version and exit\n"
    "\n"
    "With no SCRIPT and no -e, oversight reads standard input: as an interactive\n"
    "shell when it is a terminal, otherwise as a script. SCRIPT's arguments are in\n"
    "the global table `arg` (arg[0] is SCRIPT) and in `...`.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  a script, chunk or statement failed\n"
    "  2  bad command-line options\n";

static void
on_sigint(int sig)
{
    (void)sig;
    ov_lua_request_interrupt();
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

static void
banner(void)
{
    printf("oversight %s (%s) - police accountability statistics\n"
           "Type .help for commands, Ctrl-D to leave.\n",
           PACKAGE_VERSION, LUA_RELEASE);
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
    s->interactive = true;
    s->ui.interactive = true;
    if (!s->quiet)
        banner();
    ov_repl_run(s, in);
    ov_input_close(in);
    return OV_EXIT_OK;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"bail", no_argument, NULL, 'B'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    struct ov_session s;
    struct ov_lua_opts lopts = {0};
    const char **chunks = NULL;
    int nchunks = 0, opt, status = OV_EXIT_OK;
    bool interactive_after = false, quiet = false, bail = false;
    int script;

    chunks = calloc((size_t)argc, sizeof *chunks);
    if (chunks == NULL) {
        fputs("oversight: out of memory\n", stderr);
        return OV_EXIT_ERROR;
    }
    opterr = 0;
    /* '+': options end at the script name; the rest are its arguments */
    while ((opt = getopt_long(argc, argv, "+e:iqhv", longopts, NULL)) != -1) {
        switch (opt) {
        case 'e':
            chunks[nchunks++] = optarg;
            break;
        case 'i':
            interactive_after = true;
            break;
        case 'q':
            quiet = true;
            break;
        case 'B':
            bail = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            free(chunks);
            return OV_EXIT_OK;
        case 'v':
            printf("oversight %s\n%s\n", PACKAGE_VERSION, LUA_RELEASE);
            free(chunks);
            return OV_EXIT_OK;
        default:
            if (optopt == 'e')
                fputs("oversight: option -e needs a Lua chunk\n", stderr);
            else if (optopt != 0)
                fprintf(stderr, "oversight: unknown option -%c\n", optopt);
            else
                fprintf(stderr, "oversight: unknown option %s\n", argv[optind - 1]);
            fputs("Try 'oversight --help' for more information.\n", stderr);
            free(chunks);
            return OV_EXIT_USAGE;
        }
    }
    script = optind;

    install_signals();
    if (!ov_session_init(&s, &lopts)) {
        free(chunks);
        return OV_EXIT_ERROR;
    }
    s.quiet = quiet;
    s.bail = bail;
    create_arg_table(s.L, argv, argc, script);

    for (int i = 0; i < nchunks && status == OV_EXIT_OK; i++)
        if (!ov_run_string(&s, chunks[i], "=(command line)"))
            status = OV_EXIT_ERROR;
    if (status == OV_EXIT_OK && script < argc) {
        const char *path = strcmp(argv[script], "-") == 0 ? NULL : argv[script];

        if (!ov_run_file(&s, path, argv + script + 1, argc - script - 1))
            status = OV_EXIT_ERROR;
    }
    if (!s.quit && (status == OV_EXIT_OK || interactive_after)) {
        bool nothing_else = nchunks == 0 && script >= argc;

        if (interactive_after || nothing_else) {
            if (isatty(STDIN_FILENO)) {
                int r = run_interactive(&s);

                if (r != OV_EXIT_OK)
                    status = r;
            } else if (interactive_after) {
                ov_input *in = ov_input_open_file(stdin, "stdin");

                if (in == NULL || ov_repl_run(&s, in) > 0)
                    status = OV_EXIT_ERROR;
                ov_input_close(in);
            } else if (!ov_run_file(&s, NULL, NULL, 0)) {
                status = OV_EXIT_ERROR;
            }
        }
    }
    ov_session_free(&s);
    free(chunks);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("oversight: writing output");
        status = OV_EXIT_ERROR;
    }
    return status;
}
