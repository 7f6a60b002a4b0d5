/*
 * test_tfidf.c - vocabulary fitting, idf weights and TF-IDF vectors
 * (src/tfidf.c), with the numbers worked out by hand.
 *
 * The three documents used throughout (ngram_max 1, no stop words):
 *
 *   D0 "apple banana apple"         apple x2, banana x1
 *   D1 "banana cherry"              banana x1, cherry x1
 *   D2 "cherry cherry cherry date"  cherry x3, date x1
 *
 * Vocabulary (byte order): apple=0 banana=1 cherry=2 date=3.
 * N = 3; df: apple 1, banana 2, cherry 2, date 1.
 * idf = ln((1+N)/(1+df)) + 1:
 *   df 1: ln(4/2) + 1 = 1.6931471805599454
 *   df 2: ln(4/3) + 1 = 1.2876820724517808
 * Raw tf*idf, then L2 normalisation:
 *   D0: (2*1.69315, 1*1.28768) = (3.38629, 1.28768), norm 3.62287
 *       -> apple 0.9347019636214327, banana 0.35543246785041743
 *   D1: (1.28768, 1.28768) -> 1/sqrt(2) each = 0.7071067811865476
 *   D2: (3*1.28768, 1*1.69315) = (3.86305, 1.69315), norm 4.21780
 *       -> cherry 0.9158903319694655, date 0.40142857372745955
 * Sublinear tf = 1 + ln(count):
 *   D0: apple (1+ln 2)*1.69315 = 2.86674, banana 1.28768
 *       -> 0.9122016295971542, 0.4097416099937816
 *   D2: cherry (1+ln 3)*1.28768 = 2.70233, date 1.69315
 *       -> 0.8474084852202652, 0.5309414837594586
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsclass.h"
#include "tfidf.h"

#define TOL 1e-12

static nc_dataset *make_ds(const char *const *texts, size_t n)
{
	nc_dataset *ds = NULL;
	size_t i;
	assert_int_equal(nc_dataset_new(&ds), 0);
	for (i = 0; i < n; i++) {
		static const char *const lab[] = { "x" };
		assert_int_equal(nc_dataset_add(ds, NULL, texts[i], strlen(texts[i]), lab, 1), 0);
	}
	assert_int_equal(nc_dataset_count(ds), n);
	return ds;
}

static const char *const fruit[] = {
	"apple banana apple",
	"banana cherry",
	"cherry cherry cherry date",
};

static nc_train_options plain_options(void)
{
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	o.ngram_max = 1;
	o.stop_words = 0;
	o.sublinear_tf = 0;
	o.min_df = 1;
	o.max_df = 1.0;
	o.max_features = 0;
	return o;
}

typedef struct fitted {
	nc_dataset *ds;
	nc_vectorizer v;
	nc_svec *x;
	size_t n;
} fitted;

static int fit(fitted *f, const char *const *texts, size_t n, const nc_train_options *o)
{
	int rc;
	memset(f, 0, sizeof *f);
	f->ds = make_ds(texts, n);
	f->n = n;
	f->x = calloc(n, sizeof *f->x);
	assert_non_null(f->x);
	rc = nc_vectorizer_fit(&f->v, f->x, f->ds, o, NULL, NULL);
	return rc;
}

static void fitted_release(fitted *f)
{
	size_t i;
	for (i = 0; i < f->n; i++)
		nc_svec_release(&f->x[i]);
	free(f->x);
	nc_vectorizer_release(&f->v);
	nc_dataset_free(f->ds);
}

static const char *term(const fitted *f, size_t i)
{
	return nc_vocab_term(f->v.vocab, (uint32_t)i, NULL);
}

/* vector entry check: x has index idx at position k with value val */
static void expect_entry(const nc_svec *x, size_t k, uint32_t idx, double val)
{
	assert_true(k < x->n);
	assert_int_equal(x->idx[k], idx);
	if (fabs(x->val[k] - val) > TOL)
		fprintf(stderr, "entry %zu: %.17g, expected %.17g\n", k, x->val[k], val);
	assert_true(fabs(x->val[k] - val) <= TOL);
}

