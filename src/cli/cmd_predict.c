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
#include <pthread.h>
#include <unistd.h>

#include "cli.h"
#include "reader.h"

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
	"      --threads N         classify lines (--lines) or files on N threads\n"
	"                          (default: all cores; output keeps input order)\n"
	"\n"
	"Plain output is a table: document, then the predicted labels of each\n"
	"model with their scores (SVM decision values unless -p).\n";

struct model_slot {
	const char *path;
	char name[64];
	nc_model *m;
};

/* What classifying one document at a time needs: a stream and a
 * prediction per model. The main thread has one, each worker its own. */
struct lane {
	nc_stream *s[MAX_MODELS];
	nc_prediction *p[MAX_MODELS];
};

struct ctx {
	struct model_slot slot[MAX_MODELS];
	int nmodels;
	nc_predict_options po;
	int json, all_scores, idwidth;
	struct lane main;
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

/* ---- one document ---------------------------------------------------- */

static int lane_init(struct lane *l, const struct ctx *c)
{
	int k, rc;
	memset(l, 0, sizeof *l);
	for (k = 0; k < c->nmodels; k++)
		if ((rc = nc_stream_new(&l->s[k], c->slot[k].m)) ||
		    (rc = nc_prediction_new(&l->p[k], c->slot[k].m)))
			return rc;
	return 0;
}

static void lane_release(struct lane *l, int nmodels)
{
	int k;
	for (k = 0; k < nmodels; k++) {
		nc_prediction_free(l->p[k]);
		nc_stream_free(l->s[k]);
	}
}

static int lane_feed(struct lane *l, const struct ctx *c, const char *data, size_t len)
{
	int k, rc;
	for (k = 0; k < c->nmodels; k++)
		if ((rc = nc_stream_feed(l->s[k], data, len)))
			return rc;
	return 0;
}

static void lane_reset(struct lane *l, const struct ctx *c)
{
	int k;
	for (k = 0; k < c->nmodels; k++)
		nc_stream_reset(l->s[k]);
}

static void print_labels_json(FILE *f, const nc_model *m, const nc_prediction *p)
{
	size_t i;
	for (i = 0; i < nc_prediction_count(p); i++) {
		if (i)
			putc(',', f);
		json_string(f, nc_model_label_name(m, nc_prediction_rank(p, i)));
	}
}

static void print_scores_json(FILE *f, const nc_model *m, const nc_prediction *p)
{
	size_t i, nl = nc_model_label_count(m);
	for (i = 0; i < nl; i++) {
		size_t l = nc_prediction_rank(p, i);
		if (i)
			putc(',', f);
		json_string(f, nc_model_label_name(m, l));
		putc(':', f);
		json_number(f, nc_prediction_score(p, l));
	}
}

static void emit(FILE *f, const struct ctx *c, const struct lane *ln, const char *id)
{
	int k;
	if (c->json) {
		fputs("{\"id\":", f);
		json_string(f, id);
		fputs(",\"labels\":[", f);
		for (k = 0; k < c->nmodels; k++) {
			if (k && nc_prediction_count(ln->p[k]) &&
			    nc_prediction_count(ln->p[k - 1]))
				putc(',', f);
			print_labels_json(f, c->slot[k].m, ln->p[k]);
		}
		fputs("],\"scores\":{", f);
		for (k = 0; k < c->nmodels; k++) {
			if (k)
				putc(',', f);
			print_scores_json(f, c->slot[k].m, ln->p[k]);
		}
		putc('}', f);
		if (c->nmodels > 1) {
			fputs(",\"models\":{", f);
			for (k = 0; k < c->nmodels; k++) {
				if (k)
					putc(',', f);
				json_string(f, c->slot[k].name);
				fputs(":{\"labels\":[", f);
				print_labels_json(f, c->slot[k].m, ln->p[k]);
				fputs("],\"scores\":{", f);
				print_scores_json(f, c->slot[k].m, ln->p[k]);
				fputs("}}", f);
			}
			putc('}', f);
		}
		fputs("}\n", f);
		return;
	}
	fprintf(f, "%-*s", c->idwidth, id);
	for (k = 0; k < c->nmodels; k++) {
		const nc_model *m = c->slot[k].m;
		const nc_prediction *p = ln->p[k];
		size_t i, n = c->all_scores ? nc_model_label_count(m) : nc_prediction_count(p);
		char cell[512];
		size_t pos = 0;
		cell[0] = '\0';
		for (i = 0; i < n && pos < sizeof cell - 1; i++) {
			size_t l = nc_prediction_rank(p, i);
			int w = snprintf(cell + pos, sizeof cell - pos, "%s%s %.2f",
					 i ? ", " : "", nc_model_label_name(m, l),
					 nc_prediction_score(p, l));
			if (w < 0)
				break;
			pos += (size_t)w;
		}
		if (n == 0)
			snprintf(cell, sizeof cell, "-");
		if (pos >= sizeof cell)
			pos = sizeof cell - 1;
		fprintf(f, "  %-*s", k + 1 < c->nmodels ? 44 : 0, cell);
	}
	putc('\n', f);
}

/* End of a document: classify it with every model and print the result
 * to f. Returns 0 or the library's status (nothing printed for it). */
static int lane_finish(struct lane *l, const struct ctx *c, FILE *f, const char *id)
{
	int k, rc;
	for (k = 0; k < c->nmodels; k++)
		if ((rc = nc_stream_predict(l->p[k], l->s[k], &c->po)))
			return rc;
	emit(f, c, l, id);
	return 0;
}

static void line_id(char *id, size_t size, const char *path, size_t lineno)
{
	snprintf(id, size, "%s:%zu", strcmp(path, "-") == 0 ? "-" : path, lineno);
}

/* ---- one input, one thread ------------------------------------------- */

/* Classify the file at path as one document into out, reading through
 * buf (BLOCK bytes). Returns 0, a library status (negative; the message
 * is in nc_last_error(), not printed), or EXIT_RUNTIME when the file could
 * not be read (the reader has printed why). */
static int classify_file(struct lane *l, const struct ctx *c, const char *path,
			 FILE *out, char *buf)
{
	cli_reader *r;
	ssize_t n;
	int rc = 0;

	if (cli_reader_open(&r, path))
		return EXIT_RUNTIME;
	lane_reset(l, c);
	while ((n = cli_reader_read(r, buf, BLOCK)) > 0)
		if ((rc = lane_feed(l, c, buf, (size_t)n)))
			break;
	if (!rc && n == 0)
		rc = lane_finish(l, c, out, path);
	cli_reader_close(r);
	return rc ? rc : n < 0 ? EXIT_RUNTIME : 0;
}

/* Classify one input on the calling thread: the whole of it as one
 * document, or each line. */
static int run_input(struct ctx *c, const char *path, int lines)
{
	struct lane *l = &c->main;
	cli_reader *r;
	char *buf, id[4096];
	size_t lineno = 0, pending = 0;
	ssize_t n;
	int rc = 0, interactive = strcmp(path, "-") == 0;

	if (!(buf = malloc(BLOCK)))
		return cli_error("out of memory");
	if (!lines) {
		rc = classify_file(l, c, path, stdout, buf);
		free(buf);
		if (rc < 0)
			cli_lib_error(rc);
		return rc ? EXIT_RUNTIME : 0;
	}
	if (cli_reader_open(&r, path)) {
		free(buf);
		return EXIT_RUNTIME;
	}
	lane_reset(l, c);
	while ((n = cli_reader_read(r, buf, BLOCK)) > 0) {
		size_t start = 0, i;
		for (i = 0; i < (size_t)n && !rc; i++) {
			if (buf[i] != '\n')
				continue;
			if ((rc = lane_feed(l, c, buf + start, i - start)))
				break;
			line_id(id, sizeof id, path, ++lineno);
			rc = lane_finish(l, c, stdout, id);
			pending = 0;
			start = i + 1;
		}
		if (rc)
			break;
		if (start < (size_t)n) {
			if ((rc = lane_feed(l, c, buf + start, (size_t)n - start)))
				break;
			pending = 1;
		}
		if (interactive)
			fflush(stdout);
	}
	if (!rc && n == 0 && pending) {
		line_id(id, sizeof id, path, ++lineno);
		rc = lane_finish(l, c, stdout, id);
	}
	if (rc)
		cli_lib_error(rc);
	cli_reader_close(r);
	free(buf);
	return rc || n < 0 ? EXIT_RUNTIME : 0;
}

/* ---- --lines on several threads -------------------------------------- */

/*
 * The main thread reads and cuts the input into jobs of whole lines (what
 * one read returned); workers classify jobs into memory, and whichever
 * worker finishes the oldest job writes it and every finished job after
 * it, so the output keeps the input's order. Jobs in flight are bounded,
 * so memory stays flat on any input. A line longer than LONG_LINE is not
 * held in memory: the pool is drained and the main thread streams it.
 */
#define LONG_LINE ((size_t)1 << 20)

struct job {
	char *text;         /* whole lines; only the input's last may lack \n */
	size_t len, cap;
	const char *path;
	int whole;          /* the job is the file at path, as one document */
	int printed;        /* its error was printed where it happened */
	size_t first;       /* number of its first line */
	char *out;          /* what it printed (the buffer is kept for reuse) */
	size_t outlen, outcap;
	int rc;
	char err[512];
	int done;
};

struct worker {
	struct pool *pool;
	struct lane lane;
	char *buf;          /* reads of whole-file jobs */
	FILE *out;          /* writes into the current job's buffer */
	struct job *job;    /* the current job */
	pthread_t th;
};

struct pool {
	struct ctx *c;
	pthread_mutex_t mu;
	pthread_cond_t work, room;
	struct job *jobs;
	size_t njobs;
	unsigned long long queued, taken, written;
	int stop, failed, flush_each;
	int errors;         /* a whole-file job failed (the others go on) */
	struct worker *w;
	int nworkers;
};

/* Append n bytes to a buffer that doubles from first_cap as it fills;
 * -1 when out of memory (the buffer is then as it was). */
static int buf_append(char **buf, size_t *len, size_t *cap, size_t first_cap,
		      const char *s, size_t n)
{
	if (n == 0) /* *buf may still be NULL: no memcpy to it */
		return 0;
	if (*len + n > *cap) {
		size_t c = *cap ? *cap : first_cap;
		char *t;
		while (c < *len + n)
			c *= 2;
		if (!(t = realloc(*buf, c)))
			return -1;
		*buf = t;
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	return 0;
}

/* The worker's output stream appends to its current job's buffer. One
 * stream per worker and buffers kept with their jobs: a job allocates
 * nothing once the buffers have grown, so memory stays flat even under
 * an allocator that holds freed memory back (ASan's quarantine). */
static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct job *j = ((struct worker *)cookie)->job;
	if (buf_append(&j->out, &j->outlen, &j->outcap, 4096, buf, n)) {
		errno = ENOMEM;
		return -1;
	}
	return (ssize_t)n;
}

static FILE *job_begin(struct worker *w, struct job *j)
{
	w->job = j;
	j->outlen = 0;
	clearerr(w->out);
	return w->out;
}

static void job_end(struct worker *w, struct job *j, int rc)
{
	if (rc) {
		const char *msg = nc_last_error();
		j->rc = rc;
		snprintf(j->err, sizeof j->err, "%s", *msg ? msg : nc_strerror(rc));
	}
	if ((fflush(w->out) != 0 || ferror(w->out)) && !j->rc) {
		j->rc = NC_ENOMEM;
		snprintf(j->err, sizeof j->err, "out of memory");
	}
}

static void job_run(struct job *j, struct worker *w, const struct ctx *c)
{
	FILE *f = job_begin(w, j);
	size_t pos = 0, lineno = j->first;
	char id[4096];
	int rc = 0;

	/* a failed job may have left a document half fed; after that, each
	 * prediction resets the streams itself */
	lane_reset(&w->lane, c);
	while (pos < j->len && !rc) {
		const char *s = j->text + pos;
		const char *e = memchr(s, '\n', j->len - pos);
		size_t n = e ? (size_t)(e - s) : j->len - pos;
		line_id(id, sizeof id, j->path, lineno++);
		if (!(rc = lane_feed(&w->lane, c, s, n)))
			rc = lane_finish(&w->lane, c, f, id);
		pos += n + 1;
	}
	job_end(w, j, rc);
}

/* A whole file as one document, read by the worker itself. As on one
 * thread, a failure ends this document only. */
static void job_run_file(struct job *j, struct worker *w, const struct ctx *c)
{
	int rc = classify_file(&w->lane, c, j->path, job_begin(w, j), w->buf);
	if (rc == EXIT_RUNTIME) { /* the reader printed why */
		j->rc = NC_EIO;
		j->printed = 1;
		rc = 0;
	}
	job_end(w, j, rc);
}

/* With p->mu held: print the finished jobs at the head of the queue. */
static void write_ready(struct pool *p)
{
	while (p->written < p->queued) {
		struct job *j = &p->jobs[p->written % p->njobs];
		if (!j->done)
			break;
		if (!p->failed) {
			if (j->out)
				fwrite(j->out, 1, j->outlen, stdout);
			if (j->rc) {
				if (!j->printed)
					cli_error("%s", j->err);
				if (j->whole)
					p->errors = 1;
				else
					p->failed = 1;
			}
			if (p->flush_each)
				fflush(stdout);
		}
		j->outlen = 0;
		j->done = 0;
		p->written++;
		pthread_cond_broadcast(&p->room);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct job *j;
		int skip;
		while (p->taken == p->queued && !p->stop)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->taken == p->queued)
			break;
		j = &p->jobs[p->taken++ % p->njobs];
		skip = p->failed; /* after a failure, nothing more is printed */
		pthread_mutex_unlock(&p->mu);
		j->rc = 0;
		if (!skip && j->whole)
			job_run_file(j, w, p->c);
		else if (!skip)
			job_run(j, w, p->c);
		pthread_mutex_lock(&p->mu);
		j->done = 1;
		write_ready(p);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void pool_stop(struct pool *p)
{
	int i;
	size_t k;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nworkers; i++) {
		pthread_join(p->w[i].th, NULL);
		lane_release(&p->w[i].lane, p->c->nmodels);
	}
	for (i = 0; i < p->nworkers; i++) {
		free(p->w[i].buf);
		fclose(p->w[i].out);
	}
	for (k = 0; k < p->njobs; k++) {
		free(p->jobs[k].text);
		free(p->jobs[k].out);
	}
	free(p->jobs);
	free(p->w);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->mu);
}

