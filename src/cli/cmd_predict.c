/*
 * cmd_predict.c - `newsclass predict`: classify documents with one or more
 * models, as a table or as JSON lines.
 *
 * Input is streamed in fixed-size blocks straight into each model's
 * nc_stream, and results are printed as each document ends, so memory
 * stays flat whatever the size of a file or of a single line. Several
 * models (e.g. sector and topic) classify the same stream in one pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "cli.h"

#define MAX_MODELS 16
#define BLOCK 65536

static const char help[] =
	"usage: newsclass predict -m MODEL [-m MODEL...] [options] [FILE...]\n"
	"\n"
	"Classify documents. Each FILE is one document (standard input when no\n"
	"FILE is given or FILE is -); .gz files are read directly. With several\n"
	"models every document is classified by each of them.\n"
	"\n"
	"  -m, --model MODEL       model file (repeat for several models)\n"
	"  -l, --lines             each input line is a document\n"
	"  -j, --json              one JSON object per document: id, labels, scores\n"
	"  -k, --top-k N           report at most N labels (single-label: the N best)\n"
	"  -t, --threshold T       multi-label: one decision threshold for every label\n"
	"                          (default: the model's per-label thresholds)\n"
	"  -p, --probability       scores are probabilities (model trained with them)\n"
	"  -1, --at-least-one      multi-label: give the best label when none passes\n"
	"  -a, --all-scores        table: show the scores of all labels\n"
	"\n"
	"Plain output is a table: document, then the predicted labels of each\n"
	"model with their scores (SVM decision values unless -p).\n";

struct model_slot {
	const char *path;
	char name[64];
	nc_model *m;
	nc_stream *s;
	nc_prediction *p;
};

struct ctx {
	struct model_slot slot[MAX_MODELS];
	int nmodels;
	nc_predict_options po;
	int json, all_scores, idwidth, failed;
};

static void model_name(char *out, size_t size, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;
	base = base ? base + 1 : path;
	n = strcspn(base, ".");
	if (n >= size)
		n = size - 1;
	memcpy(out, base, n);
	out[n] = '\0';
}

static void print_labels_json(const struct model_slot *s)
{
	size_t i, nl = nc_model_label_count(s->m);
	for (i = 0; i < nc_prediction_count(s->p); i++) {
		if (i)
			putchar(',');
		json_string(stdout, nc_model_label_name(s->m, nc_prediction_rank(s->p, i)));
	}
	(void)nl;
}

static void print_scores_json(const struct model_slot *s)
{
	size_t i, nl = nc_model_label_count(s->m);
	for (i = 0; i < nl; i++) {
		size_t l = nc_prediction_rank(s->p, i);
		if (i)
			putchar(',');
		json_string(stdout, nc_model_label_name(s->m, l));
		putchar(':');
		json_number(stdout, nc_prediction_score(s->p, l));
	}
}

static void emit(struct ctx *c, const char *id)
{
	int k;
	if (c->json) {
		fputs("{\"id\":", stdout);
		json_string(stdout, id);
		fputs(",\"labels\":[", stdout);
		for (k = 0; k < c->nmodels; k++) {
			if (k && nc_prediction_count(c->slot[k].p) &&
			    nc_prediction_count(c->slot[k - 1].p))
				putchar(',');
			print_labels_json(&c->slot[k]);
		}
		fputs("],\"scores\":{", stdout);
		for (k = 0; k < c->nmodels; k++) {
			if (k)
				putchar(',');
			print_scores_json(&c->slot[k]);
		}
		putchar('}');
		if (c->nmodels > 1) {
			fputs(",\"models\":{", stdout);
			for (k = 0; k < c->nmodels; k++) {
				if (k)
					putchar(',');
				json_string(stdout, c->slot[k].name);
				fputs(":{\"labels\":[", stdout);
				print_labels_json(&c->slot[k]);
				fputs("],\"scores\":{", stdout);
				print_scores_json(&c->slot[k]);
				fputs("}}", stdout);
			}
			putchar('}');
		}
		fputs("}\n", stdout);
		return;
	}
	printf("%-*s", c->idwidth, id);
	for (k = 0; k < c->nmodels; k++) {
		const struct model_slot *s = &c->slot[k];
		size_t i, n = c->all_scores ? nc_model_label_count(s->m) : nc_prediction_count(s->p);
		char cell[512];
		size_t pos = 0;
		cell[0] = '\0';
		for (i = 0; i < n && pos < sizeof cell - 1; i++) {
			size_t l = nc_prediction_rank(s->p, i);
			int w = snprintf(cell + pos, sizeof cell - pos, "%s%s %.2f",
					 i ? ", " : "", nc_model_label_name(s->m, l),
					 nc_prediction_score(s->p, l));
			if (w < 0)
				break;
			pos += (size_t)w;
		}
		if (n == 0)
			snprintf(cell, sizeof cell, "-");
		if (pos >= sizeof cell)
			pos = sizeof cell - 1;
		printf("  %-*s", k + 1 < c->nmodels ? 44 : 0, cell);
	}
	putchar('\n');
}

static int finish_doc(struct ctx *c, const char *id)
{
	int k, rc;
	for (k = 0; k < c->nmodels; k++) {
		if ((rc = nc_stream_predict(c->slot[k].p, c->slot[k].s, &c->po))) {
			cli_lib_error(rc);
			return rc;
		}
	}
	emit(c, id);
	return 0;
}

static int feed_all(struct ctx *c, const char *data, size_t len)
{
	int k, rc;
	for (k = 0; k < c->nmodels; k++)
		if ((rc = nc_stream_feed(c->slot[k].s, data, len))) {
			cli_lib_error(rc);
			return rc;
		}
	return 0;
}

static void reset_all(struct ctx *c)
{
	int k;
	for (k = 0; k < c->nmodels; k++)
		nc_stream_reset(c->slot[k].s);
}

/* Classify one input: the whole of it, or each line. */
static int run_input(struct ctx *c, const char *path, int lines)
{
	int is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	gzFile gz;
	char *buf, id[4096];
	size_t lineno = 0, pending = 0;
	int n, rc = 0, interactive = lines && is_stdin;

	if (fd < 0)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	gz = gzdopen(fd, "rb");
	buf = malloc(BLOCK);
	if (!gz || !buf) {
		if (gz)
			gzclose(gz);
		else
			close(fd);
		free(buf);
		return cli_error("out of memory");
	}
	reset_all(c);
	while ((n = gzread(gz, buf, BLOCK)) > 0) {
		size_t start = 0, i;
		if (!lines) {
			if ((rc = feed_all(c, buf, (size_t)n)))
				break;
			continue;
		}
		for (i = 0; i < (size_t)n && !rc; i++) {
			if (buf[i] != '\n')
				continue;
			if ((rc = feed_all(c, buf + start, i - start)))
				break;
			snprintf(id, sizeof id, "%s:%zu", is_stdin ? "-" : path, ++lineno);
			rc = finish_doc(c, id);
			if (interactive)
				fflush(stdout);
			pending = 0;
			start = i + 1;
		}
		if (rc)
			break;
		if (start < (size_t)n) {
			if ((rc = feed_all(c, buf + start, (size_t)n - start)))
				break;
			pending = 1;
		}
	}
	if (!rc && n < 0) {
		int err;
		const char *msg = gzerror(gz, &err);
		rc = cli_error("cannot read '%s': %s", path, err == Z_ERRNO ? strerror(errno) : msg);
	} else if (!rc) {
		int err;
		const char *msg = gzerror(gz, &err);
		if (err != Z_OK && err != Z_STREAM_END)
			rc = cli_error("'%s': %s", path, msg);
	}
	if (!rc && (!lines || pending)) {
		if (lines)
			snprintf(id, sizeof id, "%s:%zu", is_stdin ? "-" : path, ++lineno);
		else
			snprintf(id, sizeof id, "%s", path);
		rc = finish_doc(c, id);
	}
	gzclose(gz);
	free(buf);
	return rc ? EXIT_RUNTIME : 0;
}

