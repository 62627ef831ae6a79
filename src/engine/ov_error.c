/*
 * ov_error.c - error records, status names and the interrupt flag.
 * Engine code: no Lua, no terminal output.
 */
#include "config.h"

#include "ov_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ov_mem.h"

atomic_int ov_interrupt_flag = 0;

ov_status
ov_err_set(struct ov_err *err, ov_status status, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (err == NULL)
        return status;
    err->status = status;
    va_start(ap, fmt);
    n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        err->msg[0] = '\0';
    else if ((size_t)n >= sizeof err->msg)
        memcpy(err->msg + sizeof err->msg - 4, "...", 4);
    return status;
}

ov_status
ov_err_nomem(struct ov_err *err, const char *doing)
{
    size_t limit = ov_mem_limit();
    char lim[32];

    if (limit != 0 && ov_mem_limit_hit()) {
        ov_mem_format_size(lim, sizeof lim, limit);
        return ov_err_set(err, OV_ENOMEM,
                          "memory limit of %s reached while %s "
                          "(raise it with --max-memory)",
                          lim, doing);
    }
    return ov_err_set(err, OV_ENOMEM, "out of memory while %s", doing);
}

ov_status
ov_err_interrupted(struct ov_err *err)
{
    return ov_err_set(err, OV_EINTR, "interrupted");
}

void
ov_err_clear(struct ov_err *err)
{
    if (err == NULL)
        return;
    err->status = OV_OK;
    err->msg[0] = '\0';
}

const char *
ov_strerror(ov_status status)
{
    switch (status) {
    case OV_OK:
        return "success";
    case OV_ENOMEM:
        return "out of memory";
    case OV_EIO:
        return "input/output error";
    case OV_EPARSE:
        return "malformed input";
    case OV_ETYPE:
        return "wrong type";
    case OV_ENOTFOUND:
        return "not found";
    case OV_ERANGE:
        return "out of range";
    case OV_EINVAL:
        return "invalid argument";
    case OV_EINTR:
        return "interrupted";
    }
    return "unknown error";
}

void
ov_interrupt_request(void)
{
    atomic_store_explicit(&ov_interrupt_flag, 1, memory_order_relaxed);
}

void
ov_interrupt_clear(void)
{
    atomic_store_explicit(&ov_interrupt_flag, 0, memory_order_relaxed);
}
