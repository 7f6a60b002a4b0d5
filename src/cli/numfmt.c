/*
 * numfmt.c - printf's "%.6g" for the scores `predict --json` prints, at a
 * fraction of printf's cost.
 *
 * Every JSON prediction prints one score per label, and glibc's exact
 * binary-to-decimal conversion made number printing the largest single
 * cost of `predict --json` after tokenizing. Scores are small numbers, so
 * the common case is done with one multiplication by a power of ten and
 * integer digits. The result must be the very string printf gives; the
 * product is within 1e-9 of the exact scaled value, so whenever rounding
 * could go either way (fraction near one half, a value near a power of ten,
 * rounding up into the next decade) or the value needs an exponent, we
 * hand it to snprintf. A unit test compares both on millions of values.
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
};

/* Every case the fast path does not settle exactly. */
static size_t by_printf(char *buf, double v)
{
	return (size_t)snprintf(buf, CLI_FMT_G6_MAX, "%.6g", v);
}

size_t cli_fmt_g6(char *buf, double v)
{
	double a = fabs(v), scaled, fl, frac;
	char digits[16];
	size_t n = 0, i;
	int x, d, nd;
	unsigned long r;

	/* exponent form, zero, NaN and infinities: printf's business */
	if (!(a >= 1.0001e-4 && a < 9.9999e5))
		return by_printf(buf, v);

	/* decimal exponent x: 10^x <= a < 10^(x+1), away from the edges */
	for (x = -4; x < 5 && a >= (x + 1 >= 0 ? pow10_tab[x + 1] : 1.0 / pow10_tab[-(x + 1)]); x++)
		;
	{
		double lo = x >= 0 ? pow10_tab[x] : 1.0 / pow10_tab[-x];
		if (a < lo * (1 + 1e-9) || a > lo * 10 * (1 - 1e-9))
			return by_printf(buf, v);
	}
	d = 5 - x; /* digits after the point: 6 significant in all */
	scaled = a * pow10_tab[d];
	fl = floor(scaled);
	frac = scaled - fl;
	if (fabs(frac - 0.5) < 1e-6)
		return by_printf(buf, v);
	r = (unsigned long)fl + (frac > 0.5);
	if (r >= 1000000UL) /* rounded up into the next decade */
		return by_printf(buf, v);

	/* r has 6 digits; print them with d of them after the point */
	for (nd = 0; nd < 6; nd++) {
		digits[5 - nd] = (char)('0' + r % 10);
		r /= 10;
	}
	if (v < 0)
		buf[n++] = '-';
	if (x >= 0) {
		memcpy(buf + n, digits, (size_t)x + 1);
		n += (size_t)x + 1;
		i = (size_t)x + 1; /* first fraction digit */
	} else {
		buf[n++] = '0';
		buf[n++] = '.';
		for (nd = 0; nd < -x - 1; nd++)
			buf[n++] = '0';
		i = 0;
	}
	{
		size_t last = 6; /* one past the last non-zero fraction digit */
		while (last > i && digits[last - 1] == '0')
			last--;
		if (last > i) {
			if (x >= 0)
				buf[n++] = '.';
			memcpy(buf + n, digits + i, last - i);
			n += last - i;
		}
	}
	buf[n] = '\0';
	return n;
}
