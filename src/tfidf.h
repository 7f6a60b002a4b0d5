/*
 * tfidf.h - vocabulary fitting, idf weights and TF-IDF vectors.
 *
 * Fitting tokenizes every training document once, counts document
 * frequencies, prunes terms (min_df, max_df, max_features), numbers the
 * kept terms in byte order of their text (so ids do not depend on document
 * order) and computes smoothed idf = ln((1 + N) / (1 + df)) + 1. A vector
 * is tf * idf, tf = count or 1 + ln(count), L2-normalised.
 *
 * With a title weight w > 1, each occurrence of a term in a document's
 * first paragraph (its title: nc_tokenizer_paragraph) counts w times,
 * because a news headline names the event its story is about while the
 * body adds background. A document that is all one paragraph has no title
 * to weigh against a body and counts as if w were 1.
 */
#ifndef NC_TFIDF_H
#define NC_TFIDF_H

#include "newsclass.h"
#include "sparse.h"
#include "tokenize.h"
#include "vocab.h"

typedef struct nc_vectorizer {
	int ngram_max;
	int stop_words;
	int stem;
	int char_min, char_max; /* character n-grams; 0, 0 = none */
	int title_weight;       /* first-paragraph terms count this often */
	int sublinear_tf;
	double min_df;
	double max_df;
	size_t max_features;
	size_t docs_fit;
	nc_vocab *vocab; /* feature i = term i */
	double *idf;
	uint32_t *df;    /* document frequencies; NULL in models whose file
			  * stores idf only (format 1) */
} nc_vectorizer;

/* The smoothed idf of a term in df of n documents. Fitting and the compact
 * model format (which stores df, not idf) both use it, so a reloaded idf is
 * bitwise the trained one. */
double nc_idf(size_t n, uint32_t df);

/* Fit on the documents of `ds` and return their vectors in out[0..n),
 * which must be zero-initialised (the caller releases each with
 * nc_svec_release, also after a failure). Options come from `o`. */
int nc_vectorizer_fit(nc_vectorizer *v, nc_svec *out, const nc_dataset *ds,
		      const nc_train_options *o, nc_progress_fn progress,
		      void *pctx);
void nc_vectorizer_release(nc_vectorizer *v);
/* Keep only the features with keep[j] != 0, in their order. remap[j]
 * receives the new number of feature j, or UINT32_MAX when it is dropped.
 * On failure v is unchanged. */
int nc_vectorizer_select(nc_vectorizer *v, const unsigned char *keep,
			 uint32_t *remap);
size_t nc_vectorizer_size(const nc_vectorizer *v);

/* Turns one document (fed in pieces) into its TF-IDF vector. */
typedef struct nc_featurizer nc_featurizer;

int nc_featurizer_new(nc_featurizer **out, const nc_vectorizer *v);
void nc_featurizer_free(nc_featurizer *f);
void nc_featurizer_reset(nc_featurizer *f);
int nc_featurizer_feed(nc_featurizer *f, const char *data, size_t len);
/* End the document: its vector into *out (owned by f, valid until the
 * next call), then reset for the next document. */
int nc_featurizer_finish(nc_featurizer *f, const nc_svec **out);

/* L2-normalise tf*idf values in place (shared by fit and featurizer). */
void nc_tfidf_weight(nc_svec *x, const double *idf, int sublinear);
/* A training vector after nc_vectorizer_select: drop the removed features,
 * renumber the others and L2-normalise again (what the featurizer of the
 * smaller vocabulary gives, up to rounding). No allocation. */
void nc_tfidf_select(nc_svec *x, const uint32_t *remap);

#endif
