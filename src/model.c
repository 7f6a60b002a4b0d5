/*
 * model.c - training a model from a data set, prediction, inspection.
 *
 * This is where the pieces meet: the vectorizer is fitted on the texts,
 * labels become a sorted name table and a sign matrix, and the classifier
 * layer trains one binary function per label. Prediction runs the same
 * featurizer the model stores, so a document is featurized exactly as
 * training did.
 */
#include "model.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "alloc.h"
#include "error.h"

int nc_model_alloc(nc_model **out)
{
	*out = nc_calloc(1, sizeof **out);
	return *out ? 0 : nc_error_oom();
}

void nc_model_free(nc_model *m)
{
	size_t i;
	if (!m)
		return;
	nc_vectorizer_release(&m->vec);
	for (i = 0; i < m->nlabels && m->labels; i++)
		nc_free(m->labels[i]);
	nc_free(m->labels);
	nc_classifier_release(&m->clf);
	nc_free(m->class_weights);
	nc_free(m->created);
	nc_free(m->generator);
	nc_free(m->unicode);
	nc_free(m->command);
	for (i = 0; i < m->ninfo; i++)
		nc_free(m->info_val[i]);
	nc_free(m);
}

void nc_format_double(char *buf, size_t size, double v)
{
	/* %.17g round-trips every double; the C locale keeps the '.' */
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	snprintf(buf, size, "%.17g", v);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
}

/* ---- info table ---------------------------------------------------------- */

static int add_info(nc_model *m, const char *key, const char *val)
{
	char *v;
	if (m->ninfo >= NC_INFO_MAX)
		return 0;
	v = nc_strdup(val ? val : "");
	if (!v)
		return nc_error_oom();
	m->info_key[m->ninfo] = key;
	m->info_val[m->ninfo++] = v;
	return 0;
}

static int add_info_num(nc_model *m, const char *key, double v)
{
	char buf[40];
	nc_format_double(buf, sizeof buf, v);
	return add_info(m, key, buf);
}

int nc_model_build_info(nc_model *m)
{
	static const char *const kernels[] = { "linear", "rbf" };
	static const char *const solvers[] = { "auto", "libsvm", "liblinear" };
	int rc = 0;
	size_t i;

	for (i = 0; i < m->ninfo; i++)
		nc_free(m->info_val[i]);
	m->ninfo = 0;
	rc |= add_info(m, "mode", m->multi_label ? "multi-label" : "single-label");
	rc |= add_info_num(m, "labels", (double)m->nlabels);
	rc |= add_info_num(m, "features", (double)nc_vectorizer_size(&m->vec));
	rc |= add_info_num(m, "training-documents", (double)m->training_documents);
	rc |= add_info(m, "created", m->created);
	rc |= add_info(m, "generator", m->generator);
	rc |= add_info(m, "unicode-version", m->unicode);
	rc |= add_info_num(m, "tokenizer-version", m->tokenizer_version);
	rc |= add_info_num(m, "ngram-max", m->vec.ngram_max);
	rc |= add_info(m, "stop-words", m->vec.stop_words ? "english" : "none");
	rc |= add_info(m, "stemmer", m->vec.stem ? "english (Porter2)" : "none");
	if (m->vec.char_max) {
		char buf[32];
		snprintf(buf, sizeof buf, "%d-%d", m->vec.char_min, m->vec.char_max);
		rc |= add_info(m, "char-ngrams", buf);
	} else {
		rc |= add_info(m, "char-ngrams", "none");
	}
	rc |= add_info_num(m, "title-weight", m->vec.title_weight);
	rc |= add_info_num(m, "min-df", m->vec.min_df);
	rc |= add_info_num(m, "max-df", m->vec.max_df);
	rc |= add_info_num(m, "max-features", (double)m->vec.max_features);
	rc |= add_info(m, "sublinear-tf", m->vec.sublinear_tf ? "yes" : "no");
	if (m->has_classifier) {
		rc |= add_info(m, "kernel", kernels[m->clf.kernel == NC_KERNEL_RBF]);
		if (m->clf.kernel == NC_KERNEL_LINEAR) {
			rc |= add_info(m, "weights", m->clf.quantized ? "8-bit (quantized)" : "exact");
			rc |= add_info(m, "nb-scale", m->nb_scale ? "yes" : "no");
		}
		rc |= add_info(m, "solver", solvers[m->clf.solver_used >= 0 &&
						    m->clf.solver_used <= 2 ? m->clf.solver_used : 0]);
		rc |= add_info_num(m, "C", m->C);
		if (m->clf.kernel == NC_KERNEL_RBF)
			rc |= add_info_num(m, "gamma", m->clf.gamma);
		rc |= add_info(m, "class-weight", m->balanced ? "balanced" : "none");
		if (m->class_weights)
			rc |= add_info(m, "class-weights", m->class_weights);
		rc |= add_info(m, "probability", m->probability ? "yes" : "no");
		if (m->multi_label) {
			rc |= add_info_num(m, "threshold-folds", m->threshold_folds);
			rc |= add_info(m, "at-least-one", m->at_least_one ? "yes" : "no");
		}
		rc |= add_info_num(m, "seed", m->seed);
	}
	if (m->command)
		rc |= add_info(m, "command", m->command);
	return rc ? NC_ENOMEM : 0;
}

