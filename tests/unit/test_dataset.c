/*
 * test_dataset.c - the data set readers (src/dataset.c, src/input.c):
 * article files, fastText lines, CSV/TSV, a directory per class, gzip
 * input, format detection and error reporting with file and line.
 *
 * Every file is written at run time into a fresh mkdtemp directory that
 * the group teardown removes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "newsclass.h"

static char tmpdir[] = "/tmp/nc-dataset-test-XXXXXX";

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Path of `name` inside the temporary directory (static buffer ring). */
static const char *path_of(const char *name)
{
	static char buf[8][512];
	static int k;
	char *p = buf[k++ % 8];
	snprintf(p, 512, "%s/%s", tmpdir, name);
	return p;
}

static const char *write_file_n(const char *name, const char *data, size_t len)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return p;
}

static const char *write_file(const char *name, const char *data)
{
	return write_file_n(name, data, strlen(data));
}

static const char *write_gz(const char *name, const char *data)
{
	const char *p = path_of(name);
	gzFile g = gzopen(p, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, data, (unsigned)strlen(data)), (int)strlen(data));
	assert_int_equal(gzclose(g), Z_OK);
	return p;
}

/* Data sets of the current test: the per-test teardown frees those still
 * alive, so a failing assertion does not turn into a reported leak. */
static nc_dataset *live[16];
static size_t nlive;

static nc_dataset *new_ds(void)
{
	nc_dataset *ds = NULL;
	assert_int_equal(nc_dataset_new(&ds), 0);
	assert_int_equal(nc_dataset_count(ds), 0);
	assert_true(nlive < sizeof live / sizeof *live);
	live[nlive++] = ds;
	return ds;
}

static void free_ds(nc_dataset *ds)
{
	size_t i;
	for (i = 0; i < nlive; i++)
		if (live[i] == ds) {
			live[i] = live[--nlive];
			break;
		}
	nc_dataset_free(ds);
}

static int free_live(void **state)
{
	(void)state;
	while (nlive)
		nc_dataset_free(live[--nlive]);
	return 0;
}

static void expect_labels(const nc_dataset *ds, size_t i, const char *const *labels, size_t n)
{
	size_t j;
	assert_int_equal(nc_dataset_label_count(ds, i), n);
	for (j = 0; j < n; j++)
		assert_string_equal(nc_dataset_label(ds, i, j), labels[j]);
}

#define LABELS(ds, i, ...)                                                   \
	do {                                                                 \
		static const char *const l_[] = { __VA_ARGS__ };             \
		expect_labels((ds), (i), l_, sizeof l_ / sizeof *l_);        \
	} while (0)

static void expect_text(const nc_dataset *ds, size_t i, const char *text)
{
	size_t len = 0;
	const char *t = nc_dataset_text(ds, i, &len);
	assert_string_equal(t, text);
	assert_int_equal(len, strlen(text));
}

/* The read fails with `code`, the message names the file and (if line > 0)
 * "file:line:", and the data set keeps its documents. */
static void expect_read_error(const char *path, const nc_read_options *o, int code,
			      size_t line)
{
	nc_dataset *ds = new_ds();
	const char *msg;
	int rc = nc_dataset_read(ds, path, o);
	msg = nc_last_error();
	if (rc != code)
		fprintf(stderr, "read %s: %d (%s), expected %d\n", path, rc, msg, code);
	assert_int_equal(rc, code);
	assert_int_equal(nc_dataset_count(ds), 0);
	if (line) {
		char want[600];
		const char *hit;
		snprintf(want, sizeof want, "%s:%zu:", path, line);
		hit = strstr(msg, want);
		if (hit == NULL)
			fprintf(stderr, "message '%s' lacks '%s'\n", nc_last_error(), want);
		assert_non_null(hit);
	} else {
		assert_non_null(strstr(msg, path));
	}
	free_ds(ds);
}

