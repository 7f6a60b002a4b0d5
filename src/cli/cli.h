/*
 * cli.h - what the newsclass subcommands share: error reporting with the
 * exit-code convention, option parsing for data and training settings,
 * and small output helpers. The CLI sees only the public API.
 */
#ifndef NC_CLI_H
#define NC_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "newsclass.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

#if defined(__GNUC__)
#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLI_PRINTF(a, b)
#endif

/* "newsclass: error: ..." on stderr; returns EXIT_RUNTIME. */
int cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);
/* "newsclass: error: ..." plus a hint to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Report a failed library call: "newsclass: error: <nc_last_error()>". */
int cli_lib_error(int status);
void cli_warning(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Strict number parsing for option values; 0 on success. */
int cli_parse_double(const char *s, double *out);
int cli_parse_long(const char *s, long min, long max, long *out);

/* Options shared by every command that reads labeled data. */
#define CLI_DATA_OPTIONS                                           \
	{ "format", required_argument, NULL, 'F' },                \
	{ "label-key", required_argument, NULL, 0x101 },           \
	{ "label-column", required_argument, NULL, 0x102 },        \
	{ "text-columns", required_argument, NULL, 0x103 },        \
	{ "header", no_argument, NULL, 0x104 },                    \
	{ "no-header", no_argument, NULL, 0x105 },                 \
	{ "label-separator", required_argument, NULL, 0x106 }
#define CLI_DATA_HELP                                                              \
	"Data options (an INPUT \"@FILE\" reads the paths listed in FILE):\n"    \
	"  -F, --format FMT        article | fasttext | csv | tsv | dir (default: detect)\n" \
	"      --label-key KEY     article header holding the labels (default: label)\n" \
	"      --label-column COL  CSV/TSV label column, number or header name (default: 1)\n" \
	"      --text-columns COLS CSV/TSV text columns, e.g. 2,3 (default: all others)\n" \
	"      --header, --no-header  CSV/TSV first row is (not) a header\n"      \
	"      --label-separator C separator of several labels in one field (default: ,)\n"

/* Returns 1 if `opt` was a data option (and applied it), 0 if not, or
 * -1 after printing a usage error. */
int cli_data_option(nc_read_options *ro, int opt, const char *arg, const char *cmd);

/* Options shared by train, cv and vectorize. */
#define CLI_TRAIN_OPTIONS                                          \
	{ "multi-label", no_argument, NULL, 0x201 },               \
	{ "ngram", required_argument, NULL, 0x202 },               \
	{ "min-df", required_argument, NULL, 0x203 },              \
	{ "max-df", required_argument, NULL, 0x204 },              \
	{ "max-features", required_argument, NULL, 0x205 },        \
	{ "no-stop-words", no_argument, NULL, 0x206 },             \
	{ "stem", no_argument, NULL, 0x214 },                      \
	{ "char-ngrams", required_argument, NULL, 0x215 },         \
	{ "title-weight", required_argument, NULL, 0x216 },        \
	{ "nb-scale", no_argument, NULL, 0x217 },                  \
	{ "no-sublinear-tf", no_argument, NULL, 0x207 },           \
	{ "kernel", required_argument, NULL, 0x208 },              \
	{ "C", required_argument, NULL, 'c' },                     \
	{ "gamma", required_argument, NULL, 0x209 },               \
	{ "class-weight", required_argument, NULL, 0x20a },        \
	{ "probability", no_argument, NULL, 0x20b },               \
	{ "seed", required_argument, NULL, 0x20c },                \
	{ "threads", required_argument, NULL, 0x20d },             \
	{ "solver", required_argument, NULL, 0x20e },             \
	{ "tune-thresholds", optional_argument, NULL, 0x20f },     \
	{ "at-least-one", no_argument, NULL, 0x210 },              \
	{ "keep-features", required_argument, NULL, 0x211 },       \
	{ "quantize", no_argument, NULL, 0x212 },                  \
	{ "compact", required_argument, NULL, 0x213 }
#define CLI_TRAIN_HELP                                                             \
	"Model options:\n"                                                         \
	"      --multi-label       documents may have several labels (one-vs-rest)\n" \
	"      --ngram N           word n-grams 1..N, N <= 3 (default: 2)\n"       \
	"      --min-df X          keep terms in >= X documents (X < 1: a fraction; default: 1)\n" \
	"      --max-df X          drop terms in > X of the documents (default: 1.0)\n" \
	"      --max-features N    keep the N most frequent terms (default: all)\n" \
	"      --no-stop-words     keep English stop words\n"                 \
	"      --stem              stem English words (Porter2): exports -> export\n" \
	"      --char-ngrams A-B   also character n-grams of A..B characters, B <= 6,\n" \
	"                          of each space-separated piece (default: none)\n" \
	"      --title-weight N    terms of the title (the first paragraph) count\n" \
	"                          N times, N <= 9 (default: 1)\n"                \
	"      --no-sublinear-tf   use raw counts, not 1 + ln(count)\n"          \
	"      --kernel K          linear (default) | rbf\n"                      \
	"  -c, --C C               SVM cost (default: 1)\n"                       \
	"      --gamma G           RBF gamma (default: 1/features)\n"             \
	"      --class-weight W    balanced | label=w,label=w,... (default: none)\n" \
	"      --nb-scale          linear: scale each label's features by their naive\n" \
	"                          Bayes log-count ratios (NBSVM; not with\n"      \
	"                          --probability; default: off)\n"                \
	"      --probability       fit Platt scaling for probability outputs\n" \
	"      --seed N            random seed (default: 1)\n"                    \
	"      --threads N         threads for training (default: all cores)\n"  \
	"      --solver S          auto | libsvm | liblinear (default: auto: liblinear\n" \
	"                          for linear problems of 5000+ documents)\n"    \
	"      --tune-thresholds[=K]  multi-label: pick each label's threshold by\n" \
	"                          K-fold cross-validation (default K: 5)\n"        \
	"      --at-least-one      multi-label: always predict the best label\n" \
	"Compact models (linear kernel):\n"                                        \
	"      --keep-features N   keep the N features with the largest weights and\n" \
	"                          train again on them (default: all)\n"          \
	"      --quantize          store 8-bit weights (model file format 2)\n"    \
	"      --compact N         the same as --keep-features N --quantize\n"

int cli_train_option(nc_train_options *to, int opt, const char *arg, const char *cmd);

/* Read every path into a new data set; prints the error and returns
 * non-zero on failure. */
int cli_read_data(nc_dataset **out, char **paths, int npaths,
		  const nc_read_options *ro);

/* A progress line "what:  42%" on stderr, drawn only when stderr is a
 * terminal and the work has taken more than a second; ctx is a
 * struct cli_progress set up by cli_progress_init. */
struct cli_progress {
	const char *what;
	int tty, shown;
	struct timespec start;
};
void cli_progress_init(struct cli_progress *p, const char *what);
int cli_progress(void *ctx, size_t done, size_t total);
/* End the progress line, if one was drawn. */
void cli_progress_done(struct cli_progress *p);

/* Classify every document of ds with m and count the results. Gold
 * labels the model does not know go to an extra last label
 * ("(unknown)") and count as errors; *unknown gets their number. */
int cli_evaluate(nc_metrics **out, size_t *unknown, const nc_model *m,
		 const nc_dataset *ds);
/* Print the metrics as text (or JSON when json is set). */
void cli_print_metrics(FILE *f, const nc_metrics *mt, const nc_model *m, int json);

/* JSON output helpers. */
void json_string(FILE *f, const char *s);
void json_number(FILE *f, double v);

/* Each subcommand: argv[0] is the command name. */
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_cv(int argc, char **argv);
int cmd_vectorize(int argc, char **argv);
int cmd_info(int argc, char **argv);

#endif
