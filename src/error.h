/*
 * error.h - the thread-local "last error" message behind nc_last_error().
 *
 * Library functions report failure by returning a negative nc_status and
 * describing it here; they never print. nc_error() formats the message and
 * returns the code so call sites can write `return nc_error(NC_EIO, ...)`.
 */
#ifndef NC_ERROR_H
#define NC_ERROR_H

#include "newsclass.h"

#if defined(__GNUC__)
#define NC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NC_PRINTF(a, b)
#endif

int nc_error(int code, const char *fmt, ...) NC_PRINTF(2, 3);
/* Out of memory: a fixed message, formatted without allocating. */
int nc_error_oom(void);
void nc_error_clear(void);

#endif
