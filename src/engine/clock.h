/*
 * clock.h - the one monotonic clock every layer times itself by (load
 * reports, progress bars, ov.now(), the Ctrl-C grace period, .timer).
 * Part of the engine: C only, no Lua.
 */
#ifndef OV_CLOCK_H
#define OV_CLOCK_H

#include <stdint.h>

/* Seconds on a monotonic clock (CLOCK_MONOTONIC), from an arbitrary start. */
double ov_clock_now(void);

/* The same in whole milliseconds. Async-signal-safe (clock_gettime is),
 * so a signal handler may call it. */
long long ov_clock_ms(void);

/* The same in nanoseconds, all bits (a seed when there is no entropy). */
uint64_t ov_clock_ns(void);

/* Seconds of CPU time this process has used (CLOCK_PROCESS_CPUTIME_ID). */
double ov_clock_cpu(void);

#endif /* OV_CLOCK_H */
