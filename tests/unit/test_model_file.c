/*
 * test_model_file.c - the .ncm model file (src/model_file.c): exact
 * save/load round trips, and a loader that rejects every kind of damaged
 * or hostile input with NC_EMODEL or NC_ELIMIT instead of crashing.
 *
 * Crafted files are made by inflating a saved model with zlib, editing its
 * text and deflating it again with a gzip wrapper (windowBits 31).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <ftw.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "newsclass.h"

/* ---- zlib helpers ------------------------------------------------------- */

static char *gunzip(const void *data, size_t len, size_t *out_len)
{
	z_stream zs;
	size_t cap = 1 << 16;
	char *out = malloc(cap + 1);
	int rc;

	assert_non_null(out);
	memset(&zs, 0, sizeof zs);
	assert_int_equal(inflateInit2(&zs, 31), Z_OK);
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)len;
	for (;;) {
		if (zs.total_out == cap) {
			cap *= 2;
			out = realloc(out, cap + 1);
			assert_non_null(out);
		}
		zs.next_out = (Bytef *)out + zs.total_out;
		zs.avail_out = (uInt)(cap - zs.total_out);
		rc = inflate(&zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			break;
		assert_int_equal(rc, Z_OK);
	}
	*out_len = zs.total_out;
	out[*out_len] = '\0';
	inflateEnd(&zs);
	return out;
}

static unsigned char *gzip_bytes(const char *text, size_t len, size_t *out_len)
{
	z_stream zs;
	size_t cap;
	unsigned char *out;

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&zs, (uLong)len) + 64;
	out = malloc(cap);
	assert_non_null(out);
	zs.next_in = (Bytef *)text;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* A new string: text with [start, end) replaced by repl. */
static char *splice(const char *text, size_t start, size_t end, const char *repl)
{
	size_t tl = strlen(text), rl = strlen(repl);
	char *s = malloc(tl - (end - start) + rl + 1);
	assert_non_null(s);
	memcpy(s, text, start);
	memcpy(s + start, repl, rl);
	memcpy(s + start + rl, text + end, tl - end + 1);
	return s;
}

/* A new string: the first `old` in text replaced by `repl` (must exist). */
static char *replace(const char *text, const char *old, const char *repl)
{
	const char *p = strstr(text, old);
	if (!p)
		fprintf(stderr, "'%s' not found in the model text\n", old);
	assert_non_null(p);
	return splice(text, (size_t)(p - text), (size_t)(p - text) + strlen(old), repl);
}

/* ---- a small training set ------------------------------------------------ */

static const char *const topic_words[3][12] = {
	{ "market", "stocks", "inflation", "rates", "bank", "trade", "exports",
	  "tariff", "growth", "investors", "bonds", "currency" },
	{ "match", "goal", "team", "coach", "season", "league", "players",
	  "score", "final", "stadium", "tournament", "injury" },
	{ "chip", "software", "quantum", "network", "startup", "cloud", "robot",
	  "semiconductor", "algorithm", "data", "device", "battery" },
};
static const char *const topic_names[3] = { "business", "sports", "tech" };
static const char *const common_words[8] = {
	"today", "report", "said", "year", "week", "city", "people", "official",
};

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

/* 60 documents of 14-22 words (so most have more than 8 distinct terms);
 * multi: some documents get a second topic; extra_label: a label that
 * every document has. */
static nc_dataset *make_dataset(int multi, const char *extra_label)
{
	nc_dataset *ds = NULL;
	size_t i;
	rng = 12345;
	assert_int_equal(nc_dataset_new(&ds), 0);
	for (i = 0; i < 60; i++) {
		char text[512];
		const char *labels[3];
		size_t nl = 0, len = 0, w, nw = 14 + rnd(9);
		unsigned t1 = (unsigned)(i % 3), t2 = 3;
		if (multi && rnd(3) == 0)
			t2 = (t1 + 1) % 3;
		for (w = 0; w < nw; w++) {
			unsigned r = rnd(100);
			const char *word = r < 50 ? topic_words[t1][rnd(12)]
					   : r < 65 && t2 < 3 ? topic_words[t2][rnd(12)]
					   : r < 72 ? topic_words[rnd(3)][rnd(12)]
					   : common_words[rnd(8)];
			len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", w ? " " : "", word);
		}
		labels[nl++] = topic_names[t1];
		if (t2 < 3)
			labels[nl++] = topic_names[t2];
		if (extra_label)
			labels[nl++] = extra_label;
		assert_int_equal(nc_dataset_add(ds, NULL, text, len, labels, nl), 0);
	}
	return ds;
}

typedef struct config {
	int multi;
	nc_kernel kernel;
	int probability;
	int tuned; /* multi-label: tuned thresholds and at-least-one */
	int compact; /* keep 20 features and quantize (format 2) */
	int rich;    /* stemming, character n-grams 2..4, title weight 3 */
} config;

static nc_train_options options_for(const config *c)
{
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	o.multi_label = c->multi;
	o.kernel = c->kernel;
	o.solver = NC_SOLVER_LIBSVM;
	o.probability = c->probability;
	o.min_df = 1;
	o.threads = 1;
	o.seed = 42;
	o.gamma = c->kernel == NC_KERNEL_RBF ? 0.5 : 0.0;
	o.timestamp = 1700000000;
	o.provenance = "newsclass train --C 1 \"100% sure\"\tx";
	o.class_weights = "business=2.5";
	if (c->tuned) {
		o.tune_thresholds = 3;
		o.at_least_one = 1;
	}
	if (c->compact) {
		o.keep_features = 20;
		o.quantize = 1;
	}
	if (c->rich) {
		o.stem = 1;
		o.char_ngram_min = 2;
		o.char_ngram_max = 4;
		o.title_weight = 3;
	}
	return o;
}

static nc_model *train(const config *c, nc_dataset **ds_out)
{
	nc_train_options o = options_for(c);
	nc_dataset *ds = make_dataset(c->multi, NULL);
	nc_model *m = NULL;
	int rc = nc_model_train(&m, ds, &o, NULL, NULL);
	*ds_out = ds;
	if (rc)
		fprintf(stderr, "training failed: %s\n", nc_last_error());
	assert_int_equal(rc, 0);
	assert_non_null(m);
	return m;
}

static const char *const unseen[] = {
	"The central bank raised rates as inflation hit exports",
	"A late goal in the final gave the team the league title",
	"quantum chip startup cloud robot",
	"",
	"\xFF\xFE nothing known here \xE2\x82",
	"market match chip",
	"Chip exports\n\nthe team won the final",
};

