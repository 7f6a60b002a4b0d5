/*
 * test_classify.c - the classifier layer (src/classify.c and the solvers)
 * against the libraries it wraps.
 *
 * A deterministic synthetic corpus of 200 news-like documents in three
 * topics is vectorized with the library's own vectorizer. The same vectors
 * are then trained twice: directly with libsvm (svm_train on svm_node
 * arrays we build here) and through nc_classifier_train. For every
 * document the newsclass score must equal libsvm's decision value, signed
 * so that positive means label +1 (libsvm orders its two labels by first
 * appearance: model->label[0] is the label of the first document), to a
 * relative error of 1e-9 - for the linear kernel (whose support vectors
 * newsclass collapses into one weight vector) and for RBF.
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

#include <libsvm/svm.h>
#include <linear.h>

#include "classify.h"
#include "newsclass.h"
#include "tfidf.h"

#define NDOCS 200
#define NTOPICS 3

/* ---- the synthetic corpus ------------------------------------------------ */

static const char *const topic_words[NTOPICS][16] = {
	{ "market", "stocks", "inflation", "rates", "bank", "trade", "exports",
	  "tariff", "growth", "investors", "bonds", "currency", "earnings",
	  "recession", "lending", "deficit" },
	{ "match", "goal", "team", "coach", "season", "league", "players",
	  "score", "final", "stadium", "tournament", "injury", "striker",
	  "referee", "champions", "transfer" },
	{ "chip", "software", "quantum", "network", "startup", "cloud", "robot",
	  "semiconductor", "algorithm", "data", "device", "battery", "encryption",
	  "processor", "satellite", "platform" },
};
static const char *const topic_names[NTOPICS] = { "business", "sports", "tech" };
static const char *const common_words[16] = {
	"today", "report", "said", "year", "week", "city", "people",
	"government", "record", "new", "plan", "analysts", "official", "group",
	"company", "month",
};

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

typedef struct corpus {
	nc_dataset *ds;
	unsigned topics[NDOCS]; /* bit t: document has topic t */
	nc_vectorizer v;
	nc_svec x[NDOCS];
	size_t nf;
	struct svm_node *nodes[NDOCS]; /* x as libsvm rows (1-based, -1 ended) */
	struct svm_node *scratch;      /* for nc_classifier_scores (RBF) */
} corpus;

static corpus C; /* built once in the group setup */

static void quiet(const char *s)
{
	(void)s;
}

static int corpus_setup(void **state)
{
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	size_t i, k;
	(void)state;

	memset(&C, 0, sizeof C);
	rng_state = 20240601;
	if (nc_dataset_new(&C.ds))
		return -1;
	for (i = 0; i < NDOCS; i++) {
		char text[1024];
		const char *labels[2];
		size_t nl = 0, len = 0, w, nw = 12 + rnd(10);
		unsigned t1 = (unsigned)(i % NTOPICS), t2 = NTOPICS;

		C.topics[i] = 1u << t1;
		if (rnd(4) == 0) { /* a quarter of the documents have two topics */
			t2 = (t1 + 1 + rnd(NTOPICS - 1)) % NTOPICS;
			C.topics[i] |= 1u << t2;
		}
		for (w = 0; w < nw; w++) {
			unsigned r = rnd(100);
			const char *word;
			if (r < 45)
				word = topic_words[t1][rnd(16)];
			else if (r < 60 && t2 < NTOPICS)
				word = topic_words[t2][rnd(16)];
			else if (r < 68) /* noise from any topic */
				word = topic_words[rnd(NTOPICS)][rnd(16)];
			else
				word = common_words[rnd(16)];
			len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
						 w ? " " : "", word);
		}
		for (k = 0; k < NTOPICS; k++)
			if (C.topics[i] & (1u << k))
				labels[nl++] = topic_names[k];
		if (nc_dataset_add(C.ds, NULL, text, len, labels, nl))
			return -1;
	}
	o.ngram_max = 1;
	o.stop_words = 0;
	o.min_df = 1;
	if (nc_vectorizer_fit(&C.v, C.x, C.ds, &o, NULL, NULL))
		return -1;
	C.nf = nc_vectorizer_size(&C.v);
	for (i = 0; i < NDOCS; i++) {
		C.nodes[i] = calloc(C.x[i].n + 1, sizeof *C.nodes[i]);
		if (!C.nodes[i])
			return -1;
		for (k = 0; k < C.x[i].n; k++) {
			C.nodes[i][k].index = (int)C.x[i].idx[k] + 1;
			C.nodes[i][k].value = C.x[i].val[k];
		}
		C.nodes[i][C.x[i].n].index = -1;
	}
	C.scratch = calloc(C.nf + 1, sizeof *C.scratch);
	if (!C.scratch)
		return -1;
	svm_set_print_string_function(quiet);
	set_print_string_function(quiet);
	return 0;
}

