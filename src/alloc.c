/*
 * alloc.c - allocation wrappers with a thread-local failure injector.
 *
 * Production code pays one thread-local load and a branch per allocation;
 * in exchange the fault tests can walk through every allocation of a
 * constructor and prove that each failure path cleans up.
 */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local long fail_countdown = -1;
static _Thread_local long attempts;

static int should_fail(void)
{
	attempts++;
	if (fail_countdown < 0)
		return 0;
	if (fail_countdown == 0)
		return 1; /* keep failing: error paths must not allocate */
	fail_countdown--;
	return 0;
}

long nc_alloc_fail_after(long n)
{
	long seen = attempts;
	attempts = 0;
	fail_countdown = n;
	return seen;
}

void *nc_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *nc_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	if (count == 0 || size == 0)
		count = size = 1;
	return calloc(count, size);
}

void *nc_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

int nc_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (size && ncap > SIZE_MAX / size)
		return -1;
	np = nc_realloc(*arr, ncap * size);
	if (!np)
		return -1;
	*arr = np;
	*cap = ncap;
	return 0;
}

char *nc_strndup(const char *s, size_t n)
{
	char *d = nc_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *nc_strdup(const char *s)
{
	return nc_strndup(s, strlen(s));
}

void nc_free(void *p)
{
	free(p);
}
