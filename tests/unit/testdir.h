/*
 * testdir.h - a fresh temporary directory per test (Check fixtures), for
 * suites that write files: /tmp/ov-check-TAG.XXXXXX, removed afterwards.
 */
#ifndef OV_TEST_TESTDIR_H
#define OV_TEST_TESTDIR_H

/* Creates the directory; its path is ov_testdir. */
void ov_testdir_make(const char *tag);

/* Removes it and everything in it. */
void ov_testdir_remove(void);

/* DIR/name, in a static buffer overwritten by the next call. */
const char *ov_testdir_path(const char *name);

extern char ov_testdir[256];

#endif /* OV_TEST_TESTDIR_H */