/* ---- nc_dataset_add ------------------------------------------------------- */

static void test_add_copies_and_dedupes(void **state)
{
	nc_dataset *ds = new_ds();
	char text[] = "some text";
	const char *labels[] = { "a", "b", "a" };
	(void)state;
	assert_int_equal(nc_dataset_add(ds, "doc-1", text, 4, labels, 3), 0);
	text[0] = 'X'; /* the data set has its own copy */
	assert_int_equal(nc_dataset_count(ds), 1);
	expect_text(ds, 0, "some");
	assert_string_equal(nc_dataset_id(ds, 0), "doc-1");
	LABELS(ds, 0, "a", "b");
	/* NULL id, no labels, text with a NUL inside */
	assert_int_equal(nc_dataset_add(ds, NULL, "x\0y", 3, NULL, 0), 0);
	assert_int_equal(nc_dataset_label_count(ds, 1), 0);
	{
		size_t len;
		const char *t = nc_dataset_text(ds, 1, &len);
		assert_int_equal(len, 3);
		assert_memory_equal(t, "x\0y", 4);
	}
	/* empty labels and bad arguments are refused, nothing added */
	{
		const char *bad[] = { "a", "" };
		const char *nul[] = { NULL };
		assert_int_equal(nc_dataset_add(ds, "d", "t", 1, bad, 2), NC_EFORMAT);
		assert_int_equal(nc_dataset_add(ds, "d", "t", 1, nul, 1), NC_EFORMAT);
		assert_int_equal(nc_dataset_add(ds, "d", NULL, 5, NULL, 0), NC_EINVAL);
		assert_int_equal(nc_dataset_add(ds, "d", "t", 1, NULL, 2), NC_EINVAL);
		assert_int_equal(nc_dataset_add(NULL, "d", "t", 1, NULL, 0), NC_EINVAL);
	}
	assert_int_equal(nc_dataset_count(ds), 2);
	free_ds(ds);
	nc_dataset_free(NULL);
}

/* ---- article files ---------------------------------------------------------- */

static void test_article(void **state)
{
	const char *p = write_file("art1.txt",
				   "id: art-1\n"
				   "title:   Chip exports rise  \n"
				   "label: tech,  trade ,tech\n"
				   "date: 2024-01-01\n"
				   "\n"
				   "Body line one.\n"
				   "\n"
				   "key: not a header any more\n");
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	(void)state;
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	assert_int_equal(nc_dataset_count(ds), 1);
	assert_string_equal(nc_dataset_id(ds, 0), "art-1");
	LABELS(ds, 0, "tech", "trade");
	expect_text(ds, 0, "Chip exports rise\n\nBody line one.\n\nkey: not a header any more\n");
	/* NULL options are the defaults, and an explicit format works too */
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	o.format = NC_FORMAT_ARTICLE;
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	assert_int_equal(nc_dataset_count(ds), 3);
	free_ds(ds);
}

static void test_article_without_title_or_id(void **state)
{
	const char *p = write_file("art2.txt", "label: sports\n\nJust the body");
	nc_dataset *ds = new_ds();
	(void)state;
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	expect_text(ds, 0, "Just the body");
	/* without an id header the id is the path */
	assert_string_equal(nc_dataset_id(ds, 0), p);
	LABELS(ds, 0, "sports");
	free_ds(ds);
}

static void test_article_bom_and_crlf(void **state)
{
	const char *p = write_file("art3.txt",
				   "\xEF\xBB\xBFtitle: T\r\n"
				   "label: a , b\r\n"
				   "\r\n"
				   "Body\r\nmore\r\n");
	nc_dataset *ds = new_ds();
	size_t len;
	const char *t;
	(void)state;
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 1);
	LABELS(ds, 0, "a", "b");
	t = nc_dataset_text(ds, 0, &len);
	assert_memory_equal(t, "T\n\nBody", 7);
	assert_null(strstr(t, "\xEF\xBB\xBF"));
	free_ds(ds);
}

