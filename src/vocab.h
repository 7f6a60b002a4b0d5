/*
 * vocab.h - term <-> id map for the vectorizer.
 *
 * An open-addressing hash table over an append-only string arena. Ids are
 * dense (0..size-1) in insertion order; the vectorizer decides what they
 * mean (document frequencies, final feature numbers).
 */
#ifndef NC_VOCAB_H
#define NC_VOCAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct nc_vocab nc_vocab;

int nc_vocab_new(nc_vocab **out);
void nc_vocab_free(nc_vocab *v);
/* Make room for n terms in all (table and id arrays), so that adding them
 * rehashes nothing; 0 or NC_ENOMEM/NC_ELIMIT. */
int nc_vocab_reserve(nc_vocab *v, size_t n);
/* Find or add a term; *id receives its id. 0 or NC_ENOMEM/NC_ELIMIT. */
int nc_vocab_intern(nc_vocab *v, const char *s, size_t len, uint32_t *id);
/* The same with h = nc_vocab_hash(s, len), for callers that prefetch. */
int nc_vocab_intern_hashed(nc_vocab *v, const char *s, size_t len, uint64_t h,
			   uint32_t *id);
/* Id of a term, or -1 when absent. */
int64_t nc_vocab_find(const nc_vocab *v, const char *s, size_t len);

/* The same lookup in steps, for callers that look up many terms at once
 * and want the memory accesses of one to overlap the work on others:
 * hash, prefetch the slot (stage 0), later prefetch the term the slot
 * points to (stage 1), then find with the hash. Prefetches are hints:
 * skipping them changes nothing but speed. */
uint64_t nc_vocab_hash(const char *s, size_t len);
void nc_vocab_prefetch(const nc_vocab *v, uint64_t h, int stage);
int64_t nc_vocab_find_hashed(const nc_vocab *v, const char *s, size_t len, uint64_t h);
size_t nc_vocab_size(const nc_vocab *v);
/* Term of an id (NUL-terminated, borrowed). */
const char *nc_vocab_term(const nc_vocab *v, uint32_t id, size_t *len);

#endif
