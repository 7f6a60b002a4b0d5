/*
 * tfidf.c - fitting the vectorizer and featurizing documents.
 *
 * Training keeps each document's raw term ids (in a compressed row layout)
 * so the text is tokenized once; prediction uses a dense count array the
 * size of the vocabulary plus a list of touched entries, so the cost per
 * document is proportional to its length and memory never grows with it.
 */
#include "tfidf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

/* ---- weighting ------------------------------------------------------ */

/* Divide by the L2 norm, given the sum of squares (an empty or all-zero
 * vector stays as it is). */
static void unit_length(nc_svec *x, double sumsq)
{
	size_t i;
	if (sumsq > 0.0) {
		double norm = sqrt(sumsq);
		for (i = 0; i < x->n; i++)
			x->val[i] /= norm;
	}
}

void nc_tfidf_weight(nc_svec *x, const double *idf, int sublinear)
{
	double sumsq = 0.0;
	size_t i;
	for (i = 0; i < x->n; i++) {
		/* a count of 1 is the common case: 1 + log(1) is exactly 1 */
		double tf = !sublinear || x->val[i] == 1.0 ? x->val[i] : 1.0 + log(x->val[i]);
		x->val[i] = tf * idf[x->idx[i]];
		sumsq += x->val[i] * x->val[i];
	}
	unit_length(x, sumsq);
}

void nc_tfidf_select(nc_svec *x, const uint32_t *remap)
{
	size_t i, n = 0;
	double sumsq = 0.0;
	for (i = 0; i < x->n; i++) {
		if (remap[x->idx[i]] == UINT32_MAX)
			continue;
		x->idx[n] = remap[x->idx[i]];
		x->val[n] = x->val[i];
		sumsq += x->val[n] * x->val[n];
		n++;
	}
	x->n = n;
	unit_length(x, sumsq);
}

/* Sort term ids ascending: once per document in fitting and in every
 * prediction, where qsort's comparison callback cost more than the rest
 * of turning the counts into a vector. Quicksort (median of three, the
 * smaller side first, so the stack stays O(log n)) with insertion sort
 * for short runs. */
