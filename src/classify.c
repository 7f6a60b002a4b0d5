/*
 * classify.c - one-vs-rest training over a pluggable solver, and scoring.
 *
 * Binary problems are independent, so they are spread over worker threads
 * when the solver allows it (libsvm does, except with probability
 * estimates, whose internal cross-validation draws from the process-wide
 * rand()). Each problem writes only its own slot, so the result does not
 * depend on the number of threads or their timing.
 *
 * With NB scaling (nc_train_options.nb_scale) each label's problem sees
 * its own copy of the documents, every feature multiplied by its naive
 * Bayes log-count ratio for that label (Wang & Manning's NBSVM): words
 * that tell the label apart start with large values, the others shrink
 * towards zero, which is a prior the SVM's uniform L2 penalty lacks. The
 * copy costs memory and a solver set-up per label, but the trained
 * weights are multiplied back by the ratios, so the model is an ordinary
 * linear one and prediction does not change at all.
 */
#include "classify.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsvm/svm.h>

#include "alloc.h"
#include "error.h"

void nc_binary_release(nc_binary *b)
{
	nc_svec_release(&b->w);
	nc_svec_release(&b->sv);
	nc_free(b->sv_start);
	nc_free(b->coef);
	if (b->svm) {
		nc_free(b->svm->SV);
		nc_free(b->svm);
	}
	nc_free(b->svm_nodes);
	memset(b, 0, sizeof *b);
}

void nc_classifier_release(nc_classifier *c)
{
	size_t i;
	for (i = 0; i < c->nbin && c->bin; i++)
		nc_binary_release(&c->bin[i]);
	nc_free(c->bin);
	nc_free(c->wmat);
	nc_free(c->qmat);
	c->bin = NULL;
	c->wmat = NULL;
	c->qmat = NULL;
	c->nbin = 0;
}

double nc_binary_probability(const nc_binary *b, double score)
{
	/* the numerically stable form used by libsvm's sigmoid_predict */
	double f = score * b->prob_a + b->prob_b;
	if (f >= 0)
		return exp(-f) / (1.0 + exp(-f));
	return 1.0 / (1.0 + exp(f));
}

/* libsvm view of an RBF decision function: two "classes", +1 first, all
 * support vectors under sv_coef[0]. The nodes are ours (free_sv = 0). */
static int attach_svm(nc_binary *b, const nc_classifier *c)
{
	struct svm_model *m;
	struct svm_node *nodes;
	size_t i, j, total = b->sv.n + b->nsv;

	m = nc_calloc(1, sizeof *m);
	nodes = nc_malloc((total ? total : 1) * sizeof *nodes);
	if (m)
		m->SV = nc_malloc((b->nsv ? b->nsv : 1) * sizeof *m->SV);
	if (!m || !nodes || !m->SV) {
		if (m)
			nc_free(m->SV);
		nc_free(m);
		nc_free(nodes);
		return nc_error_oom();
	}
	for (i = 0, j = 0; i < b->nsv; i++) {
		size_t k;
		m->SV[i] = &nodes[j];
		for (k = b->sv_start[i]; k < b->sv_start[i + 1]; k++, j++) {
			nodes[j].index = (int)b->sv.idx[k] + 1;
			nodes[j].value = b->sv.val[k];
		}
		nodes[j].index = -1;
		nodes[j++].value = 0.0;
	}
	m->param.svm_type = C_SVC;
	m->param.kernel_type = RBF;
	m->param.gamma = c->gamma;
	m->nr_class = 2;
	m->l = (int)b->nsv;
	m->sv_coef = &b->coef;
	m->rho = &b->rho;
	m->free_sv = 0;
	b->svm = m;
	b->svm_nodes = nodes;
	return 0;
}

/* label/nSV arrays are constant: every view shares them */
static int view_label[2] = { 1, -1 };

int nc_classifier_ready(nc_classifier *c)
{
	size_t l, k;
	int rc;

	if (c->kernel == NC_KERNEL_RBF) {
		for (l = 0; l < c->nbin; l++) {
			nc_binary *b = &c->bin[l];
			if (b->svm)
				continue;
			if ((rc = attach_svm(b, c)))
				return rc;
			b->svm->label = view_label;
		}
		return 0;
	}
	if (c->nfeatures && c->nbin > SIZE_MAX / sizeof(double) / c->nfeatures)
		return nc_error(NC_ELIMIT, "weight matrix too large");
	nc_free(c->wmat);
	nc_free(c->qmat);
	c->wmat = NULL;
	c->qmat = NULL;
	if (c->quantized) {
		/* every weight is an exact multiple of its label's step */
		c->qmat = nc_calloc((c->nfeatures * c->nbin) > 0 ? c->nfeatures * c->nbin : 1, 1);
		if (!c->qmat)
			return nc_error_oom();
		for (l = 0; l < c->nbin; l++)
			for (k = 0; k < c->bin[l].w.n; k++)
				c->qmat[(size_t)c->bin[l].w.idx[k] * c->nbin + l] =
					(signed char)nc_binary_multiple(&c->bin[l], k);
		return 0;
	}
	c->wmat = nc_calloc((c->nfeatures * c->nbin) > 0 ? c->nfeatures * c->nbin : 1,
			    sizeof *c->wmat);
	if (!c->wmat)
		return nc_error_oom();
	for (l = 0; l < c->nbin; l++)
		for (k = 0; k < c->bin[l].w.n; k++)
			c->wmat[(size_t)c->bin[l].w.idx[k] * c->nbin + l] =
				c->bin[l].w.val[k];
	return 0;
}

