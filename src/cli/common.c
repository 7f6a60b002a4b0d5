/*
 * common.c - helpers shared by the subcommands (see cli.h).
 */
#include "cli.h"
#include "numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("newsclass: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_RUNTIME;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("newsclass: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'newsclass %s --help'.\n", cmd ? cmd : "");
	return EXIT_USAGE;
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;
	fputs("newsclass: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_lib_error(int status)
{
	const char *msg = nc_last_error();
	return cli_error("%s", *msg ? msg : nc_strerror(status));
}

int cli_parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return (end == s || *end || errno || !isfinite(*out)) ? -1 : 0;
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	*out = strtol(s, &end, 10);
	return (end == s || *end || errno || *out < min || *out > max) ? -1 : 0;
}

int cli_data_option(nc_read_options *ro, int opt, const char *arg, const char *cmd)
{
	switch (opt) {
	case 'F':
		if (strcmp(arg, "article") == 0) ro->format = NC_FORMAT_ARTICLE;
		else if (strcmp(arg, "fasttext") == 0) ro->format = NC_FORMAT_FASTTEXT;
		else if (strcmp(arg, "csv") == 0) ro->format = NC_FORMAT_CSV;
		else if (strcmp(arg, "tsv") == 0) ro->format = NC_FORMAT_TSV;
		else if (strcmp(arg, "dir") == 0) ro->format = NC_FORMAT_DIR;
		else if (strcmp(arg, "auto") == 0) ro->format = NC_FORMAT_AUTO;
		else {
			cli_usage_error(cmd, "unknown format '%s' (article, fasttext, csv, tsv, dir)", arg);
			return -1;
		}
		return 1;
	case 0x101: ro->label_key = arg; return 1;
	case 0x102: ro->label_column = arg; return 1;
	case 0x103: ro->text_columns = arg; return 1;
	case 0x104: ro->header = 1; return 1;
	case 0x105: ro->header = 0; return 1;
	case 0x106:
		if (strlen(arg) != 1) {
			cli_usage_error(cmd, "--label-separator takes one character");
			return -1;
		}
		ro->label_separator = arg[0];
		return 1;
	default:
		return 0;
	}
}

