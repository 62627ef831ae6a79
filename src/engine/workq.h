/*
 * workq.h - a small work queue: jobs run on a few threads, then a `done`
 * step for each, one at a time in submission order, so results go together
 * in order whatever the timing. Jobs live in reused slots, so memory stays
 * bounded. The engine's only user of threads; knows nothing of CSV.
 */
#ifndef OV_WORKQ_H
#define OV_WORKQ_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ov_workq ov_workq;

/* run(ctx, job, worker): on one of the queue's threads (worker is its
 * index, 0 up to ov_workq_threads - 1), or on the thread waiting in
 * ov_workq_wait, which helps (worker ov_workq_threads), or within
 * ov_workq_submit (worker 0) when the queue has no threads. Jobs start in
 * submission order. */
typedef void (*ov_workq_run_fn)(void *ctx, void *job, int worker);

/* done(ctx, job): after the job's run, one job at a time, in submission
 * order, on whichever thread finds it next. */
typedef void (*ov_workq_done_fn)(void *ctx, void *job);

/* A queue of nslots job slots of slot_size bytes each, zeroed at first (a
 * slot keeps what was left in it when it comes back for reuse), and up to
 * nthreads threads: as many as could be started, none when nthreads is 0.
 * done may be NULL. NULL when out of memory. Free with ov_workq_free. */
ov_workq *ov_workq_new(int nthreads, size_t nslots, size_t slot_size,
                       ov_workq_run_fn run, ov_workq_done_fn done, void *ctx);

/* The number of threads started. */
int ov_workq_threads(const ov_workq *q);

/* A free slot for the next job, waiting for a job's done step to free
 * one when all are in use. NULL once the queue is stopped. */
void *ov_workq_slot(ov_workq *q);

/* Queues the job in slot (from ov_workq_slot); with no threads, runs it
 * and its done step before returning. After a stop the job is dropped and
 * its slot freed. */
void ov_workq_submit(ov_workq *q, void *slot);

/* Stops the queue, from any thread (also from run or done): jobs not yet
 * started never run and their slots are freed; jobs started finish and
 * still get their done step. */
void ov_workq_stop(ov_workq *q);

bool ov_workq_stopped(ov_workq *q);

/* Runs the jobs still queued on the calling thread too, and waits until
 * every job submitted has run and been done (after a stop: every job
 * started) and the threads have ended. Submit nothing after. */
void ov_workq_wait(ov_workq *q);

/* Slot i of the nslots, whatever its state, so the caller can free what it
 * put in them; only after ov_workq_wait. */
void *ov_workq_slot_at(ov_workq *q, size_t i);

/* Waits (ov_workq_wait) and frees the queue; accepts NULL. */
void ov_workq_free(ov_workq *q);

#endif /* OV_WORKQ_H */
