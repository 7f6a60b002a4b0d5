/*
 * sparse.h - the sparse vector type shared by vectorizer and classifiers.
 *
 * Indices are 0-based feature numbers in strictly ascending order; the
 * conversion to libsvm's 1-based, -1-terminated svm_node arrays happens in
 * the solver code only.
 */
#ifndef NC_SPARSE_H
#define NC_SPARSE_H

#include <stddef.h>
#include <stdint.h>

typedef struct nc_svec {
	uint32_t *idx;
	double *val;
	size_t n;
	size_t cap;
} nc_svec;

/* Make room for `need` entries; 0 or -1 (out of memory). */
int nc_svec_reserve(nc_svec *v, size_t need);
void nc_svec_release(nc_svec *v);
/* Sort entries by index (in place, no allocation). */
void nc_svec_sort(nc_svec *v);
/* Dot product of two sparse vectors. */
double nc_svec_dot(const nc_svec *a, const nc_svec *b);
/* Dot product with a dense vector of length `dim`. */
double nc_svec_dot_dense(const nc_svec *a, const double *w);

#endif
