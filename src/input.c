/*
 * input.c - buffered line reading over zlib's gzFile.
 *
 * gzread passes plain files through untouched, so one code path reads
 * compressed and uncompressed input alike; readers never care which.
 */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "alloc.h"
#include "error.h"
#include "newsclass.h"

#define CHUNK 65536

struct nc_input {
	gzFile gz;          /* NULL when reading from memory */
	const char *mem;
	size_t mem_len, mem_pos;
	char *path;
	char *buf;          /* read buffer */
	size_t start, end;  /* unread bytes are buf[start..end) */
	int eof;
	char *line;         /* the line handed out */
	size_t line_cap;
	size_t max_line;
	size_t lineno;
};

int nc_input_open(nc_input **out, const char *path, size_t max_line)
{
	nc_input *in;
	int fd;

	*out = NULL;
	in = nc_calloc(1, sizeof *in);
	if (!in)
		return nc_error_oom();
	in->max_line = max_line ? max_line : (size_t)64 << 20;
	in->path = nc_strdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
	in->buf = nc_malloc(CHUNK);
	if (!in->path || !in->buf) {
		nc_input_close(in);
		return nc_error_oom();
	}
	fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		nc_input_close(in);
		return nc_error(NC_EIO, "cannot open '%s': %s", path, strerror(e));
	}
	in->gz = gzdopen(fd, "rb");
	if (!in->gz) {
		close(fd);
		nc_input_close(in);
		return nc_error_oom();
	}
	gzbuffer(in->gz, CHUNK);
	*out = in;
	return 0;
}

int nc_input_open_memory(nc_input **out, const char *name, const void *data,
			 size_t len, size_t max_line)
{
	nc_input *in;

	*out = NULL;
	in = nc_calloc(1, sizeof *in);
	if (!in)
		return nc_error_oom();
	in->max_line = max_line ? max_line : (size_t)64 << 20;
	in->path = nc_strdup(name);
	in->buf = nc_malloc(CHUNK);
	if (!in->path || !in->buf) {
		nc_input_close(in);
		return nc_error_oom();
	}
	in->mem = data;
	in->mem_len = len;
	*out = in;
	return 0;
}

void nc_input_close(nc_input *in)
{
	if (!in)
		return;
	if (in->gz)
		gzclose(in->gz);
	nc_free(in->path);
	nc_free(in->buf);
	nc_free(in->line);
	nc_free(in);
}

size_t nc_input_lineno(const nc_input *in) { return in->lineno; }
const char *nc_input_path(const nc_input *in) { return in->path; }

static int fill(nc_input *in)
{
	int n, err;
	const char *msg;

	if (in->eof)
		return 0;
	if (!in->gz) {
		size_t take = in->mem_len - in->mem_pos < CHUNK ? in->mem_len - in->mem_pos : CHUNK;
		memcpy(in->buf, in->mem + in->mem_pos, take);
		in->mem_pos += take;
		in->start = 0;
		in->end = take;
		in->eof = take == 0;
		return (int)take;
	}
	n = gzread(in->gz, in->buf, CHUNK);
	if (n < 0) {
		msg = gzerror(in->gz, &err);
		return nc_error(NC_EIO, "%s: read error: %s", in->path,
				err == Z_ERRNO ? strerror(errno) : msg);
	}
	if (n == 0) {
		/* a truncated gzip stream ends without error from gzread */
		msg = gzerror(in->gz, &err);
		if (err != Z_OK && err != Z_STREAM_END)
			return nc_error(NC_EIO, "%s: %s", in->path, msg);
		in->eof = 1;
	}
	in->start = 0;
	in->end = (size_t)n;
	return n;
}

/* Append buf[start..start+n) to the line; enforce the limit. */
static int append(nc_input *in, size_t *len, size_t n)
{
	if (*len + n > in->max_line)
		return nc_error(NC_ELIMIT, "%s:%zu: line longer than %zu bytes",
				in->path, in->lineno + 1, in->max_line);
	if (nc_grow((void **)&in->line, &in->line_cap, *len + n + 1, 1))
		return nc_error_oom();
	memcpy(in->line + *len, in->buf + in->start, n);
	*len += n;
	in->start += n;
	return 0;
}

int nc_input_line(nc_input *in, const char **line, size_t *len_out)
{
	size_t len = 0;
	int rc, any = 0;

	for (;;) {
		char *nl;
		if (in->start == in->end) {
			rc = fill(in);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
		}
		any = 1;
		nl = memchr(in->buf + in->start, '\n', in->end - in->start);
		if (nl) {
			size_t n = (size_t)(nl - (in->buf + in->start));
			if ((rc = append(in, &len, n)))
				return rc;
			in->start++; /* the newline */
			break;
		}
		if ((rc = append(in, &len, in->end - in->start)))
			return rc;
	}
	if (!any)
		return 0;
	if (nc_grow((void **)&in->line, &in->line_cap, len + 1, 1))
		return nc_error_oom();
	in->line[len] = '\0';
	in->lineno++;
	*line = in->line;
	*len_out = len;
	return 1;
}

int nc_input_rest(nc_input *in, const char **data, size_t *len_out)
{
	size_t len = 0;
	int rc;

	for (;;) {
		if (in->start == in->end) {
			rc = fill(in);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
		}
		if (len + (in->end - in->start) > in->max_line)
			return nc_error(NC_ELIMIT, "%s: document larger than %zu bytes",
					in->path, in->max_line);
		if ((rc = append(in, &len, in->end - in->start)))
			return rc;
	}
	if (nc_grow((void **)&in->line, &in->line_cap, len + 1, 1))
		return nc_error_oom();
	in->line[len] = '\0';
	*data = in->line;
	*len_out = len;
	return 0;
}
