/*
 * solver_liblinear.c - binary linear problems solved by LIBLINEAR
 * (L2-regularised L2-loss SVC, dual coordinate descent, with a bias
 * feature), for corpora too large for libsvm's kernel solver.
 *
 * LIBLINEAR shuffles with the process-wide rand(), so problems run one
 * after another, each after srand(seed): the same input and options give
 * the same weights, hence byte-identical model files. It is fast enough
 * that this costs little.
 */
#include "classify.h"

#include <stdlib.h>
#include <string.h>

#include <linear.h>

#include "alloc.h"
#include "error.h"

struct shared {
	struct feature_node *space;
	struct feature_node **rows;
	int nfeatures;
};

static void quiet(const char *s)
{
	(void)s;
}

static int ll_prepare(void **out, const nc_svec *x, size_t n, size_t nfeatures,
		      nc_kernel kernel, int nthreads, size_t max_bytes)
{
	(void)kernel;
	(void)nthreads;
	(void)max_bytes;
	struct shared *s;
	size_t i, k, total = 0, pos = 0;

	set_print_string_function(quiet);
	if (nfeatures >= (size_t)0x7FFFFFFE)
		return nc_error(NC_ELIMIT, "too many features for liblinear");
	for (i = 0; i < n; i++)
		total += x[i].n + 2; /* + bias + terminator */
	s = nc_calloc(1, sizeof *s);
	if (!s)
		return nc_error_oom();
	s->nfeatures = (int)nfeatures;
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
		s->space[pos].index = (int)nfeatures + 1; /* the bias feature */
		s->space[pos++].value = 1.0;
		s->space[pos].index = -1;
		s->space[pos++].value = 0.0;
	}
	*out = s;
	return 0;
}

static void ll_release(void *p)
{
	struct shared *s = p;
	if (!s)
		return;
	nc_free(s->space);
	nc_free(s->rows);
	nc_free(s);
}

static int ll_parallel_ok(const nc_problem *p)
{
	(void)p;
	return 0;
}

static int ll_train(nc_binary *b, const nc_problem *p)
{
	const struct shared *s = p->shared;
	struct problem prob;
	struct parameter param;
	struct model *m;
	int wl[2] = { 1, -1 };
	double wv[2], sign;
	const char *err;
	size_t i, j, nz = 0;

	if (p->probability)
		return nc_error(NC_EINVAL, "the liblinear solver has no probability estimates; use the libsvm solver");
	memset(&param, 0, sizeof param);
	param.solver_type = L2R_L2LOSS_SVC_DUAL;
	param.eps = 0.1; /* LIBLINEAR's default for this solver */
	param.C = 1.0;
	param.nr_weight = 2;
	param.weight_label = wl;
	wv[0] = p->c_pos;
	wv[1] = p->c_neg;
	param.weight = wv;

	prob.l = (int)p->n;
	prob.n = s->nfeatures + 1;
	prob.x = s->rows;
	prob.bias = 1.0;
	prob.y = nc_malloc((p->n ? p->n : 1) * sizeof *prob.y);
	if (!prob.y)
		return nc_error_oom();
	for (i = 0; i < p->n; i++)
		prob.y[i] = p->y[i] > 0 ? 1.0 : -1.0;
	if ((err = check_parameter(&prob, &param)) != NULL) {
		nc_free(prob.y);
		return nc_error(NC_EINVAL, "liblinear: %s", err);
	}
	srand(p->seed);
	m = train(&prob, &param);
	nc_free(prob.y);
	if (!m)
		return nc_error_oom();
	sign = m->label[0] == 1 ? 1.0 : -1.0;
	for (j = 0; j < p->nfeatures; j++)
		nz += m->w[j] != 0.0;
	if (nc_svec_reserve(&b->w, nz ? nz : 1)) {
		free_and_destroy_model(&m);
		return nc_error_oom();
	}
	for (j = 0; j < p->nfeatures; j++) {
		if (m->w[j] == 0.0)
			continue;
		b->w.idx[b->w.n] = (uint32_t)j;
		b->w.val[b->w.n++] = sign * m->w[j];
	}
	b->rho = -sign * m->w[p->nfeatures]; /* score = w.x + w_bias */
	free_and_destroy_model(&m);
	return 0;
}

const nc_solver_ops nc_solver_liblinear = {
	"liblinear", ll_prepare, ll_release, ll_train, ll_parallel_ok
};