/* Start up to n workers; 0 if at least one runs (p->nworkers of them). */
static int pool_start(struct pool *p, struct ctx *c, int n)
{
	int rc;
	memset(p, 0, sizeof *p);
	p->c = c;
	p->njobs = 2 * (size_t)n + 2;
	p->jobs = calloc(p->njobs, sizeof *p->jobs);
	p->w = calloc((size_t)n, sizeof *p->w);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->room, NULL);
	if (!p->jobs || !p->w) {
		pool_stop(p);
		return NC_ENOMEM;
	}
	for (; p->nworkers < n; p->nworkers++) {
		struct worker *w = &p->w[p->nworkers];
		cookie_io_functions_t io = { NULL, sink_write, NULL, NULL };
		w->pool = p;
		if ((rc = lane_init(&w->lane, c)) || !(w->buf = malloc(BLOCK)) ||
		    !(w->out = fopencookie(w, "w", io)) ||
		    pthread_create(&w->th, NULL, worker_main, w) != 0) {
			lane_release(&w->lane, c->nmodels);
			free(w->buf);
			if (w->out)
				fclose(w->out);
			memset(w, 0, sizeof *w);
			break;
		}
	}
	if (p->nworkers == 0) {
		pool_stop(p);
		return NC_ENOMEM;
	}
	return 0;
}