static void test_idf_and_vectors_by_hand(void **state)
{
	nc_train_options o = plain_options();
	fitted f;
	(void)state;

	assert_int_equal(fit(&f, fruit, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 4);
	assert_int_equal(f.v.docs_fit, 3);
	assert_string_equal(term(&f, 0), "apple");
	assert_string_equal(term(&f, 1), "banana");
	assert_string_equal(term(&f, 2), "cherry");
	assert_string_equal(term(&f, 3), "date");

	assert_true(fabs(f.v.idf[0] - 1.6931471805599454) <= TOL);
	assert_true(fabs(f.v.idf[1] - 1.2876820724517808) <= TOL);
	assert_true(fabs(f.v.idf[2] - 1.2876820724517808) <= TOL);
	assert_true(fabs(f.v.idf[3] - 1.6931471805599454) <= TOL);
	/* the same from the formula */
	assert_true(fabs(f.v.idf[0] - (log(4.0 / 2.0) + 1.0)) <= TOL);
	assert_true(fabs(f.v.idf[1] - (log(4.0 / 3.0) + 1.0)) <= TOL);

	assert_int_equal(f.x[0].n, 2);
	expect_entry(&f.x[0], 0, 0, 0.9347019636214327);
	expect_entry(&f.x[0], 1, 1, 0.35543246785041743);
	assert_int_equal(f.x[1].n, 2);
	expect_entry(&f.x[1], 0, 1, 0.7071067811865476);
	expect_entry(&f.x[1], 1, 2, 0.7071067811865476);
	assert_int_equal(f.x[2].n, 2);
	expect_entry(&f.x[2], 0, 2, 0.9158903319694655);
	expect_entry(&f.x[2], 1, 3, 0.40142857372745955);
	fitted_release(&f);
}

static void test_vectors_are_unit_length_and_sorted(void **state)
{
	static const char *const docs[] = {
		"zebra crossing near the zebra market and the apple store",
		"markets rallied as zebra stocks and apple shares rose",
		"\xC3\x89mile bought 5G phones for 2,500 euros",
	};
	nc_train_options o = NC_TRAIN_OPTIONS_INIT; /* defaults: bigrams, stop words */
	fitted f;
	size_t i, k;
	(void)state;

	o.min_df = 1;
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	for (i = 0; i < 3; i++) {
		double s = 0;
		assert_true(f.x[i].n > 0);
		for (k = 0; k < f.x[i].n; k++) {
			s += f.x[i].val[k] * f.x[i].val[k];
			assert_true(f.x[i].val[k] > 0);
			if (k)
				assert_true(f.x[i].idx[k - 1] < f.x[i].idx[k]);
			assert_true(f.x[i].idx[k] < nc_vectorizer_size(&f.v));
		}
		assert_true(fabs(s - 1.0) <= 1e-12);
	}
	fitted_release(&f);
}

static void test_vocabulary_sorted_by_bytes(void **state)
{
	/* interned in the order zebra, émile, apple, 5g, <num>, ... */
	static const char *const docs[] = {
		"zebra \xC3\x89mile apple",
		"5G 2,500 zebra Apple",
	};
	nc_train_options o = plain_options();
	fitted f;
	size_t i, n;
	(void)state;

	assert_int_equal(fit(&f, docs, 2, &o), 0);
	n = nc_vectorizer_size(&f.v);
	assert_int_equal(n, 5);
	/* strcmp order: '5' 0x35 < '<' 0x3C < 'a' < 'z' < 0xC3 */
	assert_string_equal(term(&f, 0), "5g");
	assert_string_equal(term(&f, 1), "<num>");
	assert_string_equal(term(&f, 2), "apple");
	assert_string_equal(term(&f, 3), "zebra");
	assert_string_equal(term(&f, 4), "\xC3\xA9mile");
	for (i = 1; i < n; i++)
		assert_true(strcmp(term(&f, i - 1), term(&f, i)) < 0);
	/* ids do not depend on document order */
	{
		static const char *const rev[] = {
			"5G 2,500 zebra Apple",
			"zebra \xC3\x89mile apple",
		};
		fitted g;
		assert_int_equal(fit(&g, rev, 2, &o), 0);
		assert_int_equal(nc_vectorizer_size(&g.v), n);
		for (i = 0; i < n; i++) {
			assert_string_equal(term(&g, i), term(&f, i));
			assert_true(g.v.idf[i] == f.v.idf[i]);
		}
		fitted_release(&g);
	}
	fitted_release(&f);
}

static void test_min_df_drops_singletons(void **state)
{
	nc_train_options o = plain_options();
	fitted f;
	(void)state;

	o.min_df = 2;
	assert_int_equal(fit(&f, fruit, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 2);
	assert_string_equal(term(&f, 0), "banana");
	assert_string_equal(term(&f, 1), "cherry");
	/* idf still uses N = 3 and the terms' own df */
	assert_true(fabs(f.v.idf[0] - 1.2876820724517808) <= TOL);
	/* D0 keeps only banana, D2 only cherry: both unit vectors */
	assert_int_equal(f.x[0].n, 1);
	expect_entry(&f.x[0], 0, 0, 1.0);
	assert_int_equal(f.x[1].n, 2);
	expect_entry(&f.x[1], 0, 0, 0.7071067811865476);
	expect_entry(&f.x[1], 1, 1, 0.7071067811865476);
	assert_int_equal(f.x[2].n, 1);
	expect_entry(&f.x[2], 0, 1, 1.0);
	fitted_release(&f);

	/* a fraction: ceil(0.5 * 3) = 2 documents, the same result */
	o.min_df = 0.5;
	assert_int_equal(fit(&f, fruit, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 2);
	assert_string_equal(term(&f, 0), "banana");
	assert_string_equal(term(&f, 1), "cherry");
	fitted_release(&f);
}

static void test_max_df_drops_ubiquitous(void **state)
{
	static const char *const docs[] = {
		"fruit apple banana apple",
		"fruit banana cherry",
		"fruit cherry cherry cherry date",
	};
	nc_train_options o = plain_options();
	fitted f;
	(void)state;

	/* max_df 1.0 keeps "fruit" (df 3) with idf ln(4/4) + 1 = 1 */
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 5);
	assert_string_equal(term(&f, 4), "fruit");
	assert_true(fabs(f.v.idf[4] - 1.0) <= TOL);
	fitted_release(&f);

	/* 0.9: terms in more than 2.7 documents go; the rest is as before */
	o.max_df = 0.9;
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 4);
	assert_string_equal(term(&f, 0), "apple");
	assert_string_equal(term(&f, 3), "date");
	assert_int_equal(nc_vocab_find(f.v.vocab, "fruit", 5), -1);
	expect_entry(&f.x[0], 0, 0, 0.9347019636214327);
	expect_entry(&f.x[0], 1, 1, 0.35543246785041743);
	fitted_release(&f);

	/* 0.5: only terms in at most 1.5 documents: apple and date */
	o.max_df = 0.5;
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 2);
	assert_string_equal(term(&f, 0), "apple");
	assert_string_equal(term(&f, 1), "date");
	assert_int_equal(f.x[1].n, 0); /* D1 has neither */
	fitted_release(&f);
}