/* predictions of a and b agree exactly on every text */
static void expect_same_predictions(const nc_model *a, const nc_model *b, const nc_dataset *ds,
				    int probability)
{
	nc_prediction *pa = NULL, *pb = NULL;
	nc_predict_options po = NC_PREDICT_OPTIONS_INIT;
	size_t i, l, nl = nc_model_label_count(a), n = nc_dataset_count(ds);

	po.probability = probability;
	assert_int_equal(nc_prediction_new(&pa, a), 0);
	assert_int_equal(nc_prediction_new(&pb, b), 0);
	for (i = 0; i < n + sizeof unseen / sizeof *unseen; i++) {
		size_t len;
		const char *t = i < n ? nc_dataset_text(ds, i, &len) : unseen[i - n];
		if (i >= n)
			len = strlen(t);
		assert_int_equal(nc_model_predict(pa, a, t, len, &po), 0);
		assert_int_equal(nc_model_predict(pb, b, t, len, &po), 0);
		assert_int_equal(nc_prediction_count(pa), nc_prediction_count(pb));
		for (l = 0; l < nl; l++) {
			double sa = nc_prediction_score(pa, l), sb = nc_prediction_score(pb, l);
			assert_true(isfinite(sa));
			if (memcmp(&sa, &sb, sizeof sa) != 0)
				fprintf(stderr, "doc %zu label %zu: %.17g vs %.17g\n", i, l, sa, sb);
			assert_memory_equal(&sa, &sb, sizeof sa);
			assert_int_equal(nc_prediction_rank(pa, l), nc_prediction_rank(pb, l));
		}
	}
	nc_prediction_free(pa);
	nc_prediction_free(pb);
}

static void expect_same_inspection(const nc_model *a, const nc_model *b)
{
	size_t i;
	const char *ka, *va, *kb, *vb;
	assert_int_equal(nc_model_label_count(a), nc_model_label_count(b));
	for (i = 0; i < nc_model_label_count(a); i++) {
		assert_string_equal(nc_model_label_name(a, i), nc_model_label_name(b, i));
		assert_true(nc_model_label_threshold(a, i) == nc_model_label_threshold(b, i));
	}
	assert_int_equal(nc_model_feature_count(a), nc_model_feature_count(b));
	for (i = 0; i < nc_model_feature_count(a); i++)
		assert_string_equal(nc_model_feature_name(a, i), nc_model_feature_name(b, i));
	assert_int_equal(nc_model_is_multi_label(a), nc_model_is_multi_label(b));
	assert_int_equal(nc_model_has_probability(a), nc_model_has_probability(b));
	for (i = 0; nc_model_info(&ka, &va, a, i) == 0; i++) {
		assert_int_equal(nc_model_info(&kb, &vb, b, i), 0);
		assert_string_equal(ka, kb);
		assert_string_equal(va, vb);
	}
	assert_int_equal(nc_model_info(&kb, &vb, b, i), NC_EINVAL);
	assert_true(i > 10);
}

/* Objects of the current test, released by the teardown even when an
 * assertion ends the test early (so failing tests do not show up as
 * leaks under valgrind/ASan). */
static struct held {
	nc_dataset *ds, *ds2;
	nc_model *m1, *m2, *m3;
	void *b1, *b2;
	nc_prediction *p, *p2;
} T;

static int release_held(void **state)
{
	(void)state;
	nc_prediction_free(T.p);
	nc_prediction_free(T.p2);
	nc_model_free(T.m1);
	nc_model_free(T.m2);
	nc_model_free(T.m3);
	free(T.b1);
	free(T.b2);
	nc_dataset_free(T.ds);
	nc_dataset_free(T.ds2);
	memset(&T, 0, sizeof T);
	return 0;
}

