/*
 * input.h - byte sources for the readers: files, "-" for standard input,
 * gzip (detected by content, so "x.gz" and a compressed stdin both work),
 * read line by line with the line number kept for error messages.
 */
#ifndef NC_INPUT_H
#define NC_INPUT_H

#include <stddef.h>

typedef struct nc_input nc_input;

/* Open `path` ("-" = stdin). Lines longer than max_line bytes are an
 * NC_ELIMIT error naming the line. */
int nc_input_open(nc_input **out, const char *path, size_t max_line);
/* Read from a buffer (borrowed; must outlive the input), named `name`
 * in messages. The bytes are taken as they are (no gzip detection). */
int nc_input_open_memory(nc_input **out, const char *name, const void *data,
			 size_t len, size_t max_line);
void nc_input_close(nc_input *in);
/* Next line without its "\n" (a "\r" before it is kept: readers decide).
 * *line is NUL-terminated and valid until the next call. Returns 1 for a
 * line, 0 at end of input, or a negative nc_status. */
int nc_input_line(nc_input *in, const char **line, size_t *len);
/* Number of the line last returned (1-based). */
size_t nc_input_lineno(const nc_input *in);
const char *nc_input_path(const nc_input *in);
/* Read everything left (bounded by max_line) into *data (owned by in). */
int nc_input_rest(nc_input *in, const char **data, size_t *len);

#endif
