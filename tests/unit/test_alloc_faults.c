/*
 * test_alloc_faults.c - every allocation of the main entry points made to
 * fail in turn (nc_alloc_fail_after, alloc.h).
 *
 * For each operation: one clean run counts the allocations it attempts
 * (the return value of the next nc_alloc_fail_after call); then for every
 * k from 0 to that count the allocation after k successful ones fails
 * (and every one after it: error paths must not need memory). The
 * operation must either succeed - with the same result as the clean run -
 * or return a negative status, leaving no object behind (out pointer
 * NULL, data set unchanged). Whatever was created is freed, so running
 * this program under valgrind or ASan also proves the error paths leak
 * nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc.h"
#include "newsclass.h"
#include "tokenize.h"

/* ---- fixtures built without fault injection -------------------------------- */

static const char *const texts[] = {
	"The central bank raised interest rates as inflation hit exports",
	"Stocks fell when the bank warned about rates and trade tariffs",
	"A late goal in the final gave the home team the league title",
	"The coach praised his players after the season's last match",
	"A quantum chip startup raised money for its cloud robot platform",
	"Semiconductor exports and software platforms drove tech growth",
	"Bond markets and currency traders watched the bank's rate call",
	"The striker scored twice as the team won the cup final",
};
static const char *const single_labels[] = {
	"business", "business", "sports", "sports", "tech", "tech", "business", "sports",
};

static nc_dataset *single_ds, *multi_ds;
static nc_model *linear_model, *rbf_model, *multi_model, *compact_model;
static void *linear_buf, *rbf_buf, *multi_buf, *compact_buf;
static size_t linear_len, rbf_len, multi_len, compact_len;
static char tmpdir[] = "/tmp/nc-alloc-test-XXXXXX";

static nc_train_options train_options(int multi, nc_kernel kernel, int probability)
{
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	o.multi_label = multi;
	o.kernel = kernel;
	o.solver = NC_SOLVER_LIBSVM;
	o.probability = probability;
	o.threads = 1; /* the failure countdown is per thread */
	o.min_df = 1;
	o.gamma = kernel == NC_KERNEL_RBF ? 0.5 : 0.0;
	o.timestamp = 1700000000;
	o.provenance = "alloc test";
	o.class_weights = multi ? NULL : "tech=2";
	return o;
}

/* keep a few features and quantize: the pruning and retraining paths,
 * each training with NB scaling (its per-problem copies and set-up) */