static int corpus_teardown(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < NDOCS; i++) {
		nc_svec_release(&C.x[i]);
		free(C.nodes[i]);
	}
	free(C.scratch);
	nc_vectorizer_release(&C.v);
	nc_dataset_free(C.ds);
	return 0;
}

/* y[i * nlabels + l] for the given topics (bit masks per label) */
static signed char *targets(const unsigned *label_topics, size_t nlabels)
{
	signed char *y = malloc(NDOCS * nlabels);
	size_t i, l;
	assert_non_null(y);
	for (i = 0; i < NDOCS; i++)
		for (l = 0; l < nlabels; l++)
			y[i * nlabels + l] = (C.topics[i] & label_topics[l]) ? 1 : -1;
	return y;
}

static nc_train_options base_options(nc_kernel kernel)
{
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	o.kernel = kernel;
	o.solver = NC_SOLVER_LIBSVM;
	o.threads = 1;
	o.C = 1.0;
	return o;
}

/* libsvm trained directly on column l of y, with the options' settings */
static struct svm_model *libsvm_direct(const signed char *y, size_t nlabels, size_t l,
				       const nc_train_options *o, double w_pos,
				       double w_neg, double gamma)
{
	struct svm_problem prob;
	struct svm_parameter param;
	struct svm_model *m;
	int wl[2] = { 1, -1 };
	double wv[2];
	size_t i;

	memset(&param, 0, sizeof param);
	param.svm_type = C_SVC;
	param.kernel_type = o->kernel == NC_KERNEL_RBF ? RBF : LINEAR;
	param.gamma = gamma;
	param.C = o->C;
	param.eps = o->eps;
	param.cache_size = o->cache_mb;
	param.shrinking = 1;
	param.probability = o->probability;
	if (w_pos != 1.0 || w_neg != 1.0) {
		wv[0] = w_pos;
		wv[1] = w_neg;
		param.nr_weight = 2;
		param.weight_label = wl;
		param.weight = wv;
	}
	prob.l = NDOCS;
	prob.x = C.nodes;
	prob.y = malloc(NDOCS * sizeof *prob.y);
	assert_non_null(prob.y);
	for (i = 0; i < NDOCS; i++)
		prob.y[i] = y[i * nlabels + l] > 0 ? 1.0 : -1.0;
	assert_null(svm_check_parameter(&prob, &param));
	if (o->probability)
		srand(o->seed);
	m = svm_train(&prob, &param);
	free(prob.y);
	assert_non_null(m);
	assert_int_equal(m->nr_class, 2);
	return m;
}

