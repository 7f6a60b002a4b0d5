/*
 * dataset.c - labeled documents and the readers that fill them.
 *
 * Four formats yield the same (id, labels, text) records: article files
 * (headers, blank line, body), fastText lines, CSV/TSV (RFC 4180) and a
 * directory per class. A reader never tokenizes; it only splits input into
 * documents, and reports malformed input with file and line. A failed read
 * leaves the data set exactly as it was (documents added by the failing
 * call are dropped), so callers never see half a file.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "dataset.h"
#include "error.h"
#include "input.h"

typedef struct doc {
	char *id;
	char *text;
	size_t len;
	char **labels;
	size_t nlabels;
} doc;

struct nc_dataset {
	doc *docs;
	size_t n, cap;
};

int nc_dataset_new(nc_dataset **out)
{
	*out = nc_calloc(1, sizeof **out);
	return *out ? 0 : nc_error_oom();
}

static void doc_release(doc *d)
{
	size_t j;
	nc_free(d->id);
	nc_free(d->text);
	for (j = 0; j < d->nlabels; j++)
		nc_free(d->labels[j]);
	nc_free(d->labels);
}

static void truncate_to(nc_dataset *ds, size_t n)
{
	while (ds->n > n)
		doc_release(&ds->docs[--ds->n]);
}

void nc_dataset_free(nc_dataset *ds)
{
	if (!ds)
		return;
	truncate_to(ds, 0);
	nc_free(ds->docs);
	nc_free(ds);
}

size_t nc_dataset_count(const nc_dataset *ds) { return ds->n; }

const char *nc_dataset_text(const nc_dataset *ds, size_t i, size_t *len)
{
	if (len)
		*len = ds->docs[i].len;
	return ds->docs[i].text;
}

const char *nc_dataset_id(const nc_dataset *ds, size_t i) { return ds->docs[i].id; }
size_t nc_dataset_label_count(const nc_dataset *ds, size_t i) { return ds->docs[i].nlabels; }
const char *nc_dataset_label(const nc_dataset *ds, size_t i, size_t j)
{
	return ds->docs[i].labels[j];
}

/* Adds a document whose text is given in up to two pieces joined by
 * "\n\n" (title and body), so readers need not build the text first. */
static int add_doc2(nc_dataset *ds, const char *id, const char *a, size_t alen,
		    const char *b, size_t blen, const char *const *labels,
		    size_t nlabels)
{
	doc d;
	size_t j;

	memset(&d, 0, sizeof d);
	if (nc_grow((void **)&ds->docs, &ds->cap, ds->n + 1, sizeof *ds->docs))
		return nc_error_oom();
	d.len = alen + (b ? 2 + blen : 0);
	d.text = nc_malloc(d.len + 1);
	d.id = nc_strdup(id ? id : "");
	d.labels = nc_calloc(nlabels ? nlabels : 1, sizeof *d.labels);
	if (!d.text || !d.id || !d.labels)
		goto oom;
	memcpy(d.text, a, alen);
	if (b) {
		memcpy(d.text + alen, "\n\n", 2);
		memcpy(d.text + alen + 2, b, blen);
	}
	d.text[d.len] = '\0';
	for (j = 0; j < nlabels; j++) {
		size_t k;
		int dup = 0;
		for (k = 0; k < d.nlabels; k++) /* "a, a" is one label */
			dup |= strcmp(d.labels[k], labels[j]) == 0;
		if (dup)
			continue;
		if (!(d.labels[d.nlabels] = nc_strdup(labels[j])))
			goto oom;
		d.nlabels++;
	}
	ds->docs[ds->n++] = d;
	return 0;
oom:
	doc_release(&d);
	return nc_error_oom();
}

int nc_dataset_add(nc_dataset *ds, const char *id, const char *text,
		   size_t len, const char *const *labels, size_t nlabels)
{
	size_t j;
	if (!ds || (!text && len) || (!labels && nlabels))
		return nc_error(NC_EINVAL, "invalid arguments to nc_dataset_add");
	for (j = 0; j < nlabels; j++)
		if (!labels[j] || !labels[j][0])
			return nc_error(NC_EFORMAT, "%s: empty label", id ? id : "document");
	return add_doc2(ds, id, text ? text : "", len, NULL, 0, labels, nlabels);
}

/* ---- label lists ----------------------------------------------------------- */

#define MAX_LABELS 256

