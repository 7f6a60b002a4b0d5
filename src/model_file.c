/*
 * model_file.c - the .ncm container: a gzip-compressed, line-oriented
 * text file, written atomically and read back under full validation.
 *
 * Why text: `zcat model.ncm | less` shows everything a model is (settings,
 * labels, vocabulary with idf, weights), diffs of two models are readable,
 * and the parser is small enough to check line by line. Strings are
 * percent-escaped (bytes <= 0x20, 0x7F and '%'), numbers are printed with
 * 17 significant digits in the C locale, so a save/load round trip is
 * exact whatever the process locale.
 *
 * Why so strict a loader: model files come from anywhere. Nothing is used
 * before it is checked: decompressed size is capped, the gzip stream must
 * end exactly at the end of the file (no second member, no garbage), every
 * count is bounded, every number finite, every index in range and strictly
 * ascending, labels and terms strictly sorted (hence unique). libsvm's
 * svm_load_model never sees these bytes: the RBF view handed to libsvm is
 * built from validated arrays only.
 */
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "alloc.h"
#include "error.h"

#define MAGIC "newsclass-model"
#define MAX_LABELS 100000
#define MAX_FEATURES 50000000
#define MAX_SV 10000000
#define DEFAULT_MAX_BYTES ((size_t)256 << 20)

/* ---- writing -------------------------------------------------------------- */

typedef struct obuf {
	char *p;
	size_t len, cap;
	int failed;
} obuf;

static void put(obuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (nc_grow((void **)&b->p, &b->cap, b->len + n + 1, 1)) {
		b->failed = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void putf(obuf *b, const char *fmt, ...) NC_PRINTF(2, 3);
static void putf(obuf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		b->failed = 1;
		return;
	}
	put(b, tmp, (size_t)n);
}

static void put_escaped(obuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c == 0x7F || c == '%') {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			put(b, e, 3);
		} else {
			put(b, s, 1);
		}
	}
}

static void put_kv(obuf *b, const char *key, const char *val)
{
	put(b, key, strlen(key));
	put(b, " ", 1);
	put_escaped(b, val && *val ? val : "-");
	put(b, "\n", 1);
}

/* "idx:val" entries: 8 to a line for weights (wrap), all on the current
 * line for a support vector (the parser expects exactly that). */
static void put_entries(obuf *b, const nc_svec *v, size_t from, size_t to, int wrap)
{
	size_t k, col = 0;
	for (k = from; k < to; k++) {
		putf(b, "%s%u:%.17g", col ? " " : "", v->idx[k], v->val[k]);
		if (++col == 8 && wrap && k + 1 < to) {
			put(b, "\n", 1);
			col = 0;
		}
	}
	put(b, "\n", 1);
}

/* Quantized weights (format 2): "gap:q", the gap to the previous index
 * (the first counts from -1, so every gap is >= 1) and the integer
 * multiple of the label's step. Small numbers: the file shrinks, gzip
 * does better, the loader parses integers only. */
static void put_quantized(obuf *b, const nc_binary *bin)
{
	const nc_svec *v = &bin->w;
	size_t k, col = 0;
	long long prev = -1;
	for (k = 0; k < v->n; k++) {
		putf(b, "%s%lld:%ld", col ? " " : "", (long long)v->idx[k] - prev,
		     nc_binary_multiple(bin, k));
		prev = v->idx[k];
		if (++col == 8 && k + 1 < v->n) {
			put(b, "\n", 1);
			col = 0;
		}
	}
	put(b, "\n", 1);
}

