/*
 * check_safepath.c - where --safe may write (safepath.h): a table of paths
 * in a folder planted with links, each with the status it must get and,
 * when allowed, the folder and name it resolves to; then the opening
 * rules (regular files only, no other hard links, O_TRUNC after the
 * check) and the temporary-file writer beneath a resolved folder.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safepath.h"
#include "suites.h"
#include "testdir.h"

static char oldcwd[4096];
static char outside[4096];

static void
touch(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static char *
slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* work/ is the working directory; out/ is beside it, outside */
static void
setup(void)
{
    char path[4200];

    ck_assert_ptr_nonnull(getcwd(oldcwd, sizeof oldcwd));
    ov_testdir_make("safepath");
    snprintf(outside, sizeof outside, "%s/out", ov_testdir);
    ck_assert_int_eq(mkdir(outside, 0755), 0);
    ck_assert_int_eq(mkdir(ov_testdir_path("work"), 0755), 0);
    ck_assert_int_eq(chdir(ov_testdir_path("work")), 0);
    ck_assert_int_eq(mkdir("dir", 0755), 0);
    ck_assert_int_eq(mkdir("dir/deep", 0755), 0);
    touch("file.txt", "inside\n");
    snprintf(path, sizeof path, "%s/secret", outside);
    touch(path, "outside\n");
    ck_assert_int_eq(link(path, "hard.txt"), 0);
    snprintf(path, sizeof path, "%s/new", outside);
    ck_assert_int_eq(symlink(path, "dangling_abs"), 0);
    ck_assert_int_eq(symlink("../out/new", "dangling_rel"), 0);
    ck_assert_int_eq(symlink(outside, "outdir"), 0);
    ck_assert_int_eq(symlink("dir", "indir"), 0);
    ck_assert_int_eq(symlink("dir/deep/../f.txt", "inlink"), 0);
    ck_assert_int_eq(symlink("loop2", "loop1"), 0);
    ck_assert_int_eq(symlink("loop1", "loop2"), 0);
    ck_assert_int_eq(symlink("indir/../../out/x", "sneaky"), 0);
    snprintf(path, sizeof path, "%s/work/dir/abs_in.txt", ov_testdir);
    ck_assert_int_eq(symlink(path, "abs_inside"), 0);
    ck_assert_int_eq(mkfifo("fifo", 0600), 0);
}

static void
teardown(void)
{
    ck_assert_int_eq(chdir(oldcwd), 0);
    ov_testdir_remove();
}

static const struct {
    const char *path;
    ov_status status;
    const char *dir;  /* for OV_OK: the folder it lands in, from work/ */
    const char *name; /* and the name there */
    const char *msg;  /* for a refusal: part of the message */
} cases[] = {
    {"new.txt", OV_OK, ".", "new.txt", NULL},
    {"file.txt", OV_OK, ".", "file.txt", NULL},
    {"./dir//deep/./x", OV_OK, "dir/deep", "x", NULL},
    {"dir/deep/../../y", OV_OK, ".", "y", NULL},
    {"indir/z", OV_OK, "dir", "z", NULL},
    {"inlink", OV_OK, "dir", "f.txt", NULL},
    {"abs_inside", OV_OK, "dir", "abs_in.txt", NULL},
    {"hard.txt", OV_OK, ".", "hard.txt", NULL}, /* resolving; opening refuses */
    {"../x", OV_EINVAL, NULL, NULL, "it is outside the working directory"},
    {"dir/../../x", OV_EINVAL, NULL, NULL, "it is outside the working directory"},
    {"indir/../../x", OV_EINVAL, NULL, NULL, "it is outside the working directory"},
    {"dangling_abs", OV_EINVAL, NULL, NULL, "the link dangling_abs -> "},
    {"dangling_rel", OV_EINVAL, NULL, NULL,
     "the link dangling_rel -> ../out/new leads"},
    {"outdir/x", OV_EINVAL, NULL, NULL, "the link outdir -> "},
    {"sneaky", OV_EINVAL, NULL, NULL, "the link sneaky -> indir/../../out/x leads"},
    {"/etc/passwd", OV_EINVAL, NULL, NULL, "it is outside the working directory"},
    {"/proc/self/cwd/x", OV_EINVAL, NULL, NULL, "it is outside"},
    {"/proc/self/fd/1", OV_EINVAL, NULL, NULL, "it is outside"},
    {"", OV_EIO, NULL, NULL, "No such file or directory"},
    {".", OV_EIO, NULL, NULL, "Is a directory"},
    {"dir/", OV_EIO, NULL, NULL, "Is a directory"},
    {"file.txt/x", OV_EIO, NULL, NULL, "Not a directory"},
    {"missing/x", OV_EIO, NULL, NULL, "No such file or directory"},
    {"loop1", OV_EIO, NULL, NULL, "Too many levels of symbolic links"},
};

START_TEST(test_resolve)
{
    const char *path = cases[_i].path;
    struct ov_err err;
    struct stat got, want;
    char *name = NULL;
    int dir = -1;
    ov_status st = ov_safepath_resolve(path, &dir, &name, &err);

    ck_assert_msg(st == cases[_i].status, "%s: status %d, want %d (%s)", path, st,
                  cases[_i].status, st != OV_OK ? err.msg : "");
    if (st != OV_OK) {
        ck_assert_int_eq(dir, -1);
        ck_assert_ptr_null(name);
        ck_assert_msg(strstr(err.msg, cases[_i].msg) != NULL, "%s: message '%s'", path,
                      err.msg);
        if (st == OV_EINVAL)
            ck_assert_msg(strstr(err.msg, "is blocked by --safe") != NULL, "%s",
                          err.msg);
        return;
    }
    ck_assert_str_eq(name, cases[_i].name);
    ck_assert_int_eq(fstat(dir, &got), 0);
    ck_assert_int_eq(stat(cases[_i].dir, &want), 0);
    ck_assert_msg(got.st_ino == want.st_ino && got.st_dev == want.st_dev,
                  "%s: resolved to the wrong folder", path);
    close(dir);
    free(name);
}
END_TEST