int nc_model_info(const char **key, const char **value, const nc_model *m,
		  size_t i)
{
	if (!m || i >= m->ninfo)
		return NC_EINVAL;
	*key = m->info_key[i];
	*value = m->info_val[i];
	return 0;
}

/* ---- training ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static long find_label(char *const *labels, size_t n, const char *name)
{
	char *const *p = bsearch(&name, labels, n, sizeof *labels, cmp_str);
	return p ? (long)(p - labels) : -1;
}

/* Collect the distinct label names of ds, sorted. */
static int collect_labels(nc_model *m, const nc_dataset *ds)
{
	size_t n = nc_dataset_count(ds), i, j, cap = 0, k;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nc_dataset_label_count(ds, i); j++) {
			const char *name = nc_dataset_label(ds, i, j);
			int seen = 0;
			/* cheap dedupe: the table stays small (labels, not docs) */
			for (k = 0; k < m->nlabels; k++)
				if (strcmp(m->labels[k], name) == 0) {
					seen = 1;
					break;
				}
			if (seen)
				continue;
			if (nc_grow((void **)&m->labels, &cap, m->nlabels + 1,
				    sizeof *m->labels))
				return nc_error_oom();
			if (!(m->labels[m->nlabels] = nc_strdup(name)))
				return nc_error_oom();
			m->nlabels++;
		}
	}
	if (m->nlabels)
		qsort(m->labels, m->nlabels, sizeof *m->labels, cmp_str);
	return 0;
}

static int set_metadata(nc_model *m, const nc_dataset *ds,
			const nc_train_options *o)
{
	char buf[64];
	time_t t = o->timestamp ? (time_t)o->timestamp : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	m->tokenizer_version = NC_TOKENIZER_VERSION;
	m->training_documents = nc_dataset_count(ds);
	m->C = o->C;
	m->balanced = o->balanced;
	m->nb_scale = o->nb_scale;
	m->seed = o->seed;
	m->probability = o->probability;
	m->at_least_one = o->multi_label && o->at_least_one;
	m->threshold_folds = o->multi_label ? o->tune_thresholds : 0;
	if (!(m->created = nc_strdup(buf)) ||
	    !(m->generator = nc_strdup("newsclass " NC_VERSION_STRING)) ||
	    !(m->unicode = nc_strdup(utf8proc_unicode_version())) ||
	    (o->provenance && !(m->command = nc_strdup(o->provenance))) ||
	    (o->class_weights && !(m->class_weights = nc_strdup(o->class_weights))))
		return nc_error_oom();
	return 0;
}

_Static_assert(NC_TOK_MAX_CHAR_NGRAM == NC_CHAR_NGRAM_MAX,
	       "the tokenizer's limit is the public one");

