/*
 * alloc.h - the one door through which libnewsclass allocates memory.
 *
 * Every allocation of the library goes through nc_malloc/nc_calloc/
 * nc_realloc so that tests can make the Nth allocation fail and check that
 * each constructor and loader returns NC_ENOMEM and leaks nothing. The
 * failure countdown is thread-local: it is test instrumentation, not
 * library state that one thread could change under another.
 */
#ifndef NC_ALLOC_H
#define NC_ALLOC_H

#include <stddef.h>

void *nc_malloc(size_t n);
void *nc_calloc(size_t count, size_t size);
void *nc_realloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `size` bytes, doubling;
 * returns 0 or -1 (overflow / out of memory) leaving *arr unchanged. */
int nc_grow(void **arr, size_t *cap, size_t need, size_t size);
char *nc_strndup(const char *s, size_t n);
char *nc_strdup(const char *s);
void nc_free(void *p);

/* Test hook: make the allocation after `n` more successful ones fail
 * (n < 0 disables). Returns how many allocations were attempted since the
 * last call, so a test can learn how many there are to fail. */
long nc_alloc_fail_after(long n);

#endif
