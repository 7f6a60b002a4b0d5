/*
 * test_metrics.c - evaluation metrics (src/metrics.c) on small examples
 * worked out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>

#include <cmocka.h>

#include "newsclass.h"

#define TOL 1e-12
#define assert_close(a, b)                                                   \
	do {                                                                 \
		double a_ = (a), b_ = (b);                                   \
		if (fabs(a_ - b_) > TOL)                                     \
			fprintf(stderr, "%s = %.17g, expected %.17g\n", #a, a_, b_); \
		assert_true(fabs(a_ - b_) <= TOL);                           \
	} while (0)

static void add1(nc_metrics *m, size_t gold, size_t pred)
{
	assert_int_equal(nc_metrics_add(m, &gold, 1, &pred, 1), 0);
}

/*
 * Single-label, 3 labels, 6 documents:
 *   gold 0 0 1 1 2 2
 *   pred 0 1 1 1 0 2
 * confusion (gold row, pred column):
 *        0 1 2
 *   0  [ 1 1 0 ]
 *   1  [ 0 2 0 ]
 *   2  [ 1 0 1 ]
 * accuracy 4/6
 * label 0: tp 1 fp 1 fn 1 -> P 1/2 R 1/2 F1 1/2, support 2
 * label 1: tp 2 fp 1 fn 0 -> P 2/3 R 1   F1 0.8, support 2
 * label 2: tp 1 fp 0 fn 1 -> P 1   R 1/2 F1 2/3, support 2
 * micro: tp 4 fp 2 fn 2 -> P = R = F1 = 4/6
 * macro: P (1/2 + 2/3 + 1)/3 = 13/18, R (1/2 + 1 + 1/2)/3 = 2/3,
 *        F1 (1/2 + 4/5 + 2/3)/3 = 59/90
 */
static void fill_single(nc_metrics *m)
{
	static const size_t gold[6] = { 0, 0, 1, 1, 2, 2 };
	static const size_t pred[6] = { 0, 1, 1, 1, 0, 2 };
	size_t i;
	for (i = 0; i < 6; i++)
		add1(m, gold[i], pred[i]);
}

static void test_single_label_summary(void **state)
{
	nc_metrics *m = NULL;
	nc_summary s;
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 3, 0), 0);
	fill_single(m);
	nc_metrics_summary(&s, m);
	assert_int_equal(s.documents, 6);
	assert_close(s.accuracy, 4.0 / 6.0);
	assert_close(s.micro_precision, 4.0 / 6.0);
	assert_close(s.micro_recall, 4.0 / 6.0);
	assert_close(s.micro_f1, 4.0 / 6.0);
	assert_close(s.macro_precision, 13.0 / 18.0);
	assert_close(s.macro_recall, 2.0 / 3.0);
	assert_close(s.macro_f1, 59.0 / 90.0);
	assert_close(s.hamming_loss, 0.0);
	nc_metrics_free(m);
}

static void test_single_label_per_label(void **state)
{
	nc_metrics *m = NULL;
	nc_label_metrics lm;
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 3, 0), 0);
	fill_single(m);

	nc_metrics_label(&lm, m, 0);
	assert_int_equal(lm.tp, 1);
	assert_int_equal(lm.fp, 1);
	assert_int_equal(lm.fn, 1);
	assert_int_equal(lm.support, 2);
	assert_close(lm.precision, 0.5);
	assert_close(lm.recall, 0.5);
	assert_close(lm.f1, 0.5);

	nc_metrics_label(&lm, m, 1);
	assert_int_equal(lm.tp, 2);
	assert_int_equal(lm.fp, 1);
	assert_int_equal(lm.fn, 0);
	assert_int_equal(lm.support, 2);
	assert_close(lm.precision, 2.0 / 3.0);
	assert_close(lm.recall, 1.0);
	assert_close(lm.f1, 0.8);

	nc_metrics_label(&lm, m, 2);
	assert_int_equal(lm.tp, 1);
	assert_int_equal(lm.fp, 0);
	assert_int_equal(lm.fn, 1);
	assert_close(lm.precision, 1.0);
	assert_close(lm.recall, 0.5);
	assert_close(lm.f1, 2.0 / 3.0);

	/* out of range: all zero */
	lm.tp = 99;
	nc_metrics_label(&lm, m, 3);
	assert_int_equal(lm.tp, 0);
	assert_int_equal(lm.support, 0);
	assert_close(lm.f1, 0.0);
	nc_metrics_free(m);
}