static int check_options(const nc_train_options *o)
{
	if (!o || o->version != NC_TRAIN_OPTIONS_VERSION)
		return nc_error(NC_EINVAL, "options not initialised with NC_TRAIN_OPTIONS_INIT");
	if (o->ngram_max < 1 || o->ngram_max > NC_TOK_MAX_NGRAM)
		return nc_error(NC_EINVAL, "n-gram size must be 1 to %d", NC_TOK_MAX_NGRAM);
	if (!nc_char_ngram_range_ok(o->char_ngram_min, o->char_ngram_max))
		return nc_error(NC_EINVAL, "character n-grams must be 1 to %d characters long",
				NC_TOK_MAX_CHAR_NGRAM);
	if (o->title_weight < 1 || o->title_weight > NC_TITLE_WEIGHT_MAX)
		return nc_error(NC_EINVAL, "title weight must be 1 to %d", NC_TITLE_WEIGHT_MAX);
	if (!(o->min_df > 0.0) || !isfinite(o->min_df))
		return nc_error(NC_EINVAL, "min-df must be > 0");
	if (!(o->max_df > 0.0) || !isfinite(o->max_df))
		return nc_error(NC_EINVAL, "max-df must be > 0");
	if (!(o->C > 0.0) || !isfinite(o->C))
		return nc_error(NC_EINVAL, "C must be a positive number");
	if (!isfinite(o->gamma) || o->gamma < 0.0)
		return nc_error(NC_EINVAL, "gamma must be >= 0");
	if (!(o->eps > 0.0) || !(o->cache_mb > 0.0) || !isfinite(o->eps) || !isfinite(o->cache_mb))
		return nc_error(NC_EINVAL, "eps and cache size must be finite and > 0");
	if (o->kernel != NC_KERNEL_LINEAR && o->kernel != NC_KERNEL_RBF)
		return nc_error(NC_EINVAL, "unknown kernel");
	if (o->tune_thresholds < 0 || o->tune_thresholds == 1 || o->tune_thresholds > 20)
		return nc_error(NC_EINVAL, "threshold tuning takes 2 to 20 folds");
	if (o->nb_scale && o->kernel != NC_KERNEL_LINEAR)
		return nc_error(NC_EINVAL, "NB scaling needs the linear kernel");
	/* libsvm fits Platt scaling on its own cross-validation folds, but the
	 * ratios would have been counted on the held-out folds too: the
	 * probabilities would come out overconfident */
	if (o->nb_scale && o->probability)
		return nc_error(NC_EINVAL, "NB scaling and probability estimates cannot "
				"be combined");
	if ((o->keep_features || o->quantize) && o->kernel != NC_KERNEL_LINEAR)
		return nc_error(NC_EINVAL, "keeping the strongest features and quantizing "
				"need the linear kernel");
	return 0;
}

/* One progress scale for the whole of training: documents read, then
 * binary problems solved. */
struct progress {
	nc_progress_fn fn;
	void *ctx;
	size_t docs, labels; /* labels: binary problems over all trainings */
	size_t base;         /* problems solved by earlier trainings */
};

static int progress_docs(void *c, size_t done, size_t total)
{
	struct progress *p = c;
	(void)total;
	return p->fn(p->ctx, done, p->docs + p->labels);
}

static int progress_labels(void *c, size_t done, size_t total)
{
	struct progress *p = c;
	(void)total;
	return p->fn(p->ctx, p->docs + p->base + done, p->docs + p->labels);
}

static int fit_common(nc_model **out, nc_svec **xs, const nc_dataset *ds,
		      const nc_train_options *o, nc_progress_fn progress,
		      void *pctx)
{
	struct progress pr;
	nc_model *m = NULL;
	size_t n = nc_dataset_count(ds);
	int rc;

	*out = NULL;
	*xs = NULL;
	if ((rc = check_options(o)))
		return rc;
	if (n == 0)
		return nc_error(NC_ETRAIN, "no training documents");
	if ((rc = nc_model_alloc(&m)))
		return rc;
	m->multi_label = o->multi_label;
	if ((rc = set_metadata(m, ds, o)) || (rc = collect_labels(m, ds)))
		goto fail;
	*xs = nc_calloc(n, sizeof **xs);
	if (!*xs) {
		rc = nc_error_oom();
		goto fail;
	}
	pr.fn = progress;
	pr.ctx = pctx;
	pr.docs = n;
	pr.labels = m->nlabels;
	pr.base = 0;
	if ((rc = nc_vectorizer_fit(&m->vec, *xs, ds, o, progress ? progress_docs : NULL, &pr)))
		goto fail;
	*out = m;
	return 0;
fail:
	if (*xs) {
		size_t i;
		for (i = 0; i < n; i++)
			nc_svec_release(&(*xs)[i]);
		nc_free(*xs);
		*xs = NULL;
	}
	nc_model_free(m);
	return rc;
}

