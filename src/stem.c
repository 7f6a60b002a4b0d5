/*
 * stem.c - Porter2, the Snowball English stemmer, over a-z words.
 *
 * The steps and their names follow the published algorithm
 * (snowballstem.org/algorithms/english/stemmer.html), so each can be
 * checked against it. A word is worked on in a small buffer where a 'y'
 * that acts as a consonant is written 'Y' (the prelude) and turned back at
 * the end (the postlude). R1 and R2 are kept as offsets p1 and p2: a suffix
 * "is in R1" when it starts at or after p1. Wherever the algorithm says
 * "the longest of these suffixes", only the longest match counts: when its
 * condition fails, shorter ones are not tried.
 */
#include "stem.h"

#include <string.h>

struct word {
	char s[NC_STEM_MAX + 2]; /* room for the one letter Step 1b may add */
	size_t n, p1, p2;
};

struct rule {
	const char *suffix;
	const char *repl; /* NULL: delete */
};

static int vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int ends(const struct word *w, const char *suf)
{
	size_t k = strlen(suf);
	return k <= w->n && memcmp(w->s + w->n - k, suf, k) == 0;
}

static void set_to(struct word *w, size_t at, const char *repl)
{
	size_t k = repl ? strlen(repl) : 0;
	memcpy(w->s + at, repl ? repl : "", k);
	w->n = at + k;
}

static int has_vowel(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (vowel(s[i]))
			return 1;
	return 0;
}

/* The longest rule whose suffix ends the word, or NULL; *at = where that
 * suffix starts. Tables are listed longest suffix first, so the first match
 * is the longest. */
static const struct rule *longest(const struct word *w, const struct rule *r, size_t n,
				  size_t *at)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (ends(w, r[i].suffix)) {
			*at = w->n - strlen(r[i].suffix);
			return &r[i];
		}
	}
	return NULL;
}
#define LONGEST(w, table, at) longest((w), (table), sizeof(table) / sizeof *(table), (at))

/* "A short syllable" ending at e: a non-vowel other than w, x or Y after a
 * vowel after a non-vowel; or a non-vowel after a vowel that begins the
 * word. */
static int short_syllable(const char *s, size_t e)
{
	if (e >= 3 && !vowel(s[e - 1]) && s[e - 1] != 'w' && s[e - 1] != 'x' &&
	    s[e - 1] != 'Y' && vowel(s[e - 2]) && !vowel(s[e - 3]))
		return 1;
	return e == 2 && !vowel(s[1]) && vowel(s[0]);
}

/* R1 starts after the first non-vowel that follows a vowel (or after one of
 * three prefixes whose R1 would otherwise be too long); R2 likewise within
 * R1. */
static void mark_regions(struct word *w)
{
	static const char *const prefixes[] = { "gener", "commun", "arsen" };
	size_t i = 0, k, pass;

	w->p1 = w->p2 = w->n;
	for (k = 0; k < sizeof prefixes / sizeof *prefixes; k++) {
		size_t len = strlen(prefixes[k]);
		if (w->n >= len && memcmp(w->s, prefixes[k], len) == 0) {
			i = w->p1 = len;
			break;
		}
	}
	for (pass = w->p1 == w->n ? 0 : 1; pass < 2; pass++) {
		while (i < w->n && !vowel(w->s[i]))
			i++;
		while (i < w->n && vowel(w->s[i]))
			i++;
		if (i >= w->n)
			return;
		i++;
		if (pass == 0)
			w->p1 = i;
		else
			w->p2 = i;
	}
}

static void step_1a(struct word *w)
{
	if (ends(w, "sses")) {
		w->n -= 2;
	} else if (ends(w, "ied") || ends(w, "ies")) {
		set_to(w, w->n - 3, w->n > 4 ? "i" : "ie");
	} else if (ends(w, "us") || ends(w, "ss")) {
		/* unchanged */
	} else if (ends(w, "s")) {
		/* delete if a vowel comes before the letter before the s */
		if (w->n >= 3 && has_vowel(w->s, w->n - 2))
			w->n--;
	}
}

static void step_1b(struct word *w)
{
	static const struct rule rules[] = {
		{ "eedly", "ee" }, { "ingly", NULL }, { "edly", NULL },
		{ "eed", "ee" },   { "ing", NULL },   { "ed", NULL },
	};
	size_t at;
	const struct rule *r = LONGEST(w, rules, &at);

	if (!r)
		return;
	if (r->repl) { /* eed, eedly */
		if (at >= w->p1)
			set_to(w, at, r->repl);
		return;
	}
	if (!has_vowel(w->s, at))
		return;
	w->n = at;
	if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) {
		w->s[w->n++] = 'e';
	} else if (w->n >= 2 && w->s[w->n - 1] == w->s[w->n - 2] &&
		   strchr("bdfgmnprt", w->s[w->n - 1])) {
		w->n--;
	} else if (w->n == w->p1 && short_syllable(w->s, w->n)) {
		w->s[w->n++] = 'e'; /* the word is short: hop(ing) -> hope */
	}
}

static void step_1c(struct word *w)
{
	if (w->n >= 3 && (w->s[w->n - 1] == 'y' || w->s[w->n - 1] == 'Y') &&
	    !vowel(w->s[w->n - 2]))
		w->s[w->n - 1] = 'i';
}

