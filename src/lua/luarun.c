/*
 * luarun.c - the Lua state: allocator, libraries, protected calls.
 * The only file that calls lua_pcall. Modelled on lua.c (docall, msghandler,
 * incomplete); Ctrl-C is luaintr.c's, what --safe allows luasafe.c's, and
 * the bindings are opened through their one list (lbind_open.c).
 */
#include "config.h"

#include "luarun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lbind.h"
#include "luaintr.h"
#include "luamod.h"
#include "luasafe.h"
#include "ov_error.h"
#include "ov_mem.h"
#include "suggest.h"

static bool last_expression;

#define REG_OPTS "ov.luaopts"

static void *
l_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    size_t old = ptr != NULL ? osize : 0;
    void *p;

    (void)ud;
    if (nsize == 0) {
        free(ptr);
        ov_mem_uncharge(old);
        return NULL;
    }
    if (nsize > old && !ov_mem_charge(nsize - old))
        return NULL;
    p = realloc(ptr, nsize);
    if (p == NULL) {
        if (nsize > old)
            ov_mem_uncharge(nsize - old);
        return NULL;
    }
    if (nsize < old)
        ov_mem_uncharge(old - nsize);
    return p;
}

static int
l_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);

    fprintf(stderr, "oversight: unprotected Lua error: %s\n",
            msg != NULL ? msg : "(not a string)");
    return 0; /* abort */
}

static const struct ov_lua_opts *
getopts(lua_State *L)
{
    const struct ov_lua_opts *o;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_OPTS);
    o = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return o;
}

/* The global most like `want` (a misspelt "chek"), or NULL. */
static const char *
like_global(lua_State *L, const char *want)
{
    const char *names[512];
    const char *best;
    size_t n = 0;

    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushnil(L);
    while (n < sizeof names / sizeof *names && lua_next(L, -2) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING)
            names[n++] = lua_tostring(L, -1); /* anchored by the globals table */
    }
    if (n == sizeof names / sizeof *names)
        lua_pop(L, 1); /* the key lua_next left */
    best = ov_suggest(want, names, n);
    lua_pop(L, 1);
    return best;
}

/* Lua's own words for common slips, with what to write instead: a
 * misspelt global ("did you mean 'check'?"), a method called with a dot,
 * a column name without quotes, crosstab given one column. Pushes the
 * message to use. */
static const char *
with_hint(lua_State *L, const char *msg)
{
    const char *p, *q;
    char name[64];
    size_t n;

    if ((p = strstr(msg, "a nil value (global '")) != NULL &&
        (strstr(msg, "attempt to call") != NULL ||
         strstr(msg, "attempt to index") != NULL)) {
        p += strlen("a nil value (global '");
        q = strchr(p, '\'');
        n = q != NULL ? (size_t)(q - p) : 0;
        if (n > 0 && n < sizeof name) {
            const char *best;

            memcpy(name, p, n);
            name[n] = '\0';
            if ((best = like_global(L, name)) != NULL && strcmp(best, name) != 0)
                return lua_pushfstring(L, "%s; did you mean '%s'?", msg, best);
        }
    } else if ((p = strstr(msg, "bad argument #1 to '")) != NULL &&
               strstr(msg, "(ov.") != NULL && strstr(msg, " expected, got ") != NULL) {
        p += strlen("bad argument #1 to '");
        q = strchr(p, '\'');
        n = q != NULL ? (size_t)(q - p) : 0;
        if (n > 0 && n < sizeof name) {
            memcpy(name, p, n);
            name[n] = '\0';
            return lua_pushfstring(
                L, "%s: call a method with a colon, t:%s(...), not t.%s(...)", msg,
                name, name);
        }
    } else if (strstr(
                   msg,
                   "bad argument #2 to 'crosstab' (string expected, got no value)") !=
               NULL) {
        return lua_pushfstring(
            L, "%s: crosstab takes two columns, t:crosstab(\"rows\", \"columns\")",
            msg);
    } else if ((p = strstr(msg, "bad argument #")) != NULL &&
               strstr(p, "(string expected, got nil)") != NULL) {
        return lua_pushfstring(
            L,
            "%s: a column name is text in quotes, t:freq(\"outcome\"); "
            "without quotes it is a variable, here not set",
            msg);
    }
    return msg;
}

/* lua.c's msghandler: make the error a string, with a hint for common
 * slips; add a traceback if asked */
static int
msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    const struct ov_lua_opts *o;

    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    } else if (lua_type(L, 1) == LUA_TSTRING) {
        msg = with_hint(L, msg);
    }
    o = getopts(L);
    if (o != NULL && o->traceback)
        luaL_traceback(L, L, msg, 1);
    return 1;
}