void nc_classifier_importance(const nc_classifier *c, double *imp)
{
	size_t l, k;
	memset(imp, 0, c->nfeatures * sizeof *imp);
	for (l = 0; l < c->nbin; l++)
		for (k = 0; k < c->bin[l].w.n; k++) {
			double a = fabs(c->bin[l].w.val[k]);
			if (a > imp[c->bin[l].w.idx[k]])
				imp[c->bin[l].w.idx[k]] = a;
		}
}

long nc_binary_multiple(const nc_binary *b, size_t k)
{
	/* the quotient is within rounding error of a small integer, so
	 * adding a half and truncating is exact and much cheaper than lround */
	double x = b->w.val[k] / b->qstep;
	return (long)(x < 0 ? x - 0.5 : x + 0.5);
}

int nc_classifier_quantize(nc_classifier *c)
{
	size_t l, k;
	if (c->kernel != NC_KERNEL_LINEAR)
		return nc_error(NC_EINVAL, "quantization needs the linear kernel");
	for (l = 0; l < c->nbin; l++) {
		nc_svec *w = &c->bin[l].w;
		double max = 0.0, step;
		size_t n = 0;
		for (k = 0; k < w->n; k++)
			if (fabs(w->val[k]) > max)
				max = fabs(w->val[k]);
		/* a label without weights gets step 1: nothing is stored */
		step = max > 0.0 ? max / NC_QUANT_MAX : 1.0;
		for (k = 0; k < w->n; k++) {
			/* round(): halves away from zero, whatever the
			 * process rounding mode */
			double q = round(w->val[k] / step);
			if (q > NC_QUANT_MAX)
				q = NC_QUANT_MAX;
			if (q < -NC_QUANT_MAX)
				q = -NC_QUANT_MAX;
			if (q == 0.0)
				continue;
			w->idx[n] = w->idx[k];
			w->val[n++] = q * step;
		}
		w->n = n;
		c->bin[l].qstep = step;
	}
	c->quantized = 1;
	return nc_classifier_ready(c);
}

void nc_classifier_scores(const nc_classifier *c, const nc_svec *x,
			  void *scratch, double *scores)
{
	size_t l, k;

	if (c->kernel == NC_KERNEL_RBF) {
		struct svm_node *nodes = scratch;
		for (k = 0; k < x->n; k++) {
			nodes[k].index = (int)x->idx[k] + 1;
			nodes[k].value = x->val[k];
		}
		nodes[x->n].index = -1;
		for (l = 0; l < c->nbin; l++) {
			const nc_binary *b = &c->bin[l];
			int nsv[2];
			struct svm_model view;
			double dec = -b->rho;
			if (b->nsv > 0) {
				/* nSV lives on the stack: the view is read-only */
				view = *b->svm;
				nsv[0] = (int)b->nsv;
				nsv[1] = 0;
				view.nSV = nsv;
				svm_predict_values(&view, nodes, &dec);
			}
			scores[l] = dec;
		}
		return;
	}
	if (c->qmat) {
		/* sum the multiples, then scale once per label */
		for (l = 0; l < c->nbin; l++)
			scores[l] = 0.0;
		for (k = 0; k < x->n; k++) {
			const signed char *row = c->qmat + (size_t)x->idx[k] * c->nbin;
			double v = x->val[k];
			for (l = 0; l < c->nbin; l++)
				scores[l] += v * row[l];
		}
		for (l = 0; l < c->nbin; l++)
			scores[l] = scores[l] * c->bin[l].qstep - c->bin[l].rho;
		return;
	}
	for (l = 0; l < c->nbin; l++)
		scores[l] = -c->bin[l].rho;
	for (k = 0; k < x->n; k++) {
		const double *row = c->wmat + (size_t)x->idx[k] * c->nbin;
		double v = x->val[k];
		for (l = 0; l < c->nbin; l++)
			scores[l] += v * row[l];
	}
}

