/*
 * workq.c - the work queue: one mutex and one condition variable guard
 * the slots, the ring of submitted jobs and the counters. The engine's
 * only file that includes <pthread.h>; it must not know what a job is.
 */
#include "config.h"

#include "workq.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "ov_mem.h"

enum slot_state { FREE, TAKEN, QUEUED, RUNNING, RAN };

struct worker {
    ov_workq *q;
    pthread_t thread;
    int index;
};

struct ov_workq {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    ov_workq_run_fn run;
    ov_workq_done_fn done;
    void *ctx;
    unsigned char *slots;
    size_t nslots, size;
    unsigned char *state; /* per slot */
    /* the slot of job number s is order[s % nslots]: jobs [finished,
     * started) have started, [started, submitted) wait to */
    size_t *order;
    uint64_t submitted, started, finished;
    bool doing_done; /* a thread is running done steps */
    bool stopped;
    bool closing; /* ov_workq_wait: threads end when the queue is empty */
    struct worker *workers;
    int nthreads;
    bool waited;
};

static void *
slot_ptr(ov_workq *q, size_t i)
{
    return q->slots + i * q->size;
}

/* Runs the done steps of every job that is next in order and has run;
 * one thread at a time. q->mu is held on entry and on return. */
static void
finish_jobs(ov_workq *q)
{
    while (!q->doing_done && q->finished < q->started &&
           q->state[q->order[q->finished % q->nslots]] == RAN) {
        size_t i = q->order[q->finished % q->nslots];

        q->doing_done = true;
        pthread_mutex_unlock(&q->mu);
        if (q->done != NULL)
            q->done(q->ctx, slot_ptr(q, i));
        pthread_mutex_lock(&q->mu);
        q->doing_done = false;
        q->state[i] = FREE;
        q->finished++;
        pthread_cond_broadcast(&q->cv);
    }
}

/* Starts the next queued job and runs it. q->mu is held. */
static void
run_next(ov_workq *q, int worker)
{
    size_t i = q->order[q->started++ % q->nslots];

    q->state[i] = RUNNING;
    pthread_mutex_unlock(&q->mu);
    q->run(q->ctx, slot_ptr(q, i), worker);
    pthread_mutex_lock(&q->mu);
    q->state[i] = RAN;
    finish_jobs(q);
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    ov_workq *q = w->q;

    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (q->started == q->submitted && !q->closing && !q->stopped)
            pthread_cond_wait(&q->cv, &q->mu);
        if (q->stopped || q->started == q->submitted)
            break;
        run_next(q, w->index);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

ov_workq *
ov_workq_new(int nthreads, size_t nslots, size_t slot_size, ov_workq_run_fn run,
             ov_workq_done_fn done, void *ctx)
{
    ov_workq *q = ov_calloc(1, sizeof *q);
    int t;

    if (q == NULL)
        return NULL;
    if (nslots == 0)
        nslots = 1;
    if (slot_size == 0)
        slot_size = 1;
    q->run = run;
    q->done = done;
    q->ctx = ctx;
    q->nslots = nslots;
    q->size = slot_size;
    q->slots = ov_calloc(nslots, slot_size);
    q->state = ov_calloc(nslots, 1);
    q->order = ov_calloc(nslots, sizeof *q->order);
    q->workers = ov_calloc(nthreads > 0 ? (size_t)nthreads : 1, sizeof *q->workers);
    if (q->slots == NULL || q->state == NULL || q->order == NULL ||
        q->workers == NULL) {
        ov_free(q->slots);
        ov_free(q->state);
        ov_free(q->order);
        ov_free(q->workers);
        ov_free(q);
        return NULL;
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    for (t = 0; t < nthreads; t++) {
        q->workers[t].q = q;
        q->workers[t].index = t;
        /* run with the threads there are */
        if (pthread_create(&q->workers[t].thread, NULL, worker_main, &q->workers[t]) !=
            0)
            break;
    }
    q->nthreads = t;
    return q;
}

int
ov_workq_threads(const ov_workq *q)
{
    return q->nthreads;
}

void *
ov_workq_slot(ov_workq *q)
{
    size_t i = 0;
    bool found = false;

    pthread_mutex_lock(&q->mu);
    while (!q->stopped) {
        for (i = 0; i < q->nslots && !found; i++)
            found = q->state[i] == FREE;
        if (found)
            break;
        pthread_cond_wait(&q->cv, &q->mu);
    }
    if (q->stopped) {
        pthread_mutex_unlock(&q->mu);
        return NULL;
    }
    i--;
    q->state[i] = TAKEN;
    pthread_mutex_unlock(&q->mu);
    return slot_ptr(q, i);
}

void
ov_workq_submit(ov_workq *q, void *slot)
{
    size_t i = (size_t)((unsigned char *)slot - q->slots) / q->size;

    pthread_mutex_lock(&q->mu);
    if (q->stopped) {
        q->state[i] = FREE;
        pthread_mutex_unlock(&q->mu);
        return;
    }
    q->state[i] = QUEUED;
    q->order[q->submitted++ % q->nslots] = i;
    if (q->nthreads == 0)
        run_next(q, 0);
    else
        pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

void
ov_workq_stop(ov_workq *q)
{
    pthread_mutex_lock(&q->mu);
    q->stopped = true;
    while (q->submitted > q->started)
        q->state[q->order[--q->submitted % q->nslots]] = FREE;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

bool
ov_workq_stopped(ov_workq *q)
{
    bool s;

    pthread_mutex_lock(&q->mu);
    s = q->stopped;
    pthread_mutex_unlock(&q->mu);
    return s;
}

void
ov_workq_wait(ov_workq *q)
{
    int t;

    if (q->waited)
        return;
    pthread_mutex_lock(&q->mu);
    q->closing = true;
    pthread_cond_broadcast(&q->cv);
    /* the waiting thread helps with the jobs still queued */
    while (!q->stopped && q->started < q->submitted)
        run_next(q, q->nthreads);
    pthread_mutex_unlock(&q->mu);
    for (t = 0; t < q->nthreads; t++)
        pthread_join(q->workers[t].thread, NULL);
    q->waited = true;
}

void *
ov_workq_slot_at(ov_workq *q, size_t i)
{
    return i < q->nslots ? slot_ptr(q, i) : NULL;
}

void
ov_workq_free(ov_workq *q)
{
    if (q == NULL)
        return;
    ov_workq_wait(q);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    ov_free(q->slots);
    ov_free(q->state);
    ov_free(q->order);
    ov_free(q->workers);
    ov_free(q);
}
