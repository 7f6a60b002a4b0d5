/*
 * vocab.c - the term hash table.
 *
 * Lookups are the hot path of prediction, one per token and n-gram, and
 * most n-grams of a new document are not in the vocabulary, so the layout
 * is about cache misses:
 * - a slot (8 bytes) holds 24 bits of the term's hash, its length (up to
 *   255) and the arena offset of its entry: a probe that meets another term
 *   is rejected from the slot alone;
 * - an arena entry is the 4-byte id followed by the term's bytes and a NUL
 *   (so terms can be handed out as C strings): a hit reads the slot and one
 *   place in the arena, nothing else.
 * The table keeps its load under 1/2 with linear probing. Ids are dense in
 * insertion order; off[] maps them back to their terms.
 */
#include "vocab.h"

#include <string.h>

#include "alloc.h"
#include "error.h"

/* an entry offset stays below UINT32_MAX, so no used slot has all bits set */
#define EMPTY UINT64_MAX
#define TAG(h) ((h) >> 40)
#define SLOT(h, len, entry) \
	(TAG(h) << 40 | (uint64_t)((len) < 255 ? (len) : 255) << 32 | (uint64_t)(entry))
#define SLOT_ENTRY(e) ((uint32_t)(e))
#define ARENA_MAX ((size_t)UINT32_MAX - 1)

struct nc_vocab {
	char *arena;        /* entries: uint32 id, term bytes, NUL */
	size_t arena_len, arena_cap;
	uint32_t *off;      /* per id: offset of the term's bytes in the arena */
	uint32_t *len;      /* per id: term length */
	size_t n, cap_ids;
	uint64_t *slots;    /* hash table, see above */
	size_t nslots;      /* power of two, at most 2^31 */
};

/* Eight bytes per step (terms average 10-15 bytes, n-grams more), then a
 * final mix so the low bits (the slot) and the high bits (the tag) both
 * depend on every byte. Only the table layout depends on the hash, never
 * an id, so the byte order of the machine does not matter. */
static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;
	size_t i;
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	if (n) {
		for (w = 0, i = 0; i < n; i++)
			w |= (uint64_t)(unsigned char)s[i] << (8 * i);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	h *= 0x94d049bb133111ebULL;
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
	nc_free(v->off);
	nc_free(v->len);
	nc_free(v->slots);
	nc_free(v);
}

static const char *term_at(const nc_vocab *v, uint32_t id)
{
	return v->arena + v->off[id];
}

static uint32_t entry_id(const nc_vocab *v, uint32_t entry)
{
	uint32_t id;
	memcpy(&id, v->arena + entry, sizeof id);
	return id;
}

/* The slot of the term, or the empty slot where it would go. The index
 * comes from the low bits of the hash, the tag from the high ones. */
static size_t probe(const nc_vocab *v, const char *s, size_t len, uint64_t h)
{
	size_t mask = v->nslots - 1, i = (size_t)h & mask;
	uint64_t want = SLOT(h, len, 0) >> 32;
	for (;;) {
		uint64_t e = v->slots[i];
		if (e == EMPTY)
			return i;
		if (e >> 32 == want) {
			/* the slot holds lengths up to 254 exactly: a longer
			 * term's length is checked before its bytes are read */
			const char *t = v->arena + SLOT_ENTRY(e) + sizeof(uint32_t);
			if ((len < 255 || v->len[entry_id(v, SLOT_ENTRY(e))] == len) &&
			    memcmp(t, s, len) == 0)
				return i;
		}
		i = (i + 1) & mask;
	}
}

int64_t nc_vocab_find(const nc_vocab *v, const char *s, size_t len)
{
	return nc_vocab_find_hashed(v, s, len, hash_bytes(s, len));
}

uint64_t nc_vocab_hash(const char *s, size_t len)
{
	return hash_bytes(s, len);
}

int64_t nc_vocab_find_hashed(const nc_vocab *v, const char *s, size_t len, uint64_t h)
{
	uint64_t e = v->slots[probe(v, s, len, h)];
	return e == EMPTY ? -1 : (int64_t)entry_id(v, SLOT_ENTRY(e));
}