/* 100 documents: "seven" is in exactly 7 of them, "twentynine" in 29 */
static void fit_hundred(fitted *f, const nc_train_options *o)
{
	static char buf[100][64];
	const char *docs[100];
	size_t i;
	for (i = 0; i < 100; i++) {
		snprintf(buf[i], sizeof buf[i], "doc%03zu%s%s", i, i < 7 ? " seven" : "",
			 i < 29 ? " twentynine" : "");
		docs[i] = buf[i];
	}
	assert_int_equal(fit(f, docs, 100, o), 0);
}

/* The fit of the boundary tests, released by their teardown even when an
 * assertion ends the test early. */
static fitted F;

static int release_F(void **state)
{
	(void)state;
	if (F.ds)
		fitted_release(&F);
	memset(&F, 0, sizeof F);
	return 0;
}

/* min_df 0.07 keeps terms in at least 7% of the documents: a term in
 * exactly 7 of 100 documents is kept (0.07 * 100 is 7.000000000000001 in
 * floating point, which must not round up to 8). */
static void test_min_df_fraction_boundary(void **state)
{
	nc_train_options o = plain_options();
	(void)state;

	o.min_df = 0.08; /* sanity: a term in 7% goes */
	fit_hundred(&F, &o);
	assert_int_equal(nc_vocab_find(F.v.vocab, "seven", 5), -1);
	assert_true(nc_vocab_find(F.v.vocab, "twentynine", 10) >= 0);
	release_F(NULL);

	o.min_df = 0.07;
	fit_hundred(&F, &o);
	assert_int_equal(nc_vocab_find(F.v.vocab, "doc000", 6), -1);
	if (nc_vocab_find(F.v.vocab, "seven", 5) < 0)
		fprintf(stderr, "min_df 0.07 dropped a term in 7 of 100 documents\n");
	assert_true(nc_vocab_find(F.v.vocab, "seven", 5) >= 0);
}

