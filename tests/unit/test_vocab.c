/*
 * test_vocab.c - the term <-> id hash table (src/vocab.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "newsclass.h"
#include "vocab.h"

static uint32_t intern(nc_vocab *v, const char *s)
{
	uint32_t id = UINT32_MAX;
	assert_int_equal(nc_vocab_intern(v, s, strlen(s), &id), 0);
	return id;
}

static int64_t find(const nc_vocab *v, const char *s)
{
	return nc_vocab_find(v, s, strlen(s));
}

static void test_new_is_empty(void **state)
{
	nc_vocab *v = NULL;
	(void)state;
	assert_int_equal(nc_vocab_new(&v), 0);
	assert_non_null(v);
	assert_int_equal(nc_vocab_size(v), 0);
	assert_int_equal(find(v, "anything"), -1);
	assert_int_equal(find(v, ""), -1);
	nc_vocab_free(v);
	nc_vocab_free(NULL);
}

static void test_ids_dense_in_insertion_order(void **state)
{
	nc_vocab *v = NULL;
	size_t len = 0;
	(void)state;
	assert_int_equal(nc_vocab_new(&v), 0);
	assert_int_equal(intern(v, "zebra"), 0);
	assert_int_equal(intern(v, "apple"), 1);
	assert_int_equal(intern(v, "mango"), 2);
	assert_int_equal(nc_vocab_size(v), 3);
	assert_string_equal(nc_vocab_term(v, 0, &len), "zebra");
	assert_int_equal(len, 5);
	assert_string_equal(nc_vocab_term(v, 1, &len), "apple");
	assert_string_equal(nc_vocab_term(v, 2, NULL), "mango");
	assert_int_equal(find(v, "zebra"), 0);
	assert_int_equal(find(v, "apple"), 1);
	assert_int_equal(find(v, "mango"), 2);
	nc_vocab_free(v);
}

static void test_reintern_returns_same_id(void **state)
{
	nc_vocab *v = NULL;
	(void)state;
	assert_int_equal(nc_vocab_new(&v), 0);
	assert_int_equal(intern(v, "export controls"), 0);
	assert_int_equal(intern(v, "korea"), 1);
	assert_int_equal(intern(v, "export controls"), 0);
	assert_int_equal(intern(v, "korea"), 1);
	assert_int_equal(nc_vocab_size(v), 2);
	assert_int_equal(intern(v, "tariff"), 2);
	assert_int_equal(nc_vocab_size(v), 3);
	nc_vocab_free(v);
}

static void test_absent_terms_not_found(void **state)
{
	nc_vocab *v = NULL;
	(void)state;
	assert_int_equal(nc_vocab_new(&v), 0);
	intern(v, "market");
	intern(v, "markets");
	assert_int_equal(find(v, "mark"), -1);      /* prefix */
	assert_int_equal(find(v, "marketss"), -1);  /* extension */
	assert_int_equal(find(v, "Market"), -1);    /* case matters */
	assert_int_equal(find(v, ""), -1);
	/* a length shorter than the string: only the prefix is looked up */
	assert_int_equal(nc_vocab_find(v, "markets", 6), 0);
	assert_int_equal(nc_vocab_find(v, "marketplace", 6), 0);
	nc_vocab_free(v);
}

