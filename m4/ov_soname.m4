# OV_CHECK_SONAME(PREFIX, SONAME, FUNCTION, PACKAGE)
# -------------------------------------------------
# A library oversight opens when first needed (src/engine/ov_dl.c) instead
# of linking it: checks that SONAME opens with dlopen and has FUNCTION,
# and defines OV_<PREFIX>_SONAME to it. Fails naming PACKAGE otherwise.
AC_DEFUN([OV_CHECK_SONAME], [
AC_MSG_CHECKING([that $2 opens at run time])
ov_save_LIBS=$LIBS
AC_RUN_IFELSE([AC_LANG_PROGRAM([[#include <dlfcn.h>
#include <stddef.h>]],
  [[void *h = dlopen("$2", RTLD_NOW); return h == NULL || dlsym(h, "$3") == NULL;]])],
  [AC_MSG_RESULT([yes])],
  [AC_MSG_RESULT([no])
   AC_MSG_ERROR([$2 cannot be opened: install $4 (apt-get install $4)])],
  [AC_MSG_RESULT([assumed (cross-compiling)])])
LIBS=$ov_save_LIBS
AC_DEFINE_UNQUOTED([OV_$1_SONAME], ["$2"], [the $4 library, opened when first needed])
])