static void test_article_label_key(void **state)
{
	const char *p = write_file("art4.txt", "topic: economy\nlabel: x\n\nText");
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	(void)state;
	o.label_key = "topic";
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	LABELS(ds, 0, "economy");
	/* another separator */
	p = write_file("art5.txt", "topic: a;b ; c\n\nText");
	o.label_separator = ';';
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	LABELS(ds, 1, "a", "b", "c");
	free_ds(ds);
}

static void test_article_errors(void **state)
{
	nc_read_options o = NC_READ_OPTIONS_INIT;
	(void)state;
	o.format = NC_FORMAT_ARTICLE;
	/* missing label key */
	expect_read_error(write_file("bad1.txt", "title: T\nid: 3\n\nBody\n"), &o, NC_EFORMAT, 1);
	/* a header line without ':' on line 2 */
	expect_read_error(write_file("bad2.txt", "label: a\nno colon here\n\nBody\n"), &o,
			  NC_EFORMAT, 2);
	/* an empty label among others, on line 3 */
	expect_read_error(write_file("bad3.txt", "id: x\ntitle: t\nlabel: a, ,b\n\nBody\n"), &o,
			  NC_EFORMAT, 3);
	expect_read_error(write_file("bad4.txt", "label:\n\nBody\n"), &o, NC_EFORMAT, 1);
	expect_read_error(write_file("bad5.txt", "label: a,\n\nBody\n"), &o, NC_EFORMAT, 1);
	/* a label with white space inside */
	expect_read_error(write_file("bad6.txt", "label: new york\n\nBody\n"), &o, NC_EFORMAT, 1);
	/* the label header twice */
	expect_read_error(write_file("bad7.txt", "label: a\nlabel: b\n\nBody\n"), &o, NC_EFORMAT, 2);
	/* no blank line before the end of the file */
	expect_read_error(write_file("bad8.txt", "label: a\ntitle: b\n"), &o, NC_EFORMAT, 0);
	/* a header key with a space */
	expect_read_error(write_file("bad9.txt", "label: a\nbad key: b\n\nBody\n"), &o,
			  NC_EFORMAT, 2);
	/* a file that does not exist */
	expect_read_error(path_of("does-not-exist.txt"), &o, NC_EIO, 0);
}

static void test_options_version_checked(void **state)
{
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	(void)state;
	o.version = 99;
	assert_int_equal(nc_dataset_read(ds, write_file("v.txt", "label: a\n\nx"), &o), NC_EINVAL);
	assert_int_equal(nc_dataset_read(ds, NULL, NULL), NC_EINVAL);
	assert_int_equal(nc_dataset_count(ds), 0);
	free_ds(ds);
}

/* ---- fastText ---------------------------------------------------------------- */

static void test_fasttext(void **state)
{
	const char *p = write_file("ft1.txt",
				   "__label__a __label__b some text here\n"
				   "\n"
				   "__label__c\tother  text\r\n"
				   "__label__d\n"
				   "__label__e __label__e twice");
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	(void)state;
	o.format = NC_FORMAT_FASTTEXT;
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	assert_int_equal(nc_dataset_count(ds), 4);
	LABELS(ds, 0, "a", "b");
	expect_text(ds, 0, "some text here");
	LABELS(ds, 1, "c");
	expect_text(ds, 1, "other  text");
	LABELS(ds, 2, "d");
	expect_text(ds, 2, "");
	LABELS(ds, 3, "e");
	expect_text(ds, 3, "twice");
	/* a label token later in the line is text */
	p = write_file("ft2.txt", "__label__x text __label__y\n");
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	LABELS(ds, 4, "x");
	expect_text(ds, 4, "text __label__y");
	free_ds(ds);
}

