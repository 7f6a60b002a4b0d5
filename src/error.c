/*
 * error.c - status strings and the per-thread last-error buffer.
 *
 * The buffer is a fixed thread-local array so that reporting an error,
 * including "out of memory", never needs to allocate.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

#include <utf8proc.h>

static _Thread_local char last_error[1024];

int nc_error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
	return code;
}

int nc_error_oom(void)
{
	return nc_error(NC_ENOMEM, "out of memory");
}

void nc_error_clear(void)
{
	last_error[0] = '\0';
}

const char *nc_last_error(void)
{
	return last_error;
}

const char *nc_strerror(int status)
{
	switch (status) {
	case NC_OK: return "success";
	case NC_ENOMEM: return "out of memory";
	case NC_EINVAL: return "invalid argument";
	case NC_EIO: return "input/output error";
	case NC_EFORMAT: return "malformed input";
	case NC_EMODEL: return "invalid model file";
	case NC_ETRAIN: return "cannot train on this data";
	case NC_ELIMIT: return "size limit exceeded";
	default: return "unknown error";
	}
}

const char *nc_version(void)
{
	return NC_VERSION_STRING;
}

const char *nc_unicode_version(void)
{
	return utf8proc_unicode_version();
}