static void serialise(obuf *b, const nc_model *m)
{
	static const char *const solvers[] = { "auto", "libsvm", "liblinear" };
	size_t i, l, nf = nc_vectorizer_size(&m->vec);

	int q = m->has_classifier && m->clf.quantized;

	putf(b, "%s %d\n", MAGIC, q ? NC_MODEL_FORMAT_COMPACT : NC_MODEL_FORMAT_VERSION);
	{
		static const char note[] = "# newsclass model: gzip-compressed text; `newsclass info -m FILE` summarises it\n";
		put(b, note, sizeof note - 1);
	}
	put_kv(b, "created", m->created);
	put_kv(b, "generator", m->generator);
	put_kv(b, "unicode-version", m->unicode);
	putf(b, "tokenizer-version %d\n", m->tokenizer_version);
	putf(b, "training-documents %zu\n", m->training_documents);
	put_kv(b, "command", m->command);
	putf(b, "mode %s\n", !m->has_classifier ? "vectorizer"
			    : m->multi_label ? "multi-label" : "single-label");
	putf(b, "ngram-max %d\n", m->vec.ngram_max);
	putf(b, "stop-words %d\n", m->vec.stop_words ? 1 : 0);
	if (m->vec.stem) /* absent = none, so unstemmed models read as before */
		putf(b, "stemmer english\n");
	if (m->vec.char_max) /* absent = none, as for the stemmer */
		putf(b, "char-ngrams %d-%d\n", m->vec.char_min, m->vec.char_max);
	if (m->vec.title_weight > 1) /* absent = 1 */
		putf(b, "title-weight %d\n", m->vec.title_weight);
	putf(b, "sublinear-tf %d\n", m->vec.sublinear_tf ? 1 : 0);
	putf(b, "min-df %.17g\n", m->vec.min_df);
	putf(b, "max-df %.17g\n", m->vec.max_df);
	putf(b, "max-features %zu\n", m->vec.max_features);
	putf(b, "documents-fit %zu\n", m->vec.docs_fit);
	putf(b, "C %.17g\n", m->C);
	putf(b, "balanced %d\n", m->balanced ? 1 : 0);
	if (m->nb_scale && m->has_classifier) /* absent = no: older models read as before */
		putf(b, "nb-scale 1\n");
	put_kv(b, "class-weights", m->class_weights);
	putf(b, "seed %u\n", m->seed);
	putf(b, "probability %d\n", m->probability ? 1 : 0);
	putf(b, "threshold-folds %d\n", m->threshold_folds);
	putf(b, "at-least-one %d\n", m->at_least_one ? 1 : 0);
	putf(b, "kernel %s\n", m->clf.kernel == NC_KERNEL_RBF ? "rbf" : "linear");
	putf(b, "solver %s\n", solvers[m->clf.solver_used >= 0 && m->clf.solver_used <= 2
				       ? m->clf.solver_used : 0]);
	putf(b, "gamma %.17g\n", m->clf.gamma);
	if (q)
		put(b, "weights q8\n", 11);
	putf(b, "labels %zu\n", m->nlabels);
	for (l = 0; l < m->nlabels; l++) {
		putf(b, "label %.17g ", m->has_classifier ? m->clf.bin[l].threshold : 0.0);
		put_escaped(b, m->labels[l]);
		put(b, "\n", 1);
	}
	putf(b, "features %zu\n", nf);
	for (i = 0; i < nf; i++) {
		if (q)
			putf(b, "t %u ", (unsigned)m->vec.df[i]);
		else
			putf(b, "term %.17g ", m->vec.idf[i]);
		put_escaped(b, nc_vocab_term(m->vec.vocab, (uint32_t)i, NULL));
		put(b, "\n", 1);
	}
	for (l = 0; m->has_classifier && l < m->nlabels; l++) {
		const nc_binary *bin = &m->clf.bin[l];
		putf(b, "classifier %zu rho %.17g prob %d %.17g %.17g", l, bin->rho,
		     bin->has_prob, bin->prob_a, bin->prob_b);
		if (q) {
			putf(b, " q8 %zu %.17g\n", bin->w.n, bin->qstep);
			put_quantized(b, bin);
		} else if (m->clf.kernel == NC_KERNEL_LINEAR) {
			putf(b, " weights %zu\n", bin->w.n);
			if (bin->w.n)
				put_entries(b, &bin->w, 0, bin->w.n, 1);
		} else {
			putf(b, " sv %zu\n", bin->nsv);
			for (i = 0; i < bin->nsv; i++) {
				putf(b, "sv %.17g %zu ", bin->coef[i],
				     bin->sv_start[i + 1] - bin->sv_start[i]);
				put_entries(b, &bin->sv, bin->sv_start[i], bin->sv_start[i + 1], 0);
			}
		}
	}
	put(b, "end\n", 4);
}

int nc_model_save_buffer(void **out, size_t *out_len, const nc_model *m)
{
	obuf b = { 0 };
	z_stream zs;
	unsigned char *z = NULL;
	size_t zcap;
	locale_t cl, old;
	int zrc;

	*out = NULL;
	*out_len = 0;
	if (!m)
		return nc_error(NC_EINVAL, "missing model");
	if (m->has_classifier && m->clf.quantized && !m->vec.df)
		return nc_error(NC_EINVAL, "a quantized model needs document frequencies");
	cl = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!cl)
		return nc_error_oom();
	old = uselocale(cl);
	serialise(&b, m);
	uselocale(old);
	freelocale(cl);
	if (b.failed) {
		nc_free(b.p);
		return nc_error_oom();
	}
	memset(&zs, 0, sizeof zs);
	/* windowBits 15 + 16: a gzip wrapper with mtime 0, so output is a
	 * function of the model alone (reproducible builds) */
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
		nc_free(b.p);
		return nc_error_oom();
	}
	zcap = deflateBound(&zs, (uLong)b.len) + 64;
	z = nc_malloc(zcap);
	if (!z) {
		deflateEnd(&zs);
		nc_free(b.p);
		return nc_error_oom();
	}
	zs.next_in = (Bytef *)b.p;
	zs.avail_in = (uInt)b.len;
	zs.next_out = z;
	zs.avail_out = (uInt)zcap;
	zrc = deflate(&zs, Z_FINISH);
	deflateEnd(&zs);
	nc_free(b.p);
	if (zrc != Z_STREAM_END) {
		nc_free(z);
		return nc_error(NC_ENOMEM, "compression failed");
	}
	*out = z;
	*out_len = zs.total_out;
	return 0;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int nc_model_save(const nc_model *m, const char *path)
{
	void *data;
	size_t len, plen;
	char *tmp = NULL, *dir = NULL, *slash;
	int fd = -1, rc, e;

	if (!path || !*path)
		return nc_error(NC_EINVAL, "missing output path");
	{
		/* rename() would replace a device or directory entry itself:
		 * only ever replace regular files */
		struct stat st;
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			return nc_error(NC_EIO, "cannot write '%s': not a regular file", path);
	}
	if ((rc = nc_model_save_buffer(&data, &len, m)))
		return rc;
	plen = strlen(path);
	tmp = nc_malloc(plen + 16);
	if (tmp)
		tmp[0] = '\0'; /* "no temporary file yet" for the cleanup */
	dir = nc_strdup(path);
	if (!tmp || !dir) {
		rc = nc_error_oom();
		goto out;
	}
	/* the temporary file lives beside the target so rename is atomic */
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		rc = nc_error(NC_EIO, "cannot create a temporary file beside '%s': %s", path, strerror(e));
		tmp[0] = '\0';
		goto out;
	}
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		e = errno;
		rc = nc_error(NC_EIO, "cannot write '%s': %s", path, strerror(e));
		goto out;
	}
	fchmod(fd, 0644);
	if (close(fd) != 0) {
		fd = -1;
		e = errno;
		rc = nc_error(NC_EIO, "cannot write '%s': %s", path, strerror(e));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		e = errno;
		rc = nc_error(NC_EIO, "cannot rename '%s' to '%s': %s", tmp, path, strerror(e));
		goto out;
	}
	tmp[0] = '\0'; /* nothing to clean up any more */
	/* make the rename itself durable */
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	{
		int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp && tmp[0])
		unlink(tmp);
	nc_free(tmp);
	nc_free(dir);
	nc_free(data);
	return rc;
}

