/*
 * testdir.c - see testdir.h.
 */
#include "testdir.h"

#include <stdio.h>
#include <stdlib.h>

#include "suites.h"

char ov_testdir[256];

void
ov_testdir_make(const char *tag)
{
    snprintf(ov_testdir, sizeof ov_testdir, "/tmp/ov-check-%s.XXXXXX", tag);
    ck_assert_ptr_nonnull(mkdtemp(ov_testdir));
}

void
ov_testdir_remove(void)
{
    char cmd[300];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", ov_testdir);
    ck_assert_int_eq(system(cmd), 0);
}

const char *
ov_testdir_path(const char *name)
{
    static char path[512];

    snprintf(path, sizeof path, "%s/%s", ov_testdir, name);
    return path;
}