static nc_train_options compact_options(void)
{
	nc_train_options o = train_options(0, NC_KERNEL_LINEAR, 0);
	o.keep_features = 6;
	o.quantize = 1;
	o.nb_scale = 1;
	return o;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int write_file(const char *name, const char *data)
{
	char p[512];
	FILE *f;
	snprintf(p, sizeof p, "%s/%s", tmpdir, name);
	f = fopen(p, "wb");
	if (!f)
		return -1;
	fputs(data, f);
	return fclose(f);
}

static int group_setup(void **state)
{
	size_t i;
	nc_train_options o;
	(void)state;

	nc_alloc_fail_after(-1);
	if (!mkdtemp(tmpdir) || nc_dataset_new(&single_ds) || nc_dataset_new(&multi_ds))
		return -1;
	for (i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *ml[2] = { single_labels[i], i % 3 ? "world" : "local" };
		if (nc_dataset_add(single_ds, NULL, texts[i], strlen(texts[i]), &single_labels[i], 1) ||
		    nc_dataset_add(multi_ds, NULL, texts[i], strlen(texts[i]), ml, 2))
			return -1;
	}
	o = train_options(0, NC_KERNEL_LINEAR, 0);
	if (nc_model_train(&linear_model, single_ds, &o, NULL, NULL))
		return -1;
	o = train_options(0, NC_KERNEL_RBF, 0);
	if (nc_model_train(&rbf_model, single_ds, &o, NULL, NULL))
		return -1;
	o = train_options(1, NC_KERNEL_LINEAR, 0);
	if (nc_model_train(&multi_model, multi_ds, &o, NULL, NULL))
		return -1;
	o = compact_options();
	if (nc_model_train(&compact_model, single_ds, &o, NULL, NULL))
		return -1;
	if (nc_model_save_buffer(&compact_buf, &compact_len, compact_model) ||
	    nc_model_save_buffer(&linear_buf, &linear_len, linear_model) ||
	    nc_model_save_buffer(&rbf_buf, &rbf_len, rbf_model) ||
	    nc_model_save_buffer(&multi_buf, &multi_len, multi_model))
		return -1;
	if (write_file("a.csv", "label,title,text\nbusiness,\"Rates, again\",\"the bank\"\"s call\"\n"
			       "sports,Cup,\"final\nwon\"\n") ||
	    write_file("b.txt", "id: x\ntitle: Chips\nlabel: tech, trade\n\nA chip body\n") ||
	    write_file("c.ft", "__label__a __label__b first line\n__label__c second line\n"))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	nc_alloc_fail_after(-1);
	nc_model_free(linear_model);
	nc_model_free(rbf_model);
	nc_model_free(multi_model);
	nc_model_free(compact_model);
	free(compact_buf);
	free(linear_buf);
	free(rbf_buf);
	free(multi_buf);
	nc_dataset_free(single_ds);
	nc_dataset_free(multi_ds);
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* ---- the harness ------------------------------------------------------------- */

typedef int (*op_fn)(void);

/* failed calls that left their out pointer set: counted rather than
 * asserted on the spot, so one such path does not hide the others */
static long out_not_null;
static long out_first_k = -1, current_k;

static void expect_no_object(const void *p)
{
	if (p != NULL) {
		if (out_not_null++ == 0)
			out_first_k = current_k;
	}
}

static void run_with_faults(const char *name, op_fn op)
{
	long total, k, failed = 0, other = 0;
	int rc;

	out_not_null = 0;
	out_first_k = -1;
	current_k = -1;
	nc_alloc_fail_after(-1);
	rc = op();
	total = nc_alloc_fail_after(-1);
	assert_int_equal(rc, 0);
	assert_true(total > 0);
	for (k = 0; k <= total; k++) {
		current_k = k;
		nc_alloc_fail_after(k);
		rc = op();
		nc_alloc_fail_after(-1);
		if (rc > 0)
			fprintf(stderr, "%s: allocation %ld failed: positive status %d\n", name, k, rc);
		assert_true(rc <= 0);
		if (rc == 0)
			continue;
		failed++;
		if (rc != NC_ENOMEM) {
			other++;
			if (other <= 3)
				fprintf(stderr, "%s: allocation %ld failed: status %d (%s)\n",
					name, k, rc, nc_last_error());
		}
	}
	/* the very first allocation failing cannot go unnoticed, and with all
	 * of them available the operation succeeds */
	nc_alloc_fail_after(0);
	rc = op();
	nc_alloc_fail_after(-1);
	assert_true(rc < 0);
	nc_alloc_fail_after(total);
	rc = op();
	nc_alloc_fail_after(-1);
	assert_int_equal(rc, 0);
	print_message("%s: %ld allocations, %ld injected failures reported (%ld not NC_ENOMEM)\n",
		      name, total, failed, other);
	assert_true(failed > 0);
	if (out_not_null)
		fprintf(stderr, "%s: %ld failed calls left their out pointer set "
			"(first with allocation %ld failing)\n", name, out_not_null, out_first_k);
	assert_int_equal(out_not_null, 0);
}

/* ---- operations ------------------------------------------------------------------ */

static int op_dataset(void)
{
	nc_dataset *ds = (nc_dataset *)&ds;
	size_t i;
	int rc;

	rc = nc_dataset_new(&ds);
	if (rc) {
		expect_no_object(ds);
		return rc;
	}
	for (i = 0; i < 3; i++) {
		const char *labels[2] = { single_labels[i], "extra" };
		rc = nc_dataset_add(ds, "id", texts[i], strlen(texts[i]), labels, 2);
		if (rc) {
			assert_int_equal(nc_dataset_count(ds), i);
			break;
		}
		assert_int_equal(nc_dataset_count(ds), i + 1);
		assert_string_equal(nc_dataset_text(ds, i, NULL), texts[i]);
		assert_string_equal(nc_dataset_label(ds, i, 1), "extra");
	}
	nc_dataset_free(ds);
	return rc;
}

static int op_dataset_read(void)
{
	static const char *const files[] = { "a.csv", "b.txt", "c.ft" };
	static const size_t adds[] = { 2, 1, 2 };
	nc_dataset *ds = NULL;
	size_t i, before;
	int rc;

	if ((rc = nc_dataset_new(&ds)))
		return rc;
	if ((rc = nc_dataset_add(ds, NULL, "x", 1, NULL, 0))) {
		nc_dataset_free(ds);
		return rc;
	}
	for (i = 0; i < 3; i++) {
		char p[512];
		nc_read_options o = NC_READ_OPTIONS_INIT;
		o.header = i == 0; /* a.csv has a header row */
		snprintf(p, sizeof p, "%s/%s", tmpdir, files[i]);
		before = nc_dataset_count(ds);
		rc = nc_dataset_read(ds, p, &o);
		if (rc) {
			assert_int_equal(nc_dataset_count(ds), before);
			break;
		}
		assert_int_equal(nc_dataset_count(ds), before + adds[i]);
	}
	if (!rc) {
		assert_string_equal(nc_dataset_text(ds, 2, NULL), "Cup\n\nfinal\nwon");
		assert_string_equal(nc_dataset_label(ds, 3, 1), "trade");
	}
	nc_dataset_free(ds);
	return rc;
}

static int check_model_like(const nc_model *m, const nc_model *ref)
{
	size_t i;
	assert_int_equal(nc_model_label_count(m), nc_model_label_count(ref));
	assert_int_equal(nc_model_feature_count(m), nc_model_feature_count(ref));
	for (i = 0; i < nc_model_label_count(m); i++)
		assert_string_equal(nc_model_label_name(m, i), nc_model_label_name(ref, i));
	for (i = 0; i < nc_model_feature_count(m); i++)
		assert_string_equal(nc_model_feature_name(m, i), nc_model_feature_name(ref, i));
	return 0;
}

static int train_with(const nc_dataset *ds, const nc_train_options *o, const nc_model *ref)
{
	nc_model *m = (nc_model *)&m;
	int rc = nc_model_train(&m, ds, o, NULL, NULL);
	if (rc) {
		expect_no_object(m);
		return rc;
	}
	if (ref)
		check_model_like(m, ref);
	assert_int_equal(nc_model_has_probability(m), o->probability);
	nc_model_free(m);
	return 0;
}

static int train_op(const nc_dataset *ds, int multi, nc_kernel kernel, int probability,
		    const nc_model *ref)
{
	nc_train_options o = train_options(multi, kernel, probability);
	return train_with(ds, &o, ref);
}

static int op_train_single(void) { return train_op(single_ds, 0, NC_KERNEL_LINEAR, 0, linear_model); }
static int op_train_multi(void) { return train_op(multi_ds, 1, NC_KERNEL_LINEAR, 0, multi_model); }
static int op_train_rbf_probability(void) { return train_op(single_ds, 0, NC_KERNEL_RBF, 1, NULL); }

static int op_train_compact(void)
{
	nc_train_options o = compact_options();
	return train_with(single_ds, &o, compact_model);
}

static int op_fit_vectorizer(void)
{
	nc_train_options o = train_options(0, NC_KERNEL_LINEAR, 0);
	nc_model *m = (nc_model *)&m;
	int rc = nc_model_fit_vectorizer(&m, single_ds, &o);
	if (rc) {
		expect_no_object(m);
		return rc;
	}
	assert_int_equal(nc_model_feature_count(m), nc_model_feature_count(linear_model));
	nc_model_free(m);
	return 0;
}

static int save_op(const nc_model *m, const void *ref, size_t ref_len)
{
	void *b = (void *)&b;
	size_t len = 12345;
	int rc = nc_model_save_buffer(&b, &len, m);
	if (rc) {
		expect_no_object(b);
		assert_int_equal(len, 0);
		return rc;
	}
	assert_int_equal(len, ref_len);
	assert_memory_equal(b, ref, len);
	free(b);
	return 0;
}

static int op_save_linear(void) { return save_op(linear_model, linear_buf, linear_len); }
static int op_save_rbf(void) { return save_op(rbf_model, rbf_buf, rbf_len); }
static int op_save_multi(void) { return save_op(multi_model, multi_buf, multi_len); }
static int op_save_compact(void) { return save_op(compact_model, compact_buf, compact_len); }

static size_t dir_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int op_save_file(void)
{
	char p[512];
	size_t before;
	int rc;
	snprintf(p, sizeof p, "%s/model.ncm", tmpdir);
	unlink(p);
	before = dir_entries();
	rc = nc_model_save(linear_model, p);
	/* no temporary file left behind, the model there only on success */
	assert_int_equal(dir_entries(), before + (rc == 0));
	unlink(p);
	return rc;
}

static int load_op(const void *buf, size_t len, const nc_model *ref)
{
	nc_model *m = (nc_model *)&m;
	int rc = nc_model_load_buffer(&m, buf, len, NULL);
	if (rc) {
		expect_no_object(m);
		return rc;
	}
	check_model_like(m, ref);
	nc_model_free(m);
	return 0;
}

static int op_load_linear(void) { return load_op(linear_buf, linear_len, linear_model); }
static int op_load_rbf(void) { return load_op(rbf_buf, rbf_len, rbf_model); }
static int op_load_multi(void) { return load_op(multi_buf, multi_len, multi_model); }
static int op_load_compact(void) { return load_op(compact_buf, compact_len, compact_model); }

/* reference scores of texts[0] under each model */
static double ref_scores[3][8];

static int predict_op(const nc_model *m, double *ref, int record)
{
	nc_prediction *p = (nc_prediction *)&p;
	size_t l, nl = nc_model_label_count(m);
	int rc = nc_prediction_new(&p, m);
	if (rc) {
		expect_no_object(p);
		return rc;
	}
	rc = nc_model_predict(p, m, texts[6], strlen(texts[6]), NULL);
	if (!rc) {
		for (l = 0; l < nl; l++) {
			if (record)
				ref[l] = nc_prediction_score(p, l);
			else
				assert_true(nc_prediction_score(p, l) == ref[l]);
		}
		assert_true(nc_prediction_count(p) >= (nc_model_is_multi_label(m) ? 0u : 1u));
	}
	nc_prediction_free(p);
	return rc;
}

static int op_predict_linear(void) { return predict_op(linear_model, ref_scores[0], 0); }
static int op_predict_rbf(void) { return predict_op(rbf_model, ref_scores[1], 0); }
static int op_predict_multi(void) { return predict_op(multi_model, ref_scores[2], 0); }

static int op_stream(void)
{
	nc_stream *s = (nc_stream *)&s;
	const uint32_t *idx;
	const double *val;
	size_t n;
	int rc = nc_stream_new(&s, linear_model);
	if (rc) {
		expect_no_object(s);
		return rc;
	}
	if (!(rc = nc_stream_feed(s, texts[0], 20)) &&
	    !(rc = nc_stream_feed(s, texts[0] + 20, strlen(texts[0]) - 20)) &&
	    !(rc = nc_stream_vector(&idx, &val, &n, s)))
		assert_true(n > 3);
	nc_stream_free(s);
	return rc;
}

static const char tok_text[] =
	"Korea's \xEB\xB0\x98\xEB\x8F\x84\xEC\xB2\xB4\xEB\xA5\xBC exports of post-quantum chips rose "
	"2,500 units \xEF\xB7\xBA \xEF\xAC\x81nance Stra\xC3\x9F" "e \xE6\x9D\xB1\xE4\xBA\xAC "
	"export controls tightened again and again";

static int count_token(void *ctx, const char *tok, size_t len)
{
	(void)tok;
	(void)len;
	(*(size_t *)ctx)++;
	return 0;
}

static size_t ref_tokens;

static int op_tokenizer(void)
{
	nc_tokenizer *t = (nc_tokenizer *)&t;
	size_t n = 0, i;
	int rc = nc_tokenizer_new(&t, 3, 1, count_token, &n);
	if (rc) {
		expect_no_object(t);
		return rc;
	}
	for (i = 0; i < sizeof tok_text - 1 && !rc; i += 7)
		rc = nc_tokenizer_feed(t, tok_text + i, sizeof tok_text - 1 - i < 7
							 ? sizeof tok_text - 1 - i : 7);
	if (!rc)
		rc = nc_tokenizer_finish(t);
	if (!rc && ref_tokens)
		assert_int_equal(n, ref_tokens);
	if (!rc && !ref_tokens)
		ref_tokens = n;
	nc_tokenizer_free(t);
	return rc;
}

static int op_metrics(void)
{
	nc_metrics *m = (nc_metrics *)&m;
	size_t g = 1, p = 2;
	nc_summary s;
	int rc = nc_metrics_new(&m, 3, 0);
	if (rc) {
		expect_no_object(m);
		return rc;
	}
	assert_int_equal(nc_metrics_add(m, &g, 1, &p, 1), 0);
	nc_metrics_summary(&s, m);
	assert_int_equal(s.documents, 1);
	nc_metrics_free(m);
	return 0;
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_injection_hook(void **state)
{
	nc_dataset *ds = NULL;
	(void)state;
	/* the counter counts, and a countdown of 0 fails the next allocation */
	nc_alloc_fail_after(-1);
	assert_int_equal(nc_dataset_new(&ds), 0);
	assert_true(nc_alloc_fail_after(-1) >= 1);
	nc_dataset_free(ds);
	nc_alloc_fail_after(0);
	ds = (nc_dataset *)&ds;
	assert_int_equal(nc_dataset_new(&ds), NC_ENOMEM);
	nc_alloc_fail_after(-1);
	assert_null(ds);
	assert_string_equal(nc_last_error(), "out of memory");
}

static void test_faults_dataset(void **state)
{
	(void)state;
	run_with_faults("dataset_new+add", op_dataset);
}

static void test_faults_dataset_read(void **state)
{
	(void)state;
	run_with_faults("dataset_read", op_dataset_read);
}

static void test_faults_tokenizer(void **state)
{
	(void)state;
	ref_tokens = 0;
	run_with_faults("tokenizer", op_tokenizer);
}

static void test_faults_train_single(void **state)
{
	(void)state;
	run_with_faults("train single-label", op_train_single);
}

static void test_faults_train_multi(void **state)
{
	(void)state;
	run_with_faults("train multi-label", op_train_multi);
}

static void test_faults_train_rbf_probability(void **state)
{
	(void)state;
	run_with_faults("train rbf+probability", op_train_rbf_probability);
}

static void test_faults_train_compact(void **state)
{
	(void)state;
	run_with_faults("train keep-features+quantize", op_train_compact);
}

static void test_faults_fit_vectorizer(void **state)
{
	(void)state;
	run_with_faults("fit_vectorizer", op_fit_vectorizer);
}

static void test_faults_save_buffer(void **state)
{
	(void)state;
	run_with_faults("save_buffer linear", op_save_linear);
	run_with_faults("save_buffer rbf", op_save_rbf);
	run_with_faults("save_buffer multi", op_save_multi);
	run_with_faults("save_buffer compact", op_save_compact);
}

static void test_faults_save_file(void **state)
{
	(void)state;
	run_with_faults("save file", op_save_file);
}

static void test_faults_load_buffer(void **state)
{
	(void)state;
	run_with_faults("load_buffer linear", op_load_linear);
	run_with_faults("load_buffer rbf", op_load_rbf);
	run_with_faults("load_buffer multi", op_load_multi);
	run_with_faults("load_buffer compact", op_load_compact);
}

static void test_faults_predict(void **state)
{
	(void)state;
	nc_alloc_fail_after(-1);
	assert_int_equal(predict_op(linear_model, ref_scores[0], 1), 0);
	assert_int_equal(predict_op(rbf_model, ref_scores[1], 1), 0);
	assert_int_equal(predict_op(multi_model, ref_scores[2], 1), 0);
	run_with_faults("predict linear", op_predict_linear);
	run_with_faults("predict rbf", op_predict_rbf);
	run_with_faults("predict multi", op_predict_multi);
}

static void test_faults_stream(void **state)
{
	(void)state;
	run_with_faults("stream", op_stream);
}

static void test_faults_metrics(void **state)
{
	(void)state;
	run_with_faults("metrics", op_metrics);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_injection_hook),
		cmocka_unit_test(test_faults_dataset),
		cmocka_unit_test(test_faults_dataset_read),
		cmocka_unit_test(test_faults_tokenizer),
		cmocka_unit_test(test_faults_train_single),
		cmocka_unit_test(test_faults_train_multi),
		cmocka_unit_test(test_faults_train_rbf_probability),
		cmocka_unit_test(test_faults_train_compact),
		cmocka_unit_test(test_faults_fit_vectorizer),
		cmocka_unit_test(test_faults_save_buffer),
		cmocka_unit_test(test_faults_save_file),
		cmocka_unit_test(test_faults_load_buffer),
		cmocka_unit_test(test_faults_predict),
		cmocka_unit_test(test_faults_stream),
		cmocka_unit_test(test_faults_metrics),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
