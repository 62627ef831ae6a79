/*
 * check_workq.c - the work queue the loader runs on: every job runs once
 * whatever the number of threads, done steps come in submission order,
 * slots are reused, and a stop drops the jobs not started.
 */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "workq.h"

#define NJOBS 2000

struct job {
    size_t n;      /* the job's number */
    size_t reused; /* times the slot held a job before */
    size_t square;
};

struct log {
    int runs[NJOBS];     /* per job: times run */
    size_t order[NJOBS]; /* job numbers in the order done saw them */
    size_t ndone;
    size_t square_sum;
    size_t stop_at; /* done stops the queue at this job; NJOBS: never */
    ov_workq *q;
    int bad_worker;
};

static void
run_job(void *ctx, void *job, int worker)
{
    struct log *l = ctx;
    struct job *j = job;

    /* the thread in ov_workq_wait helps as worker `threads` */
    if (worker < 0 || worker > ov_workq_threads(l->q))
        __atomic_store_n(&l->bad_worker, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&l->runs[j->n], 1, __ATOMIC_RELAXED);
    j->square = j->n * j->n;
}

static void
done_job(void *ctx, void *job)
{
    struct log *l = ctx;
    struct job *j = job;

    l->order[l->ndone++] = j->n;
    l->square_sum += j->square;
    if (j->n == l->stop_at)
        ov_workq_stop(l->q);
}

/* submits NJOBS jobs; returns how many were submitted */
static size_t
submit_all(struct log *l, size_t *slots_reused)
{
    size_t n;

    *slots_reused = 0;
    for (n = 0; n < NJOBS; n++) {
        struct job *j = ov_workq_slot(l->q);

        if (j == NULL)
            break;
        if (j->reused++ > 0)
            (*slots_reused)++;
        j->n = n;
        ov_workq_submit(l->q, j);
    }
    return n;
}

START_TEST(test_every_job_once_in_order)
{
    int threads[] = {0, 1, 3, 8};
    size_t k, i;

    for (k = 0; k < sizeof threads / sizeof threads[0]; k++) {
        struct log *l = calloc(1, sizeof *l);
        size_t reused, want = 0;

        l->stop_at = NJOBS;
        l->q = ov_workq_new(threads[k], 5, sizeof(struct job), run_job, done_job, l);
        ck_assert_ptr_nonnull(l->q);
        ck_assert_int_eq(ov_workq_threads(l->q), threads[k]);
        ck_assert_uint_eq(submit_all(l, &reused), NJOBS);
        ov_workq_wait(l->q);
        ck_assert_uint_eq(l->ndone, NJOBS);
        for (i = 0; i < NJOBS; i++) {
            ck_assert_int_eq(l->runs[i], 1);
            ck_assert_uint_eq(l->order[i], i);
            want += i * i;
        }
        ck_assert_uint_eq(l->square_sum, want);
        /* five slots at most for 2,000 jobs: they came back to be used again */
        ck_assert_uint_ge(reused, NJOBS - 5);
        ck_assert_int_eq(l->bad_worker, 0);
        ck_assert(!ov_workq_stopped(l->q));
        ov_workq_free(l->q);
        free(l);
    }
}
END_TEST

START_TEST(test_stop_drops_the_rest)
{
    int threads[] = {0, 2, 4};
    size_t k, i;

    for (k = 0; k < sizeof threads / sizeof threads[0]; k++) {
        struct log *l = calloc(1, sizeof *l);
        size_t reused, submitted, ran = 0;

        l->stop_at = 100;
        l->q = ov_workq_new(threads[k], 4, sizeof(struct job), run_job, done_job, l);
        ck_assert_ptr_nonnull(l->q);
        submitted = submit_all(l, &reused);
        /* the slot asked for after the stop is refused */
        ck_assert_uint_lt(submitted, NJOBS);
        ck_assert(ov_workq_stopped(l->q));
        ck_assert_ptr_null(ov_workq_slot(l->q));
        ov_workq_wait(l->q);
        /* every job that ran was done, in order, and none ran twice; jobs
         * after the stop were dropped, the jobs already started finished */
        for (i = 0; i < NJOBS; i++) {
            ck_assert_int_le(l->runs[i], 1);
            ran += (size_t)l->runs[i];
        }
        ck_assert_uint_eq(l->ndone, ran);
        ck_assert_uint_ge(ran, 101);
        ck_assert_uint_le(ran, 101 + 4);
        for (i = 0; i < l->ndone; i++)
            ck_assert_uint_eq(l->order[i], i);
        ov_workq_free(l->q);
        free(l);
    }
}
END_TEST

START_TEST(test_slots_and_empty_queue)
{
    struct log *l = calloc(1, sizeof *l);
    struct job *j;
    size_t i;

    l->stop_at = NJOBS;
    l->q = ov_workq_new(2, 3, sizeof(struct job), run_job, NULL, l);
    ck_assert_ptr_nonnull(l->q);
    /* a slot taken and never submitted is still there to clean up */
    j = ov_workq_slot(l->q);
    ck_assert_ptr_nonnull(j);
    j->n = 7;
    ov_workq_wait(l->q);
    for (i = 0; i < 3; i++)
        ck_assert_ptr_nonnull(ov_workq_slot_at(l->q, i));
    ck_assert_ptr_null(ov_workq_slot_at(l->q, 3));
    ck_assert_int_eq(l->runs[7], 0);
    ov_workq_free(l->q);
    ov_workq_free(NULL);
    free(l);
}
END_TEST

Suite *
make_workq_suite(void)
{
    Suite *s = suite_create("workq");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_every_job_once_in_order);
    tcase_add_test(tc, test_stop_drops_the_rest);
    tcase_add_test(tc, test_slots_and_empty_queue);
    suite_add_tcase(s, tc);
    return s;
}