typedef struct label_list {
	char *buf;               /* copy of the field, split in place */
	const char *v[MAX_LABELS];
	size_t n;
} label_list;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Trim in place; returns the start. */
static char *trim(char *s, size_t *len)
{
	size_t n = *len;
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	s[n] = '\0';
	*len = n;
	return s;
}

/* Split "a, b ,c" on sep. A label may not be empty nor contain white
 * space inside or control characters (they would not survive the
 * fastText or plain-output formats). */
static int split_labels(label_list *ll, const char *field, size_t len, char sep,
			const char *where, size_t lineno)
{
	char *p, *end;

	ll->n = 0;
	nc_free(ll->buf);
	ll->buf = nc_strndup(field, len);
	if (!ll->buf)
		return nc_error_oom();
	p = ll->buf;
	end = p + len;
	for (;;) {
		char *q = memchr(p, sep, (size_t)(end - p));
		size_t n = (size_t)((q ? q : end) - p), k;
		char *lab = trim(p, &n);
		if (n == 0)
			return nc_error(NC_EFORMAT, "%s:%zu: empty label", where, lineno);
		for (k = 0; k < n; k++)
			if ((unsigned char)lab[k] < 0x20 || lab[k] == ' ' || lab[k] == 0x7F)
				return nc_error(NC_EFORMAT, "%s:%zu: label '%s' contains white space or a control character",
						where, lineno, lab);
		if (ll->n == MAX_LABELS)
			return nc_error(NC_ELIMIT, "%s:%zu: more than %d labels", where, lineno, MAX_LABELS);
		ll->v[ll->n++] = lab;
		if (!q)
			break;
		p = q + 1;
	}
	return 0;
}

/* ---- article files ------------------------------------------------------------ */