/* ---- reading ---------------------------------------------------------------- */

static int inflate_all(char **out, size_t *out_len, const unsigned char *data,
		       size_t len, size_t max)
{
	z_stream zs;
	char *buf = NULL;
	size_t cap = 0;
	int zrc;

	*out = NULL;
	if (len < 18 || data[0] != 0x1f || data[1] != 0x8b)
		return nc_error(NC_EMODEL, "not a newsclass model: not gzip-compressed data");
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return nc_error_oom();
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	for (;;) {
		size_t have = zs.total_out;
		if (have + 65536 > cap) {
			size_t want = have + 65536 > max + 1 ? max + 1 : have + 65536;
			if (want <= have) {
				inflateEnd(&zs);
				nc_free(buf);
				return nc_error(NC_ELIMIT, "model decompresses to more than %zu bytes", max);
			}
			if (nc_grow((void **)&buf, &cap, want, 1)) {
				inflateEnd(&zs);
				nc_free(buf);
				return nc_error_oom();
			}
		}
		zs.next_out = (Bytef *)buf + have;
		zs.avail_out = (uInt)(cap - have > max + 1 - have ? max + 1 - have : cap - have);
		zrc = inflate(&zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END)
			break;
		if (zs.total_out > max) {
			inflateEnd(&zs);
			nc_free(buf);
			return nc_error(NC_ELIMIT, "model decompresses to more than %zu bytes", max);
		}
		if (zrc == Z_BUF_ERROR && zs.avail_in == 0) {
			inflateEnd(&zs);
			nc_free(buf);
			return nc_error(NC_EMODEL, "truncated model file (compressed data ends early)");
		}
		if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			const char *msg = zs.msg ? zs.msg : "corrupt data";
			inflateEnd(&zs);
			nc_free(buf);
			return nc_error(NC_EMODEL, "corrupt compressed data: %s", msg);
		}
	}
	if (zs.total_out > max) {
		inflateEnd(&zs);
		nc_free(buf);
		return nc_error(NC_ELIMIT, "model decompresses to more than %zu bytes", max);
	}
	if (zs.avail_in != 0 || (size_t)(zs.next_in - data) != len) {
		inflateEnd(&zs);
		nc_free(buf);
		return nc_error(NC_EMODEL, "trailing data after the compressed model "
				"(a second gzip member or garbage)");
	}
	*out_len = zs.total_out;
	inflateEnd(&zs);
	if (nc_grow((void **)&buf, &cap, *out_len + 1, 1)) {
		nc_free(buf);
		return nc_error_oom();
	}
	buf[*out_len] = '\0';
	*out = buf;
	return 0;
}

typedef struct parser {
	char *p, *end;     /* unread text */
	size_t lineno;
	char *line;        /* current line, NUL-terminated in place */
	char *cur;         /* next field in the line */
	locale_t c;
} parser;

static int bad(parser *ps, const char *what)
{
	return nc_error(NC_EMODEL, "invalid model (line %zu): %s", ps->lineno, what);
}

static int next_line(parser *ps)
{
	char *nl;
	if (ps->p >= ps->end)
		return bad(ps, "unexpected end of model");
	nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	if (!nl)
		return bad(ps, "last line not terminated");
	*nl = '\0';
	ps->line = ps->cur = ps->p;
	ps->p = nl + 1;
	ps->lineno++;
	if (memchr(ps->line, '\0', (size_t)(nl - ps->line)))
		return bad(ps, "NUL byte in model");
	return 0;
}

/* Next space-separated field of the current line, or NULL. */
static char *field(parser *ps)
{
	char *s = ps->cur, *e;
	if (!*s)
		return NULL;
	e = strchr(s, ' ');
	if (e) {
		*e = '\0';
		ps->cur = e + 1;
	} else {
		ps->cur = s + strlen(s);
	}
	return s;
}

static int line_done(parser *ps)
{
	return *ps->cur ? bad(ps, "unexpected extra fields") : 0;
}

/* A count read from the file may only promise as many items as the bytes
 * left can hold (each item takes at least `min_bytes`), so a forged count
 * cannot make us allocate before the data proves it. */
static int check_count(parser *ps, size_t n, size_t min_bytes)
{
	if (n > (size_t)(ps->end - ps->p) / min_bytes)
		return bad(ps, "count larger than the data that follows");
	return 0;
}