void nc_vocab_prefetch(const nc_vocab *v, uint64_t h, int stage)
{
#if defined(__GNUC__)
	const uint64_t *slot = &v->slots[(size_t)h & (v->nslots - 1)];
	if (stage == 0) {
		__builtin_prefetch(slot);
	} else if (*slot != EMPTY && (uint32_t)(*slot >> 40) == (uint32_t)TAG(h)) {
		__builtin_prefetch(v->arena + SLOT_ENTRY(*slot));
	}
#else
	(void)v;
	(void)h;
	(void)stage;
#endif
}

static int rehash_to(nc_vocab *v, size_t nslots)
{
	size_t i;
	uint64_t *slots;
	if (nslots > ((size_t)1 << 31))
		return -1;
	slots = nc_malloc(nslots * sizeof *slots);
	if (!slots)
		return -1;
	memset(slots, 0xFF, nslots * sizeof *slots);
	for (i = 0; i < v->n; i++) {
		uint64_t h = hash_bytes(term_at(v, (uint32_t)i), v->len[i]);
		size_t j = (size_t)h & (nslots - 1);
		while (slots[j] != EMPTY)
			j = (j + 1) & (nslots - 1);
		slots[j] = SLOT(h, v->len[i], v->off[i] - sizeof(uint32_t));
	}
	nc_free(v->slots);
	v->slots = slots;
	v->nslots = nslots;
	return 0;
}

static int rehash(nc_vocab *v)
{
	return rehash_to(v, v->nslots * 2);
}

int nc_vocab_reserve(nc_vocab *v, size_t n)
{
	size_t nslots = v->nslots, cap = v->cap_ids, cap2 = v->cap_ids;
	if (n >= ((size_t)1 << 30))
		return nc_error(NC_ELIMIT, "vocabulary too large");
	while (n * 2 > nslots)
		nslots *= 2;
	if (nslots != v->nslots && rehash_to(v, nslots))
		return nc_error_oom();
	if (n > v->cap_ids) {
		if (nc_grow((void **)&v->off, &cap, n, sizeof *v->off) ||
		    nc_grow((void **)&v->len, &cap2, n, sizeof *v->len))
			return nc_error_oom();
		v->cap_ids = cap < cap2 ? cap : cap2;
	}
	return 0;
}

int nc_vocab_intern(nc_vocab *v, const char *s, size_t len, uint32_t *id)
{
	return nc_vocab_intern_hashed(v, s, len, hash_bytes(s, len), id);
}

int nc_vocab_intern_hashed(nc_vocab *v, const char *s, size_t len, uint64_t h,
			   uint32_t *id)
{
	size_t slot = probe(v, s, len, h), entry = v->arena_len, need;
	uint32_t newid = (uint32_t)v->n;

	if (v->slots[slot] != EMPTY) {
		*id = entry_id(v, SLOT_ENTRY(v->slots[slot]));
		return 0;
	}
	need = entry + sizeof newid + len + 1;
	if (v->n >= ((size_t)1 << 30) || len >= UINT32_MAX || need > ARENA_MAX)
		return nc_error(NC_ELIMIT, "vocabulary too large");
	if (nc_grow((void **)&v->arena, &v->arena_cap, need, 1))
		return nc_error_oom();
	if (v->n + 1 > v->cap_ids) {
		size_t cap = v->cap_ids, cap2 = v->cap_ids;
		if (nc_grow((void **)&v->off, &cap, v->n + 1, sizeof *v->off) ||
		    nc_grow((void **)&v->len, &cap2, v->n + 1, sizeof *v->len))
			return nc_error_oom();
		v->cap_ids = cap < cap2 ? cap : cap2;
	}
	memcpy(v->arena + entry, &newid, sizeof newid);
	memcpy(v->arena + entry + sizeof newid, s, len);
	v->arena[need - 1] = '\0';
	v->off[v->n] = (uint32_t)(entry + sizeof newid);
	v->len[v->n] = (uint32_t)len;
	v->arena_len = need;
	v->slots[slot] = SLOT(h, len, entry);
	*id = newid;
	v->n++;
	if (v->n * 2 > v->nslots && rehash(v)) {
		/* the term is in: the table is just fuller than we like */
		if (v->n + 1 >= v->nslots) {
			v->slots[slot] = EMPTY;
			v->n--;
			v->arena_len = entry;
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