static void test_round_trip(void **state)
{
	const config *c = *state;
	size_t l1 = 0, l2 = 0;
	int rc;
	const char *k, *v;
	size_t i;

	T.m1 = train(c, &T.ds);
	assert_int_equal(nc_model_is_multi_label(T.m1), c->multi);
	assert_int_equal(nc_model_has_probability(T.m1), c->probability);
	assert_int_equal(nc_model_label_count(T.m1), 3);
	assert_int_equal(nc_model_save_buffer(&T.b1, &l1, T.m1), 0);
	assert_non_null(T.b1);
	assert_true(l1 > 100);
	rc = nc_model_load_buffer(&T.m2, T.b1, l1, NULL);
	if (rc)
		fprintf(stderr, "load failed: %s\n", nc_last_error());
	assert_int_equal(rc, 0);
	assert_non_null(T.m2);
	assert_int_equal(nc_model_save_buffer(&T.b2, &l2, T.m2), 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(T.b1, T.b2, l1);

	expect_same_inspection(T.m1, T.m2);
	expect_same_predictions(T.m1, T.m2, T.ds, 0);
	if (c->probability)
		expect_same_predictions(T.m1, T.m2, T.ds, 1);

	/* the provenance string with spaces, quotes, '%' and a tab survives */
	for (i = 0; nc_model_info(&k, &v, T.m2, i) == 0; i++)
		if (strcmp(k, "command") == 0)
			break;
	assert_int_equal(nc_model_info(&k, &v, T.m2, i), 0);
	assert_string_equal(v, "newsclass train --C 1 \"100% sure\"\tx");

	/* a third generation is the same again */
	assert_int_equal(nc_model_load_buffer(&T.m3, T.b2, l2, NULL), 0);
	expect_same_predictions(T.m2, T.m3, T.ds, 0);
}

/* RBF models whose support vectors all have at most 8 non-zero features
 * (documents of a few distinct words) */
static void test_round_trip_rbf_short_documents(void **state)
{
	static const char *const docs[][2] = {
		{ "bank rates", "business" }, { "stocks market", "business" },
		{ "bank stocks trade", "business" }, { "market rates trade", "business" },
		{ "goal team", "sports" }, { "coach league", "sports" },
		{ "goal coach final", "sports" }, { "team league final", "sports" },
	};
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	nc_dataset *ds = NULL;
	nc_model *m = NULL, *m2 = NULL;
	void *b1, *b2;
	size_t l1, l2, i;
	int rc;
	(void)state;

	assert_int_equal(nc_dataset_new(&ds), 0);
	for (i = 0; i < 8; i++) {
		const char *lab[1] = { docs[i][1] };
		assert_int_equal(nc_dataset_add(ds, NULL, docs[i][0], strlen(docs[i][0]), lab, 1), 0);
	}
	o.ngram_max = 1;
	o.kernel = NC_KERNEL_RBF;
	o.gamma = 0.5;
	o.timestamp = 1;
	assert_int_equal(nc_model_train(&m, ds, &o, NULL, NULL), 0);
	assert_int_equal(nc_model_save_buffer(&b1, &l1, m), 0);
	rc = nc_model_load_buffer(&m2, b1, l1, NULL);
	if (rc)
		fprintf(stderr, "load failed: %s\n", nc_last_error());
	assert_int_equal(rc, 0);
	assert_int_equal(nc_model_save_buffer(&b2, &l2, m2), 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(b1, b2, l1);
	expect_same_predictions(m, m2, ds, 0);
	free(b1);
	free(b2);
	nc_model_free(m);
	nc_model_free(m2);
	nc_dataset_free(ds);
}

/* ---- files ------------------------------------------------------------------ */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_rf(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The temporary directory of a file test, removed by its teardown. */
static char tmp_dir[64];

static const char *make_tmp_dir(void)
{
	snprintf(tmp_dir, sizeof tmp_dir, "/tmp/nc-model-test-XXXXXX");
	assert_non_null(mkdtemp(tmp_dir));
	return tmp_dir;
}

static int remove_tmp_dir(void **state)
{
	(void)state;
	if (tmp_dir[0])
		rm_rf(tmp_dir);
	tmp_dir[0] = '\0';
	return 0;
}

static size_t dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_save_and_load_file(void **state)
{
	const config c = { 0, NC_KERNEL_LINEAR, 0, 0, 0, 0 };
	const char *dir;
	char path[256];
	nc_dataset *ds;
	nc_model *m = train(&c, &ds), *m2 = NULL;
	void *b1, *b2;
	size_t l1, l2;
	nc_load_options lo = NC_LOAD_OPTIONS_INIT;
	(void)state;

	dir = make_tmp_dir();
	snprintf(path, sizeof path, "%s/model.ncm", dir);
	assert_int_equal(nc_model_save(m, path), 0);
	/* the temporary file was renamed: only the model is there */
	assert_int_equal(dir_entries(dir), 1);
	assert_int_equal(nc_model_load(&m2, path, NULL), 0);
	assert_int_equal(nc_model_save_buffer(&b1, &l1, m), 0);
	assert_int_equal(nc_model_save_buffer(&b2, &l2, m2), 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(b1, b2, l1);
	expect_same_predictions(m, m2, ds, 0);
	nc_model_free(m2);
	m2 = NULL;
	/* overwriting an existing model works too */
	assert_int_equal(nc_model_save(m, path), 0);
	assert_int_equal(dir_entries(dir), 1);
	assert_int_equal(nc_model_load(&m2, path, &lo), 0);
	nc_model_free(m2);
	m2 = (nc_model *)1;
	/* missing files and directories are I/O errors naming the path */
	snprintf(path, sizeof path, "%s/missing.ncm", dir);
	assert_int_equal(nc_model_load(&m2, path, NULL), NC_EIO);
	assert_null(m2);
	assert_non_null(strstr(nc_last_error(), "missing.ncm"));
	assert_int_equal(nc_model_load(&m2, dir, NULL), NC_EIO);
	assert_null(m2);
	/* a damaged file gives NC_EMODEL and names the file */
	snprintf(path, sizeof path, "%s/bad.ncm", dir);
	{
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite(b1, 1, l1 / 2, f);
		fclose(f);
	}
	assert_int_equal(nc_model_load(&m2, path, NULL), NC_EMODEL);
	assert_null(m2);
	assert_non_null(strstr(nc_last_error(), "bad.ncm"));
	/* a directory is never replaced by a model */
	assert_int_equal(nc_model_save(m, dir), NC_EIO);
	{
		struct stat st;
		assert_int_equal(stat(dir, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
	}
	/* saving into a directory that does not exist fails cleanly */
	snprintf(path, sizeof path, "%s/no/such/dir/model.ncm", dir);
	assert_int_equal(nc_model_save(m, path), NC_EIO);

	free(b1);
	free(b2);
	nc_model_free(m);
	nc_dataset_free(ds);
}

/* ---- rejection of damaged and hostile input ---------------------------------- */

typedef struct base_model {
	void *gz;      /* as saved */
	size_t gzlen;
	char *text;    /* decompressed */
	size_t tlen;
} base_model;

static base_model B;

static int base_setup(void **state)
{
	const config c = { 0, NC_KERNEL_LINEAR, 0, 0, 0, 0 };
	nc_train_options o = options_for(&c);
	nc_dataset *ds = make_dataset(0, NULL);
	nc_model *m = NULL;
	(void)state;
	o.class_weights = NULL;
	if (nc_model_train(&m, ds, &o, NULL, NULL) ||
	    nc_model_save_buffer(&B.gz, &B.gzlen, m))
		return -1;
	nc_model_free(m);
	nc_dataset_free(ds);
	B.text = gunzip(B.gz, B.gzlen, &B.tlen);
	return 0;
}

static int base_teardown(void **state)
{
	(void)state;
	free(B.gz);
	free(B.text);
	return 0;
}

static int load_bytes(const void *data, size_t len, const nc_load_options *lo)
{
	nc_model *m = (nc_model *)&B; /* must be set to NULL */
	int rc = nc_model_load_buffer(&m, data, len, lo);
	if (rc == 0) {
		nc_model_free(m);
	} else {
		assert_null(m);
		assert_true(nc_last_error()[0] != '\0');
	}
	return rc;
}

static void expect_rejected(const void *data, size_t len, const nc_load_options *lo)
{
	int rc = load_bytes(data, len, lo);
	if (rc != NC_EMODEL && rc != NC_ELIMIT)
		fprintf(stderr, "expected NC_EMODEL/NC_ELIMIT, got %d (%s)\n", rc, nc_last_error());
	assert_true(rc == NC_EMODEL || rc == NC_ELIMIT);
}

/* gzip a crafted text and load it: the expected status */
static int load_text_n(const char *text, size_t len)
{
	size_t gzlen;
	unsigned char *gz = gzip_bytes(text, len, &gzlen);
	int rc = load_bytes(gz, gzlen, NULL);
	free(gz);
	return rc;
}

static void expect_text_rejected(char *text)
{
	int rc = load_text_n(text, strlen(text));
	if (rc != NC_EMODEL)
		fprintf(stderr, "expected NC_EMODEL, got %d (%s)\n", rc, nc_last_error());
	assert_int_equal(rc, NC_EMODEL);
	free(text);
}

static void test_base_text_is_as_documented(void **state)
{
	(void)state;
	assert_true(B.tlen > 1000);
	assert_memory_equal(B.text, "newsclass-model 1\n", 18);
	assert_non_null(strstr(B.text, "\nkernel linear\n"));
	assert_non_null(strstr(B.text, "\nlabels 3\nlabel 0 business\nlabel 0 sports\nlabel 0 tech\n"));
	assert_non_null(strstr(B.text, "\nclassifier 0 rho "));
	assert_non_null(strstr(B.text, "\ncommand newsclass%20train%20--C%201%20\"100%25%20sure\"%09x\n"));
	assert_memory_equal(B.text + B.tlen - 4, "end\n", 4);
	/* gzip header: magic, deflate, mtime 0 */
	assert_memory_equal(B.gz, "\x1f\x8b\x08", 3);
	assert_memory_equal((char *)B.gz + 4, "\0\0\0\0", 4);
}

static void test_recompressed_text_loads(void **state)
{
	/* the crafting helpers themselves produce loadable files */
	(void)state;
	assert_int_equal(load_text_n(B.text, B.tlen), 0);
}

static void test_reject_empty_and_plain(void **state)
{
	(void)state;
	expect_rejected(NULL, 0, NULL);
	expect_rejected("", 0, NULL);
	expect_rejected("\x1f\x8b", 2, NULL);
	expect_rejected(B.text, B.tlen, NULL);             /* not compressed */
	expect_rejected("newsclass-model 1\n", 18, NULL);
	{
		unsigned char junk[64];
		memset(junk, 0, sizeof junk);
		junk[0] = 0x1f;
		junk[1] = 0x8b;
		expect_rejected(junk, sizeof junk, NULL);  /* gzip magic, then zeros */
	}
}

static void test_reject_truncated(void **state)
{
	size_t cuts[] = { 1, 10, 17, 18, 20, 0, 0, 0, 0, 0, 0 }, i;
	(void)state;
	cuts[5] = B.gzlen / 4;
	cuts[6] = B.gzlen / 2;
	cuts[7] = B.gzlen - 9;
	cuts[8] = B.gzlen - 8; /* the whole deflate stream, no trailer */
	cuts[9] = B.gzlen - 4;
	cuts[10] = B.gzlen - 1;
	for (i = 0; i < sizeof cuts / sizeof *cuts; i++)
		expect_rejected(B.gz, cuts[i], NULL);
	/* and every prefix of the last 64 bytes */
	for (i = B.gzlen - 64; i < B.gzlen; i++)
		expect_rejected(B.gz, i, NULL);
}

static void test_reject_flipped_bytes(void **state)
{
	unsigned char *b = malloc(B.gzlen);
	size_t pos[4], i;
	(void)state;
	assert_non_null(b);
	pos[0] = B.gzlen - 8; /* CRC-32 */
	pos[1] = B.gzlen - 5; /* CRC-32, high byte */
	pos[2] = B.gzlen - 1; /* ISIZE */
	pos[3] = B.gzlen / 2; /* inside the deflate data */
	for (i = 0; i < 4; i++) {
		memcpy(b, B.gz, B.gzlen);
		b[pos[i]] ^= 0x01;
		expect_rejected(b, B.gzlen, NULL);
	}
	free(b);
}

static void test_reject_trailing_data(void **state)
{
	unsigned char *b = malloc(2 * B.gzlen + 16);
	(void)state;
	assert_non_null(b);
	memcpy(b, B.gz, B.gzlen);
	memcpy(b + B.gzlen, "garbage", 7);
	expect_rejected(b, B.gzlen + 7, NULL);
	b[B.gzlen] = '\0';
	expect_rejected(b, B.gzlen + 1, NULL);
	/* two concatenated copies: a valid second gzip member is still extra */
	memcpy(b + B.gzlen, B.gz, B.gzlen);
	expect_rejected(b, 2 * B.gzlen, NULL);
	free(b);
}

static void test_reject_magic_and_version(void **state)
{
	(void)state;
	expect_text_rejected(replace(B.text, "newsclass-model 1\n", "newsclass-modem 1\n"));
	expect_text_rejected(replace(B.text, "newsclass-model 1\n", "newsclass-model 2\n"));
	expect_text_rejected(replace(B.text, "newsclass-model 1\n", "newsclass-model 1 x\n"));
	expect_text_rejected(replace(B.text, "newsclass-model 1\n", "newsclass-model\n"));
	expect_text_rejected(replace(B.text, "tokenizer-version 1\n", "tokenizer-version 2\n"));
	expect_text_rejected(replace(B.text, "mode single-label\n", "mode sideways\n"));
}

/* [start, end) of the index (which = 0) or value (which = 1) of entry k on
 * the first weights line of classifier 0 */
static void weight_entry(size_t k, int which, size_t *start, size_t *end)
{
	const char *p = strstr(B.text, "\nclassifier 0 ");
	const char *e;
	assert_non_null(p);
	p = strchr(p + 1, '\n') + 1; /* the first line of entries */
	while (k--) {
		p += strcspn(p, " \n");
		assert_true(*p == ' ');
		p++;
	}
	e = strchr(p, ':');
	assert_non_null(e);
	if (which == 0) {
		*start = (size_t)(p - B.text);
		*end = (size_t)(e - B.text);
	} else {
		*start = (size_t)(e + 1 - B.text);
		*end = *start + strcspn(e + 1, " \n");
	}
}

static char *edit_entry(size_t k, int which, const char *repl)
{
	size_t s, e;
	weight_entry(k, which, &s, &e);
	return splice(B.text, s, e, repl);
}

static void test_reject_bad_numbers(void **state)
{
	(void)state;
	expect_text_rejected(edit_entry(0, 1, "nan"));
	expect_text_rejected(edit_entry(1, 1, "NaN"));
	expect_text_rejected(edit_entry(0, 1, "inf"));
	expect_text_rejected(edit_entry(0, 1, "-inf"));
	expect_text_rejected(edit_entry(0, 1, "1e999"));
	expect_text_rejected(edit_entry(0, 1, "0,5"));
	expect_text_rejected(edit_entry(0, 1, "1.5x"));
	expect_text_rejected(edit_entry(0, 1, ""));
	expect_text_rejected(replace(B.text, "\nC 1\n", "\nC nan\n"));
	{
		/* the idf of the first term */
		const char *p = strstr(B.text, "\nterm ");
		size_t s, e;
		assert_non_null(p);
		s = (size_t)(p - B.text) + 6;
		e = s + strcspn(B.text + s, " ");
		expect_text_rejected(splice(B.text, s, e, "nan"));
		expect_text_rejected(splice(B.text, s, e, "-1"));
		expect_text_rejected(splice(B.text, s, e, "0"));
	}
	{
		/* rho */
		const char *p = strstr(B.text, "\nclassifier 1 rho ");
		size_t s, e;
		assert_non_null(p);
		s = (size_t)(p - B.text) + 18;
		e = s + strcspn(B.text + s, " ");
		expect_text_rejected(splice(B.text, s, e, "nan"));
	}
}

static void test_reject_bad_indices(void **state)
{
	char nf[32], second[32];
	const char *p = strstr(B.text, "\nfeatures ");
	size_t s, e, n;
	(void)state;

	assert_non_null(p);
	n = strtoul(p + 10, NULL, 10);
	assert_true(n > 10);
	/* index == number of features: one past the end */
	snprintf(nf, sizeof nf, "%zu", n);
	expect_text_rejected(edit_entry(0, 0, nf));
	expect_text_rejected(edit_entry(0, 0, "4294967296"));
	expect_text_rejected(edit_entry(0, 0, "99999999999999999999"));
	expect_text_rejected(edit_entry(0, 0, "-1"));
	expect_text_rejected(edit_entry(0, 0, "1x"));
	expect_text_rejected(edit_entry(0, 0, ""));
	/* non-ascending: entry 0 gets entry 1's index, or one more */
	weight_entry(1, 0, &s, &e);
	snprintf(second, sizeof second, "%.*s", (int)(e - s), B.text + s);
	expect_text_rejected(edit_entry(0, 0, second));
	snprintf(second, sizeof second, "%lu", strtoul(B.text + s, NULL, 10) + 1);
	expect_text_rejected(edit_entry(0, 0, second));
	/* an entry without ':' */
	weight_entry(0, 0, &s, &e);
	expect_text_rejected(splice(B.text, e, e + 1, "="));
}

static void test_reject_bad_labels(void **state)
{
	(void)state;
	/* unsorted */
	expect_text_rejected(replace(B.text, "label 0 business\nlabel 0 sports\n",
				     "label 0 sports\nlabel 0 business\n"));
	/* duplicate */
	expect_text_rejected(replace(B.text, "label 0 business\nlabel 0 sports\n",
				     "label 0 business\nlabel 0 business\n"));
	/* bad escapes, an escaped NUL, an escaped space (invalid label) */
	expect_text_rejected(replace(B.text, "label 0 business\n", "label 0 bus%ZZ\n"));
	expect_text_rejected(replace(B.text, "label 0 business\n", "label 0 bus%00x\n"));
	expect_text_rejected(replace(B.text, "label 0 business\n", "label 0 bus%20x\n"));
	expect_text_rejected(replace(B.text, "label 0 business\n", "label 0 bus%2\n"));
	/* missing name, extra field, fewer labels than announced */
	expect_text_rejected(replace(B.text, "label 0 business\n", "label 0\n"));
	expect_text_rejected(replace(B.text, "label 0 business\n", "label 0 business x\n"));
	expect_text_rejected(replace(B.text, "labels 3\n", "labels 4\n"));
	/* a single-label model needs two labels */
	expect_text_rejected(replace(B.text, "labels 3\nlabel 0 business\nlabel 0 sports\nlabel 0 tech\n",
				     "labels 1\nlabel 0 business\n"));
	expect_text_rejected(replace(B.text, "labels 3\n", "labels 99999999999\n"));
}

static void test_reject_bad_header_fields(void **state)
{
	(void)state;
	expect_text_rejected(replace(B.text, "kernel linear\n", "kernel poly\n"));
	expect_text_rejected(replace(B.text, "kernel linear\n", "kernel\n"));
	expect_text_rejected(replace(B.text, "solver libsvm\n", "solver magic\n"));
	expect_text_rejected(replace(B.text, "ngram-max 2\n", "ngram-max 4\n"));
	expect_text_rejected(replace(B.text, "ngram-max 2\n", "ngram-max 0\n"));
	expect_text_rejected(replace(B.text, "stop-words 1\n", "stop-words 2\n"));
	expect_text_rejected(replace(B.text, "probability 0\n", "probability 1\n"));
	expect_text_rejected(replace(B.text, "seed 42\n", "seed 4294967296\n"));
	expect_text_rejected(replace(B.text, "\nC 1\n", "\nC\n"));
	/* an RBF header on a linear body */
	expect_text_rejected(replace(B.text, "kernel linear\n", "kernel rbf\n"));
	/* a missing line, an unknown line */
	expect_text_rejected(replace(B.text, "balanced 0\n", ""));
	expect_text_rejected(replace(B.text, "balanced 0\n", "balanced 0\nsurprise 1\n"));
	/* comment lines are allowed between header entries */
	{
		char *t = replace(B.text, "balanced 0\n", "# a comment\nbalanced 0\n");
		assert_int_equal(load_text_n(t, strlen(t)), 0);
		free(t);
	}
}

static void test_reject_bad_feature_counts(void **state)
{
	const char *p = strstr(B.text, "\nfeatures ");
	char old[48], more[48], fewer[48];
	size_t n;
	(void)state;

	assert_non_null(p);
	n = strtoul(p + 10, NULL, 10);
	snprintf(old, sizeof old, "\nfeatures %zu\n", n);
	snprintf(more, sizeof more, "\nfeatures %zu\n", n + 1);
	snprintf(fewer, sizeof fewer, "\nfeatures %zu\n", n - 1);
	expect_text_rejected(replace(B.text, old, more));
	expect_text_rejected(replace(B.text, old, fewer));
	expect_text_rejected(replace(B.text, old, "\nfeatures 99999999999999999999\n"));
	expect_text_rejected(replace(B.text, old, "\nfeatures 18446744073709551615\n"));
	expect_text_rejected(replace(B.text, old, "\nfeatures 50000001\n"));
	expect_text_rejected(replace(B.text, old, "\nfeatures 50000000\n"));
	expect_text_rejected(replace(B.text, old, "\nfeatures -1\n"));
	/* more weights than features */
	{
		const char *c = strstr(B.text, "\nclassifier 0 ");
		const char *w = strstr(c, " weights ");
		size_t s = (size_t)(w - B.text) + 9, e = s + strcspn(B.text + s, "\n");
		char big[32];
		snprintf(big, sizeof big, "%zu", n + 1);
		expect_text_rejected(splice(B.text, s, e, big));
		expect_text_rejected(splice(B.text, s, e, "99999999999"));
	}
	/* unsorted and duplicate terms */
	{
		const char *t1 = strstr(B.text, "\nterm "), *t2;
		size_t s1, e1, s2, e2;
		char *name1, *name2, *x, *y;
		assert_non_null(t1);
		s1 = (size_t)(strchr(t1 + 6, ' ') + 1 - B.text);
		e1 = s1 + strcspn(B.text + s1, "\n");
		t2 = strstr(B.text + e1, "\nterm ");
		s2 = (size_t)(strchr(t2 + 6, ' ') + 1 - B.text);
		e2 = s2 + strcspn(B.text + s2, "\n");
		name1 = strndup(B.text + s1, e1 - s1);
		name2 = strndup(B.text + s2, e2 - s2);
		/* swap the first two terms' names */
		x = splice(B.text, s2, e2, name1);
		y = splice(x, s1, e1, name2);
		expect_text_rejected(y);
		free(x);
		/* the second term equal to the first */
		expect_text_rejected(splice(B.text, s2, e2, name1));
		/* an empty term */
		expect_text_rejected(splice(B.text, s1 - 1, e1, ""));
		free(name1);
		free(name2);
	}
}

static void test_reject_structure(void **state)
{
	char *t;
	(void)state;
	/* no "end", data after "end", a NUL byte, no final newline */
	expect_text_rejected(splice(B.text, B.tlen - 4, B.tlen, ""));
	expect_text_rejected(splice(B.text, B.tlen, B.tlen, "more\n"));
	expect_text_rejected(splice(B.text, B.tlen - 1, B.tlen, ""));
	t = malloc(B.tlen + 1);
	assert_non_null(t);
	memcpy(t, B.text, B.tlen);
	t[40] = '\0';
	assert_int_equal(load_text_n(t, B.tlen), NC_EMODEL);
	free(t);
	/* classifiers out of order, or missing */
	expect_text_rejected(replace(B.text, "\nclassifier 0 ", "\nclassifier 1 "));
	expect_text_rejected(replace(B.text, "\nclassifier 2 ", "\nclassifierx 2 "));
	/* a truncated text that is otherwise well-formed */
	expect_text_rejected(strndup(B.text, (size_t)(strstr(B.text, "\nclassifier 1 ") - B.text) + 1));
	expect_text_rejected(strdup(""));
	expect_text_rejected(strdup("\n"));
}

static void test_decompression_limit(void **state)
{
	nc_load_options lo = NC_LOAD_OPTIONS_INIT;
	const char *dir;
	char path[256];
	nc_model *m = (nc_model *)1;
	FILE *f;
	(void)state;

	lo.max_decompressed_bytes = 1000;
	assert_true(B.tlen > 1000);
	assert_int_equal(load_bytes(B.gz, B.gzlen, &lo), NC_ELIMIT);
	/* exactly the decompressed size is allowed, one byte less is not */
	lo.max_decompressed_bytes = B.tlen;
	assert_int_equal(load_bytes(B.gz, B.gzlen, &lo), 0);
	lo.max_decompressed_bytes = B.tlen - 1;
	assert_int_equal(load_bytes(B.gz, B.gzlen, &lo), NC_ELIMIT);

	/* the same through a file */
	dir = make_tmp_dir();
	snprintf(path, sizeof path, "%s/m.ncm", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(B.gz, 1, B.gzlen, f), B.gzlen);
	fclose(f);
	lo.max_decompressed_bytes = 1000;
	assert_int_equal(nc_model_load(&m, path, &lo), NC_ELIMIT);
	assert_null(m);
	assert_non_null(strstr(nc_last_error(), "m.ncm"));
	lo.max_decompressed_bytes = 0; /* default: 1 GiB */
	assert_int_equal(nc_model_load(&m, path, &lo), 0);
	nc_model_free(m);

	/* a small "bomb": 8 MiB of zeros compressed to a few KiB */
	{
		size_t n = 8u << 20, gzlen;
		char *zeros = calloc(1, n);
		unsigned char *gz;
		assert_non_null(zeros);
		gz = gzip_bytes(zeros, n, &gzlen);
		assert_true(gzlen < 64 * 1024);
		lo.max_decompressed_bytes = 1u << 20;
		assert_int_equal(load_bytes(gz, gzlen, &lo), NC_ELIMIT);
		/* within the limit it is simply not a model */
		lo.max_decompressed_bytes = 0;
		assert_int_equal(load_bytes(gz, gzlen, &lo), NC_EMODEL);
		free(gz);
		free(zeros);
	}
}

/* ---- locale ------------------------------------------------------------------ */

static int restore_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	return 0;
}

static void test_numbers_in_comma_locale(void **state)
{
	static const char *const locales[] = {
		"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8", "fr_FR.utf8",
		"nl_NL.UTF-8", "ru_RU.UTF-8", "es_ES.UTF-8", "it_IT.UTF-8",
	};
	const char *got = NULL;
	nc_model *m = NULL, *m2 = NULL;
	void *b1, *b2;
	size_t l1, l2, tl, i;
	char *text;
	(void)state;

	for (i = 0; i < sizeof locales / sizeof *locales && !got; i++)
		got = setlocale(LC_ALL, locales[i]);
	if (!got || strcmp(localeconv()->decimal_point, ",") != 0) {
		setlocale(LC_ALL, "C");
		skip();
	}
	/* a number printed with printf now has a comma */
	{
		char buf[16];
		snprintf(buf, sizeof buf, "%.1f", 0.5);
		assert_string_equal(buf, "0,5");
	}
	/* load the C-locale model, save it again: byte-identical */
	assert_int_equal(nc_model_load_buffer(&m, B.gz, B.gzlen, NULL), 0);
	assert_int_equal(nc_model_save_buffer(&b1, &l1, m), 0);
	assert_int_equal(l1, B.gzlen);
	assert_memory_equal(b1, B.gz, l1);
	/* its text has '.' decimals: every idf of a "term" line is a C
	 * number, and some of them have a fraction */
	text = gunzip(b1, l1, &tl);
	{
		const char *q = text;
		size_t dots = 0;
		while ((q = strstr(q, "\nterm ")) != NULL) {
			size_t nlen = strcspn(q + 6, " ");
			assert_null(memchr(q + 6, ',', nlen));
			dots += memchr(q + 6, '.', nlen) != NULL;
			q += 6;
		}
		assert_true(dots > 0);
	}
	free(text);
	/* and a round trip in this locale is exact too */
	assert_int_equal(nc_model_load_buffer(&m2, b1, l1, NULL), 0);
	assert_int_equal(nc_model_save_buffer(&b2, &l2, m2), 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(b1, b2, l1);
	/* info values use '.' as well */
	{
		const char *k, *v;
		for (i = 0; nc_model_info(&k, &v, m2, i) == 0; i++)
			if (strcmp(k, "max-df") == 0 || strcmp(k, "C") == 0)
				assert_null(strchr(v, ','));
	}
	free(b1);
	free(b2);
	nc_model_free(m);
	nc_model_free(m2);
	setlocale(LC_ALL, "C");
}

/* ---- special models ------------------------------------------------------------ */

static void test_vectorizer_only_model_round_trip(void **state)
{
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	nc_dataset *ds = make_dataset(0, NULL);
	nc_model *m = NULL, *m2 = NULL;
	nc_prediction *p = NULL;
	nc_stream *s1 = NULL, *s2 = NULL;
	void *b1, *b2;
	size_t l1, l2, n1, n2;
	const uint32_t *i1, *i2;
	const double *v1, *v2;
	(void)state;

	o.timestamp = 1;
	assert_int_equal(nc_model_fit_vectorizer(&m, ds, &o), 0);
	assert_int_equal(nc_model_save_buffer(&b1, &l1, m), 0);
	assert_int_equal(nc_model_load_buffer(&m2, b1, l1, NULL), 0);
	assert_int_equal(nc_model_save_buffer(&b2, &l2, m2), 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(b1, b2, l1);
	/* it can vectorize, identically, but not predict */
	assert_int_equal(nc_stream_new(&s1, m), 0);
	assert_int_equal(nc_stream_new(&s2, m2), 0);
	assert_int_equal(nc_stream_feed(s1, unseen[0], strlen(unseen[0])), 0);
	assert_int_equal(nc_stream_feed(s2, unseen[0], strlen(unseen[0])), 0);
	assert_int_equal(nc_stream_vector(&i1, &v1, &n1, s1), 0);
	assert_int_equal(nc_stream_vector(&i2, &v2, &n2, s2), 0);
	assert_int_equal(n1, n2);
	assert_true(n1 > 0);
	assert_memory_equal(i1, i2, n1 * sizeof *i1);
	assert_memory_equal(v1, v2, n1 * sizeof *v1);
	assert_int_equal(nc_prediction_new(&p, m2), 0);
	assert_int_equal(nc_model_predict(p, m2, "bank", 4, NULL), NC_EINVAL);
	nc_prediction_free(p);
	nc_stream_free(s1);
	nc_stream_free(s2);
	free(b1);
	free(b2);
	nc_model_free(m);
	nc_model_free(m2);
	nc_dataset_free(ds);
}

/* A multi-label model with probabilities where one label is on every
 * training document: that label's binary function is a constant, but the
 * model is still a valid model and must load again. */
static void test_multilabel_probability_with_constant_label_round_trips(void **state)
{
	const config c = { 1, NC_KERNEL_LINEAR, 1, 0, 0, 0 };
	nc_train_options o = options_for(&c);
	size_t len;
	int rc;
	(void)state;

	T.ds = make_dataset(1, "world");
	o.class_weights = NULL;
	assert_int_equal(nc_model_train(&T.m1, T.ds, &o, NULL, NULL), 0);
	assert_int_equal(nc_model_label_count(T.m1), 4);
	assert_int_equal(nc_model_save_buffer(&T.b1, &len, T.m1), 0);
	rc = nc_model_load_buffer(&T.m2, T.b1, len, NULL);
	if (rc)
		fprintf(stderr, "load failed: %s\n", nc_last_error());
	assert_int_equal(rc, 0);
	expect_same_predictions(T.m1, T.m2, T.ds, 1);
}

/* ...and, with probabilities, that label (on every training document) is
 * predicted, as it is when predicting with decision values. */
static void test_constant_label_predicted_with_probability(void **state)
{
	const config c = { 1, NC_KERNEL_LINEAR, 1, 0, 0, 0 };
	nc_train_options o = options_for(&c);
	nc_predict_options po = NC_PREDICT_OPTIONS_INIT;
	long w;
	const char *t;
	(void)state;

	T.ds = make_dataset(1, "world");
	t = nc_dataset_text(T.ds, 0, NULL);
	o.class_weights = NULL;
	assert_int_equal(nc_model_train(&T.m1, T.ds, &o, NULL, NULL), 0);
	w = nc_model_label_index(T.m1, "world");
	assert_true(w >= 0);
	assert_int_equal(nc_prediction_new(&T.p, T.m1), 0);
	/* decision values: the constant +1 passes the threshold 0 */
	assert_int_equal(nc_model_predict(T.p, T.m1, t, strlen(t), NULL), 0);
	assert_true(nc_prediction_score(T.p, (size_t)w) > 0.0);
	/* probabilities: should be above 0.5 too */
	po.probability = 1;
	assert_int_equal(nc_model_predict(T.p, T.m1, t, strlen(t), &po), 0);
	if (!(nc_prediction_score(T.p, (size_t)w) > 0.5))
		fprintf(stderr, "P(world) = %.17g\n", nc_prediction_score(T.p, (size_t)w));
	assert_true(nc_prediction_score(T.p, (size_t)w) > 0.5);
}

/* Training fails with `code` and leaves *out NULL (it starts non-NULL). */
static void train_fails(const nc_train_options *o, const nc_dataset *ds, int code)
{
	nc_model *m = (nc_model *)&m;
	assert_int_equal(nc_model_train(&m, ds, o, NULL, NULL), code);
	assert_null(m);
}

/* Failing constructors leave no object: *out is NULL after an error, as
 * for every other nc_..._new/_load/_train. */
static void test_train_failure_sets_out_null(void **state)
{
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	const char *lab[1] = { "only" };
	nc_model *m;
	(void)state;

	T.ds = make_dataset(0, NULL);
	assert_int_equal(nc_dataset_new(&T.ds2), 0);
	/* invalid options */
	o.ngram_max = 0;
	train_fails(&o, T.ds, NC_EINVAL);
	o.ngram_max = 1;
	{
		static const int bad[][2] = { { 0, 2 }, { 3, 2 }, { 1, NC_CHAR_NGRAM_MAX + 1 }, { -1, 3 }, { 2, 0 } };
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			o.char_ngram_min = bad[i][0];
			o.char_ngram_max = bad[i][1];
			train_fails(&o, T.ds, NC_EINVAL);
		}
		o.char_ngram_min = o.char_ngram_max = 0;
	}
	{
		static const int bad[] = { 0, -1, NC_TITLE_WEIGHT_MAX + 1 };
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			o.title_weight = bad[i];
			train_fails(&o, T.ds, NC_EINVAL);
		}
		o.title_weight = 1;
	}
	{
		/* libsvm turns the cache size into a long: infinity is refused */
		static const double bad[] = { 0.0, -1.0, INFINITY, NAN };
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			o.cache_mb = bad[i];
			train_fails(&o, T.ds, NC_EINVAL);
			o.cache_mb = 100.0;
			o.eps = bad[i];
			train_fails(&o, T.ds, NC_EINVAL);
			o.eps = 0.001;
		}
	}
	/* NB scaling with probabilities (see check_options) */
	o.nb_scale = o.probability = 1;
	train_fails(&o, T.ds, NC_EINVAL);
	o.nb_scale = o.probability = 0;
	/* no documents */
	o.ngram_max = 1;
	train_fails(&o, T.ds2, NC_ETRAIN);
	/* every term pruned */
	o.min_df = 1000;
	train_fails(&o, T.ds, NC_ETRAIN);
	/* and the same through nc_model_fit_vectorizer */
	m = (nc_model *)&m;
	assert_int_equal(nc_model_fit_vectorizer(&m, T.ds, &o), NC_ETRAIN);
	assert_null(m);
	/* a failure after vectorizing: one label only */
	assert_int_equal(nc_dataset_add(T.ds2, NULL, "bank rates", 10, lab, 1), 0);
	assert_int_equal(nc_dataset_add(T.ds2, NULL, "bank stocks", 11, lab, 1), 0);
	o.min_df = 1;
	m = (nc_model *)&m;
	assert_int_equal(nc_model_train(&m, T.ds2, &o, NULL, NULL), NC_ETRAIN);
	assert_null(m);
}

/* Weight of feature `term` for label l as the model scores it: the score
 * of a document made of that term alone, minus the score of an empty one,
 * divided by the term's TF-IDF value (1: one term, unit length). */
static double weight_of(const nc_model *m, nc_prediction *p, const char *term, size_t l)
{
	nc_predict_options po = NC_PREDICT_OPTIONS_INIT;
	double with, without;
	assert_int_equal(nc_model_predict(p, m, term, strlen(term), &po), 0);
	with = nc_prediction_score(p, l);
	assert_int_equal(nc_model_predict(p, m, "", 0, &po), 0);
	without = nc_prediction_score(p, l);
	return with - without;
}

/* |weight| of every feature (rows) for every label (columns); caller frees */
static double *abs_weights(const nc_model *m, nc_prediction *p)
{
	size_t i, l, nf = nc_model_feature_count(m), nl = nc_model_label_count(m);
	double *w = calloc(nf * nl, sizeof *w);
	assert_non_null(w);
	for (i = 0; i < nf; i++)
		for (l = 0; l < nl; l++)
			w[i * nl + l] = fabs(weight_of(m, p, nc_model_feature_name(m, i), l));
	return w;
}

/* quantize alone: same vocabulary, every weight within half a step of the
 * exact one, and the file is format 2 */
static void test_compact_model_is_the_exact_one_rounded(void **state)
{
	config c = { 0, NC_KERNEL_LINEAR, 0, 0, 0, 0 };
	nc_train_options o = options_for(&c);
	size_t i, l, len, nl, nf, nonzero = 0, off = 0;
	double maxw[3] = { 0, 0, 0 }, *w;
	char *text;
	(void)state;

	o.ngram_max = 1; /* a single-term document is then one feature */
	o.class_weights = NULL;
	T.ds = make_dataset(0, NULL);
	assert_int_equal(nc_model_train(&T.m1, T.ds, &o, NULL, NULL), 0);
	o.quantize = 1;
	assert_int_equal(nc_model_train(&T.m2, T.ds, &o, NULL, NULL), 0);
	nl = nc_model_label_count(T.m1);
	nf = nc_model_feature_count(T.m1);
	assert_int_equal(nf, nc_model_feature_count(T.m2));
	assert_int_equal(nc_prediction_new(&T.p, T.m1), 0);
	assert_int_equal(nc_prediction_new(&T.p2, T.m2), 0);
	w = abs_weights(T.m1, T.p);
	for (i = 0; i < nf * nl; i++)
		if (w[i] > maxw[i % nl])
			maxw[i % nl] = w[i];
	free(w);
	for (i = 0; i < nf; i++) {
		const char *t = nc_model_feature_name(T.m1, i);
		for (l = 0; l < nl; l++) {
			double exact = weight_of(T.m1, T.p, t, l);
			double q = weight_of(T.m2, T.p2, t, l);
			double step = maxw[l] / 127;
			assert_true(fabs(q - exact) <= step / 2 + 1e-12);
			/* a multiple of the step */
			assert_true(fabs(q / step - round(q / step)) < 1e-6);
			nonzero += q != 0.0;
			off += q != exact;
		}
	}
	assert_true(nonzero > 0);
	assert_true(off > 0); /* rounding did happen */
	assert_int_equal(nc_model_save_buffer(&T.b1, &len, T.m2), 0);
	text = gunzip(T.b1, len, &len);
	assert_non_null(text);
	assert_memory_equal(text, "newsclass-model 2\n", 18);
	assert_non_null(strstr(text, "\nweights q8\n"));
	assert_non_null(strstr(text, " q8 "));
	free(text);
}

/* keep_features: the kept features are the strongest of the full model,
 * and the model knows no others */
static void test_keep_features_keeps_the_strongest(void **state)
{
	config c = { 0, NC_KERNEL_LINEAR, 0, 0, 0, 0 };
	nc_train_options o = options_for(&c);
	size_t i, j, l, nl, nf, keep = 10, above = 0;
	double *imp, cut = INFINITY;
	(void)state;

	o.ngram_max = 1;
	o.class_weights = NULL;
	T.ds = make_dataset(0, NULL);
	assert_int_equal(nc_model_train(&T.m1, T.ds, &o, NULL, NULL), 0);
	o.keep_features = keep;
	assert_int_equal(nc_model_train(&T.m2, T.ds, &o, NULL, NULL), 0);
	nl = nc_model_label_count(T.m1);
	nf = nc_model_feature_count(T.m1);
	assert_true(nf > keep);
	assert_int_equal(nc_model_feature_count(T.m2), keep);
	assert_int_equal(nc_prediction_new(&T.p, T.m1), 0);
	/* the largest over labels, per feature, compacted in place (row i is
	 * read before imp[i], at or before its start, is written) */
	imp = abs_weights(T.m1, T.p);
	for (i = 0; i < nf; i++) {
		double mx = imp[i * nl];
		for (l = 1; l < nl; l++)
			if (imp[i * nl + l] > mx)
				mx = imp[i * nl + l];
		imp[i] = mx;
	}
	/* every kept feature is at least as strong as every dropped one */
	for (j = 0; j < keep; j++) {
		const char *t = nc_model_feature_name(T.m2, j);
		for (i = 0; i < nf && strcmp(nc_model_feature_name(T.m1, i), t) != 0; i++)
			;
		assert_true(i < nf);
		if (imp[i] < cut)
			cut = imp[i];
		if (j > 0) /* still in byte order */
			assert_true(strcmp(nc_model_feature_name(T.m2, j - 1), t) < 0);
	}
	for (i = 0; i < nf; i++)
		above += imp[i] > cut * (1 + 1e-9);
	assert_true(above < keep);
	free(imp);
	/* a dropped term moves no score of the pruned model */
	nc_prediction_free(T.p);
	assert_int_equal(nc_prediction_new(&T.p, T.m2), 0);
	for (i = 0; i < nf; i++) {
		const char *t = nc_model_feature_name(T.m1, i);
		int kept = 0;
		for (j = 0; j < keep; j++)
			kept |= strcmp(nc_model_feature_name(T.m2, j), t) == 0;
		for (l = 0; !kept && l < nl; l++)
			assert_true(weight_of(T.m2, T.p, t, l) == 0.0);
	}
}

static void test_compact_needs_linear_kernel(void **state)
{
	config c = { 0, NC_KERNEL_RBF, 0, 0, 0, 0 };
	nc_train_options o = options_for(&c);
	nc_dataset *ds = make_dataset(0, NULL);
	nc_model *m = NULL;
	(void)state;
	o.quantize = 1;
	assert_int_equal(nc_model_train(&m, ds, &o, NULL, NULL), NC_EINVAL);
	assert_null(m);
	o.quantize = 0;
	o.keep_features = 5;
	assert_int_equal(nc_model_train(&m, ds, &o, NULL, NULL), NC_EINVAL);
	assert_null(m);
	nc_dataset_free(ds);
}

static const config cfg[15] = {
	{ 0, NC_KERNEL_LINEAR, 0, 0, 0, 0 }, { 0, NC_KERNEL_LINEAR, 1, 0, 0, 0 },
	{ 0, NC_KERNEL_RBF, 0, 0, 0, 0 },    { 0, NC_KERNEL_RBF, 1, 0, 0, 0 },
	{ 1, NC_KERNEL_LINEAR, 0, 0, 0, 0 }, { 1, NC_KERNEL_LINEAR, 1, 0, 0, 0 },
	{ 1, NC_KERNEL_RBF, 0, 0, 0, 0 },    { 1, NC_KERNEL_RBF, 1, 0, 0, 0 },
	{ 1, NC_KERNEL_LINEAR, 0, 1, 0, 0 },
	{ 0, NC_KERNEL_LINEAR, 0, 0, 1, 0 }, { 0, NC_KERNEL_LINEAR, 1, 0, 1, 0 },
	{ 1, NC_KERNEL_LINEAR, 0, 1, 1, 0 },
	{ 0, NC_KERNEL_LINEAR, 0, 0, 0, 1 }, { 0, NC_KERNEL_RBF, 0, 0, 0, 1 },
	{ 1, NC_KERNEL_LINEAR, 0, 1, 1, 1 },
};

#define ROUND_TRIP(name, i) { name, test_round_trip, NULL, release_held, (void *)&cfg[i] }

int main(void)
{
	const struct CMUnitTest tests[] = {
		ROUND_TRIP("round_trip_single_label_linear", 0),
		ROUND_TRIP("round_trip_single_label_linear_probability", 1),
		ROUND_TRIP("round_trip_single_label_rbf", 2),
		ROUND_TRIP("round_trip_single_label_rbf_probability", 3),
		ROUND_TRIP("round_trip_multi_label_linear", 4),
		ROUND_TRIP("round_trip_multi_label_linear_probability", 5),
		ROUND_TRIP("round_trip_multi_label_rbf", 6),
		ROUND_TRIP("round_trip_multi_label_rbf_probability", 7),
		ROUND_TRIP("round_trip_multi_label_tuned_thresholds", 8),
		ROUND_TRIP("round_trip_single_label_compact", 9),
		ROUND_TRIP("round_trip_single_label_compact_probability", 10),
		ROUND_TRIP("round_trip_multi_label_tuned_compact", 11),
		ROUND_TRIP("round_trip_single_label_linear_stem_char_ngrams", 12),
		ROUND_TRIP("round_trip_single_label_rbf_stem_char_ngrams", 13),
		ROUND_TRIP("round_trip_multi_label_compact_stem_char_ngrams", 14),
		cmocka_unit_test_teardown(test_compact_model_is_the_exact_one_rounded, release_held),
		cmocka_unit_test_teardown(test_keep_features_keeps_the_strongest, release_held),
		cmocka_unit_test(test_compact_needs_linear_kernel),
		cmocka_unit_test(test_round_trip_rbf_short_documents),
		cmocka_unit_test_teardown(test_save_and_load_file, remove_tmp_dir),
		cmocka_unit_test(test_base_text_is_as_documented),
		cmocka_unit_test(test_recompressed_text_loads),
		cmocka_unit_test(test_reject_empty_and_plain),
		cmocka_unit_test(test_reject_truncated),
		cmocka_unit_test(test_reject_flipped_bytes),
		cmocka_unit_test(test_reject_trailing_data),
		cmocka_unit_test(test_reject_magic_and_version),
		cmocka_unit_test(test_reject_bad_numbers),
		cmocka_unit_test(test_reject_bad_indices),
		cmocka_unit_test(test_reject_bad_labels),
		cmocka_unit_test(test_reject_bad_header_fields),
		cmocka_unit_test(test_reject_bad_feature_counts),
		cmocka_unit_test(test_reject_structure),
		cmocka_unit_test_teardown(test_decompression_limit, remove_tmp_dir),
		cmocka_unit_test_teardown(test_numbers_in_comma_locale, restore_locale),
		cmocka_unit_test(test_vectorizer_only_model_round_trip),
		cmocka_unit_test_teardown(test_multilabel_probability_with_constant_label_round_trips, release_held),
		cmocka_unit_test_teardown(test_constant_label_predicted_with_probability, release_held),
		cmocka_unit_test_teardown(test_train_failure_sets_out_null, release_held),
	};
	return cmocka_run_group_tests(tests, base_setup, base_teardown);
}