static int close_enough(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

/* every document's newsclass score for label l equals libsvm's value */
static void compare_scores(const nc_classifier *c, size_t l, const struct svm_model *m)
{
	double scores[8], dec;
	size_t i, right = 0, bad = 0;
	const signed char sign = m->label[0] == 1 ? 1 : -1;

	assert_true(c->nbin <= 8);
	for (i = 0; i < NDOCS; i++) {
		nc_classifier_scores(c, &C.x[i], C.scratch, scores);
		svm_predict_values(m, C.nodes[i], &dec);
		dec *= sign;
		if (!close_enough(scores[l], dec)) {
			if (bad++ < 5)
				fprintf(stderr, "doc %zu label %zu: newsclass %.17g libsvm %.17g\n",
					i, l, scores[l], dec);
		}
		right += (scores[l] > 0) == (svm_predict(m, C.nodes[i]) == 1.0);
	}
	assert_int_equal(bad, 0);
	/* and the predicted sides agree with libsvm's own svm_predict */
	assert_int_equal(right, NDOCS);
}

static double training_accuracy(const nc_classifier *c, size_t l, const signed char *y,
				size_t nlabels)
{
	double scores[8];
	size_t i, right = 0;
	for (i = 0; i < NDOCS; i++) {
		nc_classifier_scores(c, &C.x[i], C.scratch, scores);
		right += (scores[l] > 0) == (y[i * nlabels + l] > 0);
	}
	return (double)right / NDOCS;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_corpus_is_sane(void **state)
{
	size_t i;
	(void)state;
	assert_int_equal(nc_dataset_count(C.ds), NDOCS);
	assert_true(C.nf > 50);
	for (i = 0; i < NDOCS; i++)
		assert_true(C.x[i].n >= 5);
}

/* label +1 = business; document 0 is business, so libsvm's label[0] = +1 */
static void test_linear_binary_equals_libsvm(void **state)
{
	const unsigned lt[1] = { 1u << 0 };
	nc_train_options o = base_options(NC_KERNEL_LINEAR);
	signed char *y = targets(lt, 1);
	nc_classifier c;
	struct svm_model *m;
	(void)state;

	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 1, C.nf, NULL, &o, NULL, NULL), 0);
	assert_int_equal(c.nbin, 1);
	assert_int_equal(c.solver_used, NC_SOLVER_LIBSVM);
	assert_true(c.bin[0].w.n > 10);
	m = libsvm_direct(y, 1, 0, &o, 1.0, 1.0, 0.0);
	assert_int_equal(m->label[0], 1);
	compare_scores(&c, 0, m);
	assert_true(training_accuracy(&c, 0, y, 1) > 0.9);
	svm_free_and_destroy_model(&m);
	nc_classifier_release(&c);
	free(y);
}

/* label +1 = sports; document 0 is business, so the first label libsvm
 * sees is -1. libsvm orders labels by first appearance, except that since
 * 3.22 it swaps a -1/+1 pair so that label[0] is +1; the comparison below
 * applies whichever sign m->label[0] asks for, and the score must still
 * be positive for the sports documents. */
static void test_linear_binary_first_document_negative(void **state)
{
	const unsigned lt[1] = { 1u << 1 };
	nc_train_options o = base_options(NC_KERNEL_LINEAR);
	signed char *y = targets(lt, 1);
	nc_classifier c;
	struct svm_model *m;
	(void)state;

	assert_true(y[0] < 0);
	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 1, C.nf, NULL, &o, NULL, NULL), 0);
	m = libsvm_direct(y, 1, 0, &o, 1.0, 1.0, 0.0);
	assert_true(m->label[0] == 1 || m->label[0] == -1);
	compare_scores(&c, 0, m);
	assert_true(training_accuracy(&c, 0, y, 1) > 0.9);
	svm_free_and_destroy_model(&m);
	nc_classifier_release(&c);
	free(y);
}

static void test_rbf_binary_equals_libsvm(void **state)
{
	const unsigned lt[2] = { 1u << 0, 1u << 2 };
	nc_train_options o = base_options(NC_KERNEL_RBF);
	signed char *y = targets(lt, 2);
	nc_classifier c;
	size_t l;
	(void)state;

	/* gamma 0: 1 / number of features */
	o.gamma = 0.0;
	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 2, C.nf, NULL, &o, NULL, NULL), 0);
	assert_int_equal(c.nbin, 2);
	assert_true(fabs(c.gamma - 1.0 / (double)C.nf) <= 1e-15);
	for (l = 0; l < 2; l++) {
		struct svm_model *m = libsvm_direct(y, 2, l, &o, 1.0, 1.0, 1.0 / (double)C.nf);
		assert_true(c.bin[l].nsv > 0);
		assert_int_equal(c.bin[l].nsv, (size_t)m->l);
		compare_scores(&c, l, m);
		svm_free_and_destroy_model(&m);
	}
	nc_classifier_release(&c);

	/* an explicit gamma, C = 10 */
	o.gamma = 0.7;
	o.C = 10;
	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 2, C.nf, NULL, &o, NULL, NULL), 0);
	assert_true(c.gamma == 0.7);
	for (l = 0; l < 2; l++) {
		struct svm_model *m = libsvm_direct(y, 2, l, &o, 1.0, 1.0, 0.7);
		compare_scores(&c, l, m);
		assert_true(training_accuracy(&c, l, y, 2) > 0.9);
		svm_free_and_destroy_model(&m);
	}
	nc_classifier_release(&c);
	free(y);
}