/* ---- training ----------------------------------------------------------- */

struct job {
	nc_classifier *c;
	const nc_solver_ops *ops;
	nc_problem base;
	const signed char *y; /* n * nbin */
	signed char *ycol;    /* per-label scratch, n * nbin */
	const double *pos_weight;
	int balanced;
	int nb_scale;
	double C;
	atomic_size_t next;
	atomic_size_t done;
	int *rc;
};

/* The log-count ratio of every feature for one label: with p and q the
 * numbers of positive and negative documents that have the feature, plus
 * NC_NB_ALPHA each, r = ln((p / sum p) / (q / sum q)). */
#define NC_NB_ALPHA 1.0
static void nb_ratios(double *r, const nc_svec *x, const signed char *y, size_t n,
		      size_t nfeatures)
{
	double *q = r + nfeatures, sp = 0.0, sq = 0.0;
	size_t i, k, j;

	for (j = 0; j < nfeatures; j++)
		r[j] = q[j] = NC_NB_ALPHA;
	for (i = 0; i < n; i++) {
		double *c = y[i] > 0 ? r : q;
		for (k = 0; k < x[i].n; k++)
			c[x[i].idx[k]] += x[i].val[k] != 0.0;
	}
	for (j = 0; j < nfeatures; j++) {
		sp += r[j];
		sq += q[j];
	}
	for (j = 0; j < nfeatures; j++)
		r[j] = log((r[j] / sp) / (q[j] / sq));
}

/* Solve p on the documents scaled by their NB ratios, with the solver's
 * per-document data built for this problem alone, and fold the ratios
 * into the weights. */
static int train_scaled(struct job *j, nc_binary *b, nc_problem p)
{
	size_t i, k, nnz = 0, nf = p.nfeatures;
	double cache = p.cache_mb * 1048576.0; /* > 0, but not bounded */
	size_t max_bytes = cache < (double)SIZE_MAX ? (size_t)cache : SIZE_MAX;
	double *r = nc_malloc(2 * (nf ? nf : 1) * sizeof *r), *val = NULL;
	nc_svec *xs = nc_malloc((p.n ? p.n : 1) * sizeof *xs);
	void *shared = NULL;
	int rc;

	for (i = 0; i < p.n; i++)
		nnz += p.x[i].n;
	if (r && xs)
		val = nc_malloc((nnz ? nnz : 1) * sizeof *val);
	if (!r || !xs || !val) {
		rc = nc_error_oom();
		goto out;
	}
	nb_ratios(r, p.x, p.y, p.n, nf);
	for (i = 0, nnz = 0; i < p.n; i++) {
		xs[i].idx = p.x[i].idx;
		xs[i].val = val + nnz;
		xs[i].n = xs[i].cap = p.x[i].n;
		for (k = 0; k < p.x[i].n; k++)
			xs[i].val[k] = p.x[i].val[k] * r[p.x[i].idx[k]];
		nnz += p.x[i].n;
	}
	/* one thread: the problems themselves already run on all of them;
	 * and as each running problem holds its own data, a kernel matrix
	 * only within the kernel cache's size, so that memory stays bounded
	 * by what the cache size already promises per thread */
	if ((rc = j->ops->prepare(&shared, xs, p.n, nf, p.kernel, 1, max_bytes)))
		goto out;
	p.x = xs;
	p.shared = shared;
	if ((rc = j->ops->train(b, &p)))
		goto out;
	for (k = 0; k < b->w.n; k++)
		b->w.val[k] *= r[b->w.idx[k]];
out:
	if (shared)
		j->ops->release(shared);
	nc_free(val);
	nc_free(xs);
	nc_free(r);
	return rc;
}

static int train_one(struct job *j, size_t l)
{
	nc_problem p = j->base;
	signed char *y = j->ycol + l * p.n;
	size_t i, npos = 0;

	for (i = 0; i < p.n; i++) {
		y[i] = j->y[i * j->c->nbin + l];
		npos += y[i] > 0;
	}
	p.y = y;
	p.c_pos = p.c_neg = j->C;
	if (j->balanced && npos > 0 && npos < p.n) {
		p.c_pos *= (double)p.n / (2.0 * (double)npos);
		p.c_neg *= (double)p.n / (2.0 * (double)(p.n - npos));
	}
	if (j->pos_weight)
		p.c_pos *= j->pos_weight[l];
	if (npos == 0 || npos == p.n) {
		/* nothing to separate: a constant function, score +1 or -1, and
		 * a probability of (nearly) 1 or 0 */
		nc_binary *b = &j->c->bin[l];
		memset(b, 0, sizeof *b);
		b->rho = npos ? -1.0 : 1.0;
		if (p.probability) {
			b->has_prob = 1;
			b->prob_a = 0.0;
			b->prob_b = npos ? -30.0 : 30.0;
		}
		return 0;
	}
	if (j->nb_scale)
		return train_scaled(j, &j->c->bin[l], p);
	return j->ops->train(&j->c->bin[l], &p);
}