static void sort_ids(uint32_t *a, size_t n)
{
	while (n > 16) {
		uint32_t x = a[0], y = a[n / 2], z = a[n - 1], p, t;
		size_t i = 0, j = n - 1;
		p = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
		for (;;) { /* Hoare: a[..i) <= p <= a(j..] */
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i >= j)
				break;
			t = a[i];
			a[i++] = a[j];
			a[j--] = t;
		}
		/* [0, j] and [j + 1, n) */
		if (j + 1 < n - j - 1) {
			sort_ids(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			sort_ids(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint32_t v = a[i];
		size_t k = i;
		for (; k > 0 && a[k - 1] > v; k--)
			a[k] = a[k - 1];
		a[k] = v;
	}
}

/* ---- the title weight, the same rule in fitting and featurizing ------- */

/* How many times the token now coming out of `tok` counts: the title
 * weight in the document's first paragraph, else 1 (and *saw_body set). */
static uint32_t token_weight(const nc_tokenizer *tok, int title_weight, int *saw_body)
{
	if (title_weight <= 1)
		return 1;
	if (nc_tokenizer_paragraph(tok)) {
		*saw_body = 1;
		return 1;
	}
	return (uint32_t)title_weight;
}

/* What a document's counts are divided by at its end: a document that is
 * all title has no body to weigh it against and counts unweighted. */
static uint32_t title_divisor(int title_weight, int saw_body)
{
	return !saw_body && title_weight > 1 ? (uint32_t)title_weight : 1;
}

/* ---- fitting ---------------------------------------------------------- */

struct fit_ctx {
	nc_vocab *full;
	const nc_tokenizer *tok;
	int title_weight;
	int saw_body;  /* a token after the first paragraph */
	uint32_t *ids; /* term ids of the current document, with repeats */
	size_t nids, capids;
};

static int fit_token(void *vctx, const char *tok, size_t len)
{
	struct fit_ctx *c = vctx;
	uint32_t id, k, w;
	int rc = nc_vocab_intern(c->full, tok, len, &id);
	if (rc)
		return rc;
	w = token_weight(c->tok, c->title_weight, &c->saw_body); /* w repeats */
	if (nc_grow((void **)&c->ids, &c->capids, c->nids + w, sizeof *c->ids))
		return nc_error_oom();
	for (k = 0; k < w; k++)
		c->ids[c->nids++] = id;
	return 0;
}

struct term_rank {
	const char *term;
	uint32_t old;
	uint32_t df;
};

static int cmp_term(const void *a, const void *b)
{
	return strcmp(((const struct term_rank *)a)->term,
		      ((const struct term_rank *)b)->term);
}

static int cmp_df_desc(const void *a, const void *b)
{
	const struct term_rank *x = a, *y = b;
	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return strcmp(x->term, y->term);
}

double nc_idf(size_t n, uint32_t df)
{
	return log((1.0 + (double)n) / (1.0 + (double)df)) + 1.0;
}

void nc_vectorizer_release(nc_vectorizer *v)
{
	nc_vocab_free(v->vocab);
	nc_free(v->idf);
	nc_free(v->df);
	v->vocab = NULL;
	v->idf = NULL;
	v->df = NULL;
}

int nc_vectorizer_select(nc_vectorizer *v, const unsigned char *keep,
			 uint32_t *remap)
{
	size_t nf = nc_vectorizer_size(v), j, k = 0;
	nc_vocab *voc = NULL;
	double *idf = NULL;
	uint32_t *df = NULL;
	int rc;

	for (j = 0; j < nf; j++)
		k += keep[j] != 0;
	if ((rc = nc_vocab_new(&voc)))
		return rc;
	if ((rc = nc_vocab_reserve(voc, k))) {
		nc_vocab_free(voc);
		return rc;
	}
	idf = nc_malloc((k ? k : 1) * sizeof *idf);
	df = v->df ? nc_malloc((k ? k : 1) * sizeof *df) : NULL;
	if (!idf || (v->df && !df)) {
		rc = nc_error_oom();
		goto fail;
	}
	/* ids are in byte order of the terms, so the kept ones stay sorted */
	for (j = 0; j < nf; j++) {
		size_t len;
		const char *t;
		uint32_t id;
		remap[j] = UINT32_MAX;
		if (!keep[j])
			continue;
		t = nc_vocab_term(v->vocab, (uint32_t)j, &len);
		if ((rc = nc_vocab_intern(voc, t, len, &id)))
			goto fail;
		remap[j] = id;
		idf[id] = v->idf[j];
		if (df)
			df[id] = v->df[j];
	}
	nc_vectorizer_release(v);
	v->vocab = voc;
	v->idf = idf;
	v->df = df;
	return 0;
fail:
	nc_vocab_free(voc);
	nc_free(idf);
	nc_free(df);
	return rc;
}

/* The tokenizer a vectorizer's settings describe, for fitting and for
 * featurizing alike. */
static int new_tokenizer(nc_tokenizer **out, const nc_vectorizer *v,
			 nc_token_fn fn, void *ctx)
{
	unsigned flags = (v->stop_words ? NC_TOK_STOP_WORDS : 0u) |
			 (v->stem ? NC_TOK_STEM : 0u);
	int rc = nc_tokenizer_new(out, v->ngram_max, flags, fn, ctx);
	if (rc == 0 && (rc = nc_tokenizer_set_char_ngrams(*out, v->char_min, v->char_max))) {
		nc_tokenizer_free(*out);
		*out = NULL;
	}
	return rc;
}

size_t nc_vectorizer_size(const nc_vectorizer *v)
{
	return v->vocab ? nc_vocab_size(v->vocab) : 0;
}

int nc_vectorizer_fit(nc_vectorizer *v, nc_svec *out, const nc_dataset *ds,
		      const nc_train_options *o, nc_progress_fn progress,
		      void *pctx)
{
	struct fit_ctx c = { 0 };
	nc_tokenizer *tok = NULL;
	size_t n = nc_dataset_count(ds), i, j, nterms, nkept = 0;
	uint32_t div;
	size_t *row = NULL;           /* CSR row starts, n + 1 */
	uint32_t *col = NULL, *cnt = NULL, *df = NULL, *remap = NULL;
	size_t ncol = 0, capcol = 0, capcnt = 0;
	struct term_rank *rank = NULL;
	size_t min_count, max_count;
	int rc;

	memset(v, 0, sizeof *v);
	v->ngram_max = o->ngram_max;
	v->stop_words = o->stop_words;
	v->stem = o->stem;
	v->char_min = o->char_ngram_min;
	v->char_max = o->char_ngram_max;
	v->title_weight = o->title_weight;
	v->sublinear_tf = o->sublinear_tf;
	v->min_df = o->min_df;
	v->max_df = o->max_df;
	v->max_features = o->max_features;
	v->docs_fit = n;

	if ((rc = nc_vocab_new(&c.full)) ||
	    (rc = new_tokenizer(&tok, v, fit_token, &c)))
		goto out;
	c.tok = tok;
	c.title_weight = v->title_weight;
	row = nc_malloc((n + 1) * sizeof *row);
	if (!row)
		goto oom;
	row[0] = 0;
	for (i = 0; i < n; i++) {
		size_t len;
		const char *text = nc_dataset_text(ds, i, &len);
		c.nids = 0;
		c.saw_body = 0;
		if ((rc = nc_tokenizer_feed(tok, text, len)) ||
		    (rc = nc_tokenizer_finish(tok)))
			goto out;
		if (c.nids > 1) /* c.ids is NULL before the first token */
			sort_ids(c.ids, c.nids);
		for (j = 0; j < c.nids; j++) {
			if (j > 0 && c.ids[j] == c.ids[j - 1]) {
				cnt[ncol - 1]++;
				continue;
			}
			if (nc_grow((void **)&col, &capcol, ncol + 1, sizeof *col) ||
			    nc_grow((void **)&cnt, &capcnt, ncol + 1, sizeof *cnt))
				goto oom;
			col[ncol] = c.ids[j];
			cnt[ncol++] = 1;
		}
		div = title_divisor(c.title_weight, c.saw_body);
		for (j = row[i]; div > 1 && j < ncol; j++)
			cnt[j] /= div;
		row[i + 1] = ncol;
		if (progress && (i % 256 == 0 || i + 1 == n) &&
		    progress(pctx, i + 1, n)) {
			rc = nc_error(NC_EINVAL, "cancelled");
			goto out;
		}
	}

	nterms = nc_vocab_size(c.full);
	df = nc_calloc(nterms ? nterms : 1, sizeof *df);
	remap = nc_malloc((nterms ? nterms : 1) * sizeof *remap);
	rank = nc_malloc((nterms ? nterms : 1) * sizeof *rank);
	if (!df || !remap || !rank)
		goto oom;
	for (j = 0; j < ncol; j++)
		df[col[j]]++;

	/* a fraction times n is not exact in binary (0.07 * 100 is
	 * 7.000000000000001): allow for that before rounding */
	min_count = o->min_df >= 1.0 ? (size_t)ceil(o->min_df - 1e-9)
				    : (size_t)ceil(o->min_df * (double)n - 1e-9);
	max_count = o->max_df > 1.0 ? (size_t)(o->max_df + 1e-9)
				   : (size_t)floor(o->max_df * (double)n + 1e-9);
	for (j = 0; j < nterms; j++) {
		remap[j] = UINT32_MAX;
		if (df[j] >= min_count && df[j] <= max_count) {
			rank[nkept].term = nc_vocab_term(c.full, (uint32_t)j, NULL);
			rank[nkept].old = (uint32_t)j;
			rank[nkept].df = df[j];
			nkept++;
		}
	}
	if (o->max_features && nkept > o->max_features) {
		qsort(rank, nkept, sizeof *rank, cmp_df_desc);
		nkept = o->max_features;
	}
	if (nkept == 0) {
		rc = nc_error(NC_ETRAIN,
			      "no terms left in the vocabulary (%zu documents, "
			      "%zu distinct terms before min_df/max_df pruning)",
			      n, nterms);
		goto out;
	}
	qsort(rank, nkept, sizeof *rank, cmp_term);

	if ((rc = nc_vocab_new(&v->vocab)))
		goto out;
	v->idf = nc_malloc(nkept * sizeof *v->idf);
	v->df = nc_malloc(nkept * sizeof *v->df);
	if (!v->idf || !v->df)
		goto oom;
	for (j = 0; j < nkept; j++) {
		uint32_t id;
		if ((rc = nc_vocab_intern(v->vocab, rank[j].term,
					  strlen(rank[j].term), &id)))
			goto out;
		remap[rank[j].old] = id;
		v->df[id] = rank[j].df;
		v->idf[id] = nc_idf(n, rank[j].df);
	}

	/* the training vectors, in the final numbering */
	for (i = 0; i < n; i++) {
		nc_svec *x = &out[i];
		if (nc_svec_reserve(x, row[i + 1] - row[i] ? row[i + 1] - row[i] : 1))
			goto oom;
		for (j = row[i]; j < row[i + 1]; j++) {
			if (remap[col[j]] == UINT32_MAX)
				continue;
			x->idx[x->n] = remap[col[j]];
			x->val[x->n++] = cnt[j];
		}
		nc_svec_sort(x);
		nc_tfidf_weight(x, v->idf, v->sublinear_tf);
	}
	rc = 0;
	goto out;
oom:
	rc = nc_error_oom();
out:
	if (rc) {
		for (j = 0; j < n; j++)
			nc_svec_release(&out[j]);
		nc_vectorizer_release(v);
	}
	nc_tokenizer_free(tok);
	nc_vocab_free(c.full);
	nc_free(c.ids);
	nc_free(row);
	nc_free(col);
	nc_free(cnt);
	nc_free(df);
	nc_free(remap);
	nc_free(rank);
	return rc;
}

/* ---- featurizing one document ---------------------------------------- */

/* Tokens are looked up in batches: each token's hash slot is prefetched
 * when it arrives, the term its slot points to when the batch is full, and
 * only then are the lookups done. A large vocabulary does not fit in the
 * cache, and one lookup at a time left every lookup waiting on memory. */
#define BATCH 16
#define TOKEN_MAX (NC_TOK_MAX_NGRAM * (NC_TOK_MAX_BYTES + 1))

struct nc_featurizer {
	const nc_vectorizer *vec;
	nc_tokenizer *tok;
	uint32_t *counts;   /* dense, one per feature (4 bytes: cache) */
	uint32_t *touched;  /* features with a non-zero count */
	size_t ntouched;
	nc_svec out;
	int saw_body; /* a token after the first paragraph (the title) */
	size_t npending;
	struct pending {
		uint64_t hash;
		size_t len;
		uint32_t weight;
		char text[TOKEN_MAX];
	} pending[BATCH];
};

static void count(nc_featurizer *f, int64_t id, uint32_t w)
{
	if (id < 0)
		return;
	if (f->counts[id] == 0)
		f->touched[f->ntouched++] = (uint32_t)id;
	f->counts[id] = f->counts[id] > UINT32_MAX - w ? UINT32_MAX : f->counts[id] + w;
}

static void lookup_pending(nc_featurizer *f)
{
	size_t i;
	for (i = 0; i < f->npending; i++)
		nc_vocab_prefetch(f->vec->vocab, f->pending[i].hash, 1);
	for (i = 0; i < f->npending; i++)
		count(f, nc_vocab_find_hashed(f->vec->vocab, f->pending[i].text,
					      f->pending[i].len, f->pending[i].hash),
		      f->pending[i].weight);
	f->npending = 0;
}

static int feat_token(void *ctx, const char *tok, size_t len)
{
	nc_featurizer *f = ctx;
	struct pending *p;
	uint32_t w = token_weight(f->tok, f->vec->title_weight, &f->saw_body);
	if (len > TOKEN_MAX) { /* the tokenizer never makes one */
		count(f, nc_vocab_find(f->vec->vocab, tok, len), w);
		return 0;
	}
	p = &f->pending[f->npending];
	memcpy(p->text, tok, len);
	p->len = len;
	p->weight = w;
	p->hash = nc_vocab_hash(tok, len);
	nc_vocab_prefetch(f->vec->vocab, p->hash, 0);
	if (++f->npending == BATCH)
		lookup_pending(f);
	return 0;
}

int nc_featurizer_new(nc_featurizer **out, const nc_vectorizer *v)
{
	size_t d = nc_vectorizer_size(v);
	nc_featurizer *f = nc_calloc(1, sizeof *f);
	int rc;

	*out = NULL;
	if (!f)
		return nc_error_oom();
	f->vec = v;
	f->counts = nc_calloc(d ? d : 1, sizeof *f->counts);
	f->touched = nc_malloc((d ? d : 1) * sizeof *f->touched);
	if (!f->counts || !f->touched || nc_svec_reserve(&f->out, d ? d : 1)) {
		nc_featurizer_free(f);
		return nc_error_oom();
	}
	rc = new_tokenizer(&f->tok, v, feat_token, f);
	if (rc) {
		nc_featurizer_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

void nc_featurizer_free(nc_featurizer *f)
{
	if (!f)
		return;
	nc_tokenizer_free(f->tok);
	nc_free(f->counts);
	nc_free(f->touched);
	nc_svec_release(&f->out);
	nc_free(f);
}

void nc_featurizer_reset(nc_featurizer *f)
{
	size_t i;
	for (i = 0; i < f->ntouched; i++)
		f->counts[f->touched[i]] = 0;
	f->ntouched = 0;
	f->npending = 0;
	f->saw_body = 0;
	nc_tokenizer_reset(f->tok);
}

int nc_featurizer_feed(nc_featurizer *f, const char *data, size_t len)
{
	int rc = nc_tokenizer_feed(f->tok, data, len);
	if (rc)
		nc_featurizer_reset(f);
	return rc;
}

int nc_featurizer_finish(nc_featurizer *f, const nc_svec **out)
{
	size_t i;
	uint32_t div;
	int rc = nc_tokenizer_finish(f->tok);
	if (rc) {
		nc_featurizer_reset(f);
		return rc;
	}
	lookup_pending(f);
	sort_ids(f->touched, f->ntouched);
	div = title_divisor(f->vec->title_weight, f->saw_body);
	for (i = 0; i < f->ntouched; i++) {
		f->out.idx[i] = f->touched[i];
		f->out.val[i] = f->counts[f->touched[i]] / div;
	}
	f->out.n = f->ntouched;
	nc_featurizer_reset(f);
	nc_tfidf_weight(&f->out, f->vec->idf, f->vec->sublinear_tf);
	*out = &f->out;
	return 0;
}