START_TEST(test_absolute_inside)
{
    char path[4200];
    struct ov_err err;
    char *name;
    int dir;

    /* ov_testdir may itself be reached through a link (/tmp): use its
     * real path, the one getcwd gives the resolver */
    {
        char *real = realpath(ov_testdir, NULL);

        ck_assert_ptr_nonnull(real);
        snprintf(path, sizeof path, "%s/work/dir/a.txt", real);
        free(real);
    }
    ck_assert_int_eq(ov_safepath_resolve(path, &dir, &name, &err), OV_OK);
    ck_assert_str_eq(name, "a.txt");
    close(dir);
    free(name);
}
END_TEST

START_TEST(test_open_rules)
{
    struct ov_err err;
    int fd;
    char path[4200];

    /* a new file is made; an existing one is truncated only when asked */
    ck_assert_int_eq(
        ov_safepath_open("made.txt", O_WRONLY | O_CREAT | O_TRUNC, &fd, &err), OV_OK);
    ck_assert_int_eq(write(fd, "made\n", 5), 5);
    close(fd);
    ck_assert_str_eq(slurp("made.txt"), "made\n");
    ck_assert_int_eq(ov_safepath_open("made.txt", O_WRONLY | O_APPEND, &fd, &err),
                     OV_OK);
    ck_assert_int_eq(write(fd, "more\n", 5), 5);
    close(fd);
    ck_assert_str_eq(slurp("made.txt"), "made\nmore\n");
    /* the close-on-exec flag, and no O_NONBLOCK left behind */
    ck_assert_int_eq(ov_safepath_open("made.txt", O_RDWR, &fd, &err), OV_OK);
    ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
    ck_assert_int_eq(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    close(fd);
    /* through a link that stays inside */
    ck_assert_int_eq(ov_safepath_open("inlink", O_WRONLY | O_CREAT, &fd, &err), OV_OK);
    close(fd);
    ck_assert_int_eq(access("dir/f.txt", F_OK), 0);
    /* a hard link to a file outside: refused, and not truncated first */
    ck_assert_int_eq(ov_safepath_open("hard.txt", O_WRONLY | O_TRUNC, &fd, &err),
                     OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "other hard links"));
    snprintf(path, sizeof path, "%s/secret", outside);
    ck_assert_str_eq(slurp(path), "outside\n");
    /* a FIFO is refused, not waited on; a folder is an error */
    ck_assert_int_eq(ov_safepath_open("fifo", O_WRONLY, &fd, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
    ck_assert_int_eq(ov_safepath_open("dir", O_WRONLY, &fd, &err), OV_EIO);
    /* r+ of a missing file: the system's error, errno kept */
    ck_assert_int_eq(ov_safepath_open("absent.txt", O_RDWR, &fd, &err), OV_EIO);
    ck_assert_int_eq(errno, ENOENT);
    /* the dangling link: nothing made outside */
    ck_assert_int_eq(ov_safepath_open("dangling_abs", O_WRONLY | O_CREAT, &fd, &err),
                     OV_EINVAL);
    snprintf(path, sizeof path, "%s/new", outside);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_afile_beneath)
{
    struct ov_afile a;
    struct ov_err err;
    char path[4200];

    /* written through a temporary file, renamed over the name resolved */
    ck_assert_int_eq(ov_safepath_afile_open(&a, "indir/t.csv", &err), OV_OK);
    fputs("a,b\n", a.f);
    ck_assert_int_eq(ov_afile_commit(&a, &err), OV_OK);
    ck_assert_str_eq(slurp("dir/t.csv"), "a,b\n");
    /* a hard link is replaced: the file outside keeps its text */
    ck_assert_int_eq(ov_safepath_afile_open(&a, "hard.txt", &err), OV_OK);
    fputs("replaced\n", a.f);
    ck_assert_int_eq(ov_afile_commit(&a, &err), OV_OK);
    ck_assert_str_eq(slurp("hard.txt"), "replaced\n");
    snprintf(path, sizeof path, "%s/secret", outside);
    ck_assert_str_eq(slurp(path), "outside\n");
    /* refusals and aborts leave nothing behind */
    ck_assert_int_eq(ov_safepath_afile_open(&a, "outdir/x.csv", &err), OV_EINVAL);
    ck_assert_int_eq(ov_safepath_afile_open(&a, "fifo", &err), OV_EIO);
    ck_assert_int_eq(ov_safepath_afile_open(&a, "gone.csv", &err), OV_OK);
    fputs("x\n", a.f);
    ov_afile_abort(&a);
    ck_assert_int_ne(access("gone.csv", F_OK), 0);
    ck_assert_int_eq(system("test -z \"$(ls -a | grep tmp-)\""), 0);
}
END_TEST

Suite *
make_safepath_suite(void)
{
    Suite *s = suite_create("safepath");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_resolve, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_absolute_inside);
    tcase_add_test(tc, test_open_rules);
    tcase_add_test(tc, test_afile_beneath);
    suite_add_tcase(s, tc);
    return s;
}
