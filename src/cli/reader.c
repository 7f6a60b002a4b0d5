/*
 * reader.c - plain or gzip bytes from a file or standard input, handed
 * out as soon as they arrive.
 *
 * zlib's gzread would do, but it blocks until the caller's buffer is full
 * or the input ends, so `predict --lines` in a pipeline answered nothing
 * until 64 KiB had arrived. Here a plain input is read with one read(2)
 * per call, and gzip is inflated from whatever read(2) returned.
 */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "cli.h"

#define IN_BYTES 65536

struct cli_reader {
	int fd;
	const char *path;
	int gz;             /* inflating */
	int at_member;      /* gzip: between members (the end is fine here) */
	z_stream z;
	unsigned char *in;  /* bytes read, not yet consumed */
	size_t start, end;
	int eof;
};

static ssize_t fill(cli_reader *r)
{
	ssize_t n;
	if (r->start == r->end)
		r->start = r->end = 0;
	do
		n = read(r->fd, r->in + r->end, IN_BYTES - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		cli_error("cannot read '%s': %s", r->path, strerror(errno));
		return -1;
	}
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return n;
}

int cli_reader_open(cli_reader **out, const char *path)
{
	cli_reader *r = calloc(1, sizeof *r);
	int is_stdin = strcmp(path, "-") == 0;

	*out = NULL;
	if (!r || !(r->in = malloc(IN_BYTES))) {
		free(r);
		return cli_error("out of memory");
	}
	r->path = is_stdin ? "<stdin>" : path;
	r->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		int e = errno;
		free(r->in);
		free(r);
		return cli_error("cannot open '%s': %s", path, strerror(e));
	}
	/* gzip is told by its first two bytes; a first byte other than 0x1f
	 * settles it at once, so a short first line is not held back */
	while (!r->eof && (r->end == 0 || (r->in[0] == 0x1f && r->end < 2)))
		if (fill(r) < 0) {
			cli_reader_close(r);
			return EXIT_RUNTIME;
		}
	if (r->end >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b) {
		if (inflateInit2(&r->z, 15 + 16) != Z_OK) {
			cli_reader_close(r);
			return cli_error("out of memory");
		}
		r->gz = 1;
	}
	*out = r;
	return 0;
}

ssize_t cli_reader_read(cli_reader *r, char *buf, size_t cap)
{
	size_t n;

	if (!r->gz) {
		if (r->start == r->end && !r->eof && fill(r) < 0)
			return -1;
		n = r->end - r->start < cap ? r->end - r->start : cap;
		memcpy(buf, r->in + r->start, n);
		r->start += n;
		return (ssize_t)n;
	}
	for (;;) {
		int zr;
		if (r->start == r->end) {
			if (r->eof) {
				if (r->at_member)
					return 0;
				cli_error("'%s': unexpected end of file", r->path);
				return -1;
			}
			if (fill(r) < 0)
				return -1;
			continue;
		}
		if (r->at_member) {
			/* another gzip member follows, or trailing bytes that
			 * zlib's gzread ignores too */
			if (r->end - r->start < 2 && !r->eof) {
				if (r->start > 0) {
					memmove(r->in, r->in + r->start, r->end - r->start);
					r->end -= r->start;
					r->start = 0;
				}
				if (fill(r) < 0)
					return -1;
				continue;
			}
			if (r->end - r->start < 2 || r->in[r->start] != 0x1f ||
			    r->in[r->start + 1] != 0x8b) {
				r->start = r->end;
				r->eof = 1;
				return 0;
			}
			inflateReset(&r->z);
			r->at_member = 0;
		}
		r->z.next_in = r->in + r->start;
		r->z.avail_in = (uInt)(r->end - r->start);
		r->z.next_out = (unsigned char *)buf;
		r->z.avail_out = (uInt)(cap > 1u << 30 ? 1u << 30 : cap);
		zr = inflate(&r->z, Z_NO_FLUSH);
		r->start = r->end - r->z.avail_in;
		n = (size_t)((char *)r->z.next_out - buf);
		if (zr == Z_STREAM_END)
			r->at_member = 1;
		else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			cli_error("'%s': invalid compressed data (%s)", r->path,
				  r->z.msg ? r->z.msg : "zlib error");
			return -1;
		}
		if (n > 0)
			return (ssize_t)n;
	}
}

void cli_reader_close(cli_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		inflateEnd(&r->z);
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	free(r->in);
	free(r);
}
