/*
 * test_stem.c - the Porter2 stemmer (src/stem.c) against the reference:
 * tests/data/stem-english.tsv is the output of the Snowball project's own
 * English stemmer (python3-snowballstemmer) on the words of our corpus and
 * the algorithm's published special cases; every line must match.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stem.h"

static const char *data_dir;

static void stem_str(char *buf, const char *word)
{
	size_t n = strlen(word);
	memcpy(buf, word, n + 1);
	n = nc_stem_english(buf, n);
	buf[n] = '\0';
}

static void test_reference_vocabulary(void **state)
{
	char path[4096], line[512], got[NC_STEM_MAX + 1];
	size_t n = 0, bad = 0;
	FILE *f;
	(void)state;
	snprintf(path, sizeof path, "%s/stem-english.tsv", data_dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		char *tab, *want;
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		want = tab + 1;
		assert_true(strlen(line) <= NC_STEM_MAX);
		stem_str(got, line);
		if (strcmp(got, want) != 0 && bad++ < 20)
			fprintf(stderr, "%s: got '%s', want '%s'\n", line, got, want);
		n++;
	}
	fclose(f);
	/* the file is the whole point: it must be there and be large */
	assert_true(n > 10000);
	assert_int_equal(bad, 0);
}

static void test_cases_from_the_definition(void **state)
{
	static const char *const cases[][2] = {
		{ "generously", "generous" }, /* R1 after the prefix "gener" */
		{ "hoping", "hope" },         /* short word: 'e' put back */
		{ "hopping", "hop" },         /* double letter undone */
		{ "skies", "sky" },           /* exceptional forms */
		{ "news", "news" },
		{ "succeeded", "succeed" },
		{ "cries", "cri" },           /* -ies after two letters or more */
		{ "ties", "tie" },
		{ "gas", "gas" },             /* -s needs a vowel before the letter before it */
		{ "gaps", "gap" },
		{ "saying", "say" },          /* y after a vowel is a consonant */
		{ "cry", "cri" },
		{ "by", "by" },               /* under three letters: unchanged */
	};
	char got[NC_STEM_MAX + 1];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		stem_str(got, cases[i][0]);
		assert_string_equal(got, cases[i][1]);
	}
}

static void test_other_words_unchanged(void **state)
{
	static const char *const words[] = {
		"5g", "covid19", "<num>", "export-controls", "Exports",
		"exportación", "",
	};
	char got[NC_STEM_MAX + 2], longw[NC_STEM_MAX + 2];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof words / sizeof *words; i++) {
		stem_str(got, words[i]);
		assert_string_equal(got, words[i]);
	}
	/* a word longer than the stemmer looks at comes back whole */
	memset(longw, 'a', NC_STEM_MAX);
	memcpy(longw + NC_STEM_MAX - 3, "ing", 3);
	longw[NC_STEM_MAX] = 's';
	longw[NC_STEM_MAX + 1] = '\0';
	stem_str(got, longw);
	assert_string_equal(got, longw);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_vocabulary),
		cmocka_unit_test(test_cases_from_the_definition),
		cmocka_unit_test(test_other_words_unchanged),
	};
	data_dir = argc > 1 ? argv[1] : "tests/data";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