static void free_vectors(nc_svec *xs, size_t n)
{
	size_t i;
	if (!xs)
		return;
	for (i = 0; i < n; i++)
		nc_svec_release(&xs[i]);
	nc_free(xs);
}

int nc_model_fit_vectorizer(nc_model **out, const nc_dataset *ds,
			    const nc_train_options *o)
{
	nc_svec *xs;
	int rc = fit_common(out, &xs, ds, o, NULL, NULL);
	if (rc)
		return rc;
	free_vectors(xs, nc_dataset_count(ds));
	if ((rc = nc_model_build_info(*out))) {
		nc_model_free(*out);
		*out = NULL;
		return nc_error_oom();
	}
	return 0;
}

/* "label=w,label=w" into per-label multipliers of C for the positives. */
static int parse_class_weights(double *w, const nc_model *m, const char *spec)
{
	const char *p = spec;
	size_t i;

	for (i = 0; i < m->nlabels; i++)
		w[i] = 1.0;
	while (*p) {
		const char *eq = strchr(p, '='), *end;
		char name[256], *num_end;
		double v;
		long idx;

		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end || (size_t)(eq - p) >= sizeof name)
			return nc_error(NC_EINVAL, "class weights: expected label=weight, got '%.*s'",
					(int)(end - p), p);
		memcpy(name, p, (size_t)(eq - p));
		name[eq - p] = '\0';
		idx = find_label(m->labels, m->nlabels, name);
		if (idx < 0)
			return nc_error(NC_EINVAL, "class weights: no label '%s' in the data", name);
		v = strtod(eq + 1, &num_end);
		if (num_end != end || !(v > 0.0) || !isfinite(v))
			return nc_error(NC_EINVAL, "class weights: bad weight for '%s'", name);
		w[idx] = v;
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* The sign matrix y[i * nlabels + l]; single-label data must have exactly
 * one label per document. */
static int build_targets(signed char **out, const nc_model *m,
			 const nc_dataset *ds)
{
	size_t n = nc_dataset_count(ds), i, j;
	signed char *y = nc_malloc((n * m->nlabels) > 0 ? n * m->nlabels : 1);

	*out = NULL;
	if (!y)
		return nc_error_oom();
	memset(y, -1, n * m->nlabels);
	for (i = 0; i < n; i++) {
		size_t nl = nc_dataset_label_count(ds, i);
		if (!m->multi_label && nl != 1) {
			nc_free(y);
			return nc_error(NC_EFORMAT,
					"%s: %zu labels, but single-label training needs exactly one "
					"(use --multi-label for several)",
					nc_dataset_id(ds, i), nl);
		}
		for (j = 0; j < nl; j++) {
			long l = find_label(m->labels, m->nlabels, nc_dataset_label(ds, i, j));
			y[i * m->nlabels + (size_t)l] = 1;
		}
	}
	*out = y;
	return 0;
}

struct scored {
	double score;
	int positive;
};

static int cmp_scored_desc(const void *a, const void *b)
{
	double x = ((const struct scored *)a)->score, y = ((const struct scored *)b)->score;
	return x > y ? -1 : x < y;
}

/* The threshold maximising F1 over (score, gold) pairs: predicting the top
 * j documents positive gives F1 = 2 tp_j / (j + npos). The threshold sits
 * midway between the j-th and (j+1)-th scores; among equal F1, the one
 * nearest 0 (the untuned threshold) wins. Thresholds are kept within
 * +-TUNED_MAX: beyond the SVM margin, out-of-fold scores of small folds
 * are noise, and a threshold there would label (or miss) everything. */
#define TUNED_MAX 0.5
static double best_threshold(struct scored *sc, size_t n)
{
	size_t j, npos = 0, tp = 0;
	double best_f1 = -1.0, best_t = 0.0;

	for (j = 0; j < n; j++)
		npos += sc[j].positive;
	if (npos == 0 || n == 0)
		return 0.0;
	qsort(sc, n, sizeof *sc, cmp_scored_desc);
	for (j = 0; j <= n; j++) {
		double f1, t;
		if (j > 0)
			tp += sc[j - 1].positive;
		if (j > 0 && j < n && sc[j].score == sc[j - 1].score)
			continue; /* cannot cut between equal scores */
		f1 = 2.0 * (double)tp / (double)(j + npos);
		t = j == 0 ? sc[0].score + 1e-6 : j == n ? sc[n - 1].score - 1e-6
			 : 0.5 * (sc[j - 1].score + sc[j].score);
		if (t > TUNED_MAX || t < -TUNED_MAX)
			continue;
		if (f1 > best_f1 + 1e-12 || (f1 > best_f1 - 1e-12 && fabs(t) < fabs(best_t))) {
			best_f1 = f1;
			best_t = t;
		}
	}
	return best_t;
}

/* Per-label thresholds from k-fold out-of-fold decision values (document i
 * is in fold i % k). The vectorizer is shared by all folds: only the
 * classifiers are refitted, which is what thresholds depend on most. */
static int tune_thresholds(nc_model *m, const nc_svec *xs, size_t n,
			   const signed char *y, const double *pos_weight,
			   const nc_train_options *o)
{
	size_t L = m->nlabels, nf = nc_vectorizer_size(&m->vec), i, l;
	int k = o->tune_thresholds, f, rc = 0;
	nc_train_options fo = *o;
	double *scores = nc_malloc(n * L * sizeof *scores);
	nc_svec *sub = nc_malloc(n * sizeof *sub);
	signed char *ysub = nc_malloc((n * L) > 0 ? n * L : 1);
	struct scored *sc = nc_malloc(n * sizeof *sc);

	fo.probability = 0;
	if (!scores || !sub || !ysub || !sc) {
		rc = nc_error_oom();
		goto out;
	}
	for (f = 0; f < k && !rc; f++) {
		nc_classifier c;
		size_t ns = 0;
		for (i = 0; i < n; i++) {
			if ((int)(i % (size_t)k) == f)
				continue;
			sub[ns] = xs[i]; /* shallow: the fold borrows the vectors */
			memcpy(ysub + ns * L, y + i * L, L);
			ns++;
		}
		if ((rc = nc_classifier_train(&c, sub, ns, ysub, L, nf, pos_weight, &fo,
					      NULL, NULL)))
			break;
		for (i = (size_t)f; i < n; i += (size_t)k)
			nc_classifier_scores(&c, &xs[i], NULL, scores + i * L);
		nc_classifier_release(&c);
	}
	for (l = 0; l < L && !rc; l++) {
		for (i = 0; i < n; i++) {
			sc[i].score = scores[i * L + l];
			sc[i].positive = y[i * L + l] > 0;
		}
		m->clf.bin[l].threshold = best_threshold(sc, n);
	}
out:
	nc_free(scores);
	nc_free(sub);
	nc_free(ysub);
	nc_free(sc);
	return rc;
}

struct ranked {
	double imp;
	uint32_t id;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->imp != y->imp)
		return x->imp > y->imp ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* keep_features: rank the features by their largest |weight| over the
 * labels (ties: lower id first, so the choice is deterministic), keep the
 * best `keep`, shrink the vocabulary and the training vectors to them.
 * The caller trains again. Why retrain rather than just cut: a document's
 * TF-IDF vector is normalised over the features that remain, so the old
 * weights no longer fit it exactly, and the retrained model can give the
 * dropped features' share of the signal to the ones kept. */
static int keep_strongest(nc_model *m, nc_svec *xs, size_t n, size_t keep)
{
	size_t nf = nc_vectorizer_size(&m->vec), j;
	double *imp = nc_malloc(nf * sizeof *imp);
	struct ranked *r = nc_malloc(nf * sizeof *r);
	unsigned char *mask = nc_calloc(nf, 1);
	uint32_t *remap = nc_malloc(nf * sizeof *remap);
	int rc = 0;

	if (!imp || !r || !mask || !remap) {
		rc = nc_error_oom();
		goto out;
	}
	nc_classifier_importance(&m->clf, imp);
	for (j = 0; j < nf; j++) {
		r[j].imp = imp[j];
		r[j].id = (uint32_t)j;
	}
	qsort(r, nf, sizeof *r, cmp_ranked);
	for (j = 0; j < keep; j++)
		mask[r[j].id] = 1;
	if ((rc = nc_vectorizer_select(&m->vec, mask, remap)))
		goto out;
	for (j = 0; j < n; j++)
		nc_tfidf_select(&xs[j], remap);
out:
	nc_free(imp);
	nc_free(r);
	nc_free(mask);
	nc_free(remap);
	return rc;
}

int nc_model_train(nc_model **out, const nc_dataset *ds,
		   const nc_train_options *o, nc_progress_fn progress,
		   void *pctx)
{
	nc_model *m = NULL;
	nc_svec *xs = NULL;
	signed char *y = NULL;
	double *pos_weight = NULL;
	size_t n, l;
	int rc;

	if (!out || !ds)
		return nc_error(NC_EINVAL, "missing argument");
	*out = NULL;
	if ((rc = fit_common(&m, &xs, ds, o, progress, pctx)))
		return rc;
	n = nc_dataset_count(ds);
	if (m->nlabels < (m->multi_label ? 1u : 2u)) {
		rc = nc_error(NC_ETRAIN, m->multi_label
				  ? "the training data has no labels"
				  : "the training data has only %zu distinct label(s); "
				    "a single-label model needs at least two", m->nlabels);
		goto out;
	}
	if ((rc = build_targets(&y, m, ds)))
		goto out;
	if (o->class_weights) {
		pos_weight = nc_malloc(m->nlabels * sizeof *pos_weight);
		if (!pos_weight) {
			rc = nc_error_oom();
			goto out;
		}
		if ((rc = parse_class_weights(pos_weight, m, o->class_weights)))
			goto out;
	}
	{
		int prune = o->keep_features && nc_vectorizer_size(&m->vec) > o->keep_features;
		struct progress pr = { progress, pctx, n, m->nlabels * (prune ? 2 : 1), 0 };
		rc = nc_classifier_train(&m->clf, xs, n, y, m->nlabels,
					 nc_vectorizer_size(&m->vec), pos_weight, o,
					 progress ? progress_labels : NULL, &pr);
		if (!rc && prune) {
			rc = keep_strongest(m, xs, n, o->keep_features);
			nc_classifier_release(&m->clf);
			pr.base = m->nlabels;
			if (!rc)
				rc = nc_classifier_train(&m->clf, xs, n, y, m->nlabels,
							 nc_vectorizer_size(&m->vec), pos_weight, o,
							 progress ? progress_labels : NULL, &pr);
		}
		if (!rc && o->quantize)
			rc = nc_classifier_quantize(&m->clf);
	}
	if (rc)
		goto out;
	m->has_classifier = 1;
	for (l = 0; l < m->nlabels; l++)
		m->clf.bin[l].threshold = 0.0;
	if (m->multi_label && o->tune_thresholds) {
		if (o->kernel == NC_KERNEL_RBF) {
			rc = nc_error(NC_EINVAL, "threshold tuning needs the linear kernel");
			goto out;
		}
		if ((rc = tune_thresholds(m, xs, n, y, pos_weight, o)))
			goto out;
	}
	if ((rc = nc_model_build_info(m)))
		rc = nc_error_oom();
out:
	free_vectors(xs, n);
	nc_free(y);
	nc_free(pos_weight);
	if (rc) {
		nc_model_free(m);
		m = NULL;
	}
	*out = m;
	return rc;
}

/* ---- inspection ------------------------------------------------------------ */

size_t nc_model_label_count(const nc_model *m) { return m->nlabels; }
const char *nc_model_label_name(const nc_model *m, size_t i)
{
	return i < m->nlabels ? m->labels[i] : NULL;
}
long nc_model_label_index(const nc_model *m, const char *name)
{
	return find_label(m->labels, m->nlabels, name);
}
double nc_model_label_threshold(const nc_model *m, size_t i)
{
	return m->has_classifier && i < m->nlabels ? m->clf.bin[i].threshold : 0.0;
}
size_t nc_model_feature_count(const nc_model *m) { return nc_vectorizer_size(&m->vec); }
int nc_model_is_multi_label(const nc_model *m) { return m->multi_label; }
int nc_model_has_probability(const nc_model *m) { return m->has_classifier && m->probability; }
const char *nc_model_feature_name(const nc_model *m, size_t i)
{
	return i < nc_vectorizer_size(&m->vec) ? nc_vocab_term(m->vec.vocab, (uint32_t)i, NULL)
					       : NULL;
}

/* ---- prediction ------------------------------------------------------------ */

struct nc_stream {
	const nc_model *m;
	nc_featurizer *f;
	void *nodes; /* RBF scratch: a document as svm_node[] */
};

struct nc_prediction {
	const nc_model *m;
	double *scores;
	unsigned char *chosen; /* per label: predicted */
	size_t *rank;
	size_t npred;
	nc_stream *s; /* for nc_model_predict on whole buffers */
};

int nc_stream_new(nc_stream **out, const nc_model *m)
{
	nc_stream *s;
	int rc;

	*out = NULL;
	if (!m)
		return nc_error(NC_EINVAL, "missing model");
	s = nc_calloc(1, sizeof *s);
	if (!s)
		return nc_error_oom();
	s->m = m;
	if ((rc = nc_featurizer_new(&s->f, &m->vec))) {
		nc_free(s);
		return rc;
	}
	if (m->has_classifier && m->clf.kernel == NC_KERNEL_RBF) {
		/* svm_node is {int, double}: 16 bytes on every ABI we build for */
		s->nodes = nc_malloc((nc_vectorizer_size(&m->vec) + 1) * 16);
		if (!s->nodes) {
			nc_stream_free(s);
			return nc_error_oom();
		}
	}
	*out = s;
	return 0;
}

void nc_stream_free(nc_stream *s)
{
	if (!s)
		return;
	nc_featurizer_free(s->f);
	nc_free(s->nodes);
	nc_free(s);
}

void nc_stream_reset(nc_stream *s)
{
	nc_featurizer_reset(s->f);
}

int nc_stream_feed(nc_stream *s, const char *data, size_t len)
{
	return nc_featurizer_feed(s->f, data, len);
}

int nc_stream_vector(const uint32_t **index, const double **value,
		     size_t *count, nc_stream *s)
{
	const nc_svec *x;
	int rc = nc_featurizer_finish(s->f, &x);
	if (rc)
		return rc;
	*index = x->idx;
	*value = x->val;
	*count = x->n;
	return 0;
}

int nc_prediction_new(nc_prediction **out, const nc_model *m)
{
	nc_prediction *p;
	int rc;

	*out = NULL;
	if (!m)
		return nc_error(NC_EINVAL, "missing model");
	p = nc_calloc(1, sizeof *p);
	if (!p)
		return nc_error_oom();
	p->m = m;
	p->scores = nc_calloc(m->nlabels ? m->nlabels : 1, sizeof *p->scores);
	p->rank = nc_calloc(m->nlabels ? m->nlabels : 1, sizeof *p->rank);
	p->chosen = nc_calloc(m->nlabels ? m->nlabels : 1, 1);
	if (!p->scores || !p->rank || !p->chosen) {
		nc_prediction_free(p);
		return nc_error_oom();
	}
	if ((rc = nc_stream_new(&p->s, m))) {
		nc_prediction_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void nc_prediction_free(nc_prediction *p)
{
	if (!p)
		return;
	nc_free(p->scores);
	nc_free(p->rank);
	nc_free(p->chosen);
	nc_stream_free(p->s);
	nc_free(p);
}

size_t nc_prediction_count(const nc_prediction *p) { return p->npred; }
size_t nc_prediction_rank(const nc_prediction *p, size_t i) { return p->rank[i]; }
double nc_prediction_score(const nc_prediction *p, size_t l) { return p->scores[l]; }

/* Order: predicted labels first, each group by descending score, ties by
 * label index. `chosen` marks the predicted labels. */
static void rank_labels(nc_prediction *p, const unsigned char *chosen)
{
	size_t n = p->m->nlabels, i, j;
	for (i = 0; i < n; i++)
		p->rank[i] = i;
	for (i = 1; i < n; i++) { /* insertion sort: label counts are small */
		size_t k = p->rank[i];
		j = i;
		while (j > 0) {
			size_t q = p->rank[j - 1];
			int before = chosen[k] != chosen[q] ? chosen[k] > chosen[q]
				     : p->scores[k] > p->scores[q];
			if (!before)
				break;
			p->rank[j] = q;
			j--;
		}
		p->rank[j] = k;
	}
}

static int decide(nc_prediction *p, const nc_svec *x, void *nodes,
		  const nc_predict_options *o)
{
	const nc_model *m = p->m;
	nc_predict_options defaults = NC_PREDICT_OPTIONS_INIT;
	unsigned char *chosen = p->chosen;
	size_t l, n = m->nlabels;

	if (!o)
		o = &defaults;
	if (!m->has_classifier)
		return nc_error(NC_EINVAL, "this model has a vectorizer only and cannot predict");
	if (o->probability && !m->probability)
		return nc_error(NC_EINVAL, "the model has no probability estimates "
				"(train it with --probability)");
	nc_classifier_scores(&m->clf, x, nodes, p->scores);
	if (o->probability) {
		double sum = 0.0;
		for (l = 0; l < n; l++) {
			p->scores[l] = nc_binary_probability(&m->clf.bin[l], p->scores[l]);
			sum += p->scores[l];
		}
		if (!m->multi_label && sum > 0.0)
			for (l = 0; l < n; l++)
				p->scores[l] /= sum;
	}
	p->npred = 0;
	if (m->multi_label) {
		for (l = 0; l < n; l++) {
			double t = o->use_threshold ? o->threshold
				   : o->probability ? 0.5 : m->clf.bin[l].threshold;
			chosen[l] = p->scores[l] > t;
			p->npred += chosen[l];
		}
	} else {
		size_t best = 0;
		for (l = 1; l < n; l++)
			if (p->scores[l] > p->scores[best])
				best = l;
		memset(chosen, 0, n);
		chosen[best] = 1;
		p->npred = 1;
	}
	rank_labels(p, chosen);
	if (!m->multi_label && o->top_k > 1)
		p->npred = o->top_k < n ? o->top_k : n;
	if (m->multi_label && p->npred == 0 && (o->at_least_one || m->at_least_one) && n > 0)
		p->npred = 1;
	if (o->top_k && p->npred > o->top_k)
		p->npred = o->top_k;
	return 0;
}

int nc_stream_predict(nc_prediction *p, nc_stream *s,
		      const nc_predict_options *o)
{
	const nc_svec *x;
	int rc;
	if (!p || !s || p->m != s->m)
		return nc_error(NC_EINVAL, "prediction and stream belong to different models");
	if ((rc = nc_featurizer_finish(s->f, &x)))
		return rc;
	return decide(p, x, s->nodes, o);
}

int nc_model_predict(nc_prediction *p, const nc_model *m, const char *text,
		     size_t len, const nc_predict_options *o)
{
	int rc;
	if (!p || !m || p->m != m || (!text && len))
		return nc_error(NC_EINVAL, "invalid arguments to nc_model_predict");
	nc_stream_reset(p->s);
	if ((rc = nc_stream_feed(p->s, text, len)))
		return rc;
	return nc_stream_predict(p, p->s, o);
}
