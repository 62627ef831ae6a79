/*
 * luaintr.h - Ctrl-C for Lua code: the count hook, the flags the signal
 * handler sets, the bracket around each protected call. Ctrl-C is a status
 * (ov_interrupted()), never read back from a message.
 * Lua layer: the engine and Lua only, so every binding may call it.
 */
#ifndef OV_LUAINTR_H
#define OV_LUAINTR_H

#include <stdbool.h>

#include <lua.h>

/* Async-signal-safe: makes the running chunk raise "interrupted" at its
 * next instruction count check and makes engine loops return OV_EINTR. */
void ov_lua_request_interrupt(void);

/* Forgets a pending interrupt of Lua code (the engine flag is left alone);
 * under --safe it stays until the statement ends, so nothing is done. */
void ov_lua_clear_interrupt(void);

/* Raises the Ctrl-C error, "interrupted" with no position (a position
 * would point at nothing useful). Does not return. */
int ov_lua_raise_interrupt(lua_State *L);

/* How long a statement may go on after Ctrl-C before it counts as not
 * answering (the count hook and engine loops answer within milliseconds;
 * a C call such as a pathological string.find never does). */
#define OV_LUA_UNANSWERED_MS 2000

/* Async-signal-safe: true while Lua code or finalizers are running and an
 * interrupt asked for OV_LUA_UNANSWERED_MS or more ago has not ended the
 * statement. --safe ends the process when Ctrl-C comes again then. */
bool ov_lua_interrupt_unanswered(void);

/* True if the last protected call ended while Ctrl-C was pending. */
bool ov_lua_last_call_interrupted(void);

/* Installs the count hook that watches for Ctrl-C in L. */
void ov_luaintr_install(lua_State *L);

/* The bracket around one protected call (luarun.c): enter clears what an
 * earlier Ctrl-C left when no statement is running, and makes a pending
 * interrupt sticky under --safe (raised at every count until the
 * statement ends); leave records whether the call was interrupted and
 * restores what enter changed. `busy` alone brackets Lua code run with no
 * call (lua_close's finalizers). */
struct ov_luaintr_call {
    bool outer;
    bool was_sticky;
};
void ov_luaintr_enter(struct ov_luaintr_call *c, bool safe);
void ov_luaintr_leave(struct ov_luaintr_call *c);
void ov_luaintr_busy(int delta);

#endif /* OV_LUAINTR_H */