static void test_multilabel_three_binary_functions(void **state)
{
	const unsigned lt[NTOPICS] = { 1u << 0, 1u << 1, 1u << 2 };
	nc_train_options o = base_options(NC_KERNEL_LINEAR);
	signed char *y = targets(lt, NTOPICS);
	nc_classifier c;
	size_t l;
	(void)state;

	o.multi_label = 1;
	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, NTOPICS, C.nf, NULL, &o,
					     NULL, NULL), 0);
	assert_int_equal(c.nbin, NTOPICS);
	assert_non_null(c.wmat);
	for (l = 0; l < NTOPICS; l++) {
		struct svm_model *m = libsvm_direct(y, NTOPICS, l, &o, 1.0, 1.0, 0.0);
		assert_true(c.bin[l].w.n > 10);
		compare_scores(&c, l, m);
		assert_true(training_accuracy(&c, l, y, NTOPICS) > 0.85);
		svm_free_and_destroy_model(&m);
	}
	/* the functions differ from each other */
	assert_true(c.bin[0].rho != c.bin[1].rho || c.bin[0].w.n != c.bin[1].w.n ||
		    memcmp(c.bin[0].w.val, c.bin[1].w.val, c.bin[0].w.n * sizeof(double)) != 0);
	nc_classifier_release(&c);
	free(y);
}

static void expect_same_binary(const nc_binary *a, const nc_binary *b)
{
	assert_memory_equal(&a->rho, &b->rho, sizeof a->rho);
	assert_int_equal(a->w.n, b->w.n);
	if (a->w.n) {
		assert_memory_equal(a->w.idx, b->w.idx, a->w.n * sizeof *a->w.idx);
		assert_memory_equal(a->w.val, b->w.val, a->w.n * sizeof *a->w.val);
	}
	assert_int_equal(a->nsv, b->nsv);
	if (a->nsv) {
		assert_memory_equal(a->coef, b->coef, a->nsv * sizeof *a->coef);
		assert_memory_equal(a->sv_start, b->sv_start, (a->nsv + 1) * sizeof *a->sv_start);
		assert_int_equal(a->sv.n, b->sv.n);
		assert_memory_equal(a->sv.idx, b->sv.idx, a->sv.n * sizeof *a->sv.idx);
		assert_memory_equal(a->sv.val, b->sv.val, a->sv.n * sizeof *a->sv.val);
	}
}

static void test_threads_give_identical_weights(void **state)
{
	const unsigned lt[NTOPICS] = { 1u << 0, 1u << 1, 1u << 2 };
	signed char *y = targets(lt, NTOPICS);
	int k;
	(void)state;

	/* linear, RBF, and linear with NB scaling (its own per-problem data) */
	for (k = 0; k < 3; k++) {
		nc_train_options o = base_options(k == 1 ? NC_KERNEL_RBF : NC_KERNEL_LINEAR);
		nc_classifier c1, c2, c0;
		size_t l;
		o.nb_scale = k == 2;
		o.multi_label = 1;
		o.threads = 1;
		assert_int_equal(nc_classifier_train(&c1, C.x, NDOCS, y, NTOPICS, C.nf, NULL, &o,
						     NULL, NULL), 0);
		o.threads = 2;
		assert_int_equal(nc_classifier_train(&c2, C.x, NDOCS, y, NTOPICS, C.nf, NULL, &o,
						     NULL, NULL), 0);
		o.threads = 0; /* all cores */
		assert_int_equal(nc_classifier_train(&c0, C.x, NDOCS, y, NTOPICS, C.nf, NULL, &o,
						     NULL, NULL), 0);
		assert_int_equal(c1.nbin, NTOPICS);
		assert_int_equal(c2.nbin, NTOPICS);
		for (l = 0; l < NTOPICS; l++) {
			expect_same_binary(&c1.bin[l], &c2.bin[l]);
			expect_same_binary(&c1.bin[l], &c0.bin[l]);
		}
		nc_classifier_release(&c1);
		nc_classifier_release(&c2);
		nc_classifier_release(&c0);
	}
	free(y);
}

/* The shared linear Gram matrix, built on several threads with
 * sparse-dense dots, holds bitwise the merge dot product of every pair
 * (libsvm's own order of summation), so precomputing it cannot change a
 * model. */
