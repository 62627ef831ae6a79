/*
 * ov_dl.h - shared libraries opened when first needed instead of when the
 * program starts. cairo (PNG and PDF charts) and libgsf (legacy .xls) bring
 * some thirty libraries with them (X11, fontconfig, freetype, glib, libxml2,
 * ICU); linking them made every start of oversight map and relocate all of
 * those, about two thirds of its start-up time, for work most sessions
 * never do. A module lists the functions it calls; ov_dl_load opens the
 * library by its soname (chosen and checked by configure) and looks each
 * one up, once per process. Part of libovcore.
 */
#ifndef OV_DL_H
#define OV_DL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "ov_error.h"

struct ov_dl {
    const char *soname;       /* "libcairo.so.2" */
    const char *package;      /* the Debian package that has it, for the error */
    const char *what;         /* "drawing PNG and PDF charts" */
    const char *const *names; /* the functions, n of them */
    void **fns;               /* filled in the same order */
    size_t n;
    pthread_mutex_t lock;
    int state; /* 0 not tried, 1 loaded, -1 failed (why says why) */
    char why[256];
};

/* A struct ov_dl for the library SONAME, the functions NAMES into FNS (an
 * array of n pointers). */
#define OV_DL_INIT(soname, package, what, names, fns)                                  \
    {                                                                                  \
        (soname), (package), (what), (names), (fns),                                   \
            sizeof(names) / sizeof((names)[0]), PTHREAD_MUTEX_INITIALIZER, 0, ""       \
    }

/* A module that calls a library through ov_dl lists the functions once,
 * as an X macro (#define FUNCTIONS(X) X(cairo_create) X(cairo_destroy)
 * ...), and makes from it the names, the slots and a call through a
 * pointer of each function's own type:
 *
 *   static const char *const names[] = {FUNCTIONS(OV_DL_NAME)};
 *   enum { FUNCTIONS(OV_DL_INDEX) n_functions };
 *   static void *fns[n_functions];
 *   #define cairo_create OV_DL_CALL(fns, cairo_create)
 *
 * The library is not linked: a function called but not listed fails the
 * link. */
#define OV_DL_NAME(f) #f,
#define OV_DL_INDEX(f) ov_dl_i_##f,
#define OV_DL_CALL(fns, f) ((__typeof__(f) *)(fns)[ov_dl_i_##f])

/* Opens dl's library and finds its functions the first time; later calls
 * only look. Thread-safe. On failure (the library or a function missing),
 * err says what could not be done, which library and which package has it,
 * and every later call fails the same way. */
ov_status ov_dl_load(struct ov_dl *dl, struct ov_err *err);

/* True when dl's library is already open (nothing is opened). */
bool ov_dl_loaded(struct ov_dl *dl);

#endif /* OV_DL_H */