static int parse_double(parser *ps, const char *s, double *v)
{
	char *e;
	if (!s || !*s)
		return bad(ps, "missing number");
	errno = 0;
	*v = strtod_l(s, &e, ps->c);
	if (*e || !isfinite(*v))
		return bad(ps, "number not finite or malformed");
	return 0;
}

static int parse_size(parser *ps, const char *s, size_t max, size_t *v)
{
	unsigned long long x = 0;
	if (!s || !*s)
		return bad(ps, "missing count");
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return bad(ps, "malformed count");
		x = x * 10 + (unsigned)(*s - '0');
		if (x > max)
			return bad(ps, "count out of range");
	}
	*v = (size_t)x;
	return 0;
}

/* 1 if the next line is the entry `key` (for entries that may be absent). */
static int next_key_is(const parser *ps, const char *key)
{
	size_t k = strlen(key);
	const char *p = ps->p;
	while (p < ps->end && *p == '#') { /* comments, as expect() skips them */
		const char *nl = memchr(p, '\n', (size_t)(ps->end - p));
		if (!nl)
			return 0;
		p = nl + 1;
	}
	return (size_t)(ps->end - p) > k && memcmp(p, key, k) == 0 && p[k] == ' ';
}

/* "key value": check the key, return the value field. */
static int expect(parser *ps, const char *key, char **val)
{
	char *k;
	int rc;
	do { /* comment lines may appear between entries */
		if ((rc = next_line(ps)))
			return rc;
	} while (ps->line[0] == '#');
	k = field(ps);
	if (!k || strcmp(k, key) != 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "expected '%s'", key);
		return bad(ps, msg);
	}
	if (val) {
		*val = field(ps);
		if (!*val)
			return bad(ps, "missing value");
	}
	return line_done(ps);
}

static int expect_size(parser *ps, const char *key, size_t max, size_t *v)
{
	char *s;
	int rc = expect(ps, key, &s);
	return rc ? rc : parse_size(ps, s, max, v);
}

static int expect_double(parser *ps, const char *key, double *v)
{
	char *s;
	int rc = expect(ps, key, &s);
	return rc ? rc : parse_double(ps, s, v);
}

static int expect_flag(parser *ps, const char *key, int *v)
{
	size_t x;
	int rc = expect_size(ps, key, 1, &x);
	*v = (int)x;
	return rc;
}