/* max_df 0.29 drops terms in more than 29% of the documents: a term in
 * exactly 29 of 100 is kept (0.29 * 100 is 28.999999999999996). */
static void test_max_df_fraction_boundary(void **state)
{
	nc_train_options o = plain_options();
	(void)state;

	o.max_df = 0.28; /* sanity: a term in 29% goes */
	fit_hundred(&F, &o);
	assert_int_equal(nc_vocab_find(F.v.vocab, "twentynine", 10), -1);
	assert_true(nc_vocab_find(F.v.vocab, "seven", 5) >= 0);
	release_F(NULL);

	o.max_df = 0.29;
	fit_hundred(&F, &o);
	if (nc_vocab_find(F.v.vocab, "twentynine", 10) < 0)
		fprintf(stderr, "max_df 0.29 dropped a term in 29 of 100 documents\n");
	assert_true(nc_vocab_find(F.v.vocab, "twentynine", 10) >= 0);
}

static void test_max_features_keeps_most_frequent(void **state)
{
	/* df (= total count here): kiwi 3, mango 2, zebra 1, apple 1 */
	static const char *const docs[] = {
		"kiwi mango zebra",
		"kiwi mango",
		"kiwi apple",
	};
	nc_train_options o = plain_options();
	fitted f;
	(void)state;

	o.max_features = 1;
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 1);
	assert_string_equal(term(&f, 0), "kiwi");
	fitted_release(&f);

	o.max_features = 2;
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 2);
	assert_string_equal(term(&f, 0), "kiwi");
	assert_string_equal(term(&f, 1), "mango");
	fitted_release(&f);

	/* the third place is a tie (zebra, apple): broken by term, apple wins;
	 * the kept terms are then numbered in byte order */
	o.max_features = 3;
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 3);
	assert_string_equal(term(&f, 0), "apple");
	assert_string_equal(term(&f, 1), "kiwi");
	assert_string_equal(term(&f, 2), "mango");
	assert_int_equal(nc_vocab_find(f.v.vocab, "zebra", 5), -1);
	fitted_release(&f);

	/* a limit above the vocabulary size changes nothing */
	o.max_features = 100;
	assert_int_equal(fit(&f, docs, 3, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), 4);
	fitted_release(&f);
}

static void test_sublinear_tf(void **state)
{
	nc_train_options o = plain_options();
	fitted f;
	(void)state;

	o.sublinear_tf = 1;
	assert_int_equal(fit(&f, fruit, 3, &o), 0);
	expect_entry(&f.x[0], 0, 0, 0.9122016295971542);
	expect_entry(&f.x[0], 1, 1, 0.4097416099937816);
	expect_entry(&f.x[1], 0, 1, 0.7071067811865476); /* counts of 1: unchanged */
	expect_entry(&f.x[2], 0, 2, 0.8474084852202652);
	expect_entry(&f.x[2], 1, 3, 0.5309414837594586);
	/* the same from the formula 1 + ln(count) */
	{
		double a = (1.0 + log(3.0)) * (log(4.0 / 3.0) + 1.0);
		double b = log(2.0) + 1.0;
		assert_true(fabs(f.x[2].val[0] - a / sqrt(a * a + b * b)) <= TOL);
	}
	fitted_release(&f);
}

static void expect_same_vector(const nc_svec *a, const nc_svec *b)
{
	size_t k;
	assert_int_equal(a->n, b->n);
	for (k = 0; k < a->n; k++) {
		assert_int_equal(a->idx[k], b->idx[k]);
		assert_true(fabs(a->val[k] - b->val[k]) <= 1e-15);
	}
}

