/*
 * vocab.c - the term hash table.
 *
 * Terms live back to back in one arena (NUL-terminated, so they can be
 * handed out as C strings); entries hold an offset and the hash. The table
 * keeps its load under 1/2 with linear probing: lookups are the hot path of
 * prediction, one per token.
 */
#include "vocab.h"

#include <string.h>

#include "alloc.h"
#include "error.h"

#define EMPTY UINT32_MAX

struct nc_vocab {
	char *arena;
	size_t arena_len, arena_cap;
	uint64_t *off_hash; /* per id: offset (low 40 bits) | hash (high 24) */
	uint32_t *len;      /* per id: term length */
	size_t n, cap_ids;
	uint32_t *slots;    /* hash table of ids */
	size_t nslots;      /* power of two */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a, then a final mix */
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
}

int nc_vocab_new(nc_vocab **out)
{
	nc_vocab *v = nc_calloc(1, sizeof *v);
	*out = NULL;
	if (!v)
		return nc_error_oom();
	v->nslots = 1024;
	v->slots = nc_malloc(v->nslots * sizeof *v->slots);
	if (!v->slots) {
		nc_free(v);
		return nc_error_oom();
	}
	memset(v->slots, 0xFF, v->nslots * sizeof *v->slots);
	*out = v;
	return 0;
}

void nc_vocab_free(nc_vocab *v)
{
	if (!v)
		return;
	nc_free(v->arena);
	nc_free(v->off_hash);
	nc_free(v->len);
	nc_free(v->slots);
	nc_free(v);
}

static const char *term_at(const nc_vocab *v, uint32_t id)
{
	return v->arena + (v->off_hash[id] & ((1ULL << 40) - 1));
}

static size_t probe(const nc_vocab *v, const char *s, size_t len, uint64_t h)
{
	size_t mask = v->nslots - 1, i = (size_t)h & mask;
	uint64_t tag = h >> 40;
	for (;;) {
		uint32_t id = v->slots[i];
		if (id == EMPTY)
			return i;
		if ((v->off_hash[id] >> 40) == tag && v->len[id] == len &&
		    memcmp(term_at(v, id), s, len) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

int64_t nc_vocab_find(const nc_vocab *v, const char *s, size_t len)
{
	uint32_t id = v->slots[probe(v, s, len, hash_bytes(s, len))];
	return id == EMPTY ? -1 : (int64_t)id;
}

static int rehash(nc_vocab *v)
{
	size_t nslots = v->nslots * 2, i;
	uint32_t *slots = nc_malloc(nslots * sizeof *slots);
	if (!slots)
		return -1;
	memset(slots, 0xFF, nslots * sizeof *slots);
	for (i = 0; i < v->n; i++) {
		const char *t = term_at(v, (uint32_t)i);
		size_t j = (size_t)hash_bytes(t, v->len[i]) & (nslots - 1);
		while (slots[j] != EMPTY)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)i;
	}
	nc_free(v->slots);
	v->slots = slots;
	v->nslots = nslots;
	return 0;
}

int nc_vocab_intern(nc_vocab *v, const char *s, size_t len, uint32_t *id)
{
	uint64_t h = hash_bytes(s, len);
	size_t slot = probe(v, s, len, h);

	if (v->slots[slot] != EMPTY) {
		*id = v->slots[slot];
		return 0;
	}
	if (v->n >= UINT32_MAX - 1 || v->arena_len + len + 1 >= (1ULL << 40))
		return nc_error(NC_ELIMIT, "vocabulary too large");
	if (nc_grow((void **)&v->arena, &v->arena_cap, v->arena_len + len + 1, 1))
		return nc_error_oom();
	if (v->n + 1 > v->cap_ids) {
		size_t cap = v->cap_ids, cap2 = v->cap_ids;
		if (nc_grow((void **)&v->off_hash, &cap, v->n + 1, sizeof *v->off_hash) ||
		    nc_grow((void **)&v->len, &cap2, v->n + 1, sizeof *v->len))
			return nc_error_oom();
		v->cap_ids = cap < cap2 ? cap : cap2;
	}
	memcpy(v->arena + v->arena_len, s, len);
	v->arena[v->arena_len + len] = '\0';
	v->off_hash[v->n] = (uint64_t)v->arena_len | ((h >> 40) << 40);
	v->len[v->n] = (uint32_t)len;
	v->arena_len += len + 1;
	v->slots[slot] = (uint32_t)v->n;
	*id = (uint32_t)v->n++;
	if (v->n * 2 > v->nslots && rehash(v)) {
		/* the term is in: the table is just fuller than we like */
		if (v->n + 1 >= v->nslots) {
			v->slots[slot] = EMPTY;
			v->n--;
			return nc_error_oom();
		}
	}
	return 0;
}

size_t nc_vocab_size(const nc_vocab *v)
{
	return v->n;
}

const char *nc_vocab_term(const nc_vocab *v, uint32_t id, size_t *len)
{
	if (len)
		*len = v->len[id];
	return term_at(v, id);
}
