/*
 * check_commands.c - the dot-command table: word splitting, dispatch,
 * .help generated from the table, unknown commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "input.h"
#include "ov_error.h"
#include "ov_mem.h"
#include "session.h"
#include "suites.h"

static struct ov_session s;
static FILE *out, *err;

static void
setup(void)
{
    ck_assert(ov_session_init(&s, NULL));
    out = tmpfile();
    err = tmpfile();
    s.out = out;
    /* messages go to stderr: capture them */
    fflush(stderr);
    ck_assert_int_ne(dup2(fileno(err), STDERR_FILENO), -1);
}

static void
teardown(void)
{
    s.out = stdout;
    ov_session_free(&s);
    fclose(out);
    fclose(err);
}

/* everything written to f so far, malloc'd */
static char *
slurp(FILE *f)
{
    long n;
    char *buf;

    fflush(f);
    n = ftell(f);
    buf = calloc(1, (size_t)n + 1);
    rewind(f);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    return buf;
}

START_TEST(test_split_words_and_quotes)
{
    char e[64];
    int argc;
    char **v = ov_command_split("load  \"my file.csv\" AS 'x y'", &argc, e, sizeof e);

    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(argc, 4);
    ck_assert_str_eq(v[0], "load");
    ck_assert_str_eq(v[1], "my file.csv");
    ck_assert_str_eq(v[2], "AS");
    ck_assert_str_eq(v[3], "x y");
    ck_assert_ptr_null(v[4]);
    ov_command_free_words(v);
}
END_TEST

START_TEST(test_split_unterminated_quote)
{
    char e[64];
    int argc;

    ck_assert_ptr_null(ov_command_split("load \"oops", &argc, e, sizeof e));
    ck_assert_str_eq(e, "unterminated \" quote");
}
END_TEST

START_TEST(test_every_command_is_complete)
{
    const struct ov_command *c;

    for (c = ov_commands; c->name != NULL; c++) {
        ck_assert_ptr_nonnull(c->run);
        ck_assert_ptr_nonnull(c->usage);
        ck_assert_msg(c->help != NULL && c->help[0] != '\0', ".%s has no help",
                      c->name);
        ck_assert_ptr_eq(ov_command_find(c->name), c);
    }
    ck_assert_ptr_null(ov_command_find("nosuch"));
}
END_TEST

START_TEST(test_help_lists_every_command)
{
    const struct ov_command *c;
    char *text;

    ck_assert_int_eq(ov_command_run(&s, ".help"), OV_CMD_OK);
    text = slurp(out);
    for (c = ov_commands; c->name != NULL; c++) {
        char want[64];

        snprintf(want, sizeof want, ".%s", c->name);
        ck_assert_msg(strstr(text, want) != NULL, "missing %s in:\n%s", want, text);
        ck_assert_msg(strstr(text, c->help) != NULL, "missing help of %s", want);
    }
    free(text);
}
END_TEST

START_TEST(test_help_for_one_command)
{
    char *text;

    ck_assert_int_eq(ov_command_run(&s, ".help .quit"), OV_CMD_OK);
    text = slurp(out);
    ck_assert_str_eq(text, ".quit\n    Leave oversight (Ctrl-D does the same)\n");
    free(text);
}
END_TEST

START_TEST(test_unknown_command_suggests)
{
    char *text;

    ck_assert_int_eq(ov_command_run(&s, ".hlep"), OV_CMD_ERROR);
    ck_assert_int_eq(s.errors, 1);
    text = slurp(err);
    ck_assert_str_eq(text,
                     "unknown command .hlep; did you mean .help? (.help lists them)\n");
    free(text);
}
END_TEST

/* A Ctrl-C that came before the read waits (no read there to end with
 * EINTR) stops the line at the next byte, not after 64 KiB of a slow
 * pipe: here the pipe's writer stays open, so a reader that did not look
 * would wait for ever (the test's timeout). */
START_TEST(test_read_sees_early_interrupt)
{
    int fds[2];
    FILE *f;
    char *buf = NULL;
    size_t cap = 0, len = 0;

    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(write(fds[1], "abc", 3), 3);
    f = fdopen(fds[0], "r");
    ck_assert_ptr_nonnull(f);
    ov_interrupt_request();
    ck_assert_int_eq(ov_input_getline(f, &buf, &cap, &len), OV_LINE_INTERRUPTED);
    ov_interrupt_clear();
    /* the bytes not read are still there for the next read */
    ck_assert_int_eq(close(fds[1]), 0);
    ck_assert_int_eq(ov_input_getline(f, &buf, &cap, &len), OV_LINE_OK);
    ck_assert_str_eq(buf, "abc");
    ov_free(buf);
    fclose(f);
}
END_TEST

START_TEST(test_quit)
{
    ck_assert_int_eq(ov_command_run(&s, ".quit"), OV_CMD_EXIT);
    ck_assert(s.quit);
    ck_assert_int_eq(ov_command_run(&s, ".quit now"), OV_CMD_ERROR);
}
END_TEST

Suite *
make_commands_suite(void)
{
    Suite *su = suite_create("commands");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_split_words_and_quotes);
    tcase_add_test(tc, test_split_unterminated_quote);
    tcase_add_test(tc, test_every_command_is_complete);
    tcase_add_test(tc, test_help_lists_every_command);
    tcase_add_test(tc, test_help_for_one_command);
    tcase_add_test(tc, test_unknown_command_suggests);
    tcase_add_test(tc, test_quit);
    tcase_add_test(tc, test_read_sees_early_interrupt);
    suite_add_tcase(su, tc);
    return su;
}
