/*
 * cmd_cv.c - `newsclass cv`: k-fold cross-validation over a grid of C
 * (and gamma for RBF), to choose settings on training data only.
 *
 * Folds are stratified by each document's first label and dealt from a
 * shuffle with a fixed seed, so a run is reproducible. The vectorizer is
 * refitted inside every fold: held-out documents never shape the
 * vocabulary or idf they are scored with.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"usage: newsclass cv [options] DATA...\n"
	"\n"
	"Cross-validate on labeled data for every C (and gamma) of the grid and\n"
	"print the mean and standard deviation of the metric per setting, then\n"
	"the best one.\n"
	"\n"
	"  -k, --folds N           number of folds (default: 5)\n"
	"      --C-grid LIST       values of C (default: 0.1,0.3,1,3,10)\n"
	"      --gamma-grid LIST   values of gamma for --kernel rbf (default: 0.3,1,3)\n"
	"      --metric M          accuracy | micro-f1 | macro-f1 (default: accuracy\n"
	"                          for single-label, micro-f1 for multi-label)\n"
	"  -j, --json              print one JSON object\n"
	"\n" CLI_DATA_HELP "\n" CLI_TRAIN_HELP;

#define MAX_GRID 32

static int parse_list(double *v, int *n, const char *s)
{
	char *copy = strdup(s), *tok, *save = NULL;
	*n = 0;
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == MAX_GRID || cli_parse_double(tok, &v[*n]) || v[*n] <= 0) {
			free(copy);
			return -1;
		}
		(*n)++;
	}
	free(copy);
	return *n ? 0 : -1;
}

/* xorshift64*: a tiny PRNG of our own, so folds do not depend on libc */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static const char *first_label(const nc_dataset *ds, size_t i)
{
	return nc_dataset_label_count(ds, i) ? nc_dataset_label(ds, i, 0) : "";
}

static int cmp_first_label(const void *a, const void *b, void *ds)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(first_label(ds, x), first_label(ds, y));
	return c ? c : (x > y) - (x < y);
}

/* Stratified fold assignment: order documents by first label (stable by
 * position), shuffle within each label, deal round-robin. */
static int assign_folds(int *fold, const nc_dataset *ds, int k, unsigned seed)
{
	size_t n = nc_dataset_count(ds), i, start, *order = malloc(n * sizeof *order);
	uint64_t rs = 0x9E3779B97F4A7C15ULL ^ seed;
	size_t deal = 0;

	if (!order)
		return -1;
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, cmp_first_label, (void *)ds);
	for (start = 0; start < n;) {
		size_t end = start + 1, j;
		while (end < n && strcmp(first_label(ds, order[start]),
					 first_label(ds, order[end])) == 0)
			end++;
		for (j = end - 1; j > start; j--) { /* Fisher-Yates within the label */
			size_t r = start + (size_t)(next_rand(&rs) % (j - start + 1)), t = order[j];
			order[j] = order[r];
			order[r] = t;
		}
		for (j = start; j < end; j++)
			fold[order[j]] = (int)(deal++ % (size_t)k);
		start = end;
	}
	free(order);
	return 0;
}

static int subset(nc_dataset **out, const nc_dataset *ds, const int *fold, int f, int keep)
{
	size_t i, j;
	const char *labels[256];
	int rc;

	if ((rc = nc_dataset_new(out)))
		return rc;
	for (i = 0; i < nc_dataset_count(ds); i++) {
		size_t len, nl = nc_dataset_label_count(ds, i);
		const char *text;
		if ((fold[i] == f) != keep)
			continue;
		text = nc_dataset_text(ds, i, &len);
		for (j = 0; j < nl && j < 256; j++)
			labels[j] = nc_dataset_label(ds, i, j);
		if ((rc = nc_dataset_add(*out, nc_dataset_id(ds, i), text, len, labels, j)))
			return rc;
	}
	return 0;
}

enum { M_ACCURACY, M_MICRO, M_MACRO };