static void test_gram_matrix_is_exact(void **state)
{
	void *shared = NULL;
	size_t i, j;
	int threads;
	(void)state;

	for (threads = 1; threads <= 3; threads++) {
		assert_int_equal(nc_solver_libsvm.prepare(&shared, C.x, NDOCS, C.nf,
							  NC_KERNEL_LINEAR, threads,
							  SIZE_MAX), 0);
		for (i = 0; i < NDOCS; i++)
			for (j = 0; j < NDOCS; j++) {
				double k = nc_libsvm_gram_at(shared, i, j);
				double d = nc_svec_dot(&C.x[i], &C.x[j]);
				if (memcmp(&k, &d, sizeof k) != 0)
					fail_msg("K(%zu,%zu) = %.17g, merge dot %.17g (%d threads)", i, j,
						 k, d, threads);
			}
		nc_solver_libsvm.release(shared);
		shared = NULL;
	}
	/* a matrix is built only within the byte budget (NB-scaled problems
	 * pass the kernel cache's size) */
	size_t bytes = (size_t)NDOCS * (NDOCS + 2) * sizeof(struct svm_node);
	assert_int_equal(nc_solver_libsvm.prepare(&shared, C.x, NDOCS, C.nf, NC_KERNEL_LINEAR,
						  1, bytes), 0);
	assert_false(isnan(nc_libsvm_gram_at(shared, 0, 0)));
	nc_solver_libsvm.release(shared);
	assert_int_equal(nc_solver_libsvm.prepare(&shared, C.x, NDOCS, C.nf, NC_KERNEL_LINEAR,
						  1, bytes - 1), 0);
	assert_true(isnan(nc_libsvm_gram_at(shared, 0, 0)));
	nc_solver_libsvm.release(shared);
	/* the RBF kernel does not share a matrix */
	assert_int_equal(nc_solver_libsvm.prepare(&shared, C.x, NDOCS, C.nf, NC_KERNEL_RBF, 2,
						  SIZE_MAX), 0);
	assert_true(isnan(nc_libsvm_gram_at(shared, 0, 0)));
	nc_solver_libsvm.release(shared);
}

static void test_constant_functions(void **state)
{
	signed char *y = malloc(NDOCS * 3);
	size_t i;
	int k;
	(void)state;

	assert_non_null(y);
	for (i = 0; i < NDOCS; i++) {
		y[i * 3 + 0] = 1;  /* every document */
		y[i * 3 + 1] = -1; /* no document */
		y[i * 3 + 2] = (C.topics[i] & 1u) ? 1 : -1;
	}
	for (k = 0; k < 2; k++) {
		nc_train_options o = base_options(k ? NC_KERNEL_RBF : NC_KERNEL_LINEAR);
		nc_classifier c;
		double scores[3];
		o.multi_label = 1;
		o.balanced = 1; /* must not divide by zero for these */
		assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 3, C.nf, NULL, &o,
						     NULL, NULL), 0);
		assert_int_equal(c.nbin, 3);
		assert_int_equal(c.bin[0].w.n, 0);
		assert_int_equal(c.bin[0].nsv, 0);
		assert_int_equal(c.bin[1].w.n, 0);
		assert_int_equal(c.bin[1].nsv, 0);
		assert_true(c.bin[2].w.n > 0 || c.bin[2].nsv > 0);
		for (i = 0; i < NDOCS; i++) {
			nc_classifier_scores(&c, &C.x[i], C.scratch, scores);
			assert_true(scores[0] == 1.0);
			assert_true(scores[1] == -1.0);
		}
		/* an empty document too */
		{
			nc_svec empty = { 0 };
			nc_classifier_scores(&c, &empty, C.scratch, scores);
			assert_true(scores[0] == 1.0);
			assert_true(scores[1] == -1.0);
		}
		nc_classifier_release(&c);
	}
	free(y);
}