static void test_confusion_counts(void **state)
{
	static const size_t expect[3][3] = { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 1 } };
	nc_metrics *m = NULL;
	size_t g, p, total = 0;
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 3, 0), 0);
	fill_single(m);
	for (g = 0; g < 3; g++)
		for (p = 0; p < 3; p++) {
			assert_int_equal(nc_metrics_confusion(m, g, p), expect[g][p]);
			total += nc_metrics_confusion(m, g, p);
		}
	assert_int_equal(total, 6);
	assert_int_equal(nc_metrics_confusion(m, 3, 0), 0);
	assert_int_equal(nc_metrics_confusion(m, 0, 3), 0);
	nc_metrics_free(m);
}

/*
 * Multi-label, 3 labels, 4 documents:
 *   d0 gold {0,1}  pred {0,1}   exact, 0 wrong labels
 *   d1 gold {1}    pred {1,2}   1 wrong (2)
 *   d2 gold {2}    pred {}      1 wrong (2)
 *   d3 gold {0,2}  pred {0}     1 wrong (2)
 * subset accuracy 1/4, Hamming loss 3 / (4 * 3) = 1/4
 * label 0: tp 2 fp 0 fn 0 -> P 1 R 1 F1 1
 * label 1: tp 2 fp 0 fn 0 -> P 1 R 1 F1 1
 * label 2: tp 0 fp 1 fn 2 -> P 0 R 0 F1 0
 * micro: tp 4 fp 1 fn 2 -> P 4/5, R 4/6, F1 2*(4/5)(2/3)/(4/5+2/3) = 8/11
 * macro: P = R = F1 = 2/3
 */
static void test_multi_label(void **state)
{
	static const size_t g0[] = { 0, 1 }, p0[] = { 1, 0 };
	static const size_t g1[] = { 1 }, p1[] = { 1, 2 };
	static const size_t g2[] = { 2 };
	static const size_t g3[] = { 0, 2 }, p3[] = { 0 };
	nc_metrics *m = NULL;
	nc_summary s;
	nc_label_metrics lm;
	(void)state;

	assert_int_equal(nc_metrics_new(&m, 3, 1), 0);
	assert_int_equal(nc_metrics_add(m, g0, 2, p0, 2), 0);
	assert_int_equal(nc_metrics_add(m, g1, 1, p1, 2), 0);
	assert_int_equal(nc_metrics_add(m, g2, 1, NULL, 0), 0);
	assert_int_equal(nc_metrics_add(m, g3, 2, p3, 1), 0);
	nc_metrics_summary(&s, m);
	assert_int_equal(s.documents, 4);
	assert_close(s.accuracy, 0.25);
	assert_close(s.hamming_loss, 0.25);
	assert_close(s.micro_precision, 0.8);
	assert_close(s.micro_recall, 4.0 / 6.0);
	assert_close(s.micro_f1, 8.0 / 11.0);
	assert_close(s.macro_precision, 2.0 / 3.0);
	assert_close(s.macro_recall, 2.0 / 3.0);
	assert_close(s.macro_f1, 2.0 / 3.0);

	nc_metrics_label(&lm, m, 2);
	assert_int_equal(lm.tp, 0);
	assert_int_equal(lm.fp, 1);
	assert_int_equal(lm.fn, 2);
	assert_int_equal(lm.support, 2);
	assert_close(lm.precision, 0.0);
	assert_close(lm.recall, 0.0);
	assert_close(lm.f1, 0.0);
	nc_metrics_label(&lm, m, 0);
	assert_close(lm.f1, 1.0);
	assert_int_equal(lm.support, 2);

	/* no confusion matrix for multi-label metrics */
	assert_int_equal(nc_metrics_confusion(m, 0, 0), 0);
	nc_metrics_free(m);
}

static void test_multi_label_duplicates_count_once(void **state)
{
	static const size_t g[] = { 1, 1 }, p[] = { 1, 1, 1 };
	nc_metrics *m = NULL;
	nc_summary s;
	nc_label_metrics lm;
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 2, 1), 0);
	assert_int_equal(nc_metrics_add(m, g, 2, p, 3), 0);
	nc_metrics_label(&lm, m, 1);
	assert_int_equal(lm.tp, 1);
	assert_int_equal(lm.fp, 0);
	nc_metrics_summary(&s, m);
	assert_close(s.accuracy, 1.0);
	assert_close(s.hamming_loss, 0.0);
	nc_metrics_free(m);
}