/* Documented: the id of a line-based record is "file:line". */
static void test_fasttext_ids_name_file_and_line(void **state)
{
	const char *p = write_file("ft-ids.txt", "__label__a one\n\n__label__b three\n");
	nc_dataset *ds = new_ds();
	char want[600];
	(void)state;
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 2);
	snprintf(want, sizeof want, "%s:1", p);
	assert_string_equal(nc_dataset_id(ds, 0), want);
	snprintf(want, sizeof want, "%s:3", p);
	assert_string_equal(nc_dataset_id(ds, 1), want);
	free_ds(ds);
}

static void test_fasttext_errors(void **state)
{
	nc_read_options o = NC_READ_OPTIONS_INIT;
	(void)state;
	o.format = NC_FORMAT_FASTTEXT;
	expect_read_error(write_file("ftbad1.txt", "__label__a ok\n__label__b ok\nno label\n"), &o,
			  NC_EFORMAT, 3);
	expect_read_error(write_file("ftbad2.txt", "__label__a ok\n__label__ alone\n"), &o,
			  NC_EFORMAT, 2);
	expect_read_error(write_file("ftbad3.txt", "__label__\n"), &o, NC_EFORMAT, 1);
	expect_read_error(write_file("ftbad4.txt", "__label__a ok\n__label__b __label__\n"), &o,
			  NC_EFORMAT, 2);
	expect_read_error(write_file("ftbad5.txt", "__labe__a x\n"), &o, NC_EFORMAT, 1);
}

/* ---- CSV / TSV ------------------------------------------------------------------- */

static void test_csv_quotes_and_named_columns(void **state)
{
	const char *p = write_file("c1.csv",
				   "label,title,body\r\n"
				   "pol,\"Vote, again\",\"He said \"\"no\"\"\n"
				   "and left\"\r\n"
				   "econ,Rates,Up\n"
				   "\n"
				   "\"a,b\",T,\"\"\n");
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	(void)state;
	o.label_column = "1";
	o.text_columns = "title,body"; /* names: the first row is a header */
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	assert_int_equal(nc_dataset_count(ds), 3);
	LABELS(ds, 0, "pol");
	expect_text(ds, 0, "Vote, again\n\nHe said \"no\"\nand left");
	LABELS(ds, 1, "econ");
	expect_text(ds, 1, "Rates\n\nUp");
	/* a quoted label cell is split on the label separator */
	LABELS(ds, 2, "a", "b");
	expect_text(ds, 2, "T\n\n");
	free_ds(ds);

	/* text columns in another order, label column by name */
	ds = new_ds();
	o.label_column = "label";
	o.text_columns = "body,2";
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	expect_text(ds, 1, "Up\n\nRates");
	LABELS(ds, 1, "econ");
	/* default text columns: all but the label, in order */
	o.text_columns = NULL;
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	expect_text(ds, 4, "Rates\n\nUp");
	free_ds(ds);
}

static void test_csv_label_column_by_number_no_header(void **state)
{
	const char *p = write_file("c2.csv", "text one,x\n\"text, two\",y\n");
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	(void)state;
	o.label_column = "2";
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	assert_int_equal(nc_dataset_count(ds), 2);
	LABELS(ds, 0, "x");
	expect_text(ds, 0, "text one");
	LABELS(ds, 1, "y");
	expect_text(ds, 1, "text, two");
	/* forcing a header drops the first row */
	o.header = 1;
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	assert_int_equal(nc_dataset_count(ds), 3);
	LABELS(ds, 2, "y");
	free_ds(ds);
}

static void test_tsv(void **state)
{
	const char *p = write_file("t1.tab", "a\thello world\nb\t\"quoted\ttab\"\tmore\n");
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	(void)state;
	o.format = NC_FORMAT_TSV;
	assert_int_equal(nc_dataset_read(ds, p, &o), 0);
	assert_int_equal(nc_dataset_count(ds), 2);
	LABELS(ds, 0, "a");
	expect_text(ds, 0, "hello world");
	LABELS(ds, 1, "b");
	expect_text(ds, 1, "quoted\ttab\n\nmore");
	/* detected from the extension too */
	p = write_file("t2.tsv", "x\tone, two\n");
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	LABELS(ds, 2, "x");
	expect_text(ds, 2, "one, two");
	free_ds(ds);
}

