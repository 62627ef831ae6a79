/*
 * sandbox.c - the kernel's walls for --safe (sandbox.h): a seccomp filter
 * built with libseccomp, and a Landlock ruleset through its raw system
 * calls (the C library has no wrappers). The filter is a deny list: the
 * shell itself, readline, the loader's threads and the sanitizers must go
 * on working, and what they need is allowed. Lua-free, no printing.
 */
#include "config.h"

#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <seccomp.h>

#ifdef HAVE_LINUX_LANDLOCK_H
#include <linux/landlock.h>
#endif
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

/* An ASan build's LeakSanitizer stops the world at exit from a task it
 * clones with CLONE_VM (not a thread) and reads the threads with ptrace:
 * such a build allows both. The product is built without ASan. */
#if defined(__SANITIZE_ADDRESS__)
#define LEAK_CHECKER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEAK_CHECKER 1
#endif
#endif

/* ---- seccomp ---- */

/* each fails with EPERM; names this libseccomp does not know are skipped
 * (a system call it cannot name, the kernel does not have either). Kept
 * by hand in groups, one reason to a group. */
/* clang-format off */
static const char *const denied[] = {
    /* programs and processes */
    "execve", "execveat", "fork", "vfork",
    /* other processes' insides */
#ifndef LEAK_CHECKER
    "ptrace",
#endif
    "process_vm_readv", "process_vm_writev", "pidfd_getfd",
    /* the network, and local sockets to other programs */
    "socket", "socketpair",
    /* io_uring runs opens, sockets and more where seccomp does not look */
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    /* ways round Landlock: namespaces, mounts, handles, the kernel itself */
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree",
    "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "open_by_handle_at", "bpf", "perf_event_open", "userfaultfd", "init_module",
    "finit_module", "delete_module", "kexec_load", "kexec_file_load", "keyctl", "add_key",
    "request_key", "iopl", "ioperm",
    /* what Landlock does not cover: a file's mode, owner, attributes and
     * times, and truncating by name (before ABI 3) */
    "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
    "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
    "utime", "utimes", "utimensat", "futimesat", "truncate",
    /* links and special files: nothing in the shell makes them */
    "link", "linkat", "symlink", "symlinkat", "mknod", "mknodat",
};
/* clang-format on */

/* newer than libseccomp 2.5 knows by name; since Linux 5.1 a new system
 * call has the same number on every architecture but alpha */
static const struct {
    const char *name;
    int nr;
} denied_by_number[] = {
    {"fchmodat2", 452},
    {"setxattrat", 463},
    {"removexattrat", 466},
};

static bool
apply_seccomp(struct ov_sandbox *sb)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    const char *step = "seccomp_init";
    int rc = -ENOMEM;
    size_t i;
#ifdef LEAK_CHECKER
    const scmp_datum_t process = CLONE_THREAD | CLONE_VM;
#else
    const scmp_datum_t process = CLONE_THREAD;
#endif

    if (ctx == NULL)
        goto fail;
    /* a system call of another architecture (int 0x80 on x86-64) would
     * dodge the numbers below: it ends the process */
    step = "seccomp_attr_set";
    rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc != 0)
        goto fail;
    step = "seccomp_rule_add";
    for (i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        int nr = seccomp_syscall_resolve_name(denied[i]);

        if (nr == __NR_SCMP_ERROR)
            continue;
        if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0)) != 0)
            goto fail;
    }
#if !defined(__alpha__)
    for (i = 0; i < sizeof denied_by_number / sizeof denied_by_number[0]; i++) {
        if (seccomp_syscall_resolve_name(denied_by_number[i].name) != __NR_SCMP_ERROR)
            continue; /* known by name, so denied above */
        if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), denied_by_number[i].nr,
                                   0)) != 0)
            goto fail;
    }
#endif
    /* clone: a thread (CLONE_THREAD) may be made, a process not. The
     * flags are the first argument on every architecture but s390 */
#if defined(__s390__) || defined(__s390x__)
#define CLONE_FLAGS SCMP_A1
#else
#define CLONE_FLAGS SCMP_A0
#endif
    if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                               CLONE_FLAGS(SCMP_CMP_MASKED_EQ, process, 0))) != 0)
        goto fail;
    /* clone3 passes its flags in memory a filter cannot read: ENOSYS makes
     * glibc's pthread_create fall back to clone, checked above */
    if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0)) != 0)
        goto fail;
    /* typing into the terminal, to run once oversight has exited. The
     * kernel reads the request as 32 bits: compare only those */
    rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                          SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCLINUX));
    if (rc != 0)
        goto fail;
    step = "seccomp_load";
    if ((rc = seccomp_load(ctx)) != 0)
        goto fail;
    seccomp_release(ctx);
    return true;

fail:
    snprintf(sb->seccomp_why, sizeof sb->seccomp_why, "%s: %s", step, strerror(-rc));
    seccomp_release(ctx);
    return false;
}

/* ---- Landlock ---- */

#if defined(HAVE_LINUX_LANDLOCK_H) && defined(SYS_landlock_create_ruleset)

