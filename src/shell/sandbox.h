/*
 * sandbox.h - the walls the kernel enforces under --safe, behind the Lua
 * wall (luasafe.h): a seccomp filter and a Landlock ruleset, so a script
 * that found a way out of Lua still cannot start a program, make a
 * process, trace one, open a socket or write outside the working
 * directory. Lua-free; part of libovshell.
 */
#ifndef OV_SANDBOX_H
#define OV_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

/* What ov_sandbox_apply put up. */
struct ov_sandbox {
    bool seccomp;           /* the seccomp filter is in force */
    int landlock_abi;       /* > 0: the Landlock ruleset is in force, at this ABI */
    const char *relaxed;    /* not NULL: what this build lets through, and why
                               (an ASan build: what LeakSanitizer needs) */
    char seccomp_why[160];  /* when !seccomp: why not, for the user */
    char landlock_why[160]; /* when landlock_abi == 0: why not */
};

/* Puts up both walls for the rest of the process's life (and any thread
 * it starts later); there is no way to take them down. Call it
 * single-threaded: Landlock binds the calling thread only.
 *
 * seccomp (libseccomp): execve and execveat, fork, vfork and clone of a
 * process (clone of a thread is allowed; clone3, whose flags a filter
 * cannot read, says ENOSYS so the C library falls back to clone), ptrace
 * and reading or writing another process's memory, socket and
 * socketpair, io_uring (its operations would bypass the filter), mounts,
 * namespaces, modules, bpf, keyrings, changing a file's mode, owner,
 * extended attributes or times, truncate by name, links, mknod, and the
 * TIOCSTI and TIOCLINUX ioctls (typing into the terminal) fail with EPERM.
 *
 * Landlock (where the kernel has it): writing, creating, removing,
 * renaming, linking and truncating files only beneath the directories in
 * `writable` (a NULL-terminated list; "." for the working directory);
 * executing nothing; with ABI 4 no TCP bind or connect, with ABI 6 no
 * signals to processes outside and no abstract Unix sockets. Reading is
 * allowed everywhere.
 *
 * Never fails as a whole: a wall the kernel does not offer is reported in
 * *sb and the other still stands. */
void ov_sandbox_apply(const char *const *writable, struct ov_sandbox *sb);

/* The walls in one line for the user, such as "seccomp on; landlock on
 * (ABI 7)" or "seccomp on; landlock unavailable: kernel too old". */
void ov_sandbox_describe(const struct ov_sandbox *sb, char *buf, size_t n);

#endif /* OV_SANDBOX_H */
