/*
 * clock.c - the monotonic clock and the process's CPU clock, read through
 * clock_gettime. Depends on nothing else in the engine.
 */
#include "config.h"

#include "clock.h"

#include <time.h>

static struct timespec
read_clock(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return ts;
}

double
ov_clock_now(void)
{
    struct timespec ts = read_clock(CLOCK_MONOTONIC);

    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long long
ov_clock_ms(void)
{
    struct timespec ts = read_clock(CLOCK_MONOTONIC);

    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t
ov_clock_ns(void)
{
    struct timespec ts = read_clock(CLOCK_MONOTONIC);

    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double
ov_clock_cpu(void)
{
    struct timespec ts = read_clock(CLOCK_PROCESS_CPUTIME_ID);

    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