static void test_csv_errors(void **state)
{
	nc_read_options o = NC_READ_OPTIONS_INIT;
	(void)state;
	/* too few fields on line 3 */
	o.label_column = "label";
	o.text_columns = "text";
	expect_read_error(write_file("cbad1.csv", "label,text\na,hello world\nb\n"), &o,
			  NC_EFORMAT, 3);
	/* the record of line 4 starts after a two-line quoted field */
	expect_read_error(write_file("cbad2.csv", "label,text\na,\"two\nlines\"\nc\n"), &o,
			  NC_EFORMAT, 4);
	/* an empty label cell on line 2 */
	expect_read_error(write_file("cbad3.csv", "label,text\n,hello\n"), &o, NC_EFORMAT, 2);
	expect_read_error(write_file("cbad4.csv", "label,text\n\"a, ,b\",hello\n"), &o,
			  NC_EFORMAT, 2);
	/* a quoted field that never ends */
	expect_read_error(write_file("cbad5.csv", "label,text\na,\"open\nstill open\n"), &o,
			  NC_EFORMAT, 2);
	/* a column name that is not in the header */
	o.text_columns = "nope";
	expect_read_error(write_file("cbad6.csv", "label,text\na,b\n"), &o, NC_EINVAL, 0);
	/* a named column without a header row */
	o.header = 0;
	{
		nc_dataset *ds = new_ds();
		assert_int_equal(nc_dataset_read(ds, write_file("cbad7.csv", "a,b\n"), &o), NC_EINVAL);
		assert_int_equal(nc_dataset_count(ds), 0);
		free_ds(ds);
	}
}

/* Documented: the id of a line-based record is "file:line". */
static void test_csv_ids_name_file_and_line(void **state)
{
	const char *p = write_file("c-ids.csv", "a,one\n\nb,\"two\nlines\"\nc,three\n");
	nc_dataset *ds = new_ds();
	char want[600];
	(void)state;
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 3);
	expect_text(ds, 1, "two\nlines");
	snprintf(want, sizeof want, "%s:3", p);
	assert_string_equal(nc_dataset_id(ds, 1), want);
	snprintf(want, sizeof want, "%s:5", p);
	assert_string_equal(nc_dataset_id(ds, 2), want);
	free_ds(ds);
}

/* ---- directories ------------------------------------------------------------------ */