int
ov_lua_docall(lua_State *L, int narg, int nres)
{
    int status;
    int base = lua_gettop(L) - narg; /* function index */
    struct ov_luaintr_call call;

    ov_luaintr_enter(&call, ov_luasafe_on(L));
    lua_pushcfunction(L, msghandler);
    lua_insert(L, base);
    status = lua_pcall(L, narg, nres, base);
    lua_remove(L, base);
    if (status == LUA_ERRMEM && ov_mem_limit() != 0 && ov_mem_limit_hit()) {
        /* Lua says only "not enough memory": name the limit. The message is
         * made with the limit lifted, since the memory may still be in use */
        size_t limit = ov_mem_limit();
        char size[32];

        ov_mem_set_limit(0);
        ov_mem_format_size(size, sizeof size, limit);
        lua_pop(L, 1);
        lua_pushfstring(L,
                        "memory limit of %s reached (raise it with --max-memory, or "
                        "free what you no longer need: t = nil)",
                        size);
        ov_mem_set_limit(limit);
    }
    ov_luaintr_leave(&call);
    return status;
}

int
ov_lua_cpcall(lua_State *L, lua_CFunction f, void *ud, int nres)
{
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, ud);
    return ov_lua_docall(L, 1, nres);
}

static void
openlibs(lua_State *L, bool safe)
{
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_LOADLIBNAME, luaopen_package},
                                    {LUA_COLIBNAME, luaopen_coroutine},
                                    {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_IOLIBNAME, luaopen_io},
                                    {LUA_OSLIBNAME, luaopen_os},
                                    {LUA_STRLIBNAME, luaopen_string},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},
                                    {LUA_DBLIBNAME, luaopen_debug},
                                    {NULL, NULL}};
    const luaL_Reg *lib;

    for (lib = libs; lib->func != NULL; lib++) {
        if (!ov_luasafe_lib_allowed(safe, lib->name))
            continue;
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
}

static int
open_all(lua_State *L)
{
    ov_lbind_open_all(L);
    return 0;
}

void
ov_lua_open_surface(lua_State *L)
{
    int surface, status;

    lua_newtable(L);
    surface = lua_gettop(L);
    lua_createtable(L, 0, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_setfield(L, -2, "__index"); /* openers read the standard library */
    lua_setmetatable(L, surface);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); /* to put back */
    lua_pushvalue(L, surface);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushcfunction(L, open_all);
    /* a failure (memory) must not leave the user's state with our table
     * as its globals: catch it, put them back, raise it again */
    status = lua_pcall(L, 0, 0, 0);
    lua_pushvalue(L, surface + 1);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    if (status != LUA_OK)
        lua_error(L);
    lua_pop(L, 1); /* the globals */
    lua_pushnil(L);
    lua_setmetatable(L, surface);
}

/* lauxlib's warning functions (warnfoff, warnfon, warnfcont), which
 * luaL_newstate sets and lua_newstate does not: without one, warn() says
 * nothing even after warn("@on") */
static void warn_off(void *ud, const char *msg, int tocont);
static void warn_on(void *ud, const char *msg, int tocont);

/* "@on" and "@off" switch warnings; true if msg was one of those */
static bool
warn_control(lua_State *L, const char *msg, int tocont)
{
    if (tocont || msg[0] != '@')
        return false;
    if (strcmp(msg + 1, "off") == 0)
        lua_setwarnf(L, warn_off, L);
    else if (strcmp(msg + 1, "on") == 0)
        lua_setwarnf(L, warn_on, L);
    return true;
}

static void
warn_off(void *ud, const char *msg, int tocont)
{
    warn_control(ud, msg, tocont);
}

/* the rest of a message warn() was given in pieces */
static void
warn_cont(void *ud, const char *msg, int tocont)
{
    fputs(msg, stderr);
    if (tocont) {
        lua_setwarnf(ud, warn_cont, ud);
    } else {
        fputc('\n', stderr);
        fflush(stderr);
        lua_setwarnf(ud, warn_on, ud);
    }
}

static void
warn_on(void *ud, const char *msg, int tocont)
{
    if (warn_control(ud, msg, tocont))
        return;
    fflush(stdout); /* the warning comes after what was printed before it */
    fputs("Lua warning: ", stderr);
    warn_cont(ud, msg, tocont);
}

/* runs inside a protected call, so a memory error cannot escape */
static int
pinit(lua_State *L)
{
    const struct ov_lua_opts *o = lua_touserdata(L, 1);
    int surface;

    if (o->noenv) {
        lua_pushboolean(L, 1); /* read by luaopen_package, as lua.c's -E */
        lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
    }
    openlibs(L, o->safe);
    if (o->safe)
        ov_luasafe_open(L);
    /* oversight's names become globals, and the same functions are the
     * module require "oversight" returns */
    ov_lua_open_surface(L);
    surface = lua_gettop(L);
    lua_pushglobaltable(L);
    lua_pushnil(L);
    while (lua_next(L, surface) != 0) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, surface + 1);
    }
    lua_pop(L, 1);
    ov_luamod_push(L, surface);
    ov_luamod_preload(L);
    lua_pop(L, 1);
    if (o->safe)
        ov_luasafe_lock_metatables(L);
    return 0;
}