int cli_train_option(nc_train_options *to, int opt, const char *arg, const char *cmd)
{
	long l;
	double d;

	switch (opt) {
	case 0x201: to->multi_label = 1; return 1;
	case 0x202:
		if (cli_parse_long(arg, 1, 3, &l))
			goto bad;
		to->ngram_max = (int)l;
		return 1;
	case 0x203:
		if (cli_parse_double(arg, &d) || d <= 0)
			goto bad;
		to->min_df = d;
		return 1;
	case 0x204:
		if (cli_parse_double(arg, &d) || d <= 0)
			goto bad;
		to->max_df = d;
		return 1;
	case 0x205:
		if (cli_parse_long(arg, 0, 1L << 30, &l))
			goto bad;
		to->max_features = (size_t)l;
		return 1;
	case 0x206: to->stop_words = 0; return 1;
	case 0x214: to->stem = 1; return 1;
	case 0x217: to->nb_scale = 1; return 1;
	case 0x215: {
		/* "A-B", or "N" for N..N */
		char lo[16];
		const char *dash = strchr(arg, '-');
		long a, b;
		size_t n = dash ? (size_t)(dash - arg) : strlen(arg);
		if (n == 0 || n >= sizeof lo)
			goto bad;
		memcpy(lo, arg, n);
		lo[n] = '\0';
		if (cli_parse_long(lo, 1, NC_CHAR_NGRAM_MAX, &a) ||
		    cli_parse_long(dash ? dash + 1 : lo, a, NC_CHAR_NGRAM_MAX, &b))
			goto bad;
		to->char_ngram_min = (int)a;
		to->char_ngram_max = (int)b;
		return 1;
	}
	case 0x216:
		if (cli_parse_long(arg, 1, NC_TITLE_WEIGHT_MAX, &l))
			goto bad;
		to->title_weight = (int)l;
		return 1;
	case 0x207: to->sublinear_tf = 0; return 1;
	case 0x208:
		if (strcmp(arg, "linear") == 0)
			to->kernel = NC_KERNEL_LINEAR;
		else if (strcmp(arg, "rbf") == 0)
			to->kernel = NC_KERNEL_RBF;
		else
			goto bad;
		return 1;
	case 'c':
		if (cli_parse_double(arg, &d) || d <= 0)
			goto bad;
		to->C = d;
		return 1;
	case 0x209:
		if (cli_parse_double(arg, &d) || d <= 0)
			goto bad;
		to->gamma = d;
		return 1;
	case 0x20a:
		if (strcmp(arg, "balanced") == 0)
			to->balanced = 1;
		else if (strcmp(arg, "none") == 0)
			to->balanced = 0;
		else
			to->class_weights = arg;
		return 1;
	case 0x20b: to->probability = 1; return 1;
	case 0x20c:
		if (cli_parse_long(arg, 0, 0x7FFFFFFF, &l))
			goto bad;
		to->seed = (unsigned)l;
		return 1;
	case 0x20d:
		if (cli_parse_long(arg, 0, 1024, &l))
			goto bad;
		to->threads = (int)l;
		return 1;
	case 0x20e:
		if (strcmp(arg, "auto") == 0)
			to->solver = NC_SOLVER_AUTO;
		else if (strcmp(arg, "libsvm") == 0)
			to->solver = NC_SOLVER_LIBSVM;
		else if (strcmp(arg, "liblinear") == 0)
			to->solver = NC_SOLVER_LIBLINEAR;
		else
			goto bad;
		return 1;
	case 0x20f:
		if (!arg) {
			to->tune_thresholds = 5;
			return 1;
		}
		if (cli_parse_long(arg, 2, 20, &l))
			goto bad;
		to->tune_thresholds = (int)l;
		return 1;
	case 0x210: to->at_least_one = 1; return 1;
	case 0x211:
	case 0x213:
		if (cli_parse_long(arg, 1, 1L << 30, &l))
			goto bad;
		to->keep_features = (size_t)l;
		to->quantize |= opt == 0x213;
		return 1;
	case 0x212: to->quantize = 1; return 1;
	default:
		return 0;
	}
bad:
	cli_usage_error(cmd, "invalid value '%s' for an option", arg);
	return -1;
}

/* "@FILE": read the paths listed in FILE (one per line, blank lines and
 * '#' comments skipped), relative to FILE's directory. */
