/*
 * classify.h - the solver interface: train binary problems, evaluate their
 * decision functions.
 *
 * Every model, single- or multi-label, is a set of one-vs-rest binary
 * decision functions, one per label, scored so that positive means "has
 * the label". A decision function is stored independently of the solver
 * that produced it: a collapsed weight vector for linear kernels
 * (score = w.x - rho, one sparse dot product), or support vectors with
 * coefficients for RBF (evaluated by libsvm). A new solver only has to
 * fill an nc_binary; tokenizer, vectorizer, model file and CLI are
 * untouched.
 */
#ifndef NC_CLASSIFY_H
#define NC_CLASSIFY_H

#include "newsclass.h"
#include "sparse.h"

struct svm_model;

/* The documented size rule of NC_SOLVER_AUTO: linear problems with at
 * least this many training documents go to LIBLINEAR (libsvm's kernel
 * solver grows roughly quadratically with the documents), smaller ones and
 * every RBF problem to libsvm. */
#define NC_LIBLINEAR_MIN_DOCS 5000

typedef struct nc_binary {
	double rho;
	nc_svec w;          /* linear: weights, ascending indices */
	/* RBF: support vectors in CSR form, their coefficients */
	size_t nsv;
	size_t *sv_start;   /* nsv + 1 offsets into sv */
	nc_svec sv;
	double *coef;
	int has_prob;
	double prob_a, prob_b; /* P(label) = 1 / (1 + exp(score * a + b)) */
	double threshold;      /* decision threshold on the score */
	double qstep;          /* quantized: every weight is an integer
				* multiple of qstep, |multiple| <= 127 */
	struct svm_model *svm; /* RBF: libsvm view of the arrays above */
	void *svm_nodes;       /* backing store of that view */
} nc_binary;

typedef struct nc_classifier {
	nc_kernel kernel;
	double gamma;
	size_t nfeatures;
	size_t nbin;
	nc_binary *bin;
	int solver_used;    /* nc_solver actually used */
	int quantized;      /* linear weights rounded to 8 bits (qstep) */
	/* linear: the weights of all labels as one dense feature-major matrix
	 * (wmat[j * nbin + l]), so scoring a document walks its non-zeros once */
	double *wmat;
	/* quantized: the same layout as 8-bit multiples of each label's step
	 * (wmat is then NULL): a row is nbin bytes instead of 8 * nbin, so far
	 * more of it stays in cache */
	signed char *qmat;
} nc_classifier;

/* One binary problem as handed to a solver. */
typedef struct nc_problem {
	const nc_svec *x;   /* n documents */
	const signed char *y; /* +1 / -1 */
	size_t n;
	size_t nfeatures;
	double c_pos, c_neg;
	nc_kernel kernel;
	double gamma;
	int probability;
	unsigned seed;
	double eps, cache_mb;
	const void *shared; /* solver-specific data shared across problems */
} nc_problem;

/* What a solver provides. */
typedef struct nc_solver_ops {
	const char *name;
	/* Build data shared by all binary problems on the same documents,
	 * on up to nthreads threads; a precomputed kernel matrix is built
	 * only if it takes at most max_bytes. */
	int (*prepare)(void **shared, const nc_svec *x, size_t n, size_t nfeatures,
		       nc_kernel kernel, int nthreads, size_t max_bytes);
	void (*release)(void *shared);
	/* Solve one problem into *out (zero-initialised by the caller). */
	int (*train)(nc_binary *out, const nc_problem *p);
	/* 1 if calls to train may run concurrently (with the same seed
	 * giving the same results). */
	int (*parallel_ok)(const nc_problem *p);
} nc_solver_ops;

extern const nc_solver_ops nc_solver_libsvm;
extern const nc_solver_ops nc_solver_liblinear;

/* K(i, j) of the linear Gram matrix in nc_solver_libsvm's shared data
 * (for tests), or NAN when the matrix was not precomputed. */
double nc_libsvm_gram_at(const void *shared, size_t i, size_t j);

/*
 * Train one binary function per label. y is n * nlabels signs, row-major
 * (y[i * nlabels + l] = +1 when document i has label l).
 */
int nc_classifier_train(nc_classifier *c, const nc_svec *x, size_t n,
			const signed char *y, size_t nlabels, size_t nfeatures,
			const double *pos_weight, const nc_train_options *o,
			nc_progress_fn progress, void *pctx);
/* After training or loading: build the prediction structures (the dense
 * weight matrix, or libsvm views for RBF). */
int nc_classifier_ready(nc_classifier *c);
void nc_classifier_release(nc_classifier *c);


/* Scores of all labels for x into scores[nbin]. `nodes` is scratch for
 * RBF (x as svm_node, at least x->n + 1 entries); may be NULL if linear. */
void nc_classifier_scores(const nc_classifier *c, const nc_svec *x,
			  void *nodes, double *scores);

/* Linear: imp[j] = the largest |weight| of feature j over the labels
 * (imp has nfeatures entries). */
void nc_classifier_importance(const nc_classifier *c, double *imp);

/* Linear: round every weight to a multiple of its label's step (largest
 * |weight| / NC_QUANT_MAX), drop the weights that round to zero, and
 * rebuild the prediction structures. */
#define NC_QUANT_MAX 127
int nc_classifier_quantize(nc_classifier *c);
/* Quantized: the integer multiple of the step that weight k of b is (the
 * weights stay doubles, q * step, for everything else that reads them). */
long nc_binary_multiple(const nc_binary *b, size_t k);

/* Platt probability of a score. */
double nc_binary_probability(const nc_binary *b, double score);

void nc_binary_release(nc_binary *b);

#endif