/* The job to fill next, once there is room for it; NULL after a failure. */
static struct job *pool_next(struct pool *p)
{
	struct job *j;
	pthread_mutex_lock(&p->mu);
	while (p->queued - p->written >= p->njobs && !p->failed)
		pthread_cond_wait(&p->room, &p->mu);
	j = p->failed ? NULL : &p->jobs[p->queued % p->njobs];
	pthread_mutex_unlock(&p->mu);
	if (j) {
		j->len = 0;
		j->whole = 0;
		j->printed = 0;
	}
	return j;
}

static void pool_submit(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->queued++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

/* Wait until every submitted job is printed; non-zero after a failure. */
static int pool_drain(struct pool *p)
{
	int failed;
	pthread_mutex_lock(&p->mu);
	while (p->written < p->queued)
		pthread_cond_wait(&p->room, &p->mu);
	failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	return failed;
}

static int job_append(struct job *j, const char *s, size_t n)
{
	return buf_append(&j->text, &j->len, &j->cap, BLOCK, s, n);
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	const char *e;
	while ((e = memchr(s, '\n', n))) {
		k++;
		n -= (size_t)(e - s) + 1;
		s = e + 1;
	}
	return k;
}

/* A whole file as one document, classified by a worker. */
static int queue_file(struct pool *p, const char *path)
{
	struct job *j = pool_next(p);
	if (!j)
		return EXIT_RUNTIME;
	j->whole = 1;
	j->path = path;
	pool_submit(p);
	return 0;
}

/* `predict --lines` of one input on the pool. */
static int run_lines(struct pool *p, const char *path)
{
	struct ctx *c = p->c;
	cli_reader *r;
	char *buf = NULL, id[4096];
	struct job *j = NULL;
	size_t lineno = 0;
	ssize_t n = 0;
	int rc = 0, streaming = 0, failed = 0;

	if (cli_reader_open(&r, path))
		return EXIT_RUNTIME;
	pthread_mutex_lock(&p->mu);
	p->flush_each = strcmp(path, "-") == 0;
	pthread_mutex_unlock(&p->mu);
	if (!(buf = malloc(BLOCK)) || !(j = pool_next(p)))
		goto out;
	while ((n = cli_reader_read(r, buf, BLOCK)) > 0) {
		const char *s = buf, *last;
		size_t len = (size_t)n, k;
		if (streaming) { /* the rest of a long line */
			const char *e = memchr(s, '\n', len);
			k = e ? (size_t)(e - s) : len;
			if ((rc = lane_feed(&c->main, c, s, k)))
				break;
			if (!e)
				continue;
			line_id(id, sizeof id, path, ++lineno);
			if ((rc = lane_finish(&c->main, c, stdout, id)))
				break;
			if (p->flush_each)
				fflush(stdout);
			streaming = 0;
			s = e + 1;
			len -= k + 1;
		}
		last = len ? memrchr(s, '\n', len) : NULL;
		k = last ? (size_t)(last - s) + 1 : 0;
		if (last) { /* whole lines: off to a worker */
			if (job_append(j, s, k))
				goto oom;
			j->path = path;
			j->first = lineno + 1;
			lineno += count_lines(j->text, j->len);
			pool_submit(p);
			if (!(j = pool_next(p)))
				goto out;
		}
		if (job_append(j, s + k, len - k))
			goto oom;
		if (j->len > LONG_LINE) {
			/* too long to hold: stream it here, in order */
			if (pool_drain(p))
				goto out;
			lane_reset(&c->main, c);
			if ((rc = lane_feed(&c->main, c, j->text, j->len)))
				break;
			j->len = 0;
			streaming = 1;
		}
	}
	if (!rc && n == 0) {
		if (streaming) {
			line_id(id, sizeof id, path, ++lineno);
			rc = lane_finish(&c->main, c, stdout, id);
		} else if (j->len > 0) { /* a last line without its \n */
			j->path = path;
			j->first = lineno + 1;
			pool_submit(p);
		}
	}
	if (rc)
		cli_lib_error(rc);
	goto out;
oom:
	cli_error("out of memory");
	failed = 1;
out:
	if (pool_drain(p))
		failed = 1;
	cli_reader_close(r);
	free(buf);
	return rc || failed || n < 0 || !j ? EXIT_RUNTIME : 0;
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
		{ "threads", required_argument, NULL, 0x300 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c;
	nc_predict_options po = NC_PREDICT_OPTIONS_INIT;
	int opt, lines = 0, i, k, rc = EXIT_OK, threads = 0, pooled = 0;
	struct pool pool;
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
		case 0x300:
			/* each thread holds up to two jobs of up to 1 MiB in flight */
			if (cli_parse_long(optarg, 0, 64, &v))
				return cli_usage_error("predict", "--threads takes a number from 0 to 64");
			threads = (int)v;
			break;
		default:
			return cli_usage_error("predict", "unknown option");
		}
	}
	if (c.nmodels == 0)
		return cli_usage_error("predict", "missing -m MODEL");
	c.po = po;
	for (k = 0; k < c.nmodels; k++) {
		struct model_slot *s = &c.slot[k];
		if ((rc = nc_model_load(&s->m, s->path, NULL))) {
			rc = cli_lib_error(rc);
			goto out;
		}
		if (po.probability && !nc_model_has_probability(s->m)) {
			rc = cli_error("'%s' has no probability estimates (train it with --probability)", s->path);
			goto out;
		}
		model_name(s->name, sizeof s->name, s->path);
	}
	if ((rc = lane_init(&c.main, &c))) {
		rc = cli_lib_error(rc);
		goto out;
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
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n < 1 ? 1 : n > 16 ? 16 : (int)n;
	}
	/* lines, or several files, are classified on `threads` workers */
	pooled = threads > 1 && (lines || nfiles > 1) &&
		 pool_start(&pool, &c, threads) == 0;
	for (i = 0; i < nfiles; i++) {
		int r = !pooled ? run_input(&c, files[i], lines)
			: lines ? run_lines(&pool, files[i])
			: queue_file(&pool, files[i]);
		if (r)
			rc = EXIT_RUNTIME;
	}
	if (pooled) {
		if (pool_drain(&pool) || pool.errors)
			rc = EXIT_RUNTIME;
		pool_stop(&pool);
	}
	if (fflush(stdout) != 0)
		rc = cli_error("cannot write output: %s", strerror(errno));
out:
	lane_release(&c.main, c.nmodels);
	for (k = 0; k < c.nmodels; k++)
		nc_model_free(c.slot[k].m);
	return rc;
}
