/*
 * check_sandbox.c - the kernel's walls for --safe (sandbox.h), tried from
 * C with no Lua wall in the way, as a script that broke out of Lua would:
 * exec, fork, sockets, ptrace, io_uring, typing into the terminal, and
 * writing, deleting, renaming, linking or chmod-ing outside the working
 * directory must all fail; threads, reading anywhere and writing inside
 * must still work. Its own runner: each test runs in a child that Check
 * forks, puts the walls up there, and dies with them.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

extern char **environ;

static char inside[256];  /* the working directory while a test runs */
static char outside[256]; /* a folder beside it, with a file in it */
static char outfile[300];
static struct ov_sandbox walls;

/* before all tests, in the runner (not sandboxed) */
static void
make_dirs(void)
{
    FILE *f;

    snprintf(inside, sizeof inside, "/tmp/ov-check-sandbox-in.XXXXXX");
    snprintf(outside, sizeof outside, "/tmp/ov-check-sandbox-out.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(inside));
    ck_assert_ptr_nonnull(mkdtemp(outside));
    snprintf(outfile, sizeof outfile, "%s/existing", outside);
    f = fopen(outfile, "w");
    ck_assert_ptr_nonnull(f);
    fputs("outside\n", f);
    fclose(f);
}

static void
remove_dirs(void)
{
    char cmd[600];

    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", inside, outside);
    ck_assert_int_eq(system(cmd), 0);
}

/* in each test's child: into the folder, walls up */
static void
walls_up(void)
{
    const char *writable[] = {".", NULL};
    char line[512];

    ck_assert_int_eq(chdir(inside), 0);
    ov_sandbox_apply(writable, &walls);
    ov_sandbox_describe(&walls, line, sizeof line);
    ck_assert_msg(walls.seccomp, "seccomp did not go up: %s", line);
}

static bool
landlock_offered(void)
{
#ifdef SYS_landlock_create_ruleset
    return syscall(SYS_landlock_create_ruleset, NULL, 0, 1U) > 0;
#else
    return false;
#endif
}

/* call returns -1 with errno e */
#define ck_assert_fails(call, e)                                                       \
    do {                                                                               \
        errno = 0;                                                                     \
        ck_assert_msg((call) == -1 && errno == (e),                                    \
                      "%s: expected %s, got errno %d (%s)", #call, #e, errno,          \
                      strerror(errno));                                                \
    } while (0)

START_TEST(test_walls_report)
{
    char line[512];

    walls_up();
    ov_sandbox_describe(&walls, line, sizeof line);
    ck_assert_msg(strncmp(line, "seccomp on", 10) == 0, "%s", line);
    /* where the kernel has Landlock, it must be up */
    if (landlock_offered())
        ck_assert_msg(walls.landlock_abi > 0, "landlock offered but not up: %s", line);
}
END_TEST

START_TEST(test_no_exec)
{
    /* /bin/false: an exec that got through would end the test with status
     * 1, which Check reports (an exit with 0 would count as a pass) */
    char *argv[] = {(char *)"false", NULL};
    int fd = open("/bin/false", O_RDONLY | O_CLOEXEC);

    ck_assert_int_ge(fd, 0);
    walls_up();
    ck_assert_fails(execve("/bin/false", argv, environ), EPERM);
    ck_assert_fails(fexecve(fd, argv, environ), EPERM);
    ck_assert_fails(syscall(SYS_execveat, AT_FDCWD, "/bin/false", argv, environ, 0),
                    EPERM);
}
END_TEST

START_TEST(test_no_process)
{
    char *argv[] = {(char *)"true", NULL};
    pid_t pid;

    walls_up();
    ck_assert_fails(fork(), EPERM);
    ck_assert_fails(syscall(SYS_fork), EPERM);
    ck_assert_fails(syscall(SYS_vfork), EPERM);
    /* a process clone without CLONE_VM: what fork is */
    ck_assert_fails(syscall(SYS_clone, (long)SIGCHLD, NULL, NULL, NULL, NULL), EPERM);
    /* clone3's flags cannot be read by a filter: refused whatever they are */
    ck_assert_fails(syscall(SYS_clone3, NULL, (size_t)0), ENOSYS);
    /* posix_spawn and system (clone with CLONE_VM | CLONE_VFORK, then exec) */
    ck_assert_int_ne(posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ), 0);
    ck_assert_int_ne(system("true"), 0);
}
END_TEST