static void test_macro_skips_absent_labels(void **state)
{
	/* the single-label example with two more labels (3 and 4) that no
	 * document has and none is predicted: every figure is unchanged */
	nc_metrics *m = NULL;
	nc_summary s;
	nc_label_metrics lm;
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 5, 0), 0);
	fill_single(m);
	nc_metrics_summary(&s, m);
	assert_close(s.accuracy, 4.0 / 6.0);
	assert_close(s.macro_precision, 13.0 / 18.0);
	assert_close(s.macro_recall, 2.0 / 3.0);
	assert_close(s.macro_f1, 59.0 / 90.0);
	assert_close(s.micro_f1, 4.0 / 6.0);
	nc_metrics_label(&lm, m, 4);
	assert_int_equal(lm.support, 0);
	assert_close(lm.precision, 0.0);
	nc_metrics_free(m);

	/* multi-label likewise: label 3 absent */
	{
		static const size_t g0[] = { 0 }, p0[] = { 0 };
		static const size_t g1[] = { 1 }, p1[] = { 0 };
		assert_int_equal(nc_metrics_new(&m, 4, 1), 0);
		assert_int_equal(nc_metrics_add(m, g0, 1, p0, 1), 0);
		assert_int_equal(nc_metrics_add(m, g1, 1, p1, 1), 0);
		nc_metrics_summary(&s, m);
		/* label 0: P 1/2 R 1 F1 2/3; label 1: 0 0 0 -> macro over 2 */
		assert_close(s.macro_precision, 0.25);
		assert_close(s.macro_recall, 0.5);
		assert_close(s.macro_f1, 1.0 / 3.0);
		/* Hamming loss counts every label: 2 wrong of 2 * 4 */
		assert_close(s.hamming_loss, 0.25);
		nc_metrics_free(m);
	}
}

static void test_never_predicted_label_has_zero_precision(void **state)
{
	/* gold 0 1 2 2, pred 0 1 1 1: label 2 is never predicted */
	nc_metrics *m = NULL;
	nc_label_metrics lm;
	nc_summary s;
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 3, 0), 0);
	add1(m, 0, 0);
	add1(m, 1, 1);
	add1(m, 2, 1);
	add1(m, 2, 1);
	nc_metrics_label(&lm, m, 2);
	assert_int_equal(lm.tp, 0);
	assert_int_equal(lm.fp, 0);
	assert_int_equal(lm.fn, 2);
	assert_close(lm.precision, 0.0);
	assert_close(lm.recall, 0.0);
	assert_close(lm.f1, 0.0);
	/* it still counts in the macro average (it has gold documents):
	 * label 0: 1 1 1; label 1: P 1/3 R 1 F1 1/2; label 2: 0 0 0 */
	nc_metrics_summary(&s, m);
	assert_close(s.macro_precision, (1.0 + 1.0 / 3.0) / 3.0);
	assert_close(s.macro_recall, 2.0 / 3.0);
	assert_close(s.macro_f1, 0.5);
	assert_close(s.accuracy, 0.5);
	nc_metrics_free(m);
}

static void test_empty_metrics(void **state)
{
	nc_metrics *m = NULL;
	nc_summary s;
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 2, 1), 0);
	nc_metrics_summary(&s, m);
	assert_int_equal(s.documents, 0);
	assert_close(s.accuracy, 0.0);
	assert_close(s.micro_f1, 0.0);
	assert_close(s.macro_f1, 0.0);
	assert_close(s.hamming_loss, 0.0);
	nc_metrics_free(m);
	nc_metrics_free(NULL);
}

static void test_invalid_input(void **state)
{
	nc_metrics *m = (nc_metrics *)&m;
	nc_summary s;
	size_t a = 0, b = 1, bad = 2, two[2] = { 0, 1 };
	(void)state;
	assert_int_equal(nc_metrics_new(&m, 0, 0), NC_EINVAL);
	assert_null(m);
	assert_int_equal(nc_metrics_new(&m, 2, 0), 0);
	assert_int_equal(nc_metrics_add(m, &bad, 1, &a, 1), NC_EINVAL);
	assert_int_equal(nc_metrics_add(m, &a, 1, &bad, 1), NC_EINVAL);
	/* single-label takes exactly one gold and one predicted label */
	assert_int_equal(nc_metrics_add(m, two, 2, &a, 1), NC_EINVAL);
	assert_int_equal(nc_metrics_add(m, &a, 1, NULL, 0), NC_EINVAL);
	/* rejected documents are not counted */
	nc_metrics_summary(&s, m);
	assert_int_equal(s.documents, 0);
	assert_int_equal(nc_metrics_add(m, &a, 1, &b, 1), 0);
	nc_metrics_summary(&s, m);
	assert_int_equal(s.documents, 1);
	assert_close(s.accuracy, 0.0);
	assert_int_equal(nc_metrics_confusion(m, 0, 1), 1);
	nc_metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_label_summary),
		cmocka_unit_test(test_single_label_per_label),
		cmocka_unit_test(test_confusion_counts),
		cmocka_unit_test(test_multi_label),
		cmocka_unit_test(test_multi_label_duplicates_count_once),
		cmocka_unit_test(test_macro_skips_absent_labels),
		cmocka_unit_test(test_never_predicted_label_has_zero_precision),
		cmocka_unit_test(test_empty_metrics),
		cmocka_unit_test(test_invalid_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
