/*
 * ov_dl.c - shared libraries opened when first needed (ov_dl.h). Part of
 * libovcore.
 */
#include "config.h"

#include "ov_dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

ov_status
ov_dl_load(struct ov_dl *dl, struct ov_err *err)
{
    int state;

    pthread_mutex_lock(&dl->lock);
    if (dl->state == 0) {
        /* RTLD_NOW: a missing function shows here, not as a crash later */
        void *h = dlopen(dl->soname, RTLD_NOW | RTLD_LOCAL);
        size_t i;

        if (h == NULL) {
            const char *e = dlerror();

            snprintf(dl->why, sizeof dl->why, "%s", e != NULL ? e : dl->soname);
            dl->state = -1;
        }
        for (i = 0; h != NULL && i < dl->n; i++) {
            dlerror();
            dl->fns[i] = dlsym(h, dl->names[i]);
            if (dl->fns[i] == NULL) {
                snprintf(dl->why, sizeof dl->why, "%s has no function %s", dl->soname,
                         dl->names[i]);
                dl->state = -1;
                /* kept open: closing a library with constructors is unsafe */
                break;
            }
        }
        if (h != NULL && dl->state == 0)
            dl->state = 1;
    }
    state = dl->state;
    pthread_mutex_unlock(&dl->lock);
    if (state > 0)
        return OV_OK;
    return ov_err_set(err, OV_EIO,
                      "%s needs %s, which cannot be loaded (%s): install %s "
                      "(apt-get install %s)",
                      dl->what, dl->soname, dl->why, dl->package, dl->package);
}

bool
ov_dl_loaded(struct ov_dl *dl)
{
    int state;

    pthread_mutex_lock(&dl->lock);
    state = dl->state;
    pthread_mutex_unlock(&dl->lock);
    return state > 0;
}