static int valid_key(const char *s, size_t n)
{
	size_t i;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static int read_article(nc_dataset *ds, nc_input *in, const nc_read_options *o)
{
	const char *path = nc_input_path(in);
	label_list ll = { 0 };
	char *id = NULL, *title = NULL;
	const char *line, *body;
	size_t len, body_len, label_line = 0;
	const char *key = o->label_key ? o->label_key : "label";
	int rc, have_labels = 0;

	for (;;) {
		const char *colon;
		char *val;
		size_t klen, vlen;

		rc = nc_input_line(in, &line, &len);
		if (rc < 0)
			goto out;
		if (rc == 0) {
			rc = nc_error(NC_EFORMAT, "%s:%zu: end of file inside the header block "
				      "(an article needs a blank line, then its body)",
				      path, nc_input_lineno(in) + 1);
			goto out;
		}
		if (nc_input_lineno(in) == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			line += 3, len -= 3; /* UTF-8 byte order mark */
		if (len && line[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		colon = memchr(line, ':', len);
		klen = colon ? (size_t)(colon - line) : 0;
		if (!colon || !valid_key(line, klen)) {
			rc = nc_error(NC_EFORMAT, "%s:%zu: expected a 'key: value' header line or "
				      "a blank line before the body", path, nc_input_lineno(in));
			goto out;
		}
		vlen = len - klen - 1;
		val = nc_strndup(colon + 1, vlen);
		if (!val) {
			rc = nc_error_oom();
			goto out;
		}
		rc = 0;
		{
			char *v = trim(val, &vlen);
			if (klen == strlen(key) && memcmp(line, key, klen) == 0) {
				if (have_labels) {
					nc_free(val);
					rc = nc_error(NC_EFORMAT, "%s:%zu: header '%s' given twice",
						      path, nc_input_lineno(in), key);
					goto out;
				}
				have_labels = 1;
				label_line = nc_input_lineno(in);
				rc = split_labels(&ll, v, vlen, o->label_separator, path, label_line);
			} else if (klen == 2 && memcmp(line, "id", 2) == 0 && !id) {
				id = nc_strdup(v);
				rc = id ? 0 : nc_error_oom();
			} else if (klen == 5 && memcmp(line, "title", 5) == 0 && !title) {
				title = nc_strdup(v);
				rc = title ? 0 : nc_error_oom();
			}
		}
		nc_free(val);
		if (rc)
			goto out;
	}
	if (!have_labels) {
		rc = nc_error(NC_EFORMAT, "%s:1: no '%s:' header with the labels "
			      "(choose the header with --label-key)", path, key);
		goto out;
	}
	if ((rc = nc_input_rest(in, &body, &body_len)))
		goto out;
	if (title)
		rc = add_doc2(ds, id ? id : path, title, strlen(title), body, body_len,
			      ll.v, ll.n);
	else
		rc = add_doc2(ds, id ? id : path, body, body_len, NULL, 0, ll.v, ll.n);
out:
	nc_free(ll.buf);
	nc_free(id);
	nc_free(title);
	return rc;
}

/* ---- fastText lines --------------------------------------------------------------- */

static int read_fasttext(nc_dataset *ds, nc_input *in)
{
	const char *path = nc_input_path(in);
	const char *line;
	size_t len;
	int rc, err = 0;
	char id[4096 + 32];

	while ((rc = nc_input_line(in, &line, &len)) == 1) {
		const char *labels[MAX_LABELS];
		char *copy, *p, *end;
		size_t nl = 0;

		if (len && line[len - 1] == '\r')
			len--;
		if (len == 0)
			continue; /* blank lines separate nothing: skip */
		copy = nc_strndup(line, len);
		if (!copy) {
			err = nc_error_oom();
			break;
		}
		p = copy;
		end = copy + len;
		for (;;) {
			char *tok_end;
			while (p < end && is_space(*p))
				p++;
			if ((size_t)(end - p) < 9 || memcmp(p, "__label__", 9) != 0)
				break;
			tok_end = p;
			while (tok_end < end && !is_space(*tok_end))
				tok_end++;
			if (tok_end == p + 9) {
				err = nc_error(NC_EFORMAT, "%s:%zu: empty label ('__label__' alone)",
					      path, nc_input_lineno(in));
				break;
			}
			if (nl == MAX_LABELS) {
				err = nc_error(NC_ELIMIT, "%s:%zu: more than %d labels",
					      path, nc_input_lineno(in), MAX_LABELS);
				break;
			}
			*tok_end = '\0';
			labels[nl++] = p + 9;
			p = tok_end < end ? tok_end + 1 : end;
		}
		if (!err && nl == 0)
			err = nc_error(NC_EFORMAT, "%s:%zu: line does not start with a __label__ token",
				      path, nc_input_lineno(in));
		if (!err) {
			snprintf(id, sizeof id, "%s:%zu", path, nc_input_lineno(in));
			err = add_doc2(ds, id, p, (size_t)(end - p), NULL, 0, labels, nl);
		}
		nc_free(copy);
		if (err)
			break;
	}
	if (err)
		return err;
	return rc < 0 ? rc : 0;
}

/* ---- CSV / TSV ------------------------------------------------------------------------ */

typedef struct csv_row {
	char *buf;        /* field bytes, NUL-separated */
	size_t len, cap;
	size_t *start;    /* field offsets */
	size_t nfields, capf;
} csv_row;

static int row_put(csv_row *r, char c)
{
	if (nc_grow((void **)&r->buf, &r->cap, r->len + 1, 1))
		return nc_error_oom();
	r->buf[r->len++] = c;
	return 0;
}

static int row_field(csv_row *r)
{
	if (nc_grow((void **)&r->start, &r->capf, r->nfields + 1, sizeof *r->start))
		return nc_error_oom();
	r->start[r->nfields++] = r->len;
	return 0;
}

/* One RFC 4180 record (quoted fields may span lines). Returns 1, 0 at end
 * of input, or an error. *first_line gets the record's first line number. */
static int csv_record(csv_row *r, nc_input *in, char sep, size_t *first_line,
		      size_t max_bytes)
{
	const char *line;
	size_t len, i;
	int rc, quoted = 0, at_start = 1;

	r->len = r->nfields = 0;
	do {
		rc = nc_input_line(in, &line, &len);
		if (rc <= 0) {
			if (rc == 0 && quoted)
				return nc_error(NC_EFORMAT, "%s:%zu: end of file inside a quoted field",
						nc_input_path(in), *first_line);
			return rc;
		}
		if (!quoted) {
			*first_line = nc_input_lineno(in);
			if (len && line[len - 1] == '\r')
				len--;
			if (nc_input_lineno(in) == 1 && len >= 3 &&
			    memcmp(line, "\xEF\xBB\xBF", 3) == 0)
				line += 3, len -= 3;
			if (len == 0)
				continue; /* blank line between records */
			if ((rc = row_field(r)))
				return rc;
		} else {
			if ((rc = row_put(r, '\n')))
				return rc;
		}
		for (i = 0; i < len; i++) {
			char c = line[i];
			if (quoted) {
				if (c == '"') {
					if (i + 1 < len && line[i + 1] == '"') {
						rc = row_put(r, '"');
						i++;
					} else {
						quoted = 0;
					}
				} else {
					rc = row_put(r, c);
				}
			} else if (c == sep) {
				if (!(rc = row_put(r, '\0')))
					rc = row_field(r);
				at_start = 1;
				continue;
			} else if (c == '"' && at_start) {
				quoted = 1;
			} else if (c == '\r' && i + 1 == len) {
				/* CR of a CRLF that ended a quoted line */
			} else {
				rc = row_put(r, c);
			}
			at_start = 0;
			if (rc)
				return rc;
		}
		if (r->len > max_bytes)
			return nc_error(NC_ELIMIT, "%s:%zu: record larger than %zu bytes",
					nc_input_path(in), *first_line, max_bytes);
	} while (quoted || r->nfields == 0);
	return row_put(r, '\0') ? NC_ENOMEM : 1;
}

/* "2,3" or "title,description" against an optional header row. */
static int resolve_columns(size_t *cols, size_t *ncols, const char *spec,
			   const csv_row *header, const char *path)
{
	const char *p = spec;
	*ncols = 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p), k;
		char *num_end;
		unsigned long v = strtoul(p, &num_end, 10);
		if (n == 0)
			return nc_error(NC_EINVAL, "empty column name in '%s'", spec);
		if (num_end == p + n && v >= 1) {
			cols[(*ncols)++] = v - 1;
		} else {
			if (!header)
				return nc_error(NC_EINVAL, "column '%.*s' named but %s has no header row "
						"(use --header)", (int)n, p, path);
			for (k = 0; k < header->nfields; k++)
				if (strlen(header->buf + header->start[k]) == n &&
				    memcmp(header->buf + header->start[k], p, n) == 0)
					break;
			if (k == header->nfields)
				return nc_error(NC_EINVAL, "%s: no column named '%.*s' in the header",
						path, (int)n, p);
			cols[(*ncols)++] = k;
		}
		if (*ncols == 64)
			return nc_error(NC_EINVAL, "too many columns in '%s'", spec);
		p = end ? end + 1 : p + n;
	}
	return 0;
}

static int spec_has_name(const char *spec)
{
	for (; spec && *spec; spec++)
		if (!(isdigit((unsigned char)*spec) || *spec == ','))
			return 1;
	return 0;
}

static int read_csv(nc_dataset *ds, nc_input *in, const nc_read_options *o, char sep)
{
	const char *path = nc_input_path(in);
	csv_row row = { 0 }, header = { 0 };
	label_list ll = { 0 };
	size_t label_col[64], text_cols[64], nlabel_col, ntext = 0, line = 0, k;
	const char *label_spec = o->label_column ? o->label_column : "1";
	int has_header = o->header;
	int rc;
	char *text = NULL;
	size_t text_cap = 0;
	size_t max = o->max_document_bytes ? o->max_document_bytes : (size_t)64 << 20;

	if (has_header < 0)
		has_header = spec_has_name(label_spec) || spec_has_name(o->text_columns);
	if (has_header) {
		rc = csv_record(&header, in, sep, &line, max);
		if (rc == 0)
			rc = nc_error(NC_EFORMAT, "%s: empty file (a header row was expected)", path);
		if (rc < 0)
			goto out;
	}
	if ((rc = resolve_columns(label_col, &nlabel_col, label_spec,
				  has_header ? &header : NULL, path)))
		goto out;
	if (nlabel_col != 1) {
		rc = nc_error(NC_EINVAL, "give exactly one label column");
		goto out;
	}
	if (o->text_columns &&
	    (rc = resolve_columns(text_cols, &ntext, o->text_columns,
				  has_header ? &header : NULL, path)))
		goto out;
	while ((rc = csv_record(&row, in, sep, &line, max)) == 1) {
		rc = 0;
		size_t len = 0, nt = ntext, need = label_col[0];
		char id[4096 + 32];

		for (k = 0; k < ntext; k++)
			if (text_cols[k] > need)
				need = text_cols[k];
		if (row.nfields <= need) {
			rc = nc_error(NC_EFORMAT, "%s:%zu: %zu field(s), but column %zu is needed",
				      path, line, row.nfields, need + 1);
			break;
		}
		if (!o->text_columns) { /* every column but the label */
			nt = 0;
			for (k = 0; k < row.nfields && k < 64; k++)
				if (k != label_col[0])
					text_cols[nt++] = k;
		}
		for (k = 0; k < nt; k++) {
			const char *f = row.buf + row.start[text_cols[k]];
			size_t fl = strlen(f);
			if (nc_grow((void **)&text, &text_cap, len + fl + 3, 1)) {
				rc = nc_error_oom();
				break;
			}
			if (k > 0) { /* a blank line: the first column is the title */
				text[len++] = '\n';
				text[len++] = '\n';
			}
			memcpy(text + len, f, fl);
			len += fl;
		}
		if (rc)
			break;
		{
			const char *lf = row.buf + row.start[label_col[0]];
			if ((rc = split_labels(&ll, lf, strlen(lf), o->label_separator, path, line)))
				break;
		}
		snprintf(id, sizeof id, "%s:%zu", path, line);
		if ((rc = add_doc2(ds, id, text ? text : "", len, NULL, 0, ll.v, ll.n)))
			break;
	}
out:
	nc_free(text);
	nc_free(ll.buf);
	nc_free(row.buf);
	nc_free(row.start);
	nc_free(header.buf);
	nc_free(header.start);
	return rc < 0 ? rc : 0;
}

/* ---- directories ------------------------------------------------------------------------ */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of a directory (without . and ..), so reading order
 * and hence models do not depend on the file system. */
static int list_dir(char ***out, size_t *n, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0, i;

	*out = NULL;
	*n = 0;
	if (!d)
		return nc_error(NC_EIO, "cannot open directory '%s': %s", path, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') /* . .. and hidden files */
			continue;
		if (nc_grow((void **)&names, &cap, *n + 1, sizeof *names) ||
		    !(names[*n] = nc_strdup(e->d_name))) {
			for (i = 0; i < *n; i++)
				nc_free(names[i]);
			nc_free(names);
			closedir(d);
			return nc_error_oom();
		}
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, cmp_name);
	*out = names;
	return 0;
}

static void free_names(char **names, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		nc_free(names[i]);
	nc_free(names);
}

static char *join_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = nc_malloc(a + b + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_path(nc_dataset *ds, const char *path, const nc_read_options *o);

/* One sub-directory per label, one document per file inside. */
static int read_class_dirs(nc_dataset *ds, const char *path, char **classes,
			   size_t nclasses, const nc_read_options *o)
{
	size_t c, f;
	int rc = 0;

	for (c = 0; c < nclasses && !rc; c++) {
		char *sub = join_path(path, classes[c]), **files = NULL;
		size_t nfiles = 0;
		const char *label = classes[c];
		label_list ll = { 0 };

		if (!sub)
			return nc_error_oom();
		if (!is_dir(sub)) {
			nc_free(sub);
			continue;
		}
		rc = split_labels(&ll, label, strlen(label), '\0', sub, 0);
		if (!rc)
			rc = list_dir(&files, &nfiles, sub);
		for (f = 0; f < nfiles && !rc; f++) {
			char *file = join_path(sub, files[f]);
			nc_input *in = NULL;
			const char *data;
			size_t len;
			if (!file) {
				rc = nc_error_oom();
				break;
			}
			if (!is_dir(file)) {
				if (!(rc = nc_input_open(&in, file, o->max_document_bytes)) &&
				    !(rc = nc_input_rest(in, &data, &len)))
					rc = add_doc2(ds, file, data, len, NULL, 0, ll.v, ll.n);
				nc_input_close(in);
			}
			nc_free(file);
		}
		free_names(files, nfiles);
		nc_free(ll.buf);
		nc_free(sub);
	}
	return rc;
}

static int read_dir(nc_dataset *ds, const char *path, const nc_read_options *o)
{
	char **names;
	size_t n, i, ndirs = 0;
	int rc = list_dir(&names, &n, path);

	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		char *p = join_path(path, names[i]);
		if (!p) {
			free_names(names, n);
			return nc_error_oom();
		}
		ndirs += is_dir(p);
		nc_free(p);
	}
	if (o->format == NC_FORMAT_DIR || (o->format == NC_FORMAT_AUTO && ndirs == n && n > 0)) {
		rc = read_class_dirs(ds, path, names, n, o);
	} else {
		/* a directory of documents: read each file in its own right */
		for (i = 0; i < n && !rc; i++) {
			char *p = join_path(path, names[i]);
			if (!p) {
				rc = nc_error_oom();
				break;
			}
			if (!is_dir(p) || o->format == NC_FORMAT_AUTO)
				rc = read_path(ds, p, o);
			nc_free(p);
		}
	}
	free_names(names, n);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Guess a file's format from its name, then from its first line. */
static int detect(nc_format *f, const char *path, size_t max)
{
	nc_input *in;
	const char *line;
	size_t len;
	int rc;

	if (ends_with(path, ".csv") || ends_with(path, ".csv.gz")) {
		*f = NC_FORMAT_CSV;
		return 0;
	}
	if (ends_with(path, ".tsv") || ends_with(path, ".tsv.gz")) {
		*f = NC_FORMAT_TSV;
		return 0;
	}
	if ((rc = nc_input_open(&in, path, max)))
		return rc;
	rc = nc_input_line(in, &line, &len);
	if (rc == 1) {
		const char *colon;
		if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			line += 3, len -= 3;
		colon = memchr(line, ':', len);
		if (len >= 9 && memcmp(line, "__label__", 9) == 0)
			*f = NC_FORMAT_FASTTEXT;
		else if (colon && valid_key(line, (size_t)(colon - line)))
			*f = NC_FORMAT_ARTICLE;
		else
			rc = nc_error(NC_EFORMAT, "%s:1: cannot tell the format (not an article header, "
				      "not a __label__ line); use --format", path);
	} else if (rc == 0) {
		rc = nc_error(NC_EFORMAT, "%s: empty file; use --format to say what it is", path);
	}
	nc_input_close(in);
	return rc < 0 ? rc : 0;
}

static int read_input(nc_dataset *ds, nc_input *in, nc_format f,
		      const nc_read_options *o)
{
	switch (f) {
	case NC_FORMAT_ARTICLE: return read_article(ds, in, o);
	case NC_FORMAT_FASTTEXT: return read_fasttext(ds, in);
	case NC_FORMAT_CSV: return read_csv(ds, in, o, ',');
	case NC_FORMAT_TSV: return read_csv(ds, in, o, '\t');
	default: return nc_error(NC_EINVAL, "unknown format");
	}
}

static int read_path(nc_dataset *ds, const char *path, const nc_read_options *o)
{
	nc_format f = o->format;
	int rc;

	if (strcmp(path, "-") != 0 && is_dir(path))
		return read_dir(ds, path, o);
	if (f == NC_FORMAT_DIR)
		return nc_error(NC_EINVAL, "'%s' is not a directory", path);
	if (f == NC_FORMAT_AUTO) {
		if (strcmp(path, "-") == 0)
			return nc_error(NC_EINVAL, "give --format to read standard input");
		if ((rc = detect(&f, path, o->max_document_bytes)))
			return rc;
	}
	{
		nc_input *in;
		if ((rc = nc_input_open(&in, path, o->max_document_bytes)))
			return rc;
		rc = read_input(ds, in, f, o);
		nc_input_close(in);
		return rc;
	}
}

int nc_dataset_read_memory(nc_dataset *ds, const char *name, const void *data,
			   size_t len, const nc_read_options *o)
{
	nc_input *in;
	size_t before = ds->n;
	int rc;

	if (o->format == NC_FORMAT_AUTO || o->format == NC_FORMAT_DIR)
		return nc_error(NC_EINVAL, "reading from memory needs an explicit file format");
	if ((rc = nc_input_open_memory(&in, name, data, len, o->max_document_bytes)))
		return rc;
	rc = read_input(ds, in, o->format, o);
	nc_input_close(in);
	if (rc)
		truncate_to(ds, before);
	return rc;
}

int nc_dataset_read(nc_dataset *ds, const char *path, const nc_read_options *o)
{
	nc_read_options defaults = NC_READ_OPTIONS_INIT;
	size_t before;
	int rc;

	if (!ds || !path)
		return nc_error(NC_EINVAL, "missing argument");
	if (!o)
		o = &defaults;
	if (o->version != NC_READ_OPTIONS_VERSION)
		return nc_error(NC_EINVAL, "read options not initialised with NC_READ_OPTIONS_INIT");
	before = ds->n;
	rc = read_path(ds, path, o);
	if (rc)
		truncate_to(ds, before);
	return rc;
}
