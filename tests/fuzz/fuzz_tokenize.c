/*
 * fuzz_tokenize.c - any bytes through the tokenizer, fed whole and in two
 * pieces split at a data-chosen point: both must give the same tokens
 * (splitting a UTF-8 sequence between feeds must not change anything),
 * and no token may exceed the documented maximum length. Half the inputs
 * also get character n-grams of a data-chosen range. Each token's
 * paragraph (0 for the title, then 1 for good) is part of what must agree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sink {
	uint64_t hash;
	size_t count;
	const nc_tokenizer *t;
	int para;
};

static int collect(void *ctx, const char *tok, size_t len)
{
	struct sink *s = ctx;
	size_t i;
	int para;
	if (len == 0 || len > NC_TOK_MAX_NGRAM * (NC_TOK_MAX_BYTES + 1))
		abort();
	for (i = 0; i < len; i++)
		s->hash = (s->hash ^ (unsigned char)tok[i]) * 1099511628211ULL;
	para = nc_tokenizer_paragraph(s->t);
	if (para < s->para || para > 1) /* the title ends once, for good */
		abort();
	s->para = para;
	s->hash = (s->hash ^ (0xFFu - (unsigned)para)) * 1099511628211ULL;
	s->count++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sink a = { 1469598103934665603ULL, 0, NULL, 0 }, b = a;
	nc_tokenizer *ta = NULL, *tb = NULL;
	int ngram = size ? 1 + data[0] % 3 : 2;
	/* stop words always; stemming on for half the inputs, character
	 * n-grams (1..6 long) for half */
	unsigned flags = NC_TOK_STOP_WORDS | (size && data[0] & 4 ? NC_TOK_STEM : 0u);
	int cmin = size && data[0] & 8 ? 1 + (data[0] >> 4) % 6 : 0;
	int cmax = cmin ? cmin + (data[0] >> 5) % (7 - cmin) : 0;
	size_t cut = size ? data[size - 1] % (size + 1) : 0;

	if (nc_tokenizer_new(&ta, ngram, flags, collect, &a) ||
	    nc_tokenizer_new(&tb, ngram, flags, collect, &b))
		goto out;
	a.t = ta;
	b.t = tb;
	if (nc_tokenizer_set_char_ngrams(ta, cmin, cmax) ||
	    nc_tokenizer_set_char_ngrams(tb, cmin, cmax))
		abort(); /* the range is always a valid one */
	nc_tokenizer_feed(ta, (const char *)data, size);
	nc_tokenizer_finish(ta);
	nc_tokenizer_feed(tb, (const char *)data, cut);
	nc_tokenizer_feed(tb, (const char *)data + cut, size - cut);
	nc_tokenizer_finish(tb);
	if (a.hash != b.hash || a.count != b.count)
		abort();
out:
	nc_tokenizer_free(ta);
	nc_tokenizer_free(tb);
	return 0;
}
