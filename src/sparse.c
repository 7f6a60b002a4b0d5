/*
 * sparse.c - small helpers for nc_svec.
 */
#include "sparse.h"

#include "alloc.h"

int nc_svec_reserve(nc_svec *v, size_t need)
{
	size_t cap = v->cap, cap2 = v->cap;
	if (need <= v->cap)
		return 0;
	if (nc_grow((void **)&v->idx, &cap, need, sizeof *v->idx) ||
	    nc_grow((void **)&v->val, &cap2, need, sizeof *v->val))
		return -1;
	v->cap = cap < cap2 ? cap : cap2;
	return 0;
}

void nc_svec_release(nc_svec *v)
{
	nc_free(v->idx);
	nc_free(v->val);
	v->idx = NULL;
	v->val = NULL;
	v->n = v->cap = 0;
}

double nc_svec_dot(const nc_svec *a, const nc_svec *b)
{
	size_t i = 0, j = 0;
	double s = 0.0;
	while (i < a->n && j < b->n) {
		if (a->idx[i] == b->idx[j])
			s += a->val[i++] * b->val[j++];
		else if (a->idx[i] < b->idx[j])
			i++;
		else
			j++;
	}
	return s;
}

double nc_svec_dot_dense(const nc_svec *a, const double *w)
{
	size_t i;
	double s = 0.0;
	for (i = 0; i < a->n; i++)
		s += a->val[i] * w[a->idx[i]];
	return s;
}

void nc_svec_sort(nc_svec *v)
{
	/* Shell sort with Ciura's gaps: in place on the parallel arrays, and
	 * fast enough for the few thousand entries of a long document. */
	static const size_t gaps[] = { 1750, 701, 301, 132, 57, 23, 10, 4, 1 };
	size_t g, i, j;
	for (g = 0; g < sizeof gaps / sizeof *gaps; g++) {
		size_t gap = gaps[g];
		for (i = gap; i < v->n; i++) {
			uint32_t ki = v->idx[i];
			double kv = v->val[i];
			for (j = i; j >= gap && v->idx[j - gap] > ki; j -= gap) {
				v->idx[j] = v->idx[j - gap];
				v->val[j] = v->val[j - gap];
			}
			v->idx[j] = ki;
			v->val[j] = kv;
		}
	}
}
