/*
 * solver_libsvm.c - binary C-SVC problems solved by libsvm.
 *
 * libsvm's own model is turned into our solver-neutral nc_binary right
 * after training and freed: for the linear kernel the support vectors are
 * collapsed into one weight vector (w = sum_i coef_i * sv_i), so
 * prediction costs one sparse dot product instead of one kernel
 * evaluation per support vector. libsvm orders its two labels by first
 * appearance; we flip signs so that a positive score always means +1.
 *
 * One-vs-rest problems share their documents, so for the linear kernel on
 * up to PRECOMPUTE_MAX documents the Gram matrix is computed once and given
 * to libsvm as a precomputed kernel, instead of each binary problem
 * recomputing the same dot products (which was two thirds of training
 * time). The matrix is filled on all the training threads with
 * sparse-dense dots (BBC News training with libsvm went from 4.5 s to
 * 0.6 s); the products are still summed in libsvm's own order, so the
 * kernel values, and hence the models, are bitwise the same either way.
 */
#include "classify.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libsvm/svm.h>

#include "alloc.h"
#include "error.h"

#define PRECOMPUTE_MAX 3000
#define NC_GRAM_THREADS_MAX 16
#define NC_GRAM_DENSE_MAX ((size_t)64 << 20) /* bytes of dense rows */

struct shared {
	struct svm_node *space;
	struct svm_node **rows;
	struct svm_node *kspace;  /* precomputed linear kernel, or NULL */
	struct svm_node **krows;
};

/* Rows of the Gram matrix handed out to threads one at a time: row i
 * costs n - i dot products, so a shared counter balances the load where a
 * fixed split would not. */
struct gram_job {
	const nc_svec *x;
	size_t n;
	struct svm_node **krows;
	atomic_size_t next;
};

/* Row i is scattered into a dense array, and each K(i,j) is then a
 * sparse-dense dot over x[j] alone: no merge, no branch per entry. The
 * products present in both vectors are added in index order as in
 * libsvm's merge, and the others add an exact zero, so every value is
 * bitwise the merge's. */
static void gram_rows(struct gram_job *g, double *dense)
{
	size_t i, j, k;
	while ((i = atomic_fetch_add(&g->next, 1)) < g->n) {
		const nc_svec *xi = &g->x[i];
		for (k = 0; k < xi->n; k++)
			dense[xi->idx[k]] = xi->val[k];
		for (j = i; j < g->n; j++) {
			double v = nc_svec_dot_dense(&g->x[j], dense);
			g->krows[i][j + 1].index = (int)j + 1;
			g->krows[i][j + 1].value = v;
			g->krows[j][i + 1].index = (int)i + 1;
			g->krows[j][i + 1].value = v;
		}
		for (k = 0; k < xi->n; k++)
			dense[xi->idx[k]] = 0.0;
	}
}

struct gram_worker {
	struct gram_job *job;
	double *dense;
};

static void *gram_thread(void *arg)
{
	struct gram_worker *w = arg;
	gram_rows(w->job, w->dense);
	return NULL;
}

/* Row i: [0: i + 1] [1: K(i,0)] ... [n: K(i,n-1)] [-1], libsvm's layout.
 * Each thread writes whole rows and the mirror cells of those rows, and
 * no two threads own the same (i, j) pair, so no locking is needed. The
 * dense arrays are allocated here, in the calling thread, so that the
 * allocation fault tests reach them. */