/* Undo percent-escaping in place; rejects bad escapes and NUL. */
static int unescape(parser *ps, char *s)
{
	char *w;
	/* most strings have no escape: strchr finds that fastest */
	if (!(s = strchr(s, '%')))
		return 0;
	for (w = s; *s; s++) {
		if (*s == '%') {
			int hi, lo;
			hi = s[1] >= '0' && s[1] <= '9' ? s[1] - '0' : s[1] >= 'A' && s[1] <= 'F' ? s[1] - 'A' + 10 : -1;
			lo = hi < 0 ? -1 : s[2] >= '0' && s[2] <= '9' ? s[2] - '0' : s[2] >= 'A' && s[2] <= 'F' ? s[2] - 'A' + 10 : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return bad(ps, "bad escape in string");
			*w++ = (char)(hi * 16 + lo);
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return 0;
}

static int expect_string(parser *ps, const char *key, char **out)
{
	char *s;
	int rc = expect(ps, key, &s);
	if (rc)
		return rc;
	*out = NULL;
	if (strcmp(s, "-") == 0)
		return 0;
	if ((rc = unescape(ps, s)))
		return rc;
	*out = nc_strdup(s);
	return *out ? 0 : nc_error_oom();
}

/* n "idx:val" entries, 8 to a line, indices ascending and < dim. */
static int parse_entries(parser *ps, nc_svec *v, size_t n, size_t dim, int same_line)
{
	size_t k;
	long long last = -1;
	int rc;

	if (nc_svec_reserve(v, v->n + (n ? n : 1)))
		return nc_error_oom();
	for (k = 0; k < n; k++) {
		char *f, *colon, *e;
		unsigned long long idx;
		double val;

		if (!same_line && k % 8 == 0 && (rc = next_line(ps)))
			return rc;
		f = field(ps);
		if (!f)
			return bad(ps, "fewer entries than announced");
		colon = strchr(f, ':');
		if (!colon || colon == f)
			return bad(ps, "entry is not index:value");
		*colon = '\0';
		for (e = f; *e; e++)
			if (*e < '0' || *e > '9')
				return bad(ps, "malformed index");
		if (colon - f > 10)
			return bad(ps, "index out of range");
		idx = strtoull(f, NULL, 10);
		if (idx >= dim)
			return bad(ps, "index out of range");
		if ((long long)idx <= last)
			return bad(ps, "indices not strictly ascending");
		last = (long long)idx;
		if ((rc = parse_double(ps, colon + 1, &val)))
			return rc;
		v->idx[v->n] = (uint32_t)idx;
		v->val[v->n++] = val;
		if (!same_line && (k % 8 == 7 || k + 1 == n) && (rc = line_done(ps)))
			return rc;
	}
	return same_line ? line_done(ps) : 0;
}

/* n quantized "gap:q" entries, 8 to a line: gaps >= 1 with the running
 * index < dim, multiples 1..NC_QUANT_MAX in absolute value. */
static int parse_quantized(parser *ps, nc_svec *v, size_t n, size_t dim, double step)
{
	size_t k;
	unsigned long long idx = 0;
	long long last = -1;
	int rc;

	if (nc_svec_reserve(v, n ? n : 1))
		return nc_error_oom();
	for (k = 0; k < n; k++) {
		char *f, *e;
		unsigned long long gap = 0;
		int neg = 0, q = 0, digits = 0;

		if (k % 8 == 0 && (rc = next_line(ps)))
			return rc;
		/* fields are read in place rather than by field(): this loop
		 * is most of the loading time of a quantized model */
		f = ps->cur;
		if (!*f)
			return bad(ps, "fewer entries than announced");
		for (e = f; *e >= '0' && *e <= '9' && digits < 11; e++, digits++)
			gap = gap * 10 + (unsigned)(*e - '0');
		if (digits == 0 || *e != ':')
			return bad(ps, "entry is not gap:multiple");
		if (gap == 0)
			return bad(ps, "indices not strictly ascending");
		idx = (unsigned long long)(last + 1) + gap - 1;
		if (gap > dim || idx >= dim)
			return bad(ps, "index out of range");
		e++;
		if (*e == '-') {
			neg = 1;
			e++;
		}
		for (digits = 0; *e >= '0' && *e <= '9' && digits < 4; e++, digits++)
			q = q * 10 + (*e - '0');
		if (digits == 0 || (*e && *e != ' '))
			return bad(ps, "malformed quantized weight");
		ps->cur = *e ? e + 1 : e;
		if (q < 1 || q > NC_QUANT_MAX)
			return bad(ps, "quantized weight out of range");
		last = (long long)idx;
		v->idx[v->n] = (uint32_t)idx;
		v->val[v->n++] = (neg ? -q : q) * step;
		if ((k % 8 == 7 || k + 1 == n) && (rc = line_done(ps)))
			return rc;
	}
	return 0;
}

static int valid_label(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7F)
			return 0;
	return 1;
}

static int parse_classifier(parser *ps, nc_model *m, size_t l, size_t nf)
{
	nc_binary *b = &m->clf.bin[l];
	char *f;
	size_t idx, n, i;
	int rc;

	if ((rc = next_line(ps)))
		return rc;
	if (!(f = field(ps)) || strcmp(f, "classifier") != 0)
		return bad(ps, "expected 'classifier'");
	if ((rc = parse_size(ps, field(ps), MAX_LABELS, &idx)))
		return rc;
	if (idx != l)
		return bad(ps, "classifiers out of order");
	if (!(f = field(ps)) || strcmp(f, "rho") != 0)
		return bad(ps, "expected 'rho'");
	if ((rc = parse_double(ps, field(ps), &b->rho)))
		return rc;
	if (!(f = field(ps)) || strcmp(f, "prob") != 0)
		return bad(ps, "expected 'prob'");
	if ((rc = parse_size(ps, field(ps), 1, &n)))
		return rc;
	b->has_prob = (int)n;
	if (b->has_prob != m->probability)
		return bad(ps, "probability flag disagrees with the header");
	if ((rc = parse_double(ps, field(ps), &b->prob_a)) ||
	    (rc = parse_double(ps, field(ps), &b->prob_b)))
		return rc;
	f = field(ps);
	if (m->clf.quantized) {
		if (!f || strcmp(f, "q8") != 0)
			return bad(ps, "expected 'q8'");
		if ((rc = parse_size(ps, field(ps), nf, &n)) ||
		    (rc = parse_double(ps, field(ps), &b->qstep)) || (rc = line_done(ps)) ||
		    (rc = check_count(ps, n, 4)))
			return rc;
		if (!(b->qstep > 0.0) || b->qstep > 1e300)
			return bad(ps, "quantization step must be positive");
		return parse_quantized(ps, &b->w, n, nf, b->qstep);
	}
	if (m->clf.kernel == NC_KERNEL_LINEAR) {
		if (!f || strcmp(f, "weights") != 0)
			return bad(ps, "expected 'weights'");
		if ((rc = parse_size(ps, field(ps), nf, &n)) || (rc = line_done(ps)) ||
		    (rc = check_count(ps, n, 4)))
			return rc;
		return parse_entries(ps, &b->w, n, nf, 0);
	}
	if (!f || strcmp(f, "sv") != 0)
		return bad(ps, "expected 'sv'");
	if ((rc = parse_size(ps, field(ps), MAX_SV, &n)) || (rc = line_done(ps)) ||
	    (rc = check_count(ps, n, 8)))
		return rc;
	b->sv_start = nc_malloc((n + 1) * sizeof *b->sv_start);
	b->coef = nc_malloc((n ? n : 1) * sizeof *b->coef);
	if (!b->sv_start || !b->coef)
		return nc_error_oom();
	b->nsv = 0;
	for (i = 0; i < n; i++) {
		size_t cnt;
		if ((rc = next_line(ps)))
			return rc;
		if (!(f = field(ps)) || strcmp(f, "sv") != 0)
			return bad(ps, "expected 'sv'");
		if ((rc = parse_double(ps, field(ps), &b->coef[i])) ||
		    (rc = parse_size(ps, field(ps), nf, &cnt)))
			return rc;
		if (cnt > strlen(ps->cur) / 3) /* "i:v" and a space each */
			return bad(ps, "count larger than the data that follows");
		b->sv_start[i] = b->sv.n;
		if ((rc = parse_entries(ps, &b->sv, cnt, nf, 1)))
			return rc;
		b->nsv = i + 1;
	}
	b->sv_start[n] = b->sv.n;
	b->nsv = n;
	return 0;
}

#define IDF_CACHE 64
#define TERM_BATCH 16

static int parse_model(nc_model *m, parser *ps)
{
	double idf_cache[IDF_CACHE] = { 0 }; /* by df; 0 = not yet known */
	struct { const char *s; size_t len; uint64_t h; } batch[TERM_BATCH];
	char *s, *mode, *kernel, *solver;
	size_t n, nf, l, i, k, nbatch = 0;
	const char *prev = NULL;
	int rc, flag, compact;

	if ((rc = next_line(ps)))
		return rc;
	s = field(ps);
	if (!s || strcmp(s, MAGIC) != 0)
		return bad(ps, "not a newsclass model (bad magic)");
	s = field(ps);
	if (!s || (strcmp(s, "1") != 0 && strcmp(s, "2") != 0))
		return nc_error(NC_EMODEL, "unsupported model format version '%s' (this newsclass reads 1 and 2)",
				s ? s : "");
	compact = s[0] == '2';
	if ((rc = line_done(ps)) ||
	    (rc = expect_string(ps, "created", &m->created)) ||
	    (rc = expect_string(ps, "generator", &m->generator)) ||
	    (rc = expect_string(ps, "unicode-version", &m->unicode)) ||
	    (rc = expect_size(ps, "tokenizer-version", 1000, &n)))
		return rc;
	if (n != NC_TOKENIZER_VERSION)
		return nc_error(NC_EMODEL, "model made with tokenizer version %zu; this newsclass has version %d",
				n, NC_TOKENIZER_VERSION);
	m->tokenizer_version = (int)n;
	if ((rc = expect_size(ps, "training-documents", SIZE_MAX / 2, &m->training_documents)) ||
	    (rc = expect_string(ps, "command", &m->command)) ||
	    (rc = expect(ps, "mode", &mode)))
		return rc;
	if (strcmp(mode, "multi-label") == 0)
		m->multi_label = m->has_classifier = 1;
	else if (strcmp(mode, "single-label") == 0)
		m->has_classifier = 1;
	else if (strcmp(mode, "vectorizer") != 0)
		return bad(ps, "unknown mode");
	if ((rc = expect_size(ps, "ngram-max", NC_TOK_MAX_NGRAM, &n)))
		return rc;
	if (n < 1)
		return bad(ps, "ngram-max out of range");
	m->vec.ngram_max = (int)n;
	if ((rc = expect_flag(ps, "stop-words", &m->vec.stop_words)))
		return rc;
	if (next_key_is(ps, "stemmer")) {
		if ((rc = expect(ps, "stemmer", &s)))
			return rc;
		if (strcmp(s, "english") != 0)
			return bad(ps, "unknown stemmer");
		m->vec.stem = 1;
	}
	if (next_key_is(ps, "char-ngrams")) {
		/* "MIN-MAX", one digit each, a range the tokenizer takes (the
		 * line is absent when there are none, so never 0-0) */
		if ((rc = expect(ps, "char-ngrams", &s)))
			return rc;
		if (strlen(s) != 3 || s[1] != '-' || s[0] < '1' || s[0] > '9' ||
		    s[2] < '0' || s[2] > '9' || !nc_char_ngram_range_ok(s[0] - '0', s[2] - '0'))
			return bad(ps, "bad char-ngrams range");
		m->vec.char_min = s[0] - '0';
		m->vec.char_max = s[2] - '0';
	}
	m->vec.title_weight = 1;
	if (next_key_is(ps, "title-weight")) {
		/* absent when 1, so never below 2 */
		if ((rc = expect_size(ps, "title-weight", SIZE_MAX / 2, &n)))
			return rc;
		if (n < 2 || n > NC_TITLE_WEIGHT_MAX)
			return bad(ps, "title-weight out of range");
		m->vec.title_weight = (int)n;
	}
	if ((rc = expect_flag(ps, "sublinear-tf", &m->vec.sublinear_tf)) ||
	    (rc = expect_double(ps, "min-df", &m->vec.min_df)) ||
	    (rc = expect_double(ps, "max-df", &m->vec.max_df)) ||
	    (rc = expect_size(ps, "max-features", SIZE_MAX / 2, &m->vec.max_features)) ||
	    (rc = expect_size(ps, "documents-fit", SIZE_MAX / 2, &m->vec.docs_fit)) ||
	    (rc = expect_double(ps, "C", &m->C)) ||
	    (rc = expect_flag(ps, "balanced", &m->balanced)))
		return rc;
	if (next_key_is(ps, "nb-scale")) {
		/* absent when off, so never 0 */
		if ((rc = expect_flag(ps, "nb-scale", &m->nb_scale)))
			return rc;
		if (!m->nb_scale)
			return bad(ps, "nb-scale 0 is written as no line");
		if (!m->has_classifier) /* never written so: training only */
			return bad(ps, "nb-scale in a vectorizer model");
	}
	if ((rc = expect_string(ps, "class-weights", &m->class_weights)) ||
	    (rc = expect_size(ps, "seed", UINT32_MAX, &n)))
		return rc;
	m->seed = (unsigned)n;
	if ((rc = expect_flag(ps, "probability", &flag)))
		return rc;
	m->probability = flag;
	if ((rc = expect_size(ps, "threshold-folds", 20, &n)))
		return rc;
	m->threshold_folds = (int)n;
	if ((rc = expect_flag(ps, "at-least-one", &m->at_least_one)))
		return rc;
	if (!m->multi_label && (m->threshold_folds || m->at_least_one))
		return bad(ps, "threshold tuning or at-least-one in a single-label model");
	if ((rc = expect(ps, "kernel", &kernel)))
		return rc;
	if (strcmp(kernel, "linear") == 0)
		m->clf.kernel = NC_KERNEL_LINEAR;
	else if (strcmp(kernel, "rbf") == 0)
		m->clf.kernel = NC_KERNEL_RBF;
	else
		return bad(ps, "unsupported kernel type");
	if (m->nb_scale && m->clf.kernel != NC_KERNEL_LINEAR)
		return bad(ps, "nb-scale in a model without the linear kernel");
	if ((rc = expect(ps, "solver", &solver)))
		return rc;
	if (strcmp(solver, "libsvm") == 0)
		m->clf.solver_used = NC_SOLVER_LIBSVM;
	else if (strcmp(solver, "liblinear") == 0)
		m->clf.solver_used = NC_SOLVER_LIBLINEAR;
	else if (strcmp(solver, "auto") == 0)
		m->clf.solver_used = NC_SOLVER_AUTO;
	else
		return bad(ps, "unknown solver");
	if ((rc = expect_double(ps, "gamma", &m->clf.gamma)))
		return rc;
	if (m->clf.kernel == NC_KERNEL_RBF && !(m->clf.gamma > 0.0))
		return bad(ps, "RBF gamma must be positive");
	if (m->clf.kernel == NC_KERNEL_RBF && m->clf.solver_used == NC_SOLVER_LIBLINEAR)
		return bad(ps, "liblinear cannot make RBF models");
	if (compact) {
		/* format 2: 8-bit weights of a linear classifier */
		char *enc;
		if ((rc = expect(ps, "weights", &enc)))
			return rc;
		if (strcmp(enc, "q8") != 0)
			return bad(ps, "unknown weight encoding");
		if (!m->has_classifier || m->clf.kernel != NC_KERNEL_LINEAR)
			return bad(ps, "quantized weights need a linear classifier");
		m->clf.quantized = 1;
	}

	/* labels: strictly ascending, valid */
	if ((rc = expect_size(ps, "labels", MAX_LABELS, &m->nlabels)) ||
	    (rc = check_count(ps, m->nlabels, 10)))
		return rc;
	if (m->has_classifier && m->nlabels < (m->multi_label ? 1u : 2u))
		return bad(ps, "too few labels");
	m->labels = nc_calloc(m->nlabels ? m->nlabels : 1, sizeof *m->labels);
	m->clf.bin = nc_calloc(m->nlabels ? m->nlabels : 1, sizeof *m->clf.bin);
	if (!m->labels || !m->clf.bin)
		return nc_error_oom();
	m->clf.nbin = m->nlabels;
	for (l = 0; l < m->nlabels; l++) {
		double t;
		char *name;
		if ((rc = next_line(ps)))
			return rc;
		if (!(s = field(ps)) || strcmp(s, "label") != 0)
			return bad(ps, "expected 'label'");
		if ((rc = parse_double(ps, field(ps), &t)))
			return rc;
		if (!(name = field(ps)) || (rc = line_done(ps)) || (rc = unescape(ps, name)))
			return rc ? rc : bad(ps, "missing label name");
		if (!valid_label(name))
			return bad(ps, "invalid label name");
		if (l > 0 && strcmp(m->labels[l - 1], name) >= 0)
			return bad(ps, "labels not sorted or not unique");
		if (!(m->labels[l] = nc_strdup(name)))
			return nc_error_oom();
		m->clf.bin[l].threshold = t;
	}

	/* vocabulary: strictly ascending terms with finite positive idf */
	if ((rc = expect_size(ps, "features", MAX_FEATURES, &nf)) ||
	    (rc = check_count(ps, nf, compact ? 6 : 9)))
		return rc;
	if ((rc = nc_vocab_new(&m->vec.vocab)) || (rc = nc_vocab_reserve(m->vec.vocab, nf)))
		return rc;
	m->vec.idf = nc_malloc((nf ? nf : 1) * sizeof *m->vec.idf);
	if (compact)
		m->vec.df = nc_malloc((nf ? nf : 1) * sizeof *m->vec.df);
	if (!m->vec.idf || (compact && !m->vec.df))
		return nc_error_oom();
	for (i = 0; i < nf; i++) {
		char *term;
		uint32_t id;
		size_t tlen;
		if ((rc = next_line(ps)))
			return rc;
		if (compact) {
			/* "t DF TERM": idf follows from df and documents-fit */
			if (!(s = field(ps)) || s[0] != 't' || s[1])
				return bad(ps, "expected 't'");
			if ((rc = parse_size(ps, field(ps), UINT32_MAX, &n)))
				return rc;
			if (n < 1 || n > m->vec.docs_fit)
				return bad(ps, "document frequency out of range");
			m->vec.df[i] = (uint32_t)n;
			/* most terms are rare: their idf comes from a small table
			 * instead of one log() each */
			if (n < IDF_CACHE) {
				if (idf_cache[n] == 0.0)
					idf_cache[n] = nc_idf(m->vec.docs_fit, (uint32_t)n);
				m->vec.idf[i] = idf_cache[n];
			} else {
				m->vec.idf[i] = nc_idf(m->vec.docs_fit, (uint32_t)n);
			}
		} else {
			if (!(s = field(ps)) || strcmp(s, "term") != 0)
				return bad(ps, "expected 'term'");
			if ((rc = parse_double(ps, field(ps), &m->vec.idf[i])))
				return rc;
			if (!(m->vec.idf[i] > 0.0))
				return bad(ps, "idf must be positive");
		}
		if (!(term = field(ps)) || (rc = line_done(ps)) || (rc = unescape(ps, term)))
			return rc ? rc : bad(ps, "missing term");
		tlen = strlen(term);
		if (tlen == 0)
			return bad(ps, "empty term");
		if (prev && (strcmp(prev, term) >= 0))
			return bad(ps, "terms not sorted or not unique");
		prev = term; /* stays put: the text is parsed in place */
		/* interned in batches, each slot prefetched first: one table
		 * miss after another was the largest cost of loading */
		batch[nbatch].s = term;
		batch[nbatch].len = tlen;
		batch[nbatch].h = nc_vocab_hash(term, tlen);
		nc_vocab_prefetch(m->vec.vocab, batch[nbatch].h, 0);
		if (++nbatch == TERM_BATCH || i + 1 == nf) {
			for (k = 0; k < nbatch; k++)
				if ((rc = nc_vocab_intern_hashed(m->vec.vocab, batch[k].s,
								 batch[k].len, batch[k].h, &id)))
					return rc;
			nbatch = 0;
		}
	}
	if (m->vec.vocab && nc_vocab_size(m->vec.vocab) != nf)
		return bad(ps, "duplicate terms");
	m->clf.nfeatures = nf;

	for (l = 0; m->has_classifier && l < m->nlabels; l++)
		if ((rc = parse_classifier(ps, m, l, nf)))
			return rc;
	if ((rc = expect(ps, "end", NULL)))
		return rc;
	if (ps->p != ps->end)
		return bad(ps, "data after 'end'");
	return 0;
}

/* The default cap follows the file: 256 MiB, or 32 times the compressed
 * size for bigger models (text models compress 3 to 5 times; a bomb
 * 1000 times), at most 4 GiB. An explicit limit is used as given. */
static size_t decompression_cap(const nc_load_options *o, size_t compressed)
{
	size_t cap = DEFAULT_MAX_BYTES;
	if (o && o->max_decompressed_bytes)
		return o->max_decompressed_bytes;
	if (compressed < ((size_t)4 << 30) / 32 && compressed * 32 > cap)
		cap = compressed * 32;
	else if (compressed >= ((size_t)4 << 30) / 32)
		cap = (size_t)4 << 30;
	return cap;
}

int nc_model_load_buffer(nc_model **out, const void *data, size_t len,
			 const nc_load_options *o)
{
	nc_model *m = NULL;
	parser ps;
	char *text = NULL;
	size_t tlen = 0, max = decompression_cap(o, len);
	int rc;

	if (!out || (!data && len))
		return nc_error(NC_EINVAL, "missing argument");
	*out = NULL;
	if ((rc = inflate_all(&text, &tlen, data, len, max)))
		return rc;
	if ((rc = nc_model_alloc(&m))) {
		nc_free(text);
		return rc;
	}
	memset(&ps, 0, sizeof ps);
	ps.p = text;
	ps.end = text + tlen;
	ps.c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!ps.c)
		rc = nc_error_oom();
	else
		rc = parse_model(m, &ps);
	if (ps.c)
		freelocale(ps.c);
	nc_free(text);
	if (!rc && m->has_classifier)
		rc = nc_classifier_ready(&m->clf);
	if (!rc && (rc = nc_model_build_info(m)))
		rc = nc_error_oom();
	if (rc) {
		nc_model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

int nc_model_load(nc_model **out, const char *path, const nc_load_options *o)
{
	/* no compressed file can usefully exceed the largest possible cap */
	size_t max = o && o->max_decompressed_bytes ? o->max_decompressed_bytes
						    : (size_t)4 << 30;
	unsigned char *data = NULL;
	size_t len = 0, cap = 0;
	int fd, rc, e;
	struct stat st;

	if (!out || !path)
		return nc_error(NC_EINVAL, "missing argument");
	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		return nc_error(NC_EIO, "cannot open '%s': %s", path, strerror(e));
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return nc_error(NC_EIO, "cannot read '%s': Is a directory", path);
	}
	for (;;) {
		ssize_t r;
		/* compressed data can never usefully exceed the output cap */
		if (len > max) {
			close(fd);
			nc_free(data);
			return nc_error(NC_ELIMIT, "%s: model file larger than %zu bytes", path, max);
		}
		if (nc_grow((void **)&data, &cap, len + 65536, 1)) {
			close(fd);
			nc_free(data);
			return nc_error_oom();
		}
		r = read(fd, data + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			nc_free(data);
			return nc_error(NC_EIO, "cannot read '%s': %s", path, strerror(e));
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	rc = nc_model_load_buffer(out, data, len, o);
	nc_free(data);
	if (rc) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", nc_last_error());
		nc_error(rc, "%s: %s", path, msg);
	}
	return rc;
}
