/*
 * luaintr.c - Ctrl-C for Lua code: a count hook that is always installed,
 * so the signal handler only sets flags and coroutines (which inherit the
 * hook) are interruptible too. Knows the engine's interrupt flag and Lua;
 * nothing of the bindings or of luarun.c.
 */
#include "config.h"

#include "luaintr.h"

#include <stdatomic.h>

#include "clock.h"
#include "ov_error.h"

/* instructions between two looks at the interrupt flag: cheap, and well
 * under a millisecond of Lua code */
#define HOOK_COUNT 1000

static atomic_int pending;
/* the state running is --safe: a pending interrupt is raised at every
 * count until the statement has ended, so a script that catches it with
 * pcall and carries on is stopped all the same */
static atomic_bool sticky;
/* depth of ov_lua_docall and ov_lua_close: Lua code may be running */
static atomic_int busy;
/* when the pending interrupt was asked for (CLOCK_MONOTONIC, ms) */
static atomic_llong pending_since;
static bool last_interrupted;

int
ov_lua_raise_interrupt(lua_State *L)
{
    /* no position: "stdin:1: interrupted" would point at nothing useful */
    lua_pushliteral(L, "interrupted");
    return lua_error(L);
}

/* async-signal-safe (ov_clock_ms is) */
static long long
now_ms(void)
{
    return ov_clock_ms();
}

/* count hook: raises "interrupted" once per Ctrl-C; under --safe, until
 * the statement ends */
static void
interrupt_hook(lua_State *L, lua_Debug *ar)
{
    int was_pending;

    (void)ar;
    if (atomic_load_explicit(&sticky, memory_order_relaxed))
        was_pending = atomic_load_explicit(&pending, memory_order_relaxed);
    else
        was_pending = atomic_exchange_explicit(&pending, 0, memory_order_relaxed);
    if (was_pending)
        ov_lua_raise_interrupt(L);
}

void
ov_lua_request_interrupt(void)
{
    if (atomic_exchange_explicit(&pending, 1, memory_order_relaxed) == 0)
        atomic_store_explicit(&pending_since, now_ms(), memory_order_relaxed);
    ov_interrupt_request();
}

bool
ov_lua_interrupt_unanswered(void)
{
    return atomic_load_explicit(&busy, memory_order_relaxed) > 0 &&
           atomic_load_explicit(&pending, memory_order_relaxed) &&
           now_ms() - atomic_load_explicit(&pending_since, memory_order_relaxed) >=
               OV_LUA_UNANSWERED_MS;
}

bool
ov_lua_last_call_interrupted(void)
{
    return last_interrupted;
}

static void
clear_pending(void)
{
    atomic_store_explicit(&pending, 0, memory_order_relaxed);
}

void
ov_lua_clear_interrupt(void)
{
    if (!atomic_load_explicit(&sticky, memory_order_relaxed))
        clear_pending();
}

void
ov_luaintr_install(lua_State *L)
{
    lua_sethook(L, interrupt_hook, LUA_MASKCOUNT, HOOK_COUNT);
}

void
ov_luaintr_enter(struct ov_luaintr_call *c, bool safe)
{
    c->outer = atomic_load_explicit(&busy, memory_order_relaxed) == 0;
    c->was_sticky = atomic_load_explicit(&sticky, memory_order_relaxed);
    /* only the outermost call starts afresh: a call made while a statement
     * runs must not swallow the Ctrl-C meant for that statement */
    if (c->outer) {
        clear_pending();
        ov_interrupt_clear();
    }
    atomic_store_explicit(&sticky, safe, memory_order_relaxed);
    atomic_fetch_add_explicit(&busy, 1, memory_order_relaxed);
}

void
ov_luaintr_leave(struct ov_luaintr_call *c)
{
    atomic_fetch_sub_explicit(&busy, 1, memory_order_relaxed);
    last_interrupted = ov_interrupted() != 0;
    atomic_store_explicit(&sticky, c->was_sticky, memory_order_relaxed);
    /* an interrupt that arrived as the chunk ended must not hit the next */
    if (c->outer) {
        clear_pending();
        ov_interrupt_clear();
    }
}

void
ov_luaintr_busy(int delta)
{
    atomic_fetch_add_explicit(&busy, delta, memory_order_relaxed);
}
