/*
 * test_tokenize.c - the streaming Unicode tokenizer (src/tokenize.c),
 * checked against the policy written in src/tokenize.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsclass.h"
#include "tokenize.h"

/* Exposed by tokenize.c for this test (not in tokenize.h). */
extern size_t nc__stop_word_count(void);
extern const char *nc__stop_word(size_t i);

/* ---- a token list filled by the callback ------------------------------ */

typedef struct toklist {
	char **tok;
	size_t n, cap;
	size_t stop_after; /* 0 = never; else return 42 at that token */
} toklist;

static int collect(void *ctx, const char *tok, size_t len)
{
	toklist *l = ctx;
	char *s;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **p = realloc(l->tok, cap * sizeof *p);
		assert_non_null(p);
		l->tok = p;
		l->cap = cap;
	}
	s = malloc(len + 1);
	assert_non_null(s);
	memcpy(s, tok, len);
	s[len] = '\0';
	/* tokens are never empty and never contain a NUL */
	assert_true(len > 0);
	assert_int_equal(strlen(s), len);
	l->tok[l->n++] = s;
	if (l->stop_after && l->n == l->stop_after)
		return 42;
	return 0;
}

static void toklist_clear(toklist *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		free(l->tok[i]);
	free(l->tok);
	memset(l, 0, sizeof *l);
}

/* Tokenize `len` bytes fed in pieces of `piece` bytes (0 = all at once). */
static void tokenize_n(toklist *l, const char *text, size_t len, int ngram,
		       int stop, size_t piece)
{
	nc_tokenizer *t = NULL;
	size_t off = 0;
	assert_int_equal(nc_tokenizer_new(&t, ngram, stop, collect, l), 0);
	assert_non_null(t);
	if (piece == 0)
		piece = len ? len : 1;
	while (off < len) {
		size_t n = len - off < piece ? len - off : piece;
		assert_int_equal(nc_tokenizer_feed(t, text + off, n), 0);
		off += n;
	}
	assert_int_equal(nc_tokenizer_finish(t), 0);
	nc_tokenizer_free(t);
}

static void tokenize(toklist *l, const char *text, int ngram, int stop)
{
	tokenize_n(l, text, strlen(text), ngram, stop, 0);
}

static size_t count_of(const toklist *l, const char *tok)
{
	size_t i, c = 0;
	for (i = 0; i < l->n; i++)
		c += strcmp(l->tok[i], tok) == 0;
	return c;
}

static void print_tokens(const toklist *l)
{
	size_t i;
	fprintf(stderr, "tokens (%zu):", l->n);
	for (i = 0; i < l->n; i++)
		fprintf(stderr, " [%s]", l->tok[i]);
	fprintf(stderr, "\n");
}

/* The list must be exactly `expected` (NULL-terminated), in order. */
static void expect_tokens(const toklist *l, const char *const *expected)
{
	size_t i, n = 0;
	while (expected[n])
		n++;
	if (l->n != n)
		print_tokens(l);
	assert_int_equal(l->n, n);
	for (i = 0; i < n; i++) {
		if (strcmp(l->tok[i], expected[i]) != 0)
			print_tokens(l);
		assert_string_equal(l->tok[i], expected[i]);
	}
}

#define EXPECT(l, ...)                                                  \
	do {                                                            \
		static const char *const exp_[] = { __VA_ARGS__, NULL }; \
		expect_tokens((l), exp_);                               \
	} while (0)

/* Tokenize text (ngram 1) and compare with the expected list. */
#define CHECK1(text, stop, ...)                   \
	do {                                      \
		toklist l_ = { 0 };               \
		tokenize(&l_, (text), 1, (stop)); \
		EXPECT(&l_, __VA_ARGS__);         \
		toklist_clear(&l_);               \
	} while (0)

/* ---- tests -------------------------------------------------------------- */

static void test_ascii_words_lowercased(void **state)
{
	(void)state;
	CHECK1("Hello WORLD, MarKet!", 0, "hello", "world", "market");
	CHECK1("  leading\tand\r\ntrailing  ", 0, "leading", "and", "trailing");
}

static void test_stop_words_dropped(void **state)
{
	(void)state;
	CHECK1("The price of oil", 1, "price", "oil");
	CHECK1("The price of oil", 0, "the", "price", "of", "oil");
	CHECK1("THE Price OF Oil", 1, "price", "oil");
}