int cmd_cv(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATA_OPTIONS,
		CLI_TRAIN_OPTIONS,
		{ "folds", required_argument, NULL, 'k' },
		{ "C-grid", required_argument, NULL, 0x401 },
		{ "gamma-grid", required_argument, NULL, 0x402 },
		{ "metric", required_argument, NULL, 0x403 },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const metric_names[] = { "accuracy", "micro-f1", "macro-f1" };
	nc_read_options ro = NC_READ_OPTIONS_INIT;
	nc_train_options to = NC_TRAIN_OPTIONS_INIT;
	double cs[MAX_GRID] = { 0.1, 0.3, 1, 3, 10 }, gs[MAX_GRID] = { 0.3, 1, 3 };
	int ncs = 5, ngs = 3, folds = 5, metric = -1, json = 0, opt, rc, ci, gi, f;
	double best = -1, best_c = 0, best_g = 0;
	nc_dataset *ds = NULL;
	int *fold = NULL;
	long v;

	while ((opt = getopt_long(argc, argv, "F:c:k:jh", longopts, NULL)) != -1) {
		int r;
		switch (opt) {
		case 'h': fputs(help, stdout); return EXIT_OK;
		case 'k':
			if (cli_parse_long(optarg, 2, 100, &v))
				return cli_usage_error("cv", "--folds takes 2..100");
			folds = (int)v;
			continue;
		case 0x401:
			if (parse_list(cs, &ncs, optarg))
				return cli_usage_error("cv", "--C-grid takes up to %d positive numbers", MAX_GRID);
			continue;
		case 0x402:
			if (parse_list(gs, &ngs, optarg))
				return cli_usage_error("cv", "--gamma-grid takes up to %d positive numbers", MAX_GRID);
			continue;
		case 0x403:
			for (metric = 2; metric >= 0 && strcmp(optarg, metric_names[metric]); metric--)
				;
			if (metric < 0)
				return cli_usage_error("cv", "unknown metric '%s'", optarg);
			continue;
		case 'j': json = 1; continue;
		default: break;
		}
		if ((r = cli_data_option(&ro, opt, optarg, "cv")) == 0)
			r = cli_train_option(&to, opt, optarg, "cv");
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_usage_error("cv", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("cv", "no data given");
	if (metric < 0)
		metric = to.multi_label ? M_MICRO : M_ACCURACY;
	if (to.kernel != NC_KERNEL_RBF)
		ngs = 1;
	if ((rc = cli_read_data(&ds, argv + optind, argc - optind, &ro)))
		return rc;
	if (nc_dataset_count(ds) < (size_t)folds) {
		rc = cli_error("%zu documents cannot make %d folds", nc_dataset_count(ds), folds);
		goto out;
	}
	fold = malloc(nc_dataset_count(ds) * sizeof *fold);
	if (!fold || assign_folds(fold, ds, folds, to.seed)) {
		rc = cli_error("out of memory");
		goto out;
	}
	if (json)
		printf("{\"metric\":\"%s\",\"folds\":%d,\"results\":[", metric_names[metric], folds);
	else
		printf("%-10s %-10s %-10s %-10s\n", "C", to.kernel == NC_KERNEL_RBF ? "gamma" : "",
		       metric_names[metric], "std");
	for (ci = 0; ci < ncs; ci++) {
		for (gi = 0; gi < ngs; gi++) {
			double sum = 0, sum2 = 0, mean, sd;
			nc_train_options o = to;
			o.C = cs[ci];
			if (to.kernel == NC_KERNEL_RBF)
				o.gamma = gs[gi];
			for (f = 0; f < folds; f++) {
				nc_dataset *tr = NULL, *te = NULL;
				nc_model *m = NULL;
				nc_metrics *mt = NULL;
				nc_summary s;
				size_t unknown;
				double score;
				if ((rc = subset(&tr, ds, fold, f, 0)) || (rc = subset(&te, ds, fold, f, 1)) ||
				    (rc = nc_model_train(&m, tr, &o, NULL, NULL))) {
					nc_dataset_free(tr);
					nc_dataset_free(te);
					rc = cli_lib_error(rc);
					goto out;
				}
				rc = cli_evaluate(&mt, &unknown, m, te);
				nc_model_free(m);
				nc_dataset_free(tr);
				nc_dataset_free(te);
				if (rc)
					goto out;
				nc_metrics_summary(&s, mt);
				nc_metrics_free(mt);
				score = metric == M_ACCURACY ? s.accuracy : metric == M_MICRO ? s.micro_f1 : s.macro_f1;
				sum += score;
				sum2 += score * score;
			}
			mean = sum / folds;
			sd = sqrt(fmax(0.0, sum2 / folds - mean * mean));
			if (json) {
				printf("%s{\"C\":", ci || gi ? "," : "");
				json_number(stdout, o.C);
				if (to.kernel == NC_KERNEL_RBF) {
					fputs(",\"gamma\":", stdout);
					json_number(stdout, o.gamma);
				}
				fputs(",\"mean\":", stdout);
				json_number(stdout, mean);
				fputs(",\"std\":", stdout);
				json_number(stdout, sd);
				putchar('}');
			} else {
				char g[32] = "";
				if (to.kernel == NC_KERNEL_RBF)
					snprintf(g, sizeof g, "%g", o.gamma);
				printf("%-10g %-10s %-10.4f %-10.4f\n", o.C, g, mean, sd);
				fflush(stdout);
			}
			if (mean > best + 1e-12) {
				best = mean;
				best_c = o.C;
				best_g = o.gamma;
			}
		}
	}
	if (json) {
		fputs("],\"best\":{\"C\":", stdout);
		json_number(stdout, best_c);
		if (to.kernel == NC_KERNEL_RBF) {
			fputs(",\"gamma\":", stdout);
			json_number(stdout, best_g);
		}
		fputs(",\"mean\":", stdout);
		json_number(stdout, best);
		fputs("}}\n", stdout);
	} else if (to.kernel == NC_KERNEL_RBF) {
		printf("best: C=%g gamma=%g %s=%.4f\n", best_c, best_g, metric_names[metric], best);
	} else {
		printf("best: C=%g %s=%.4f\n", best_c, metric_names[metric], best);
	}
	rc = EXIT_OK;
out:
	free(fold);
	nc_dataset_free(ds);
	return rc;
}