static void step_2(struct word *w)
{
	static const struct rule rules[] = {
		{ "ization", "ize" }, { "ational", "ate" }, { "fulness", "ful" },
		{ "ousness", "ous" }, { "iveness", "ive" }, { "tional", "tion" },
		{ "biliti", "ble" },  { "lessli", "less" }, { "entli", "ent" },
		{ "ation", "ate" },   { "alism", "al" },    { "aliti", "al" },
		{ "ousli", "ous" },   { "iviti", "ive" },   { "fulli", "ful" },
		{ "enci", "ence" },   { "anci", "ance" },   { "abli", "able" },
		{ "izer", "ize" },    { "ator", "ate" },    { "alli", "al" },
		{ "bli", "ble" },     { "ogi", "og" },      { "li", NULL },
	};
	size_t at;
	const struct rule *r = LONGEST(w, rules, &at);

	if (!r || at < w->p1)
		return;
	if (strcmp(r->suffix, "ogi") == 0 && !(at > 0 && w->s[at - 1] == 'l'))
		return;
	if (strcmp(r->suffix, "li") == 0 &&
	    !(at > 0 && strchr("cdeghkmnrt", w->s[at - 1])))
		return;
	set_to(w, at, r->repl);
}

static void step_3(struct word *w)
{
	static const struct rule rules[] = {
		{ "ational", "ate" }, { "tional", "tion" }, { "alize", "al" },
		{ "icate", "ic" },    { "iciti", "ic" },    { "ative", NULL },
		{ "ical", "ic" },     { "ness", NULL },     { "ful", NULL },
	};
	size_t at;
	const struct rule *r = LONGEST(w, rules, &at);

	if (!r || at < w->p1 || (strcmp(r->suffix, "ative") == 0 && at < w->p2))
		return;
	set_to(w, at, r->repl);
}

static void step_4(struct word *w)
{
	static const struct rule rules[] = {
		{ "ement", NULL }, { "ance", NULL }, { "ence", NULL }, { "able", NULL },
		{ "ible", NULL },  { "ment", NULL }, { "ant", NULL },  { "ent", NULL },
		{ "ism", NULL },   { "ate", NULL },  { "iti", NULL },  { "ous", NULL },
		{ "ive", NULL },   { "ize", NULL },  { "ion", NULL },  { "al", NULL },
		{ "er", NULL },    { "ic", NULL },
	};
	size_t at;
	const struct rule *r = LONGEST(w, rules, &at);

	if (!r || at < w->p2)
		return;
	if (strcmp(r->suffix, "ion") == 0 &&
	    !(at > 0 && (w->s[at - 1] == 's' || w->s[at - 1] == 't')))
		return;
	w->n = at;
}

static void step_5(struct word *w)
{
	size_t at = w->n - 1;
	if (w->s[at] == 'e') {
		if (at >= w->p2 || (at >= w->p1 && !short_syllable(w->s, at)))
			w->n = at;
	} else if (w->s[at] == 'l') {
		if (at >= w->p2 && at > 0 && w->s[at - 1] == 'l')
			w->n = at;
	}
}

/* Whole words with a fixed stem (NULL: the word itself). */
static int exception(struct word *w, const struct rule *r, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (strlen(r[i].suffix) == w->n && memcmp(w->s, r[i].suffix, w->n) == 0) {
			if (r[i].repl)
				set_to(w, 0, r[i].repl);
			return 1;
		}
	}
	return 0;
}

static const struct rule exceptions1[] = {
	{ "skis", "ski" },    { "skies", "sky" },    { "dying", "die" },
	{ "lying", "lie" },   { "tying", "tie" },    { "idly", "idl" },
	{ "gently", "gentl" }, { "ugly", "ugli" },   { "early", "earli" },
	{ "only", "onli" },   { "singly", "singl" }, { "sky", NULL },
	{ "news", NULL },     { "howe", NULL },      { "atlas", NULL },
	{ "cosmos", NULL },   { "bias", NULL },      { "andes", NULL },
};

static const struct rule exceptions2[] = {
	{ "inning", NULL },  { "outing", NULL },  { "canning", NULL },
	{ "herring", NULL }, { "earring", NULL }, { "proceed", NULL },
	{ "exceed", NULL },  { "succeed", NULL },
};

size_t nc_stem_english(char *s, size_t len)
{
	struct word w;
	size_t i;

	if (len < 3 || len > NC_STEM_MAX)
		return len;
	for (i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return len;
	memcpy(w.s, s, len);
	w.n = len;
	if (exception(&w, exceptions1, sizeof exceptions1 / sizeof *exceptions1))
		goto out;

	/* prelude: a 'y' that begins the word or follows a vowel is a consonant */
	for (i = 0; i < w.n; i++)
		if (w.s[i] == 'y' && (i == 0 || vowel(w.s[i - 1])))
			w.s[i] = 'Y';
	mark_regions(&w);

	step_1a(&w);
	if (!exception(&w, exceptions2, sizeof exceptions2 / sizeof *exceptions2)) {
		step_1b(&w);
		step_1c(&w);
		step_2(&w);
		step_3(&w);
		step_4(&w);
		if (w.n > 0)
			step_5(&w);
	}
	for (i = 0; i < w.n; i++) /* postlude */
		if (w.s[i] == 'Y')
			w.s[i] = 'y';
out:
	/* Step 1b may add an 'e' after removing 2+ letters, so a stem is never
	 * longer than its word. */
	memcpy(s, w.s, w.n);
	return w.n;
}