static void test_balanced_weights(void **state)
{
	/* an imbalanced label: documents with index % 5 == 0 (40 of 200),
	 * which carry business words only when they are business documents,
	 * so the classes overlap and the weights matter */
	signed char *y = malloc(NDOCS);
	nc_train_options o = base_options(NC_KERNEL_LINEAR);
	nc_classifier plain, bal;
	struct svm_model *m;
	size_t i, npos = 0, k;
	double maxdiff = 0;
	(void)state;

	assert_non_null(y);
	for (i = 0; i < NDOCS; i++) {
		y[i] = (i % 5 == 0) || (i % 7 == 3 && (C.topics[i] & 1u)) ? 1 : -1;
		npos += y[i] > 0;
	}
	assert_true(npos > 20 && npos < 80);
	assert_int_equal(nc_classifier_train(&plain, C.x, NDOCS, y, 1, C.nf, NULL, &o, NULL, NULL), 0);
	o.balanced = 1;
	assert_int_equal(nc_classifier_train(&bal, C.x, NDOCS, y, 1, C.nf, NULL, &o, NULL, NULL), 0);
	/* the solutions differ */
	maxdiff = fabs(plain.bin[0].rho - bal.bin[0].rho);
	for (k = 0; k < C.nf; k++)
		maxdiff = fmax(maxdiff, fabs(plain.wmat[k] - bal.wmat[k]));
	assert_true(maxdiff > 1e-6);
	/* balanced = libsvm with class weights n / (2 * count) */
	m = libsvm_direct(y, 1, 0, &o, NDOCS / (2.0 * (double)npos),
			  NDOCS / (2.0 * (double)(NDOCS - npos)), 0.0);
	compare_scores(&bal, 0, m);
	svm_free_and_destroy_model(&m);
	/* and an explicit positive weight multiplies C of the positives */
	{
		const double pw[1] = { 3.0 };
		nc_classifier cw;
		o.balanced = 0;
		assert_int_equal(nc_classifier_train(&cw, C.x, NDOCS, y, 1, C.nf, pw, &o, NULL, NULL), 0);
		m = libsvm_direct(y, 1, 0, &o, 3.0, 1.0, 0.0);
		compare_scores(&cw, 0, m);
		svm_free_and_destroy_model(&m);
		nc_classifier_release(&cw);
	}
	nc_classifier_release(&plain);
	nc_classifier_release(&bal);
	free(y);
}

static void test_probability_equals_libsvm(void **state)
{
	const unsigned lt[1] = { 1u << 1 };
	nc_train_options o = base_options(NC_KERNEL_LINEAR);
	signed char *y = targets(lt, 1);
	nc_classifier c;
	struct svm_model *m;
	size_t i, pos_index;
	(void)state;

	o.probability = 1;
	o.seed = 7;
	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 1, C.nf, NULL, &o, NULL, NULL), 0);
	assert_int_equal(c.bin[0].has_prob, 1);
	m = libsvm_direct(y, 1, 0, &o, 1.0, 1.0, 0.0);
	assert_int_equal(svm_check_probability_model(m), 1);
	pos_index = m->label[0] == 1 ? 0 : 1;
	for (i = 0; i < NDOCS; i++) {
		double score, p, pe[2];
		nc_classifier_scores(&c, &C.x[i], C.scratch, &score);
		p = nc_binary_probability(&c.bin[0], score);
		p = fmin(fmax(p, 1e-7), 1 - 1e-7); /* libsvm clamps */
		svm_predict_probability(m, C.nodes[i], pe);
		if (fabs(p - pe[pos_index]) > 1e-9)
			fprintf(stderr, "doc %zu: newsclass P=%.17g libsvm P=%.17g\n", i, p,
				pe[pos_index]);
		assert_true(fabs(p - pe[pos_index]) <= 1e-9);
	}
	svm_free_and_destroy_model(&m);
	nc_classifier_release(&c);
	free(y);
}