lua_State *
ov_lua_new(const struct ov_lua_opts *opts)
{
    lua_State *L = lua_newstate(l_alloc, NULL);
    struct ov_lua_opts *copy;

    if (L == NULL)
        return NULL;
    lua_atpanic(L, l_panic);
    lua_setwarnf(L, warn_off, L);
    copy = lua_newuserdatauv(L, sizeof *copy, 0);
    if (opts != NULL)
        *copy = *opts;
    else
        memset(copy, 0, sizeof *copy);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_OPTS);
    lua_pushcfunction(L, pinit);
    lua_pushlightuserdata(L, copy);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        lua_close(L);
        return NULL;
    }
    ov_luaintr_install(L);
    if (copy->warn)
        lua_warning(L, "@on", 0);
    return L;
}

void
ov_lua_close(lua_State *L)
{
    if (L != NULL) {
        ov_luaintr_busy(1);
        lua_close(L);
        ov_luaintr_busy(-1);
    }
}

const char *const ov_lua_keywords[] = {
    "and",      "break",  "do",   "else", "elseif", "end",   "false", "for",
    "function", "goto",   "if",   "in",   "local",  "nil",   "not",   "or",
    "repeat",   "return", "then", "true", "until",  "while", NULL};

/* lua.c's incomplete(): a syntax error at <eof> means "keep reading";
 * except a short string still open at the end of a line, which no next
 * line can finish (unless the line ends in a backslash): that is said at
 * once, not after swallowing the next line */
static bool
incomplete(lua_State *L, int status, const char *src, size_t len)
{
    if (status == LUA_ERRSYNTAX) {
        size_t lmsg;
        const char *msg = lua_tolstring(L, -1, &lmsg);
        static const char eof[] = "<eof>", open[] = " unfinished string near <eof>";

        if (lmsg >= sizeof open - 1 &&
            strcmp(msg + lmsg - (sizeof open - 1), open) == 0 &&
            !(len > 0 && src[len - 1] == '\\'))
            return false;
        if (lmsg >= sizeof eof - 1 && strcmp(msg + lmsg - (sizeof eof - 1), eof) == 0)
            return true;
    }
    return false;
}

/* loads text prefixed with (firstline - 1) newlines so line numbers in
 * messages count from the start of the source, not of the chunk */
static int
load_at_line(lua_State *L, const char *prefix, const char *src, size_t len,
             const char *chunkname, int firstline)
{
    luaL_Buffer b;
    int i, status;

    luaL_buffinit(L, &b);
    for (i = 1; i < firstline; i++)
        luaL_addchar(&b, '\n');
    luaL_addstring(&b, prefix);
    luaL_addlstring(&b, src, len);
    luaL_pushresult(&b);
    {
        size_t n;
        const char *text = lua_tolstring(L, -1, &n);

        status = luaL_loadbufferx(L, text, n, chunkname, "t");
    }
    lua_remove(L, -2); /* the text */
    return status;
}

/* load_at_line in a protected call: building the text can run out of
 * memory (under --max-memory, a session near its limit), which outside one
 * would abort the process */
struct load_req {
    const char *prefix, *src, *chunkname;
    size_t len;
    int firstline, status;
};

static int
pload(lua_State *L)
{
    struct load_req *r = lua_touserdata(L, 1);

    r->status = load_at_line(L, r->prefix, r->src, r->len, r->chunkname, r->firstline);
    return 1;
}

static int
load_protected(lua_State *L, const char *prefix, const char *src, size_t len,
               const char *chunkname, int firstline)
{
    struct load_req r = {prefix, src, chunkname, len, firstline, LUA_OK};
    int status = ov_lua_cpcall(L, pload, &r, 1);

    return status != LUA_OK ? status : r.status;
}

enum ov_compile
ov_lua_compile(lua_State *L, const char *src, size_t len, const char *chunkname,
               int firstline, int flags)
{
    int status;
    bool expr_open = false;

    if (firstline < 1)
        firstline = 1;
    last_expression = false;
    if (len > 0 && src[0] == '=') {
        status = load_protected(L, "return ", src + 1, len - 1, chunkname, firstline);
        last_expression = status == LUA_OK;
    } else {
        if (flags & OV_COMPILE_EXPR) {
            status = load_protected(L, "return ", src, len, chunkname, firstline);
            if (status == LUA_OK) {
                last_expression = true;
                return OV_COMPILE_OK;
            }
            /* "1 +" is an expression waiting for its end, though as a
             * statement it is wrong from its first word */
            expr_open = incomplete(L, status, src, len);
            lua_pop(L, 1);
        }
        status = load_protected(L, "", src, len, chunkname, firstline);
    }
    if (status == LUA_OK)
        return OV_COMPILE_OK;
    if (!(flags & OV_COMPILE_FINAL) && (expr_open || incomplete(L, status, src, len))) {
        lua_pop(L, 1);
        return OV_COMPILE_INCOMPLETE;
    }
    return OV_COMPILE_ERROR;
}

bool
ov_lua_compiled_expression(void)
{
    return last_expression;
}

int
ov_lua_loadfile(lua_State *L, const char *path)
{
    return ov_luasafe_loadfile(L, path);
}