static void *worker(void *arg)
{
	struct job *j = arg;
	size_t l;
	while ((l = atomic_fetch_add(&j->next, 1)) < j->c->nbin) {
		j->rc[l] = train_one(j, l);
		atomic_fetch_add(&j->done, 1);
	}
	return NULL;
}

int nc_classifier_train(nc_classifier *c, const nc_svec *x, size_t n,
			const signed char *y, size_t nlabels, size_t nfeatures,
			const double *pos_weight, const nc_train_options *o,
			nc_progress_fn progress, void *pctx)
{
	struct job j;
	pthread_t *tids = NULL;
	int nthreads, started = 0, rc = 0, t;
	void *shared = NULL;
	size_t l;

	memset(c, 0, sizeof *c);
	memset(&j, 0, sizeof j);
	c->kernel = o->kernel;
	c->nfeatures = nfeatures;
	c->nbin = nlabels;
	c->gamma = o->kernel == NC_KERNEL_RBF
			   ? (o->gamma > 0 ? o->gamma : 1.0 / (double)(nfeatures ? nfeatures : 1))
			   : 0.0;
	j.ops = &nc_solver_libsvm;
	c->solver_used = NC_SOLVER_LIBSVM;
	if (o->solver == NC_SOLVER_LIBLINEAR ||
	    (o->solver == NC_SOLVER_AUTO && o->kernel == NC_KERNEL_LINEAR &&
	     n >= NC_LIBLINEAR_MIN_DOCS)) {
		if (o->kernel != NC_KERNEL_LINEAR)
			return nc_error(NC_EINVAL, "the liblinear solver supports the linear kernel only");
		j.ops = &nc_solver_liblinear;
		c->solver_used = NC_SOLVER_LIBLINEAR;
	}

	c->bin = nc_calloc(nlabels, sizeof *c->bin);
	j.ycol = nc_malloc((n * nlabels) > 0 ? n * nlabels : 1);
	j.rc = nc_calloc(nlabels, sizeof *j.rc);
	if (!c->bin || !j.ycol || !j.rc) {
		rc = nc_error_oom();
		goto out;
	}
	/* the cores to use, for the shared data and then for the problems */
	nthreads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	if (o->nb_scale && o->kernel != NC_KERNEL_LINEAR) {
		rc = nc_error(NC_EINVAL, "NB scaling needs the linear kernel");
		goto out;
	}
	/* NB scaling prepares each problem's own data instead */
	if (!o->nb_scale &&
	    (rc = j.ops->prepare(&shared, x, n, nfeatures, o->kernel, nthreads, SIZE_MAX)))
		goto out;
	j.c = c;
	j.y = y;
	j.pos_weight = pos_weight;
	j.balanced = o->balanced;
	j.nb_scale = o->nb_scale;
	j.C = o->C;
	j.base.x = x;
	j.base.n = n;
	j.base.nfeatures = nfeatures;
	j.base.kernel = o->kernel;
	j.base.gamma = c->gamma;
	j.base.probability = o->probability;
	j.base.seed = o->seed;
	j.base.eps = o->eps;
	j.base.cache_mb = o->cache_mb;
	j.base.shared = shared;
	atomic_init(&j.next, 0);
	atomic_init(&j.done, 0);

	if (!j.ops->parallel_ok(&j.base))
		nthreads = 1;
	if ((size_t)nthreads > nlabels)
		nthreads = (int)nlabels;
	if (nthreads > 1) {
		tids = nc_malloc((size_t)nthreads * sizeof *tids);
		if (!tids)
			nthreads = 1;
	}
	for (t = 1; t < nthreads; t++) {
		if (pthread_create(&tids[t], NULL, worker, &j) != 0)
			break;
		started++;
	}
	/* this thread works too, and reports progress */
	while ((l = atomic_fetch_add(&j.next, 1)) < nlabels) {
		j.rc[l] = train_one(&j, l);
		atomic_fetch_add(&j.done, 1);
		if (progress && progress(pctx, atomic_load(&j.done), nlabels)) {
			atomic_store(&j.next, nlabels);
			rc = nc_error(NC_EINVAL, "cancelled");
		}
	}
	for (t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	for (l = 0; l < nlabels && !rc; l++)
		rc = j.rc[l];
	if (!rc)
		rc = nc_classifier_ready(c);
out:
	if (shared)
		j.ops->release(shared);
	nc_free(tids);
	nc_free(j.ycol);
	nc_free(j.rc);
	if (rc)
		nc_classifier_release(c);
	return rc;
}