static int read_list(nc_dataset *ds, const char *list, const nc_read_options *ro)
{
	FILE *f = fopen(list, "r");
	const char *slash = strrchr(list, '/');
	size_t dirlen = slash ? (size_t)(slash - list) + 1 : 0, lineno = 0;
	char line[4096], path[8192];
	int rc = 0;

	if (!f)
		return cli_error("cannot open '%s': %s", list, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		lineno++;
		line[n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (line[0] == '/')
			snprintf(path, sizeof path, "%s", line);
		else
			snprintf(path, sizeof path, "%.*s%s", (int)dirlen, list, line);
		if ((rc = nc_dataset_read(ds, path, ro))) {
			rc = cli_lib_error(rc);
			fprintf(stderr, "newsclass: (listed at %s:%zu)\n", list, lineno);
			break;
		}
	}
	fclose(f);
	return rc;
}

int cli_read_data(nc_dataset **out, char **paths, int npaths,
		  const nc_read_options *ro)
{
	nc_dataset *ds;
	int i, rc;

	*out = NULL;
	if ((rc = nc_dataset_new(&ds)))
		return cli_lib_error(rc);
	for (i = 0; i < npaths; i++) {
		if (paths[i][0] == '@' && paths[i][1])
			rc = read_list(ds, paths[i] + 1, ro);
		else if ((rc = nc_dataset_read(ds, paths[i], ro)))
			rc = cli_lib_error(rc);
		if (rc) {
			nc_dataset_free(ds);
			return rc;
		}
	}
	*out = ds;
	return 0;
}

int cli_progress(void *ctx, size_t done, size_t total)
{
	struct cli_progress *p = ctx;
	struct timespec now;

	if (!p->tty)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* only once a run takes more than a moment */
	if (!p->shown && (now.tv_sec - p->start.tv_sec) * 1000 +
				 (now.tv_nsec - p->start.tv_nsec) / 1000000 < 1000)
		return 0;
	p->shown = 1;
	fprintf(stderr, "\r%s: %3d%%", p->what, total ? (int)(100.0 * (double)done / (double)total) : 100);
	fflush(stderr);
	return 0;
}

void cli_progress_done(struct cli_progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r%s: 100%%\n", p->what);
}

void cli_progress_init(struct cli_progress *p, const char *what)
{
	p->what = what;
	p->tty = isatty(STDERR_FILENO);
	p->shown = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void json_string(FILE *f, const char *s)
{
	const char *run = s;
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		/* plain bytes go out in one piece, one call per string */
		fwrite(run, 1, (size_t)(s - run), f);
		run = s + 1;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else
			fprintf(f, "\\u%04x", c);
	}
	fwrite(run, 1, (size_t)(s - run), f);
	fputc('"', f);
}

void json_number(FILE *f, double v)
{
	char buf[CLI_FMT_G6_MAX];
	if (!isfinite(v)) {
		fputs("null", f);
		return;
	}
	fwrite(buf, 1, cli_fmt_g6(buf, v), f);
}

int cli_evaluate(nc_metrics **out, size_t *unknown, const nc_model *m,
		 const nc_dataset *ds)
{
	size_t nl = nc_model_label_count(m), i, j;
	size_t *gold = NULL, *pred = NULL;
	nc_prediction *p = NULL;
	nc_metrics *mt = NULL;
	int rc;

	*out = NULL;
	*unknown = 0;
	gold = malloc((nl + 1) * sizeof *gold);
	pred = malloc((nl + 1) * sizeof *pred);
	if (!gold || !pred) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = nc_metrics_new(&mt, nl + 1, nc_model_is_multi_label(m))) ||
	    (rc = nc_prediction_new(&p, m))) {
		rc = cli_lib_error(rc);
		goto out;
	}
	for (i = 0; i < nc_dataset_count(ds); i++) {
		size_t len, ng = 0, np;
		const char *text = nc_dataset_text(ds, i, &len);
		for (j = 0; j < nc_dataset_label_count(ds, i) && ng < nl + 1; j++) {
			long l = nc_model_label_index(m, nc_dataset_label(ds, i, j));
			if (l < 0) {
				(*unknown)++;
				l = (long)nl;
			}
			gold[ng++] = (size_t)l;
		}
		if (!nc_model_is_multi_label(m) && ng != 1) {
			rc = cli_error("%s: %zu labels, but the model is single-label",
				       nc_dataset_id(ds, i), ng);
			goto out;
		}
		if ((rc = nc_model_predict(p, m, text, len, NULL))) {
			rc = cli_lib_error(rc);
			goto out;
		}
		np = nc_prediction_count(p);
		for (j = 0; j < np; j++)
			pred[j] = nc_prediction_rank(p, j);
		if ((rc = nc_metrics_add(mt, gold, ng, pred, np))) {
			rc = cli_lib_error(rc);
			goto out;
		}
	}
	*out = mt;
	mt = NULL;
	rc = 0;
out:
	nc_metrics_free(mt);
	nc_prediction_free(p);
	free(gold);
	free(pred);
	return rc;
}

static const char *label_or_unknown(const nc_model *m, size_t l)
{
	return l < nc_model_label_count(m) ? nc_model_label_name(m, l) : "(unknown)";
}

