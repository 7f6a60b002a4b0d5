/*
 * test_numfmt.c - cli_fmt_g6 gives exactly what printf("%.6g") gives.
 *
 * The fast path must never differ from printf, so it is compared on the
 * values where a shortcut is most likely to go wrong (halfway cases,
 * powers of ten and their neighbours, values that round up into the next
 * decade) and on millions of random doubles over the range it handles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/numfmt.h"

static unsigned long mismatches;

static void check(double v)
{
	char want[64], got[CLI_FMT_G6_MAX];
	size_t n;
	snprintf(want, sizeof want, "%.6g", v);
	n = cli_fmt_g6(got, v);
	if (strcmp(want, got) != 0 || n != strlen(want)) {
		if (mismatches++ < 10)
			print_error("%.17g: printf \"%s\", cli_fmt_g6 \"%s\"\n", v, want, got);
	}
}

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void test_special_values(void **state)
{
	static const double v[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 1e-4, 1e-5, 9.99999e-5, 1.00001e-4,
		999999.0, 999999.5, 999999.4, 1e6, 123456.5, 0.1, 0.2, 0.3,
		1.5, 2.5, 0.125, 12.34565, 1.234565, 9.999995, 9.9999949,
		99.99995, 0.00999995, 3.14159265, -2.71828183, 1e300, -1e-300,
		4.9e-324, INFINITY, -INFINITY, NAN,
	};
	size_t i;
	int k;
	(void)state;
	mismatches = 0;
	for (i = 0; i < sizeof v / sizeof *v; i++)
		check(v[i]);
	/* powers of ten and the doubles right beside them */
	for (k = -6; k <= 7; k++) {
		double p = pow(10.0, k);
		check(p);
		check(nextafter(p, 0));
		check(nextafter(p, INFINITY));
		check(-p);
	}
	assert_int_equal(mismatches, 0);
}

static void test_halfway_and_decade_cases(void **state)
{
	int d;
	long m;
	(void)state;
	mismatches = 0;
	/* m.5 units of the sixth digit, and m units minus a little, at every
	 * scale the fast path covers */
	for (d = -4; d <= 5; d++) {
		double unit = pow(10.0, d - 5);
		for (m = 100000; m < 1000000; m += 997) {
			check((m + 0.5) * unit);
			check(-(m + 0.5) * unit);
			check((m - 1e-7) * unit);
			check(nextafter((m + 0.5) * unit, 0));
			check(nextafter((m + 0.5) * unit, INFINITY));
		}
		check(999999.5 * unit);
		check(999999.49999 * unit);
	}
	assert_int_equal(mismatches, 0);
}

static void test_random_values(void **state)
{
	uint64_t s = 42;
	long i;
	(void)state;
	mismatches = 0;
	for (i = 0; i < 2000000; i++) {
		uint64_t r = rng_next(&s);
		/* uniform in log scale over 1e-6 .. 1e7, either sign */
		double e = (double)(r >> 11) / 9007199254740992.0 * 13.0 - 6.0;
		double v = pow(10.0, e);
		check(r & 1 ? -v : v);
		/* and SVM-score-like values, uniform in [-4, 4] */
		check(((double)(rng_next(&s) >> 11) / 9007199254740992.0 - 0.5) * 8.0);
	}
	for (i = 0; i < 200000; i++) { /* arbitrary bit patterns */
		double v;
		uint64_t r = rng_next(&s);
		memcpy(&v, &r, sizeof v);
		check(v);
	}
	assert_int_equal(mismatches, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_halfway_and_decade_cases),
		cmocka_unit_test(test_random_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