/* Feed `t` to fz in pieces of `piece` bytes (0 = whole): its vector must
 * be `want`. */
static void expect_featurized(nc_featurizer *fz, const char *t, size_t piece,
			      const nc_svec *want)
{
	const nc_svec *out;
	size_t len = strlen(t), off, n;
	if (piece == 0)
		piece = len ? len : 1;
	for (off = 0; off < len; off += n) {
		n = len - off < piece ? len - off : piece;
		assert_int_equal(nc_featurizer_feed(fz, t + off, n), 0);
	}
	assert_int_equal(nc_featurizer_finish(fz, &out), 0);
	expect_same_vector(out, want);
}

/* nc_featurizer_reset drops the partial document `partial`: `t` then
 * gives `want` as if nothing came before. */
static void expect_reset_drops(nc_featurizer *fz, const char *partial, const char *t,
			       const nc_svec *want)
{
	assert_int_equal(nc_featurizer_feed(fz, partial, strlen(partial)), 0);
	nc_featurizer_reset(fz);
	expect_featurized(fz, t, 0, want);
}

static void test_featurizer_reproduces_training_vectors(void **state)
{
	static const char *const docs[] = {
		"Chip exports to Korea's partners rose 2,500 units in the quarter.",
		"Post-quantum cryptography standards were approved by the agency.",
		"Korea's chip makers approved new export controls on cryptography.",
		"The quarter saw units of chip exports fall; partners were worried.",
	};
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	nc_featurizer *fz = NULL;
	fitted f;
	size_t i;
	(void)state;

	o.ngram_max = 3;
	o.sublinear_tf = 1;
	assert_int_equal(fit(&f, docs, 4, &o), 0);
	assert_int_equal(nc_featurizer_new(&fz, &f.v), 0);
	assert_non_null(fz);
	for (i = 0; i < 4; i++) {
		assert_true(f.x[i].n > 3);
		expect_featurized(fz, docs[i], 0, &f.x[i]);
		expect_featurized(fz, docs[i], 3, &f.x[i]);
	}
	expect_reset_drops(fz, "cryptography agency", docs[0], &f.x[0]);
	nc_featurizer_free(fz);
	fitted_release(&f);
}

/* A title weight w counts each title term w times: the vectors equal
 * those of unweighted texts with the title written out w times, and a
 * document of one paragraph (no body) is not weighted at all. */
static void test_title_weight(void **state)
{
	static const char *const docs[] = {
		"Apple banana\n\nbanana cherry",
		"cherry\n \ncherry date",
		"apple banana cherry",
		"date\n\n",
	};
	static const char *const written_out[] = {
		"apple banana apple banana apple banana banana cherry",
		"cherry cherry cherry cherry date",
		"apple banana cherry",
		"date",
	};
	nc_train_options o = plain_options();
	nc_featurizer *fz = NULL;
	fitted f, g;
	size_t i;
	(void)state;

	o.title_weight = 3;
	assert_int_equal(fit(&f, docs, 4, &o), 0);
	assert_int_equal(f.v.title_weight, 3);
	o.title_weight = 1;
	assert_int_equal(fit(&g, written_out, 4, &o), 0);
	assert_int_equal(nc_vectorizer_size(&f.v), nc_vectorizer_size(&g.v));
	for (i = 0; i < 4; i++)
		expect_same_vector(&f.x[i], &g.x[i]);
	/* by hand: apple and banana are in 2 of 4 documents, cherry in 3 */
	{
		double a = 3.0 * (log(5.0 / 3.0) + 1.0), b = 4.0 * (log(5.0 / 3.0) + 1.0);
		double c = 1.0 * (log(5.0 / 4.0) + 1.0);
		double norm = sqrt(a * a + b * b + c * c);
		expect_entry(&f.x[0], 0, 0, a / norm);
		expect_entry(&f.x[0], 1, 1, b / norm);
		expect_entry(&f.x[0], 2, 2, c / norm);
	}
	/* prediction weighs the title the same way, however the text comes */
	assert_int_equal(nc_featurizer_new(&fz, &f.v), 0);
	for (i = 0; i < 4; i++) {
		expect_featurized(fz, docs[i], 0, &f.x[i]);
		expect_featurized(fz, docs[i], 1, &f.x[i]);
	}
	/* a partial document's title state does not leak into the next */
	expect_reset_drops(fz, "x\n\ny ", docs[2], &f.x[2]);
	nc_featurizer_free(fz);
	fitted_release(&f);
	fitted_release(&g);
}