void cli_print_metrics(FILE *f, const nc_metrics *mt, const nc_model *m, int json)
{
	nc_summary s;
	size_t nl = nc_model_label_count(m), l, g, p, shown;
	int multi = nc_model_is_multi_label(m);
	nc_label_metrics lm;

	nc_metrics_summary(&s, mt);
	/* the "(unknown)" bucket is shown only when it has gold documents */
	nc_metrics_label(&lm, mt, nl);
	shown = lm.support ? nl + 1 : nl;
	if (json) {
		fprintf(f, "{\"documents\":%zu,\"accuracy\":", s.documents);
		json_number(f, s.accuracy);
		fputs(",\"micro_precision\":", f);
		json_number(f, s.micro_precision);
		fputs(",\"micro_recall\":", f);
		json_number(f, s.micro_recall);
		fputs(",\"micro_f1\":", f);
		json_number(f, s.micro_f1);
		fputs(",\"macro_precision\":", f);
		json_number(f, s.macro_precision);
		fputs(",\"macro_recall\":", f);
		json_number(f, s.macro_recall);
		fputs(",\"macro_f1\":", f);
		json_number(f, s.macro_f1);
		if (multi) {
			fputs(",\"subset_accuracy\":", f);
			json_number(f, s.accuracy);
			fputs(",\"hamming_loss\":", f);
			json_number(f, s.hamming_loss);
		}
		fputs(",\"per_label\":{", f);
		for (l = 0; l < shown; l++) {
			nc_metrics_label(&lm, mt, l);
			if (l)
				fputc(',', f);
			json_string(f, label_or_unknown(m, l));
			fputs(":{\"precision\":", f);
			json_number(f, lm.precision);
			fputs(",\"recall\":", f);
			json_number(f, lm.recall);
			fputs(",\"f1\":", f);
			json_number(f, lm.f1);
			fprintf(f, ",\"support\":%zu}", lm.support);
		}
		fputc('}', f);
		if (!multi) {
			fputs(",\"confusion\":{\"labels\":[", f);
			for (l = 0; l < shown; l++) {
				if (l)
					fputc(',', f);
				json_string(f, label_or_unknown(m, l));
			}
			fputs("],\"matrix\":[", f);
			for (g = 0; g < shown; g++) {
				fputs(g ? ",[" : "[", f);
				for (p = 0; p < shown; p++)
					fprintf(f, "%s%zu", p ? "," : "", nc_metrics_confusion(mt, g, p));
				fputc(']', f);
			}
			fputs("]}", f);
		}
		fputs("}\n", f);
		return;
	}
	fprintf(f, "documents        %zu\n", s.documents);
	if (multi) {
		fprintf(f, "subset accuracy  %.4f\n", s.accuracy);
		fprintf(f, "hamming loss     %.4f\n", s.hamming_loss);
	} else {
		fprintf(f, "accuracy         %.4f\n", s.accuracy);
	}
	fprintf(f, "micro P/R/F1     %.4f %.4f %.4f\n", s.micro_precision, s.micro_recall, s.micro_f1);
	fprintf(f, "macro P/R/F1     %.4f %.4f %.4f\n\n", s.macro_precision, s.macro_recall, s.macro_f1);
	fprintf(f, "%-24s %9s %9s %9s %8s\n", "label", "precision", "recall", "f1", "support");
	for (l = 0; l < shown; l++) {
		nc_metrics_label(&lm, mt, l);
		fprintf(f, "%-24s %9.4f %9.4f %9.4f %8zu\n", label_or_unknown(m, l),
			lm.precision, lm.recall, lm.f1, lm.support);
	}
	if (!multi) {
		fputs("\nconfusion matrix (rows: gold, columns: predicted)\n", f);
		fprintf(f, "%-24s", "");
		for (p = 0; p < shown; p++)
			fprintf(f, " %6.6s", label_or_unknown(m, p));
		fputc('\n', f);
		for (g = 0; g < shown; g++) {
			fprintf(f, "%-24s", label_or_unknown(m, g));
			for (p = 0; p < shown; p++)
				fprintf(f, " %6zu", nc_metrics_confusion(mt, g, p));
			fputc('\n', f);
		}
	}
}