static void test_directory_per_class(void **state)
{
	nc_dataset *ds = new_ds();
	char f[600];
	(void)state;
	assert_int_equal(mkdir(path_of("classes"), 0700), 0);
	assert_int_equal(mkdir(path_of("classes/sports"), 0700), 0);
	assert_int_equal(mkdir(path_of("classes/business"), 0700), 0);
	write_file("classes/sports/s2.txt", "second sports");
	write_file("classes/sports/s1.txt", "first sports");
	write_file("classes/sports/.hidden", "ignored");
	write_file("classes/business/b1.txt", "only business\n");
	assert_int_equal(nc_dataset_read(ds, path_of("classes"), NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 3);
	/* sorted: business/b1, sports/s1, sports/s2 */
	LABELS(ds, 0, "business");
	expect_text(ds, 0, "only business\n");
	LABELS(ds, 1, "sports");
	expect_text(ds, 1, "first sports");
	LABELS(ds, 2, "sports");
	expect_text(ds, 2, "second sports");
	snprintf(f, sizeof f, "%s/classes/sports/s1.txt", tmpdir);
	assert_string_equal(nc_dataset_id(ds, 1), f);
	/* explicitly as NC_FORMAT_DIR */
	{
		nc_read_options o = NC_READ_OPTIONS_INIT;
		o.format = NC_FORMAT_DIR;
		assert_int_equal(nc_dataset_read(ds, path_of("classes"), &o), 0);
		assert_int_equal(nc_dataset_count(ds), 6);
		/* a file is not a directory */
		assert_int_equal(nc_dataset_read(ds, path_of("classes/sports/s1.txt"), &o), NC_EINVAL);
		assert_int_equal(nc_dataset_count(ds), 6);
	}
	free_ds(ds);
}

static void test_directory_of_documents(void **state)
{
	nc_dataset *ds = new_ds();
	(void)state;
	assert_int_equal(mkdir(path_of("docs"), 0700), 0);
	write_file("docs/2.txt", "label: b\n\nsecond");
	write_file("docs/1.txt", "label: a\n\nfirst");
	write_file("docs/3.ft", "__label__c third\n__label__d fourth\n");
	assert_int_equal(nc_dataset_read(ds, path_of("docs"), NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 4);
	LABELS(ds, 0, "a");
	LABELS(ds, 1, "b");
	LABELS(ds, 2, "c");
	LABELS(ds, 3, "d");
	expect_text(ds, 3, "fourth");
	free_ds(ds);
}

/* ---- gzip, detection, atomicity ------------------------------------------------------- */

static void test_gzip_input(void **state)
{
	nc_dataset *ds = new_ds();
	const char *p;
	(void)state;
	p = write_gz("g1.txt.gz", "__label__a compressed text\n__label__b more\n");
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 2);
	LABELS(ds, 0, "a");
	expect_text(ds, 0, "compressed text");
	p = write_gz("g2.csv.gz", "x,\"quoted, text\"\n");
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	LABELS(ds, 2, "x");
	expect_text(ds, 2, "quoted, text");
	p = write_gz("g3.gz", "label: z\n\ngzipped article");
	assert_int_equal(nc_dataset_read(ds, p, NULL), 0);
	LABELS(ds, 3, "z");
	expect_text(ds, 3, "gzipped article");
	assert_int_equal(nc_dataset_count(ds), 4);
	free_ds(ds);
}

static void test_truncated_gzip_is_an_error(void **state)
{
	const char *p = write_gz("full.gz", "__label__a one two three four five six seven\n"
				 "__label__b eight nine ten eleven twelve thirteen\n");
	FILE *f = fopen(p, "rb");
	char buf[4096];
	size_t n;
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	int rc;
	(void)state;
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_true(n > 30);
	p = write_file_n("cut.gz", buf, n - 12);
	o.format = NC_FORMAT_FASTTEXT;
	rc = nc_dataset_read(ds, p, &o);
	assert_true(rc == NC_EIO || rc == NC_EFORMAT);
	assert_int_equal(nc_dataset_count(ds), 0);
	free_ds(ds);
}

static void test_failed_read_keeps_count(void **state)
{
	nc_dataset *ds = new_ds();
	const char *good = write_file("good.txt", "__label__a one\n__label__b two\n");
	const char *bad = write_file("bad.txt", "__label__a one\n__label__b two\nbroken line\n");
	(void)state;
	assert_int_equal(nc_dataset_read(ds, good, NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 2);
	assert_int_equal(nc_dataset_read(ds, bad, NULL), NC_EFORMAT);
	assert_int_equal(nc_dataset_count(ds), 2);
	expect_text(ds, 1, "two");
	/* a directory with one bad file adds nothing either */
	assert_int_equal(mkdir(path_of("mixed"), 0700), 0);
	write_file("mixed/a.txt", "label: a\n\nfine");
	write_file("mixed/b.txt", "label: b\nbroken\n\nnot fine");
	assert_int_equal(nc_dataset_read(ds, path_of("mixed"), NULL), NC_EFORMAT);
	assert_int_equal(nc_dataset_count(ds), 2);
	/* the data set is still usable */
	assert_int_equal(nc_dataset_read(ds, good, NULL), 0);
	assert_int_equal(nc_dataset_count(ds), 4);
	free_ds(ds);
}

static void test_auto_detection(void **state)
{
	nc_dataset *ds = new_ds();
	(void)state;
	/* .csv by extension, even when the content looks like fastText */
	assert_int_equal(nc_dataset_read(ds, write_file("d1.csv", "__label__a,text one\n"), NULL), 0);
	LABELS(ds, 0, "__label__a");
	expect_text(ds, 0, "text one");
	/* __label__ by content */
	assert_int_equal(nc_dataset_read(ds, write_file("d2.data", "__label__b text two\n"), NULL), 0);
	LABELS(ds, 1, "b");
	/* key: value by content (with a BOM) */
	assert_int_equal(nc_dataset_read(ds, write_file("d3.data", "\xEF\xBB\xBFlabel: c\n\nthree"),
					 NULL), 0);
	LABELS(ds, 2, "c");
	expect_text(ds, 2, "three");
	assert_int_equal(nc_dataset_count(ds), 3);
	free_ds(ds);
	/* neither: an error naming the file; an empty file too */
	expect_read_error(write_file("d4.data", "just some words\n"), NULL, NC_EFORMAT, 1);
	expect_read_error(write_file("d5.data", ""), NULL, NC_EFORMAT, 0);
}

static void test_document_size_limit(void **state)
{
	nc_read_options o = NC_READ_OPTIONS_INIT;
	nc_dataset *ds = new_ds();
	char big[300];
	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	{
		char text[400];
		snprintf(text, sizeof text, "__label__a ok\n__label__b %s\n", big);
		o.max_document_bytes = 100;
		o.format = NC_FORMAT_FASTTEXT;
		assert_int_equal(nc_dataset_read(ds, write_file("big.ft", text), &o), NC_ELIMIT);
		assert_int_equal(nc_dataset_count(ds), 0);
		assert_non_null(strstr(nc_last_error(), "big.ft:2"));
		o.max_document_bytes = 0;
		assert_int_equal(nc_dataset_read(ds, path_of("big.ft"), &o), 0);
		assert_int_equal(nc_dataset_count(ds), 2);
	}
	free_ds(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_add_copies_and_dedupes, free_live),
		cmocka_unit_test_teardown(test_article, free_live),
		cmocka_unit_test_teardown(test_article_without_title_or_id, free_live),
		cmocka_unit_test_teardown(test_article_bom_and_crlf, free_live),
		cmocka_unit_test_teardown(test_article_label_key, free_live),
		cmocka_unit_test_teardown(test_article_errors, free_live),
		cmocka_unit_test_teardown(test_options_version_checked, free_live),
		cmocka_unit_test_teardown(test_fasttext, free_live),
		cmocka_unit_test_teardown(test_fasttext_ids_name_file_and_line, free_live),
		cmocka_unit_test_teardown(test_fasttext_errors, free_live),
		cmocka_unit_test_teardown(test_csv_quotes_and_named_columns, free_live),
		cmocka_unit_test_teardown(test_csv_label_column_by_number_no_header, free_live),
		cmocka_unit_test_teardown(test_tsv, free_live),
		cmocka_unit_test_teardown(test_csv_errors, free_live),
		cmocka_unit_test_teardown(test_csv_ids_name_file_and_line, free_live),
		cmocka_unit_test_teardown(test_directory_per_class, free_live),
		cmocka_unit_test_teardown(test_directory_of_documents, free_live),
		cmocka_unit_test_teardown(test_gzip_input, free_live),
		cmocka_unit_test_teardown(test_truncated_gzip_is_an_error, free_live),
		cmocka_unit_test_teardown(test_failed_read_keeps_count, free_live),
		cmocka_unit_test_teardown(test_auto_detection, free_live),
		cmocka_unit_test_teardown(test_document_size_limit, free_live),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