static void test_liblinear_equals_liblinear(void **state)
{
	const unsigned lt[2] = { 1u << 1, 1u << 2 };
	nc_train_options o = base_options(NC_KERNEL_LINEAR);
	signed char *y = targets(lt, 2);
	struct feature_node **rows = calloc(NDOCS, sizeof *rows);
	nc_classifier c;
	size_t i, k, l;
	(void)state;

	assert_non_null(rows);
	for (i = 0; i < NDOCS; i++) { /* with the bias feature nf + 1 */
		rows[i] = calloc(C.x[i].n + 2, sizeof *rows[i]);
		assert_non_null(rows[i]);
		for (k = 0; k < C.x[i].n; k++) {
			rows[i][k].index = (int)C.x[i].idx[k] + 1;
			rows[i][k].value = C.x[i].val[k];
		}
		rows[i][k].index = (int)C.nf + 1;
		rows[i][k].value = 1.0;
		rows[i][k + 1].index = -1;
	}
	o.solver = NC_SOLVER_LIBLINEAR;
	o.seed = 3;
	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 2, C.nf, NULL, &o, NULL, NULL), 0);
	assert_int_equal(c.solver_used, NC_SOLVER_LIBLINEAR);
	for (l = 0; l < 2; l++) {
		struct problem prob;
		struct parameter param;
		struct model *m;
		int wl[2] = { 1, -1 };
		double wv[2] = { 1.0, 1.0 }, sign;
		size_t bad = 0;

		memset(&param, 0, sizeof param);
		param.solver_type = L2R_L2LOSS_SVC_DUAL;
		param.eps = 0.1;
		param.C = 1.0;
		param.nr_weight = 2;
		param.weight_label = wl;
		param.weight = wv;
		prob.l = NDOCS;
		prob.n = (int)C.nf + 1;
		prob.x = rows;
		prob.bias = 1.0;
		prob.y = malloc(NDOCS * sizeof *prob.y);
		assert_non_null(prob.y);
		for (i = 0; i < NDOCS; i++)
			prob.y[i] = y[i * 2 + l] > 0 ? 1.0 : -1.0;
		srand(o.seed);
		m = train(&prob, &param);
		assert_non_null(m);
		sign = m->label[0] == 1 ? 1.0 : -1.0;
		for (i = 0; i < NDOCS; i++) {
			double scores[2], dec;
			nc_classifier_scores(&c, &C.x[i], NULL, scores);
			predict_values(m, rows[i], &dec);
			bad += !close_enough(scores[l], sign * dec);
		}
		assert_int_equal(bad, 0);
		free_and_destroy_model(&m);
		free(prob.y);
	}
	nc_classifier_release(&c);
	/* liblinear cannot do RBF */
	o.kernel = NC_KERNEL_RBF;
	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, 2, C.nf, NULL, &o, NULL, NULL),
			 NC_EINVAL);
	assert_null(c.bin);
	for (i = 0; i < NDOCS; i++)
		free(rows[i]);
	free(rows);
	free(y);
}

static void test_scores_after_ready_match_unit_vectors(void **state)
{
	/* score of a one-feature document e_j is w_j - rho: checks the dense
	 * weight matrix layout for several labels */
	const unsigned lt[NTOPICS] = { 1u << 0, 1u << 1, 1u << 2 };
	nc_train_options o = base_options(NC_KERNEL_LINEAR);
	signed char *y = targets(lt, NTOPICS);
	nc_classifier c;
	size_t l, k;
	(void)state;

	assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, NTOPICS, C.nf, NULL, &o,
					     NULL, NULL), 0);
	for (l = 0; l < NTOPICS; l++) {
		for (k = 0; k < c.bin[l].w.n; k++) {
			uint32_t idx = c.bin[l].w.idx[k];
			double val = 1.0, scores[NTOPICS];
			nc_svec e = { &idx, &val, 1, 1 };
			nc_classifier_scores(&c, &e, NULL, scores);
			assert_true(close_enough(scores[l], c.bin[l].w.val[k] - c.bin[l].rho));
		}
	}
	nc_classifier_release(&c);
	free(y);
}

/* NB scaling is the same as training on documents whose every feature was
 * multiplied by its log-count ratio for the label, with the ratios folded
 * into the weights afterwards: a model trained with nb_scale scores x as a
 * plain model trained on the scaled documents scores the scaled x. The
 * ratios are computed here from their definition, independently of
 * classify.c; both solvers. */