/* rights newer than the oldest header we build with (Linux 6.1's) */
#define FS_TRUNCATE (1ULL << 14)  /* ABI 3 */
#define FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#define NET_BIND_TCP (1ULL << 0)  /* ABI 4 */
#define NET_CONNECT_TCP (1ULL << 1)
#define SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define SCOPE_SIGNAL (1ULL << 1)

/* struct landlock_ruleset_attr as of ABI 6; the kernel takes a prefix */
struct ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

static int
apply_landlock(const char *const *writable, struct ov_sandbox *sb)
{
    struct ruleset_attr attr;
    struct landlock_path_beneath_attr beneath;
    size_t size = sizeof attr.handled_access_fs;
    uint64_t write;
    int abi, ruleset;

    abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
                       LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0) {
        snprintf(sb->landlock_why, sizeof sb->landlock_why, "%s",
                 errno == ENOSYS ? "kernel too old (Linux 5.13 or later has it)"
                 : errno == EOPNOTSUPP
                     ? "turned off in this kernel (boot with lsm=...,landlock)"
                     : strerror(errno));
        return 0;
    }
    write = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
            LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
            LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
            LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
            LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
    if (abi >= 2)
        write |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        write |= FS_TRUNCATE;
    if (abi >= 5)
        write |= FS_IOCTL_DEV;
    memset(&attr, 0, sizeof attr);
    /* reading is not handled, so allowed everywhere; executing is handled
     * and granted nowhere */
    attr.handled_access_fs = write | LANDLOCK_ACCESS_FS_EXECUTE;
    if (abi >= 4) {
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP;
        size = 2 * sizeof(uint64_t);
    }
    if (abi >= 6) {
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL;
        size = sizeof attr;
    }
    ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) {
        snprintf(sb->landlock_why, sizeof sb->landlock_why, "creating the ruleset: %s",
                 strerror(errno));
        return 0;
    }
    for (; *writable != NULL; writable++) {
        int fd = open(*writable, O_PATH | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
            continue; /* a folder that is not there cannot be written */
        memset(&beneath, 0, sizeof beneath);
        beneath.allowed_access = write;
        beneath.parent_fd = fd;
        if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
                    &beneath, 0) != 0) {
            snprintf(sb->landlock_why, sizeof sb->landlock_why, "adding %s: %s",
                     *writable, strerror(errno));
            close(fd);
            close(ruleset);
            return 0;
        }
        close(fd);
    }
    if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
        snprintf(sb->landlock_why, sizeof sb->landlock_why, "restricting: %s",
                 strerror(errno));
        close(ruleset);
        return 0;
    }
    close(ruleset);
    return abi;
}

#else

static int
apply_landlock(const char *const *writable, struct ov_sandbox *sb)
{
    (void)writable;
    snprintf(sb->landlock_why, sizeof sb->landlock_why,
             "built without <linux/landlock.h>");
    return 0;
}

#endif

void
ov_sandbox_apply(const char *const *writable, struct ov_sandbox *sb)
{
    memset(sb, 0, sizeof *sb);
#ifdef HAVE_VALGRIND_VALGRIND_H
    /* valgrind does not know these system calls: it would print a warning
     * for each and fail them, so the walls are left down and the line at
     * start-up says why (only the test suite runs oversight so) */
    if (RUNNING_ON_VALGRIND) {
        snprintf(sb->seccomp_why, sizeof sb->seccomp_why, "not under valgrind");
        snprintf(sb->landlock_why, sizeof sb->landlock_why, "not under valgrind");
        return;
    }
#endif
#ifdef LEAK_CHECKER
    sb->relaxed = "ptrace and clone(CLONE_VM) allowed for LeakSanitizer";
#endif
    /* both walls need it, and it is right anyway: nothing run from here
     * on may gain privileges (set-user-ID programs, file capabilities) */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(sb->seccomp_why, sizeof sb->seccomp_why, "no_new_privs: %s",
                 strerror(errno));
        snprintf(sb->landlock_why, sizeof sb->landlock_why, "no_new_privs: %s",
                 strerror(errno));
        return;
    }
    sb->landlock_abi = apply_landlock(writable, sb);
    sb->seccomp = apply_seccomp(sb);
}

void
ov_sandbox_describe(const struct ov_sandbox *sb, char *buf, size_t n)
{
    char seccomp[256], landlock[192];

    if (sb->seccomp && sb->relaxed != NULL)
        snprintf(seccomp, sizeof seccomp, "seccomp on (%s)", sb->relaxed);
    else if (sb->seccomp)
        snprintf(seccomp, sizeof seccomp, "seccomp on");
    else
        snprintf(seccomp, sizeof seccomp, "seccomp unavailable: %s", sb->seccomp_why);
    if (sb->landlock_abi > 0)
        snprintf(landlock, sizeof landlock, "landlock on (ABI %d)", sb->landlock_abi);
    else
        snprintf(landlock, sizeof landlock, "landlock unavailable: %s",
                 sb->landlock_why);
    snprintf(buf, n, "%s; %s", seccomp, landlock);
}
