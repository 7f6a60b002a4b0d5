/*
 * metrics.c - accuracy, precision/recall/F1 (per label, micro, macro),
 * confusion matrix, subset accuracy and Hamming loss.
 *
 * Counts only; every figure is derived when asked. Macro averages run over
 * the labels that occur in the gold data or the predictions (as
 * scikit-learn does), so a label absent from a test set does not count as
 * a perfect or a zero score. Precision of a label never predicted, or
 * recall of a label never present, is 0 (again as scikit-learn reports).
 */
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "newsclass.h"

struct nc_metrics {
	size_t nl;
	int multi;
	size_t docs, exact, hamming;
	size_t *tp, *fp, *fn;
	size_t *conf; /* single-label: nl * nl */
	unsigned char *gold_mark, *pred_mark;
};

int nc_metrics_new(nc_metrics **out, size_t nl, int multi)
{
	nc_metrics *m;
	*out = NULL;
	if (nl == 0)
		return nc_error(NC_EINVAL, "metrics need at least one label");
	m = nc_calloc(1, sizeof *m);
	if (!m)
		return nc_error_oom();
	m->nl = nl;
	m->multi = multi;
	m->tp = nc_calloc(nl, sizeof *m->tp);
	m->fp = nc_calloc(nl, sizeof *m->fp);
	m->fn = nc_calloc(nl, sizeof *m->fn);
	m->gold_mark = nc_calloc(nl, 1);
	m->pred_mark = nc_calloc(nl, 1);
	if (!multi && nl <= 65536)
		m->conf = nc_calloc(nl * nl, sizeof *m->conf);
	if (!m->tp || !m->fp || !m->fn || !m->gold_mark || !m->pred_mark ||
	    (!multi && !m->conf)) {
		nc_metrics_free(m);
		return nc_error_oom();
	}
	*out = m;
	return 0;
}

void nc_metrics_free(nc_metrics *m)
{
	if (!m)
		return;
	nc_free(m->tp);
	nc_free(m->fp);
	nc_free(m->fn);
	nc_free(m->conf);
	nc_free(m->gold_mark);
	nc_free(m->pred_mark);
	nc_free(m);
}

int nc_metrics_add(nc_metrics *m, const size_t *gold, size_t ngold,
		   const size_t *pred, size_t npred)
{
	size_t i, l, diff = 0;

	for (i = 0; i < ngold; i++)
		if (gold[i] >= m->nl)
			return nc_error(NC_EINVAL, "gold label index out of range");
	for (i = 0; i < npred; i++)
		if (pred[i] >= m->nl)
			return nc_error(NC_EINVAL, "predicted label index out of range");
	if (!m->multi && (ngold != 1 || npred != 1))
		return nc_error(NC_EINVAL, "single-label metrics take one gold and one predicted label");
	memset(m->gold_mark, 0, m->nl);
	memset(m->pred_mark, 0, m->nl);
	for (i = 0; i < ngold; i++)
		m->gold_mark[gold[i]] = 1;
	for (i = 0; i < npred; i++)
		m->pred_mark[pred[i]] = 1;
	for (l = 0; l < m->nl; l++) {
		int g = m->gold_mark[l], p = m->pred_mark[l];
		m->tp[l] += g && p;
		m->fp[l] += !g && p;
		m->fn[l] += g && !p;
		diff += g != p;
	}
	m->docs++;
	m->exact += diff == 0;
	m->hamming += diff;
	if (!m->multi)
		m->conf[gold[0] * m->nl + pred[0]]++;
	return 0;
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double f1(double p, double r)
{
	return p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

void nc_metrics_label(nc_label_metrics *out, const nc_metrics *m, size_t l)
{
	memset(out, 0, sizeof *out);
	if (l >= m->nl)
		return;
	out->tp = m->tp[l];
	out->fp = m->fp[l];
	out->fn = m->fn[l];
	out->support = m->tp[l] + m->fn[l];
	out->precision = ratio(out->tp, out->tp + out->fp);
	out->recall = ratio(out->tp, out->tp + out->fn);
	out->f1 = f1(out->precision, out->recall);
}

void nc_metrics_summary(nc_summary *s, const nc_metrics *m)
{
	size_t l, tp = 0, fp = 0, fn = 0, active = 0;

	memset(s, 0, sizeof *s);
	s->documents = m->docs;
	for (l = 0; l < m->nl; l++) {
		nc_label_metrics lm;
		tp += m->tp[l];
		fp += m->fp[l];
		fn += m->fn[l];
		if (m->tp[l] + m->fp[l] + m->fn[l] == 0)
			continue;
		nc_metrics_label(&lm, m, l);
		s->macro_precision += lm.precision;
		s->macro_recall += lm.recall;
		s->macro_f1 += lm.f1;
		active++;
	}
	if (active) {
		s->macro_precision /= (double)active;
		s->macro_recall /= (double)active;
		s->macro_f1 /= (double)active;
	}
	s->micro_precision = ratio(tp, tp + fp);
	s->micro_recall = ratio(tp, tp + fn);
	s->micro_f1 = f1(s->micro_precision, s->micro_recall);
	s->accuracy = ratio(m->exact, m->docs);
	if (m->multi && m->docs)
		s->hamming_loss = (double)m->hamming / ((double)m->docs * (double)m->nl);
}

size_t nc_metrics_confusion(const nc_metrics *m, size_t g, size_t p)
{
	if (m->multi || !m->conf || g >= m->nl || p >= m->nl)
		return 0;
	return m->conf[g * m->nl + p];
}