static void test_nb_scale_equals_training_on_scaled_features(void **state)
{
	const unsigned lt[NTOPICS] = { 1u << 0, 1u << 1, 1u << 2 };
	signed char *y = targets(lt, NTOPICS);
	double *r = malloc(C.nf * sizeof *r), *p = malloc(C.nf * sizeof *p),
	       *q = malloc(C.nf * sizeof *q);
	nc_svec *xs = calloc(NDOCS, sizeof *xs);
	int solver;
	size_t i, k, l, j;
	(void)state;

	assert_non_null(r);
	assert_non_null(p);
	assert_non_null(q);
	assert_non_null(xs);
	for (i = 0; i < NDOCS; i++) {
		assert_int_equal(nc_svec_reserve(&xs[i], C.x[i].n ? C.x[i].n : 1), 0);
		memcpy(xs[i].idx, C.x[i].idx, C.x[i].n * sizeof *xs[i].idx);
		xs[i].n = C.x[i].n;
	}
	for (solver = 0; solver < 2; solver++) {
		nc_train_options o = base_options(NC_KERNEL_LINEAR);
		nc_classifier nb;
		o.solver = solver ? NC_SOLVER_LIBLINEAR : NC_SOLVER_LIBSVM;
		o.nb_scale = 1;
		assert_int_equal(nc_classifier_train(&nb, C.x, NDOCS, y, NTOPICS, C.nf, NULL, &o,
						     NULL, NULL), 0);
		for (l = 0; l < NTOPICS; l++) {
			double sp = 0.0, sq = 0.0, s_nb[NTOPICS], s_plain[1];
			size_t bad = 0, wrong = 0;
			nc_classifier plain;
			nc_train_options po = o;
			signed char *yl = malloc(NDOCS);

			assert_non_null(yl);
			for (j = 0; j < C.nf; j++)
				p[j] = q[j] = 1.0;
			for (i = 0; i < NDOCS; i++) {
				yl[i] = y[i * NTOPICS + l];
				for (k = 0; k < C.x[i].n; k++)
					(yl[i] > 0 ? p : q)[C.x[i].idx[k]] += 1.0;
			}
			for (j = 0; j < C.nf; j++) {
				sp += p[j];
				sq += q[j];
			}
			for (j = 0; j < C.nf; j++)
				r[j] = log((p[j] / sp) / (q[j] / sq));
			for (i = 0; i < NDOCS; i++)
				for (k = 0; k < C.x[i].n; k++)
					xs[i].val[k] = C.x[i].val[k] * r[C.x[i].idx[k]];
			po.nb_scale = 0;
			assert_int_equal(nc_classifier_train(&plain, xs, NDOCS, yl, 1, C.nf, NULL,
							     &po, NULL, NULL), 0);
			for (i = 0; i < NDOCS; i++) {
				nc_classifier_scores(&nb, &C.x[i], NULL, s_nb);
				nc_classifier_scores(&plain, &xs[i], NULL, s_plain);
				bad += !close_enough(s_nb[l], s_plain[0]);
				wrong += (s_nb[l] > 0) != (yl[i] > 0);
			}
			assert_int_equal(bad, 0);
			assert_true(wrong < NDOCS / 10); /* and it fits the training data */
			nc_classifier_release(&plain);
			free(yl);
		}
		nc_classifier_release(&nb);
	}
	{
		/* kernels other than linear cannot fold the ratios back */
		nc_train_options o = base_options(NC_KERNEL_RBF);
		nc_classifier c;
		o.nb_scale = 1;
		assert_int_equal(nc_classifier_train(&c, C.x, NDOCS, y, NTOPICS, C.nf, NULL, &o,
						     NULL, NULL), NC_EINVAL);
		assert_null(c.bin);
	}
	for (i = 0; i < NDOCS; i++)
		nc_svec_release(&xs[i]);
	free(xs);
	free(r);
	free(p);
	free(q);
	free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_is_sane),
		cmocka_unit_test(test_linear_binary_equals_libsvm),
		cmocka_unit_test(test_linear_binary_first_document_negative),
		cmocka_unit_test(test_rbf_binary_equals_libsvm),
		cmocka_unit_test(test_multilabel_three_binary_functions),
		cmocka_unit_test(test_threads_give_identical_weights),
		cmocka_unit_test(test_gram_matrix_is_exact),
		cmocka_unit_test(test_constant_functions),
		cmocka_unit_test(test_balanced_weights),
		cmocka_unit_test(test_probability_equals_libsvm),
		cmocka_unit_test(test_liblinear_equals_liblinear),
		cmocka_unit_test(test_scores_after_ready_match_unit_vectors),
		cmocka_unit_test(test_nb_scale_equals_training_on_scaled_features),
	};
	return cmocka_run_group_tests(tests, corpus_setup, corpus_teardown);
}