static void *
thread_body(void *arg)
{
    (void)arg;
    /* a thread is behind the same walls */
    return (void *)(long)(fork() == -1 && errno == EPERM);
}

START_TEST(test_threads_work)
{
    pthread_t th;
    void *res = NULL;

    walls_up();
    ck_assert_int_eq(pthread_create(&th, NULL, thread_body, NULL), 0);
    ck_assert_int_eq(pthread_join(th, &res), 0);
    ck_assert_msg(res == (void *)1L, "fork in a thread was not refused");
}
END_TEST

START_TEST(test_no_ptrace)
{
    char buf[8];
    struct iovec local = {buf, sizeof buf}, remote = {buf, sizeof buf};

    walls_up();
    /* reading another process's memory is refused in every build */
    ck_assert_fails(process_vm_readv(getppid(), &local, 1, &remote, 1, 0), EPERM);
    ck_assert_fails(process_vm_writev(getppid(), &local, 1, &remote, 1, 0), EPERM);
    if (walls.relaxed != NULL) {
        /* an ASan build lets LeakSanitizer trace: said in the report */
        ck_assert_ptr_nonnull(strstr(walls.relaxed, "ptrace"));
        return;
    }
    ck_assert_fails(ptrace(PTRACE_TRACEME, 0, NULL, NULL), EPERM);
    ck_assert_fails(ptrace(PTRACE_ATTACH, getppid(), NULL, NULL), EPERM);
}
END_TEST

START_TEST(test_no_sockets)
{
    int sv[2];

    walls_up();
    ck_assert_fails(socket(AF_INET, SOCK_STREAM, 0), EPERM);
    ck_assert_fails(socket(AF_INET6, SOCK_DGRAM, 0), EPERM);
    ck_assert_fails(socket(AF_UNIX, SOCK_STREAM, 0), EPERM);
    ck_assert_fails(socket(AF_NETLINK, SOCK_RAW, 0), EPERM);
    ck_assert_fails(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), EPERM);
}
END_TEST

START_TEST(test_no_io_uring_or_escapes)
{
    char params[120];

    memset(params, 0, sizeof params);
    walls_up();
    ck_assert_fails(syscall(SYS_io_uring_setup, 4, params), EPERM);
    ck_assert_fails(unshare(CLONE_NEWUSER), EPERM);
    ck_assert_fails(syscall(SYS_bpf, 0, NULL, 0), EPERM);
    ck_assert_fails(chroot("/"), EPERM);
}
END_TEST

START_TEST(test_no_typing_into_the_terminal)
{
    char c = 'x';

    walls_up();
    /* refused before the kernel looks at the descriptor; the high bits
     * the kernel ignores do not get round the filter */
    ck_assert_fails(ioctl(0, TIOCSTI, &c), EPERM);
    ck_assert_fails(syscall(SYS_ioctl, 0, (unsigned long)TIOCSTI | (1UL << 32), &c),
                    EPERM);
    ck_assert_fails(ioctl(0, TIOCLINUX, &c), EPERM);
}
END_TEST

START_TEST(test_no_write_outside)
{
    char path[400], path2[400];
    int fd;

    walls_up();
    if (walls.landlock_abi == 0) {
        fprintf(stderr,
                "check_sandbox: Landlock unavailable (%s): writes outside not tested\n",
                walls.landlock_why);
        return;
    }
    snprintf(path, sizeof path, "%s/new", outside);
    ck_assert_fails(open(path, O_WRONLY | O_CREAT, 0644), EACCES);
    ck_assert_fails(open(outfile, O_WRONLY), EACCES);
    ck_assert_fails(open(outfile, O_RDWR | O_APPEND), EACCES);
    ck_assert_fails(open("/tmp/ov-check-sandbox-escape", O_WRONLY | O_CREAT, 0644),
                    EACCES);
    ck_assert_fails(mkdir(path, 0755), EACCES);
    ck_assert_fails(unlink(outfile), EACCES);
    snprintf(path2, sizeof path2, "%s/renamed", outside);
    ck_assert_fails(rename(outfile, path2), EACCES);
    ck_assert_fails(rename(outfile, "stolen"), EACCES);
    /* through the working directory's parent, and /proc's links */
    snprintf(path, sizeof path, "../%s/new", strrchr(outside, '/') + 1);
    ck_assert_fails(open(path, O_WRONLY | O_CREAT, 0644), EACCES);
    ck_assert_fails(open("/proc/self/cwd/../escape", O_WRONLY | O_CREAT, 0644), EACCES);
    /* a link planted inside does not help: the kernel follows it and checks
     * where it lands (the link itself is made before the walls go up) */
    fd = open(outfile, O_RDONLY);
    ck_assert_int_ge(fd, 0); /* reading is allowed everywhere */
    close(fd);
}
END_TEST