int cmd_predict(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "lines", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "top-k", required_argument, NULL, 'k' },
		{ "threshold", required_argument, NULL, 't' },
		{ "probability", no_argument, NULL, 'p' },
		{ "at-least-one", no_argument, NULL, '1' },
		{ "all-scores", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c;
	nc_predict_options po = NC_PREDICT_OPTIONS_INIT;
	int opt, lines = 0, i, k, rc = EXIT_OK;
	long v;
	double d;
	char *stdin_only[] = { (char *)"-" };
	char **files;
	int nfiles;

	memset(&c, 0, sizeof c);
	while ((opt = getopt_long(argc, argv, "m:ljk:t:p1ah", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case 'm':
			if (c.nmodels == MAX_MODELS)
				return cli_usage_error("predict", "at most %d models", MAX_MODELS);
			c.slot[c.nmodels++].path = optarg;
			break;
		case 'l': lines = 1; break;
		case 'j': c.json = 1; break;
		case 'k':
			if (cli_parse_long(optarg, 1, 1L << 30, &v))
				return cli_usage_error("predict", "-k takes a positive number");
			po.top_k = (size_t)v;
			break;
		case 't':
			if (cli_parse_double(optarg, &d))
				return cli_usage_error("predict", "--threshold takes a number");
			po.use_threshold = 1;
			po.threshold = d;
			break;
		case 'p': po.probability = 1; break;
		case '1': po.at_least_one = 1; break;
		case 'a': c.all_scores = 1; break;
		default:
			return cli_usage_error("predict", "unknown option");
		}
	}
	if (c.nmodels == 0)
		return cli_usage_error("predict", "missing -m MODEL");
	c.po = po;
	for (k = 0; k < c.nmodels; k++) {
		struct model_slot *s = &c.slot[k];
		if ((rc = nc_model_load(&s->m, s->path, NULL)) ||
		    (rc = nc_stream_new(&s->s, s->m)) ||
		    (rc = nc_prediction_new(&s->p, s->m))) {
			rc = cli_lib_error(rc);
			goto out;
		}
		if (po.probability && !nc_model_has_probability(s->m)) {
			rc = cli_error("'%s' has no probability estimates (train it with --probability)", s->path);
			goto out;
		}
		model_name(s->name, sizeof s->name, s->path);
	}
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? argc - optind : 1;
	c.idwidth = 8;
	for (i = 0; i < nfiles && !lines; i++)
		if ((int)strlen(files[i]) > c.idwidth)
			c.idwidth = (int)strlen(files[i]);
	if (lines)
		c.idwidth = 12;
	if (c.idwidth > 64)
		c.idwidth = 64;
	if (!c.json) {
		printf("%-*s", c.idwidth, "DOCUMENT");
		for (k = 0; k < c.nmodels; k++) {
			char up[64];
			size_t j;
			for (j = 0; c.slot[k].name[j] && j < sizeof up - 1; j++)
				up[j] = (char)(c.slot[k].name[j] >= 'a' && c.slot[k].name[j] <= 'z'
						       ? c.slot[k].name[j] - 32 : c.slot[k].name[j]);
			up[j] = '\0';
			printf("  %-*s", k + 1 < c.nmodels ? 44 : 0, up);
		}
		putchar('\n');
	}
	rc = EXIT_OK;
	for (i = 0; i < nfiles; i++)
		if (run_input(&c, files[i], lines))
			rc = EXIT_RUNTIME;
	if (fflush(stdout) != 0)
		rc = cli_error("cannot write output: %s", strerror(errno));
out:
	for (k = 0; k < c.nmodels; k++) {
		nc_prediction_free(c.slot[k].p);
		nc_stream_free(c.slot[k].s);
		nc_model_free(c.slot[k].m);
	}
	return rc;
}
