/*
 * solver_libsvm.c - binary C-SVC problems solved by libsvm.
 *
 * libsvm's own model is turned into our solver-neutral nc_binary right
 * after training and freed: for the linear kernel the support vectors are
 * collapsed into one weight vector (w = sum_i coef_i * sv_i), so
 * prediction costs one sparse dot product instead of one kernel
 * evaluation per support vector. libsvm orders its two labels by first
 * appearance; we flip signs so that a positive score always means +1.
 */
#include "classify.h"

#include <stdlib.h>
#include <string.h>

#include <libsvm/svm.h>

#include "alloc.h"
#include "error.h"

struct shared {
	struct svm_node *space;
	struct svm_node **rows;
};

static void quiet(const char *s)
{
	(void)s;
}

static int lsvm_prepare(void **out, const nc_svec *x, size_t n, size_t nfeatures)
{
	struct shared *s;
	size_t i, k, total = 0, pos = 0;

	(void)nfeatures;
	/* libsvm prints progress on stdout by default; the library must not */
	svm_set_print_string_function(quiet);
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
			   double sign, size_t nfeatures)
{
	double *w = nc_calloc(nfeatures ? nfeatures : 1, sizeof *w);
	size_t i, j, nz = 0;

	if (!w)
		return nc_error_oom();
	for (i = 0; i < (size_t)m->l; i++) {
		const struct svm_node *sv = m->SV[i];
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
	param.kernel_type = p->kernel == NC_KERNEL_RBF ? RBF : LINEAR;
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
	prob.x = s->rows;
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
		rc = collapse_linear(b, m, sign, p->nfeatures);
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