static void test_binary_terms_and_empty_term(void **state)
{
	nc_vocab *v = NULL;
	uint32_t id;
	size_t len = 99;
	const char *t;
	(void)state;
	assert_int_equal(nc_vocab_new(&v), 0);
	assert_int_equal(nc_vocab_intern(v, "a\0b", 3, &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(nc_vocab_intern(v, "a", 1, &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(nc_vocab_intern(v, "a\0c", 3, &id), 0);
	assert_int_equal(id, 2);
	assert_int_equal(nc_vocab_find(v, "a\0b", 3), 0);
	assert_int_equal(nc_vocab_find(v, "a\0c", 3), 2);
	t = nc_vocab_term(v, 0, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(t, "a\0b", 4); /* NUL-terminated too */
	/* the empty string is a term like any other */
	assert_int_equal(nc_vocab_intern(v, "", 0, &id), 0);
	assert_int_equal(id, 3);
	assert_int_equal(nc_vocab_find(v, "", 0), 3);
	assert_string_equal(nc_vocab_term(v, 3, &len), "");
	assert_int_equal(len, 0);
	nc_vocab_free(v);
}

static void test_utf8_terms(void **state)
{
	nc_vocab *v = NULL;
	(void)state;
	assert_int_equal(nc_vocab_new(&v), 0);
	intern(v, "\xEB\xB0\x98\xEB\x8F\x84");
	intern(v, "\xEB\xB0\x98");
	intern(v, "stra\xC3\x9F" "e");
	assert_int_equal(find(v, "\xEB\xB0\x98\xEB\x8F\x84"), 0);
	assert_int_equal(find(v, "\xEB\xB0\x98"), 1);
	assert_int_equal(find(v, "stra\xC3\x9F" "e"), 2);
	assert_int_equal(find(v, "strasse"), -1);
	nc_vocab_free(v);
}

#define MANY 100000

static void test_many_terms_survive_rehash(void **state)
{
	nc_vocab *v = NULL;
	char buf[32];
	size_t i, len;
	(void)state;
	assert_int_equal(nc_vocab_new(&v), 0);
	for (i = 0; i < MANY; i++) {
		uint32_t id;
		int n = snprintf(buf, sizeof buf, "term%06zu", i * 7919 % 1000003);
		assert_int_equal(nc_vocab_intern(v, buf, (size_t)n, &id), 0);
		assert_int_equal(id, i);
		assert_int_equal(nc_vocab_size(v), i + 1);
	}
	/* every term is found with its id, and its text is intact */
	for (i = 0; i < MANY; i++) {
		int n = snprintf(buf, sizeof buf, "term%06zu", i * 7919 % 1000003);
		assert_int_equal(nc_vocab_find(v, buf, (size_t)n), (int64_t)i);
		assert_string_equal(nc_vocab_term(v, (uint32_t)i, &len), buf);
		assert_int_equal(len, (size_t)n);
	}
	/* re-interning changes nothing */
	for (i = 0; i < MANY; i += 997) {
		uint32_t id;
		int n = snprintf(buf, sizeof buf, "term%06zu", i * 7919 % 1000003);
		assert_int_equal(nc_vocab_intern(v, buf, (size_t)n, &id), 0);
		assert_int_equal(id, i);
	}
	assert_int_equal(nc_vocab_size(v), MANY);
	/* and absent terms stay absent */
	for (i = 0; i < 1000; i++) {
		int n = snprintf(buf, sizeof buf, "absent%zu", i);
		assert_int_equal(nc_vocab_find(v, buf, (size_t)n), -1);
	}
	nc_vocab_free(v);
}

/* Slots hold lengths up to 254 exactly: longer terms that share that
 * much (and more) must still be told apart by their real length, and a
 * longer query must never read past a shorter stored term. */
static void test_long_terms_with_common_prefix(void **state)
{
	nc_vocab *v = NULL;
	static char a[600];
	size_t lens[] = { 254, 255, 256, 300, 599 }, i, len;
	uint32_t id;
	(void)state;
	memset(a, 'x', sizeof a);
	assert_int_equal(nc_vocab_new(&v), 0);
	for (i = 0; i < 4; i++) { /* 599 stays out */
		assert_int_equal(nc_vocab_intern(v, a, lens[i], &id), 0);
		assert_int_equal(id, i);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(nc_vocab_find(v, a, lens[i]), (int64_t)i);
		nc_vocab_term(v, (uint32_t)i, &len);
		assert_int_equal(len, lens[i]);
	}
	assert_int_equal(nc_vocab_find(v, a, 599), -1);
	assert_int_equal(nc_vocab_find(v, a, 257), -1);
	assert_int_equal(nc_vocab_find(v, a, 253), -1);
	nc_vocab_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_is_empty),
		cmocka_unit_test(test_ids_dense_in_insertion_order),
		cmocka_unit_test(test_reintern_returns_same_id),
		cmocka_unit_test(test_absent_terms_not_found),
		cmocka_unit_test(test_binary_terms_and_empty_term),
		cmocka_unit_test(test_utf8_terms),
		cmocka_unit_test(test_many_terms_survive_rehash),
		cmocka_unit_test(test_long_terms_with_common_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
