/*
 * ov_error.h - status codes, the error record every engine function fills,
 * and the process-wide interrupt flag that long engine loops poll.
 * Part of libovcore: depends on nothing but the C library.
 */
#ifndef OV_ERROR_H
#define OV_ERROR_H

#include <stdatomic.h>
#include <stddef.h>

typedef enum ov_status {
    OV_OK = 0,
    OV_ENOMEM,    /* out of memory, or the memory limit was reached */
    OV_EIO,       /* a file could not be opened, read or written */
    OV_EPARSE,    /* malformed input: CSV, expression, claim wording */
    OV_ETYPE,     /* a value or column of the wrong type */
    OV_ENOTFOUND, /* no such column, dataset or name */
    OV_ERANGE,    /* a size or value beyond a documented limit */
    OV_EINVAL,    /* an argument that makes no sense */
    OV_EINTR      /* cancelled by the user (Ctrl-C) */
} ov_status;

#define OV_ERR_MSG_MAX 1024

/* Filled by engine functions on failure; msg is always NUL-terminated and
 * written for the user: file, line, column and what was expected. */
struct ov_err {
    ov_status status;
    char msg[OV_ERR_MSG_MAX];
};

/* Records status and a printf-style message in err (which may be NULL) and
 * returns status, so callers can write `return ov_err_set(err, ...)`.
 * A message longer than OV_ERR_MSG_MAX is cut with "...". */
ov_status ov_err_set(struct ov_err *err, ov_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records OV_ENOMEM with a message that says whether the memory limit
 * (ov_mem_set_limit) or the system ran out, and what was being done. */
ov_status ov_err_nomem(struct ov_err *err, const char *doing);

/* Records OV_EINTR with the message "interrupted". */
ov_status ov_err_interrupted(struct ov_err *err);

/* Resets err to OV_OK with an empty message. */
void ov_err_clear(struct ov_err *err);

/* A short fixed description of a status ("out of memory"). */
const char *ov_strerror(ov_status status);

/* ---- interrupt flag ----
 * Set from a signal handler (lock-free atomic, so async-signal-safe) and
 * read by engine loops on any thread, every few thousand rows. */
extern atomic_int ov_interrupt_flag;

static inline int
ov_interrupted(void)
{
    return atomic_load_explicit(&ov_interrupt_flag, memory_order_relaxed);
}

/* Async-signal-safe: asks every running engine loop to stop with OV_EINTR. */
void ov_interrupt_request(void);

/* Clears the request; the shell calls it before each statement. */
void ov_interrupt_clear(void);

#endif /* OV_ERROR_H */