static int precompute(struct shared *s, const nc_svec *x, size_t n, size_t nfeatures,
		      int nthreads)
{
	struct gram_job g;
	struct gram_worker w[NC_GRAM_THREADS_MAX];
	pthread_t tids[NC_GRAM_THREADS_MAX];
	double *dense;
	size_t i, dim = nfeatures ? nfeatures : 1;
	int t, started = 0;

	if (nthreads > NC_GRAM_THREADS_MAX)
		nthreads = NC_GRAM_THREADS_MAX;
	/* each thread has a dense row of the vocabulary's size: with a huge
	 * vocabulary, fewer threads rather than gigabytes of scratch */
	while (nthreads > 1 && (size_t)nthreads * dim > NC_GRAM_DENSE_MAX / sizeof *dense)
		nthreads--;
	if (nthreads < 1)
		nthreads = 1;
	s->kspace = nc_malloc(n * (n + 2) * sizeof *s->kspace);
	s->krows = nc_malloc(n * sizeof *s->krows);
	dense = nc_calloc((size_t)nthreads * dim, sizeof *dense);
	if (!s->kspace || !s->krows || !dense) {
		nc_free(dense);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct svm_node *r = s->krows[i] = &s->kspace[i * (n + 2)];
		r[0].index = 0;
		r[0].value = (double)(i + 1);
		r[n + 1].index = -1;
		r[n + 1].value = 0.0;
	}
	g.x = x;
	g.n = n;
	g.krows = s->krows;
	atomic_init(&g.next, 0);
	for (t = 0; t < nthreads; t++) {
		w[t].job = &g;
		w[t].dense = dense + (size_t)t * dim;
	}
	/* a thread that cannot start leaves its rows to the others */
	for (t = 1; t < nthreads; t++) {
		if (pthread_create(&tids[t], NULL, gram_thread, &w[t]) != 0)
			break;
		started++;
	}
	gram_rows(&g, w[0].dense);
	for (t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	nc_free(dense);
	return 0;
}

double nc_libsvm_gram_at(const void *shared, size_t i, size_t j)
{
	const struct shared *s = shared;
	if (!s->krows)
		return NAN;
	return s->krows[i][j + 1].value;
}

static void quiet(const char *s)
{
	(void)s;
}

/* libsvm prints progress on stdout by default, and the library must not.
 * The hook is libsvm's one global; it is set once, because with NB
 * scaling problems are prepared on worker threads while others train. */
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static void set_quiet(void)
{
	svm_set_print_string_function(quiet);
}

static void lsvm_release(void *p);

static int lsvm_prepare(void **out, const nc_svec *x, size_t n, size_t nfeatures,
			nc_kernel kernel, int nthreads, size_t max_bytes)
{
	struct shared *s;
	size_t i, k, total = 0, pos = 0;

	pthread_once(&quiet_once, set_quiet);
	for (i = 0; i < n; i++)
		total += x[i].n + 1;
	s = nc_calloc(1, sizeof *s);
	if (!s)
		return nc_error_oom();
	s->space = nc_malloc((total ? total : 1) * sizeof *s->space);
	s->rows = nc_malloc((n ? n : 1) * sizeof *s->rows);
	if (!s->space || !s->rows) {
		nc_free(s->space);
		nc_free(s->rows);
		nc_free(s);
		return nc_error_oom();
	}
	for (i = 0; i < n; i++) {
		s->rows[i] = &s->space[pos];
		for (k = 0; k < x[i].n; k++, pos++) {
			s->space[pos].index = (int)x[i].idx[k] + 1;
			s->space[pos].value = x[i].val[k];
		}
		s->space[pos].index = -1;
		s->space[pos++].value = 0.0;
	}
	if (kernel == NC_KERNEL_LINEAR && n >= 2 && n <= PRECOMPUTE_MAX &&
	    n * (n + 2) <= max_bytes / sizeof *s->kspace &&
	    precompute(s, x, n, nfeatures, nthreads)) {
		lsvm_release(s);
		return nc_error_oom();
	}
	*out = s;
	return 0;
}

static void lsvm_release(void *p)
{
	struct shared *s = p;
	if (!s)
		return;
	nc_free(s->space);
	nc_free(s->rows);
	nc_free(s->kspace);
	nc_free(s->krows);
	nc_free(s);
}

static int lsvm_parallel_ok(const nc_problem *p)
{
	return !p->probability;
}

static size_t node_count(const struct svm_node *x)
{
	size_t n = 0;
	while (x[n].index != -1)
		n++;
	return n;
}

static int collapse_linear(nc_binary *b, const struct svm_model *m,
			   double sign, size_t nfeatures, const struct shared *s)
{
	double *w = nc_calloc(nfeatures ? nfeatures : 1, sizeof *w);
	size_t i, j, nz = 0;

	if (!w)
		return nc_error_oom();
	for (i = 0; i < (size_t)m->l; i++) {
		/* with a precomputed kernel an SV row names its document */
		const struct svm_node *sv = s->krows ? s->rows[(size_t)m->SV[i][0].value - 1]
						     : m->SV[i];
		double coef = m->sv_coef[0][i];
		for (; sv->index != -1; sv++)
			w[sv->index - 1] += coef * sv->value;
	}
	for (j = 0; j < nfeatures; j++)
		nz += w[j] != 0.0;
	if (nc_svec_reserve(&b->w, nz ? nz : 1)) {
		nc_free(w);
		return nc_error_oom();
	}
	for (j = 0; j < nfeatures; j++) {
		if (w[j] == 0.0)
			continue;
		b->w.idx[b->w.n] = (uint32_t)j;
		b->w.val[b->w.n++] = sign * w[j];
	}
	nc_free(w);
	return 0;
}

static int copy_support_vectors(nc_binary *b, const struct svm_model *m,
				double sign)
{
	size_t i, total = 0, pos = 0, nsv = (size_t)m->l;

	for (i = 0; i < nsv; i++)
		total += node_count(m->SV[i]);
	b->sv_start = nc_malloc((nsv + 1) * sizeof *b->sv_start);
	b->coef = nc_malloc((nsv ? nsv : 1) * sizeof *b->coef);
	if (!b->sv_start || !b->coef || nc_svec_reserve(&b->sv, total ? total : 1))
		return nc_error_oom();
	for (i = 0; i < nsv; i++) {
		const struct svm_node *sv = m->SV[i];
		b->sv_start[i] = pos;
		b->coef[i] = sign * m->sv_coef[0][i];
		for (; sv->index != -1; sv++, pos++) {
			b->sv.idx[pos] = (uint32_t)(sv->index - 1);
			b->sv.val[pos] = sv->value;
		}
	}
	b->sv_start[nsv] = pos;
	b->sv.n = pos;
	b->nsv = nsv;
	return 0;
}

static int lsvm_train(nc_binary *b, const nc_problem *p)
{
	const struct shared *s = p->shared;
	struct svm_problem prob;
	struct svm_parameter param;
	struct svm_model *m;
	int wl[2] = { 1, -1 };
	double wv[2];
	double sign;
	const char *err;
	size_t i;
	int rc;

	memset(&param, 0, sizeof param);
	param.svm_type = C_SVC;
	param.kernel_type = p->kernel == NC_KERNEL_RBF ? RBF : s->krows ? PRECOMPUTED : LINEAR;
	param.gamma = p->gamma;
	param.cache_size = p->cache_mb;
	param.eps = p->eps;
	param.C = 1.0;
	param.nr_weight = 2;
	param.weight_label = wl;
	wv[0] = p->c_pos;
	wv[1] = p->c_neg;
	param.weight = wv;
	param.shrinking = 1;
	param.probability = p->probability ? 1 : 0;

	prob.l = (int)p->n;
	prob.x = s->krows ? s->krows : s->rows;
	prob.y = nc_malloc((p->n ? p->n : 1) * sizeof *prob.y);
	if (!prob.y)
		return nc_error_oom();
	for (i = 0; i < p->n; i++)
		prob.y[i] = p->y[i] > 0 ? 1.0 : -1.0;
	if ((err = svm_check_parameter(&prob, &param)) != NULL) {
		nc_free(prob.y);
		return nc_error(NC_EINVAL, "libsvm: %s", err);
	}
	if (p->probability)
		srand(p->seed); /* libsvm's Platt cross-validation uses rand() */
	m = svm_train(&prob, &param);
	nc_free(prob.y);
	if (!m)
		return nc_error_oom();

	sign = m->label[0] == 1 ? 1.0 : -1.0;
	b->rho = sign * m->rho[0];
	if (p->probability && m->probA && m->probB) {
		/* libsvm: P(label[0]) = 1 / (1 + exp(dec * A + B)), dec the
		 * raw value; in terms of our score = sign * dec, for +1: */
		b->has_prob = 1;
		b->prob_a = m->probA[0];
		b->prob_b = sign > 0 ? m->probB[0] : -m->probB[0];
	}
	if (p->kernel == NC_KERNEL_LINEAR)
		rc = collapse_linear(b, m, sign, p->nfeatures, s);
	else
		rc = copy_support_vectors(b, m, sign);
	svm_free_and_destroy_model(&m);
	if (rc)
		nc_binary_release(b);
	return rc;
}

const nc_solver_ops nc_solver_libsvm = {
	"libsvm", lsvm_prepare, lsvm_release, lsvm_train, lsvm_parallel_ok
};