static void test_every_listed_stop_word_is_dropped(void **state)
{
	size_t i, n = nc__stop_word_count(), missing = 0;
	(void)state;
	assert_true(n > 100);
	for (i = 0; i < n; i++) {
		const char *w = nc__stop_word(i);
		if (!nc_is_stop_word(w, strlen(w))) {
			fprintf(stderr, "stop word '%s' (entry %zu) not recognised\n", w, i);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	assert_false(nc_is_stop_word("market", 6));
	assert_false(nc_is_stop_word("", 0));
}

static void test_stop_word_list_sorted(void **state)
{
	size_t i, n = nc__stop_word_count();
	(void)state;
	for (i = 1; i < n; i++) {
		if (strcmp(nc__stop_word(i - 1), nc__stop_word(i)) >= 0)
			fprintf(stderr, "stop words out of order at %zu: '%s' before '%s'\n",
				i, nc__stop_word(i - 1), nc__stop_word(i));
		assert_true(strcmp(nc__stop_word(i - 1), nc__stop_word(i)) < 0);
	}
}

static void test_single_letters_dropped(void **state)
{
	(void)state;
	CHECK1("a b c x y z plan B", 0, "plan");
	/* a single digit is a number, not a letter: it becomes <num> */
	CHECK1("x 7 y", 0, "<num>");
}

static void test_possessive_s_dropped(void **state)
{
	(void)state;
	CHECK1("Korea's exports", 0, "korea", "exports");
	CHECK1("Korea\xE2\x80\x99s exports", 0, "korea", "exports"); /* U+2019 */
}

static void test_apostrophe_inside_word_dropped(void **state)
{
	(void)state;
	CHECK1("don't panic", 0, "dont", "panic");
	/* "dont" is in the stop list */
	CHECK1("don't panic", 1, "panic");
	CHECK1("O'Neill resigned", 0, "oneill", "resigned");
}

static void test_hyphen_compound(void **state)
{
	(void)state;
	CHECK1("post-quantum cryptography", 0,
	       "post", "quantum", "post-quantum", "cryptography");
	/* U+2010 HYPHEN behaves like '-' */
	CHECK1("post\xE2\x80\x90quantum", 0, "post", "quantum", "post-quantum");
	/* a single-letter part is dropped but the compound stays */
	CHECK1("e-mail", 0, "mail", "e-mail");
	/* a hyphen not between word characters is a separator */
	CHECK1("rates - up", 0, "rates", "up");
}

static void test_numbers(void **state)
{
	(void)state;
	CHECK1("2,500 tonnes at 3.5 percent", 0,
	       "<num>", "tonnes", "at", "<num>", "percent");
	CHECK1("1,000,000.25", 0, "<num>");
	CHECK1("5G networks", 0, "5g", "networks");
	/* a comma not between digits separates */
	CHECK1("oil,gas", 0, "oil", "gas");
}

static void test_nfkc_fullwidth_and_ligature(void **state)
{
	(void)state;
	CHECK1("\xEF\xBC\xA1\xEF\xBC\xA9 chips", 0, "ai", "chips"); /* ＡＩ */
	CHECK1("\xEF\xAC\x81nance", 0, "finance");                   /* ﬁnance */
	/* fullwidth digits are a number */
	CHECK1("\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94", 0, "<num>");
}

static void test_case_folding(void **state)
{
	(void)state;
	CHECK1("STRASSE Stra\xC3\x9F" "e", 0, "strasse", "strasse");
	CHECK1("\xCE\xA3\xCE\x99\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3", 0, /* ΣΙΣΥΦΟΣ */
	       "\xcf\x83\xce\xb9\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x83");
}

static void test_soft_hyphen_ignored(void **state)
{
	(void)state;
	/* default-ignorable characters are removed, joining the word */
	CHECK1("eco\xC2\xADnomy", 0, "economy");
	CHECK1("eco\xE2\x80\x8Dnomy", 0, "economy"); /* ZWJ */
}

static void test_fdfa_expands_to_several_words(void **state)
{
	toklist l = { 0 };
	size_t i;
	(void)state;
	tokenize(&l, "\xEF\xB7\xBA", 1, 0); /* U+FDFA */
	if (l.n <= 1)
		print_tokens(&l);
	assert_true(l.n > 1);
	for (i = 0; i < l.n; i++)
		assert_null(strchr(l.tok[i], ' '));
	/* the first word is Arabic "صلى" */
	assert_string_equal(l.tok[0], "\xD8\xB5\xD9\x84\xD9\x89");
	toklist_clear(&l);
}

static void test_korean_bigrams(void **state)
{
	(void)state;
	CHECK1("\xEB\xB0\x98\xEB\x8F\x84\xEC\xB2\xB4\xEB\xA5\xBC \xEC\x88\x98\xEC\xB6\x9C", 0,
	       "\xEB\xB0\x98\xEB\x8F\x84",  /* 반도 */
	       "\xEB\x8F\x84\xEC\xB2\xB4",  /* 도체 */
	       "\xEC\xB2\xB4\xEB\xA5\xBC",  /* 체를 */
	       "\xEC\x88\x98\xEC\xB6\x9C"); /* 수출 */
}

static void test_japanese_chinese_bigrams(void **state)
{
	(void)state;
	/* 東京で会議: Han and kana in one run */
	CHECK1("\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7\xE4\xBC\x9A\xE8\xAD\xB0", 0,
	       "\xE6\x9D\xB1\xE4\xBA\xAC", "\xE4\xBA\xAC\xE3\x81\xA7",
	       "\xE3\x81\xA7\xE4\xBC\x9A", "\xE4\xBC\x9A\xE8\xAD\xB0");
	/* 人工智能 */
	CHECK1("\xE4\xBA\xBA\xE5\xB7\xA5\xE6\x99\xBA\xE8\x83\xBD", 0,
	       "\xE4\xBA\xBA\xE5\xB7\xA5", "\xE5\xB7\xA5\xE6\x99\xBA",
	       "\xE6\x99\xBA\xE8\x83\xBD");
	/* a run of one character yields itself */
	CHECK1("\xE4\xB8\xAD", 0, "\xE4\xB8\xAD");
	/* Latin and Han next to each other: a word, then bigrams */
	CHECK1("AI\xE8\x8A\xAF\xE7\x89\x87", 0, "ai", "\xE8\x8A\xAF\xE7\x89\x87");
	/* CJK punctuation separates runs */
	CHECK1("\xE4\xBA\xBA\xE5\xB7\xA5\xE3\x80\x82\xE6\x99\xBA\xE8\x83\xBD", 0,
	       "\xE4\xBA\xBA\xE5\xB7\xA5", "\xE6\x99\xBA\xE8\x83\xBD");
}

static void test_cjk_bigrams_are_not_ngrammed(void **state)
{
	toklist l = { 0 };
	(void)state;
	/* 人工智能 market: bigrams are unigrams only, "market" has no partner */
	tokenize(&l, "\xE4\xBA\xBA\xE5\xB7\xA5\xE6\x99\xBA\xE8\x83\xBD market", 2, 0);
	EXPECT(&l, "\xE4\xBA\xBA\xE5\xB7\xA5", "\xE5\xB7\xA5\xE6\x99\xBA",
	       "\xE6\x99\xBA\xE8\x83\xBD", "market");
	toklist_clear(&l);
}

static void test_invalid_utf8_splits_words(void **state)
{
	static const struct {
		const char *text;
		size_t len;
	} cases[] = {
		{ "abc\xC0\xAF" "def", 8 },     /* overlong '/' */
		{ "abc\xE0\x80\xAF" "def", 9 }, /* overlong 3-byte */
		{ "abc\xED\xA0\x80" "def", 9 }, /* surrogate U+D800 */
		{ "abc\xF5\x80\x80\x80" "def", 10 },
		{ "abc\xF4\x90\x80\x80" "def", 10 }, /* > U+10FFFF */
		{ "abc\xFF" "def", 7 },
		{ "abc\x80" "def", 7 },         /* stray continuation */
		{ "abc\xC1\xBF" "def", 8 },
		{ "abc\xE2\x82" "def", 8 },     /* truncated, then ASCII */
		{ "abc\xF0\x9F\x98" "def", 10 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		toklist l = { 0 };
		tokenize_n(&l, cases[i].text, cases[i].len, 1, 0, 0);
		EXPECT(&l, "abc", "def");
		toklist_clear(&l);
		/* and the same fed one byte at a time */
		tokenize_n(&l, cases[i].text, cases[i].len, 1, 0, 1);
		EXPECT(&l, "abc", "def");
		toklist_clear(&l);
	}
}

static void test_invalid_utf8_keeps_rest(void **state)
{
	toklist l = { 0 };
	(void)state;
	/* truncated tail at the end of the document */
	tokenize_n(&l, "abc\xE2\x82", 5, 1, 0, 0);
	EXPECT(&l, "abc");
	toklist_clear(&l);
	tokenize_n(&l, "abc\xE2\x82", 5, 1, 0, 1);
	EXPECT(&l, "abc");
	toklist_clear(&l);
	/* garbage first, valid text after it (with a multibyte word) */
	tokenize_n(&l, "\xFF\xFE\xC0 hello w\xC3\xB6rld", 16, 1, 0, 0);
	EXPECT(&l, "hello", "w\xC3\xB6rld");
	toklist_clear(&l);
	/* a valid sequence directly after an invalid lead byte is decoded */
	tokenize_n(&l, "\xE2\xC3\xA9t\xC3\xA9", 6, 1, 0, 0);
	EXPECT(&l, "\xC3\xA9t\xC3\xA9");
	toklist_clear(&l);
}

static void test_nul_byte_separates(void **state)
{
	toklist l = { 0 };
	(void)state;
	tokenize_n(&l, "abc\0def", 7, 1, 0, 0);
	EXPECT(&l, "abc", "def");
	toklist_clear(&l);
	tokenize_n(&l, "abc\x01\x1F\x7F" "def", 9, 1, 0, 0);
	EXPECT(&l, "abc", "def");
	toklist_clear(&l);
}

static const char multilingual[] =
	"Korea's chip exports (\xEB\xB0\x98\xEB\x8F\x84\xEC\xB2\xB4\xEB\xA5\xBC \xEC\x88\x98\xEC\xB6\x9C) "
	"rose 2,500 units; \xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7\xE4\xBC\x9A\xE8\xAD\xB0 on post-quantum "
	"\xEF\xAC\x81nance, Stra\xC3\x9F" "e \xEF\xBC\xA1\xEF\xBC\xA9 caf\xC3\xA9 na\xC3\xAFve "
	"\xF0\x9F\x98\x80 emoji \xEF\xB7\xBA \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 "
	"don't stop the 5G roll-out of e\xCC\x81" "lan \xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA "
	"bad\xFF" "byte \xE2\x82";

static void check_split_equal(int ngram, int stop)
{
	toklist whole = { 0 };
	size_t piece, i;
	size_t len = sizeof multilingual - 1;

	tokenize_n(&whole, multilingual, len, ngram, stop, 0);
	assert_true(whole.n > 30);
	for (piece = 1; piece <= 7; piece++) {
		toklist part = { 0 };
		tokenize_n(&part, multilingual, len, ngram, stop, piece);
		assert_int_equal(part.n, whole.n);
		for (i = 0; i < whole.n; i++)
			assert_string_equal(part.tok[i], whole.tok[i]);
		toklist_clear(&part);
	}
	toklist_clear(&whole);
}

static void test_bytewise_feed_equals_whole(void **state)
{
	(void)state;
	check_split_equal(1, 0);
	check_split_equal(2, 1);
	check_split_equal(3, 0);
}

static void test_split_sequence_decoded_across_feeds(void **state)
{
	toklist l = { 0 };
	nc_tokenizer *t = NULL;
	(void)state;
	/* "café" with the é (C3 A9) split, then "東京" split 1+2 and 2+1 */
	assert_int_equal(nc_tokenizer_new(&t, 1, 0, collect, &l), 0);
	assert_int_equal(nc_tokenizer_feed(t, "caf\xC3", 4), 0);
	assert_int_equal(nc_tokenizer_feed(t, "\xA9 \xE6", 3), 0);
	assert_int_equal(nc_tokenizer_feed(t, "\x9D\xB1\xE4\xBA", 4), 0);
	assert_int_equal(nc_tokenizer_feed(t, "\xAC", 1), 0);
	assert_int_equal(nc_tokenizer_finish(t), 0);
	EXPECT(&l, "caf\xC3\xA9", "\xE6\x9D\xB1\xE4\xBA\xAC");
	toklist_clear(&l);
	nc_tokenizer_free(t);
}

static void test_bigrams(void **state)
{
	toklist l = { 0 };
	(void)state;
	tokenize(&l, "export controls tightened", 2, 1);
	EXPECT(&l, "export", "controls", "export controls", "tightened",
	       "controls tightened");
	toklist_clear(&l);
}

static void test_stop_words_removed_before_ngrams(void **state)
{
	toklist l = { 0 };
	(void)state;
	tokenize(&l, "export of the controls", 2, 1);
	EXPECT(&l, "export", "controls", "export controls");
	assert_int_equal(count_of(&l, "export of"), 0);
	toklist_clear(&l);
	/* without stop-word removal they take part */
	tokenize(&l, "export of controls", 2, 0);
	EXPECT(&l, "export", "of", "export of", "controls", "of controls");
	toklist_clear(&l);
}

static void test_stemming(void **state)
{
	toklist l = { 0 };
	const int stem = (int)NC_TOK_STEM, both = (int)(NC_TOK_STOP_WORDS | NC_TOK_STEM);
	(void)state;
	/* stems, after stop-word removal; n-grams join the stems */
	tokenize(&l, "Exports of the chips were exported", 2, both);
	EXPECT(&l, "export", "chip", "export chip", "export", "chip export");
	toklist_clear(&l);
	/* a stop word is recognised before stemming: "having" is dropped
	 * with stop words on, stemmed to "have" with them off */
	CHECK1("having agreed", both, "agre");
	CHECK1("having agreed", stem, "have", "agre");
	/* compound parts are stemmed and the compound joins the stems */
	CHECK1("export-controls tightened", stem,
	       "export", "control", "export-control", "tighten");
	/* only a-z words: digits, other letters and numbers stay as they are */
	CHECK1("5G networks 2,500", stem, "5g", "network", "<num>");
	CHECK1("Exportación", stem, "exportación");
	/* Korean bigrams are not touched */
	CHECK1("반도체", stem, "반도", "도체");
	/* without the flag nothing is stemmed */
	CHECK1("exported chips", 0, "exported", "chips");
}

/* ---- character n-grams ------------------------------------------------- */

/* Only the character n-grams (tokens starting with '#') of `text`, with
 * words (ngram 1, no flags) tokenized alongside, fed in pieces of `piece`
 * bytes (0 = at once). */
static void char_grams(toklist *out, const char *text, int min, int max, size_t piece)
{
	toklist all = { 0 };
	nc_tokenizer *t = NULL;
	size_t i, off = 0, len = strlen(text);

	assert_int_equal(nc_tokenizer_new(&t, 1, 0, collect, &all), 0);
	assert_int_equal(nc_tokenizer_set_char_ngrams(t, min, max), 0);
	if (piece == 0)
		piece = len ? len : 1;
	for (; off < len; off += piece)
		assert_int_equal(nc_tokenizer_feed(t, text + off, len - off < piece ? len - off : piece), 0);
	assert_int_equal(nc_tokenizer_finish(t), 0);
	nc_tokenizer_free(t);
	memset(out, 0, sizeof *out);
	for (i = 0; i < all.n; i++) {
		if (all.tok[i][0] == '#')
			collect(out, all.tok[i], strlen(all.tok[i]));
	}
	toklist_clear(&all);
}

#define CHARS(text, min, max, ...)                        \
	do {                                              \
		toklist l_;                               \
		char_grams(&l_, (text), (min), (max), 0); \
		EXPECT(&l_, __VA_ARGS__);                 \
		toklist_clear(&l_);                       \
	} while (0)

static void test_char_ngrams(void **state)
{
	toklist l = { 0 }, w = { 0 };
	(void)state;
	/* padded with a space at each end, all n from min to max, start by
	 * start; lower-cased like the words */
	CHARS("Chip", 3, 3, "# ch", "#chi", "#hip", "#ip ");
	CHARS("Chip", 2, 3, "# c", "# ch", "#ch", "#chi", "#hi", "#hip", "#ip", "#ip ", "#p ");
	/* punctuation belongs to the piece; white space separates pieces */
	CHARS("U.S. ok", 2, 2, "# u", "#u.", "#.s", "#s.", "#. ", "# o", "#ok", "#k ");
	/* a padded piece no longer than min: itself, once (scikit-learn) */
	CHARS("a", 3, 5, "# a ");
	CHARS("a", 4, 5, "# a ");
	CHARS("ab", 4, 6, "# ab ");
	/* repeated n-grams are emitted each time: they are counted */
	CHARS("aaaa", 2, 2, "# a", "#aa", "#aa", "#aa", "#a ");
	/* code points, not bytes; NFKC and case folding first */
	CHARS("Wörld", 2, 2, "# w", "#wö", "#ör", "#rl", "#ld", "#d ");
	CHARS("\xEF\xAC\x81x", 3, 3, "# fi", "#fix", "#ix "); /* U+FB01 fi ligature */
	CHARS("반도체", 2, 2, "# 반", "#반도", "#도체", "#체 ");
	/* normalisation that yields a space splits the piece there: NFKC of
	 * U+00A8 is a space and a combining diaeresis */
	CHARS("x\xC2\xA8y", 3, 3, "# x ", "# \xCC\x88y", "#\xCC\x88y ");
	/* fed byte by byte, the same n-grams */
	{
		const char *text = "Semiconductor export-controls, 2025: «Wörld» 반도체 ⑴";
		char_grams(&l, text, 1, 4, 0);
		char_grams(&w, text, 1, 4, 1);
		assert_int_equal(l.n, w.n);
		for (size_t i = 0; i < l.n; i++)
			assert_string_equal(l.tok[i], w.tok[i]);
		/* 1-grams include the padding spaces; 4-grams never exceed 4 */
		assert_int_equal(count_of(&l, "# "), 2 * 6);
		assert_int_equal(count_of(&l, "#duct"), 1);
		assert_int_equal(count_of(&l, "#ducto"), 0);
		toklist_clear(&l);
		toklist_clear(&w);
	}
	/* the words are as without character n-grams */
	{
		nc_tokenizer *t = NULL;
		assert_int_equal(nc_tokenizer_new(&t, 2, 1, collect, &l), 0);
		assert_int_equal(nc_tokenizer_set_char_ngrams(t, 2, 4), 0);
		assert_int_equal(nc_tokenizer_feed(t, "the new export-controls", 23), 0);
		assert_int_equal(nc_tokenizer_finish(t), 0);
		nc_tokenizer_free(t);
		for (size_t i = 0; i < l.n; i++) {
			if (l.tok[i][0] != '#')
				collect(&w, l.tok[i], strlen(l.tok[i]));
		}
		EXPECT(&w, "new", "export", "new export", "controls", "export controls",
		       "export-controls");
		toklist_clear(&l);
		toklist_clear(&w);
	}
}

static void test_char_ngrams_bad_range(void **state)
{
	toklist l = { 0 };
	nc_tokenizer *t = NULL;
	(void)state;
	assert_int_equal(nc_tokenizer_new(&t, 1, 0, collect, &l), 0);
	assert_int_equal(nc_tokenizer_set_char_ngrams(t, 0, 1), NC_EINVAL);
	assert_int_equal(nc_tokenizer_set_char_ngrams(t, 3, 2), NC_EINVAL);
	assert_int_equal(nc_tokenizer_set_char_ngrams(t, 1, NC_TOK_MAX_CHAR_NGRAM + 1), NC_EINVAL);
	assert_int_equal(nc_tokenizer_set_char_ngrams(t, -1, 2), NC_EINVAL);
	assert_int_equal(nc_tokenizer_set_char_ngrams(t, 1, NC_TOK_MAX_CHAR_NGRAM), 0);
	assert_int_equal(nc_tokenizer_set_char_ngrams(t, 0, 0), 0);
	/* 0, 0 turns them off again */
	assert_int_equal(nc_tokenizer_feed(t, "chip", 4), 0);
	assert_int_equal(nc_tokenizer_finish(t), 0);
	EXPECT(&l, "chip");
	nc_tokenizer_free(t);
	toklist_clear(&l);
}

/* ---- paragraphs (the title a title weight applies to) ------------------ */

struct para_ctx {
	toklist l;
	nc_tokenizer *t;
};

/* Records each token as "P:token", P its nc_tokenizer_paragraph value. */
static int collect_para(void *ctx, const char *tok, size_t len)
{
	struct para_ctx *c = ctx;
	char buf[NC_TOK_MAX_NGRAM * (NC_TOK_MAX_BYTES + 1) + 3];
	int para = nc_tokenizer_paragraph(c->t);
	assert_true(para == 0 || para == 1);
	assert_true(len + 2 < sizeof buf);
	buf[0] = (char)('0' + para);
	buf[1] = ':';
	memcpy(buf + 2, tok, len);
	return collect(&c->l, buf, len + 2);
}

/* Tokens of `text` with their paragraphs, fed whole and byte by byte
 * (which must agree), through one tokenizer used twice (reset between). */
static void paragraphs(toklist *out, const char *text)
{
	struct para_ctx c = { { 0 }, NULL };
	size_t i, n = strlen(text), whole;
	assert_int_equal(nc_tokenizer_new(&c.t, 2, 0, collect_para, &c), 0);
	assert_int_equal(nc_tokenizer_feed(c.t, text, n), 0);
	assert_int_equal(nc_tokenizer_finish(c.t), 0);
	assert_int_equal(nc_tokenizer_paragraph(c.t), 0); /* finish resets */
	whole = c.l.n;
	for (i = 0; i < n; i++)
		assert_int_equal(nc_tokenizer_feed(c.t, text + i, 1), 0);
	assert_int_equal(nc_tokenizer_finish(c.t), 0);
	assert_int_equal(c.l.n, 2 * whole);
	for (i = 0; i < whole; i++)
		assert_string_equal(c.l.tok[i], c.l.tok[whole + i]);
	nc_tokenizer_free(c.t);
	for (i = 0; i < whole; i++)
		collect(out, c.l.tok[i], strlen(c.l.tok[i]));
	toklist_clear(&c.l);
}

#define PARAS(text, ...)                   \
	do {                               \
		toklist pl_ = { 0 };       \
		paragraphs(&pl_, text);    \
		EXPECT(&pl_, __VA_ARGS__); \
		toklist_clear(&pl_);       \
	} while (0)

static void test_paragraphs(void **state)
{
	(void)state;
	/* the first blank line ends the first paragraph; the bigram across
	 * it counts as after it, later blank lines change nothing */
	PARAS("Chip curbs\n\nSeoul said\n\nmore",
	      "0:chip", "0:curbs", "0:chip curbs", "1:seoul", "1:curbs seoul",
	      "1:said", "1:seoul said", "1:more", "1:said more");
	/* one line feed is not a paragraph break; white space on the blank
	 * line and CR LF line ends are */
	PARAS("Chip\ncurbs\n \t\r\nnow", "0:chip", "0:curbs", "0:chip curbs",
	      "1:now", "1:curbs now");
	PARAS("Chip\r\n\r\nnow", "0:chip", "1:now", "1:chip now");
	/* leading blank lines come before the first paragraph, not after */
	PARAS("\n\n  \nChip\n\nnow", "0:chip", "1:now", "1:chip now");
	/* U+2029 PARAGRAPH SEPARATOR ends it by itself */
	PARAS("Chip\xE2\x80\xA9now", "0:chip", "1:now", "1:chip now");
	/* punctuation on the line between: not a blank line; a paragraph
	 * without tokens still counts */
	PARAS("Chip\n.\nnow", "0:chip", "0:now", "0:chip now");
	PARAS("--\n\nnow", "1:now");
	/* a control character or an invalid byte breaks words but is not
	 * white space, so its line is not blank; U+3000 IDEOGRAPHIC SPACE
	 * and U+0085 NEXT LINE are white space */
	PARAS("Chip\n\x01\nnow", "0:chip", "0:now", "0:chip now");
	PARAS("Chip\n\xFF\nnow", "0:chip", "0:now", "0:chip now");
	PARAS("Chip\n\xE3\x80\x80\nnow", "0:chip", "1:now", "1:chip now");
	PARAS("Chip\n\xC2\x85\nnow", "0:chip", "1:now", "1:chip now");
	/* a document of one paragraph */
	PARAS("chip curbs", "0:chip", "0:curbs", "0:chip curbs");
}

static void test_trigrams(void **state)
{
	toklist l = { 0 };
	(void)state;
	tokenize(&l, "new export controls tightened", 3, 1);
	EXPECT(&l, "new",
	       "export", "new export",
	       "controls", "export controls", "new export controls",
	       "tightened", "controls tightened", "export controls tightened");
	toklist_clear(&l);
}

static void test_ngram_history_reset_between_documents(void **state)
{
	toklist l = { 0 };
	nc_tokenizer *t = NULL;
	(void)state;
	assert_int_equal(nc_tokenizer_new(&t, 2, 0, collect, &l), 0);
	assert_int_equal(nc_tokenizer_feed(t, "alpha beta", 10), 0);
	assert_int_equal(nc_tokenizer_finish(t), 0);
	assert_int_equal(nc_tokenizer_feed(t, "gamma", 5), 0);
	assert_int_equal(nc_tokenizer_finish(t), 0);
	EXPECT(&l, "alpha", "beta", "alpha beta", "gamma");
	toklist_clear(&l);
	/* reset forgets a partial document, including a pending sequence */
	assert_int_equal(nc_tokenizer_feed(t, "delta eps\xC3", 10), 0);
	nc_tokenizer_reset(t);
	assert_int_equal(nc_tokenizer_feed(t, "zeta", 4), 0);
	assert_int_equal(nc_tokenizer_finish(t), 0);
	EXPECT(&l, "delta", "zeta");
	toklist_clear(&l);
	nc_tokenizer_free(t);
}

static void test_callback_stop_value_returned(void **state)
{
	toklist l = { 0 };
	nc_tokenizer *t = NULL;
	(void)state;
	l.stop_after = 2;
	assert_int_equal(nc_tokenizer_new(&t, 1, 0, collect, &l), 0);
	assert_int_equal(nc_tokenizer_feed(t, "one two three four ", 19), 42);
	assert_int_equal(l.n, 2);
	nc_tokenizer_free(t);
	toklist_clear(&l);
}

static void test_long_word_bounded(void **state)
{
	char text[1300];
	toklist l = { 0 };
	size_t i;
	(void)state;

	memset(text, 'a', 300);
	memcpy(text + 300, " ok", 4);
	tokenize(&l, text, 3, 0);
	for (i = 0; i < l.n; i++)
		assert_true(strlen(l.tok[i]) <= NC_TOK_MAX_BYTES || strchr(l.tok[i], ' '));
	assert_int_equal(count_of(&l, "ok"), 1);
	toklist_clear(&l);

	tokenize(&l, text, 1, 0);
	for (i = 0; i < l.n; i++)
		assert_true(strlen(l.tok[i]) <= NC_TOK_MAX_BYTES);
	/* the run is cut after NC_TOK_CHUNK code points: the first 256 'a'
	 * are one over-long word (dropped), the 44 after it a word */
	assert_int_equal(l.n, 2);
	assert_int_equal(strlen(l.tok[0]), 300 - NC_TOK_CHUNK);
	assert_string_equal(l.tok[1], "ok");
	toklist_clear(&l);

	/* 400 two-byte letters (é): 800 bytes, nothing over the limit */
	for (i = 0; i < 400; i++)
		memcpy(text + 2 * i, "\xC3\xA9", 2);
	text[800] = '\0';
	tokenize_n(&l, text, 800, 1, 0, 3);
	for (i = 0; i < l.n; i++)
		assert_true(strlen(l.tok[i]) <= NC_TOK_MAX_BYTES);
	toklist_clear(&l);

	/* a 300-character hyphenated compound */
	for (i = 0; i < 300; i++)
		text[i] = (i % 6 == 5) ? '-' : 'b';
	text[300] = '\0';
	tokenize(&l, text, 1, 0);
	for (i = 0; i < l.n; i++)
		assert_true(strlen(l.tok[i]) <= NC_TOK_MAX_BYTES);
	toklist_clear(&l);
}

/* Policy: "tokens over NC_TOK_MAX_BYTES bytes are dropped" - a word of
 * exactly NC_TOK_MAX_BYTES bytes is not over the limit and is kept. */
static void test_word_at_byte_limit_kept(void **state)
{
	char text[NC_TOK_MAX_BYTES + 2];
	toklist l = { 0 };
	(void)state;

	memset(text, 'q', NC_TOK_MAX_BYTES);
	text[NC_TOK_MAX_BYTES] = '\0';
	tokenize(&l, text, 1, 0);
	if (l.n != 1)
		fprintf(stderr, "a %d-byte word gave %zu tokens\n", NC_TOK_MAX_BYTES, l.n);
	assert_int_equal(l.n, 1);
	assert_int_equal(strlen(l.tok[0]), NC_TOK_MAX_BYTES);
	toklist_clear(&l);

	memset(text, 'q', NC_TOK_MAX_BYTES + 1);
	text[NC_TOK_MAX_BYTES + 1] = '\0';
	tokenize(&l, text, 1, 0);
	assert_int_equal(l.n, 0);
	toklist_clear(&l);
}

static void test_new_rejects_bad_ngram(void **state)
{
	toklist l = { 0 };
	nc_tokenizer *t = (nc_tokenizer *)&l; /* must be reset to NULL */
	int n;
	(void)state;
	assert_int_equal(nc_tokenizer_new(&t, 0, 0, collect, &l), NC_EINVAL);
	assert_null(t);
	t = (nc_tokenizer *)&l;
	assert_int_equal(nc_tokenizer_new(&t, 4, 0, collect, &l), NC_EINVAL);
	assert_null(t);
	assert_int_equal(nc_tokenizer_new(&t, -1, 0, collect, &l), NC_EINVAL);
	assert_null(t);
	assert_int_equal(nc_tokenizer_new(&t, 1, 0, NULL, &l), NC_EINVAL);
	assert_null(t);
	for (n = 1; n <= 3; n++) {
		assert_int_equal(nc_tokenizer_new(&t, n, 1, collect, &l), 0);
		assert_non_null(t);
		nc_tokenizer_free(t);
	}
	nc_tokenizer_free(NULL);
}

static void test_empty_and_separator_only_documents(void **state)
{
	toklist l = { 0 };
	(void)state;
	tokenize_n(&l, "", 0, 2, 1, 0);
	assert_int_equal(l.n, 0);
	tokenize(&l, " \t\n.,;!?-- ' ", 3, 0);
	assert_int_equal(l.n, 0);
	toklist_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_words_lowercased),
		cmocka_unit_test(test_stop_words_dropped),
		cmocka_unit_test(test_every_listed_stop_word_is_dropped),
		cmocka_unit_test(test_stop_word_list_sorted),
		cmocka_unit_test(test_single_letters_dropped),
		cmocka_unit_test(test_possessive_s_dropped),
		cmocka_unit_test(test_apostrophe_inside_word_dropped),
		cmocka_unit_test(test_hyphen_compound),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_nfkc_fullwidth_and_ligature),
		cmocka_unit_test(test_case_folding),
		cmocka_unit_test(test_soft_hyphen_ignored),
		cmocka_unit_test(test_fdfa_expands_to_several_words),
		cmocka_unit_test(test_korean_bigrams),
		cmocka_unit_test(test_japanese_chinese_bigrams),
		cmocka_unit_test(test_cjk_bigrams_are_not_ngrammed),
		cmocka_unit_test(test_invalid_utf8_splits_words),
		cmocka_unit_test(test_invalid_utf8_keeps_rest),
		cmocka_unit_test(test_nul_byte_separates),
		cmocka_unit_test(test_bytewise_feed_equals_whole),
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_split_sequence_decoded_across_feeds),
		cmocka_unit_test(test_bigrams),
		cmocka_unit_test(test_stop_words_removed_before_ngrams),
		cmocka_unit_test(test_stemming),
		cmocka_unit_test(test_char_ngrams),
		cmocka_unit_test(test_char_ngrams_bad_range),
		cmocka_unit_test(test_trigrams),
		cmocka_unit_test(test_ngram_history_reset_between_documents),
		cmocka_unit_test(test_callback_stop_value_returned),
		cmocka_unit_test(test_long_word_bounded),
		cmocka_unit_test(test_word_at_byte_limit_kept),
		cmocka_unit_test(test_new_rejects_bad_ngram),
		cmocka_unit_test(test_empty_and_separator_only_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