START_TEST(test_planted_link_does_not_help)
{
    char target[400];

    snprintf(target, sizeof target, "%s/via-link", outside);
    ck_assert_int_eq(chdir(inside), 0);
    unlink("planted");
    ck_assert_int_eq(symlink(target, "planted"), 0);
    walls_up();
    if (walls.landlock_abi == 0)
        return;
    ck_assert_fails(open("planted", O_WRONLY | O_CREAT, 0644), EACCES);
    ck_assert_int_ne(access(target, F_OK), 0);
}
END_TEST

START_TEST(test_no_metadata_or_links)
{
    int fd;

    walls_up();
    /* what Landlock does not cover, seccomp does, inside and out */
    ck_assert_fails(chmod(outfile, 0777), EPERM);
    ck_assert_fails(fchmodat(AT_FDCWD, outfile, 0777, 0), EPERM);
    ck_assert_fails(chown(outfile, 0, 0), EPERM);
    ck_assert_fails(truncate(outfile, 0), EPERM);
    ck_assert_fails(utimensat(AT_FDCWD, outfile, NULL, 0), EPERM);
    fd = open(outfile, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_fails(fchmod(fd, 0777), EPERM);
    close(fd);
    ck_assert_fails(link(outfile, "hard"), EPERM);
    ck_assert_fails(symlink(outfile, "soft"), EPERM);
    ck_assert_fails(mknod("node", S_IFIFO | 0600, 0), EPERM);
}
END_TEST

START_TEST(test_inside_works)
{
    int fd;

    walls_up();
    fd = open("inside.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "ok\n", 3), 3);
    ck_assert_int_eq(ftruncate(fd, 1), 0);
    close(fd);
    ck_assert_int_eq(mkdir("sub", 0755), 0);
    ck_assert_int_eq(rename("inside.txt", "sub/moved.txt"), 0);
    ck_assert_int_eq(unlink("sub/moved.txt"), 0);
    ck_assert_int_eq(rmdir("sub"), 0);
}
END_TEST

START_TEST(test_no_signals_outside)
{
    walls_up();
    if (walls.landlock_abi < 6)
        return; /* scoping signals came with Landlock ABI 6 */
    /* the runner is outside the sandbox's domain */
    ck_assert_fails(kill(getppid(), 0), EPERM);
    ck_assert_int_eq(kill(getpid(), 0), 0);
}
END_TEST

static Suite *
make_sandbox_suite(void)
{
    Suite *s = suite_create("sandbox");
    TCase *tc = tcase_create("walls");

    tcase_add_unchecked_fixture(tc, make_dirs, remove_dirs);
    tcase_add_test(tc, test_walls_report);
    tcase_add_test(tc, test_no_exec);
    tcase_add_test(tc, test_no_process);
    tcase_add_test(tc, test_threads_work);
    tcase_add_test(tc, test_no_ptrace);
    tcase_add_test(tc, test_no_sockets);
    tcase_add_test(tc, test_no_io_uring_or_escapes);
    tcase_add_test(tc, test_no_typing_into_the_terminal);
    tcase_add_test(tc, test_no_write_outside);
    tcase_add_test(tc, test_planted_link_does_not_help);
    tcase_add_test(tc, test_no_metadata_or_links);
    tcase_add_test(tc, test_inside_works);
    tcase_add_test(tc, test_no_signals_outside);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(make_sandbox_suite());
    int failed;

    /* the walls stay up for the process's life: each test needs a child */
    if (srunner_fork_status(sr) == CK_NOFORK) {
        fputs("check_sandbox: needs Check's fork mode (CK_FORK=no is set); skipped\n",
              stderr);
        srunner_free(sr);
        return 77;
    }
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