static void test_unknown_words_give_empty_vector(void **state)
{
	nc_train_options o = plain_options();
	nc_featurizer *fz = NULL;
	const nc_svec *out;
	fitted f;
	(void)state;

	assert_int_equal(fit(&f, fruit, 3, &o), 0);
	assert_int_equal(nc_featurizer_new(&fz, &f.v), 0);
	assert_int_equal(nc_featurizer_feed(fz, "quantum zebra\xFF kiwi", 19), 0);
	assert_int_equal(nc_featurizer_finish(fz, &out), 0);
	assert_int_equal(out->n, 0);
	/* an empty document too */
	assert_int_equal(nc_featurizer_finish(fz, &out), 0);
	assert_int_equal(out->n, 0);
	/* and the featurizer still works afterwards: "date cherry" */
	assert_int_equal(nc_featurizer_feed(fz, "Date, cherry!", 13), 0);
	assert_int_equal(nc_featurizer_finish(fz, &out), 0);
	/* idf 1.28768 (cherry) and 1.69315 (date), normalised */
	{
		double c = log(4.0 / 3.0) + 1.0, d = log(2.0) + 1.0, nrm = sqrt(c * c + d * d);
		assert_int_equal(out->n, 2);
		expect_entry(out, 0, 2, c / nrm);
		expect_entry(out, 1, 3, d / nrm);
	}
	nc_featurizer_free(fz);
	fitted_release(&f);
}

static void test_bigram_features(void **state)
{
	static const char *const docs[] = {
		"export controls tightened",
		"export controls eased",
	};
	nc_train_options o = plain_options();
	fitted f;
	(void)state;

	o.ngram_max = 2;
	assert_int_equal(fit(&f, docs, 2, &o), 0);
	/* eased, export, export controls, controls, controls eased,
	 * controls tightened, tightened: 7 terms, byte order */
	assert_int_equal(nc_vectorizer_size(&f.v), 7);
	assert_string_equal(term(&f, 0), "controls");
	assert_string_equal(term(&f, 1), "controls eased");
	assert_string_equal(term(&f, 2), "controls tightened");
	assert_string_equal(term(&f, 3), "eased");
	assert_string_equal(term(&f, 4), "export");
	assert_string_equal(term(&f, 5), "export controls");
	assert_string_equal(term(&f, 6), "tightened");
	fitted_release(&f);
}

static void test_everything_pruned_is_an_error(void **state)
{
	nc_train_options o = plain_options();
	fitted f;
	size_t i;
	(void)state;

	o.min_df = 3; /* no term is in all three documents */
	assert_int_equal(fit(&f, fruit, 3, &o), NC_ETRAIN);
	assert_null(f.v.vocab);
	assert_null(f.v.idf);
	for (i = 0; i < 3; i++) {
		assert_int_equal(f.x[i].n, 0);
		assert_null(f.x[i].idx);
	}
	fitted_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idf_and_vectors_by_hand),
		cmocka_unit_test(test_vectors_are_unit_length_and_sorted),
		cmocka_unit_test(test_vocabulary_sorted_by_bytes),
		cmocka_unit_test(test_min_df_drops_singletons),
		cmocka_unit_test(test_max_df_drops_ubiquitous),
		cmocka_unit_test_teardown(test_min_df_fraction_boundary, release_F),
		cmocka_unit_test_teardown(test_max_df_fraction_boundary, release_F),
		cmocka_unit_test(test_max_features_keeps_most_frequent),
		cmocka_unit_test(test_sublinear_tf),
		cmocka_unit_test(test_featurizer_reproduces_training_vectors),
		cmocka_unit_test(test_title_weight),
		cmocka_unit_test(test_unknown_words_give_empty_vector),
		cmocka_unit_test(test_bigram_features),
		cmocka_unit_test(test_everything_pruned_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
