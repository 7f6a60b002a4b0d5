/*
 * reader.h - the CLI's byte source for documents: a file, or "-" for
 * standard input, plain or gzip (detected by content).
 */
#ifndef NC_CLI_READER_H
#define NC_CLI_READER_H

#include <stddef.h>
#include <sys/types.h>

typedef struct cli_reader cli_reader;

/* Open `path` ("-" = standard input). Prints the error and returns
 * EXIT_RUNTIME on failure, 0 on success. */
int cli_reader_open(cli_reader **out, const char *path);
/* Read up to `cap` bytes into buf. Returns as soon as some bytes are
 * available (it never waits to fill buf, so a line typed into a pipe is
 * answered at once): the count, 0 at the end, or -1 after printing an
 * error naming the file. */
ssize_t cli_reader_read(cli_reader *r, char *buf, size_t cap);
/* Close; accepts NULL. */
void cli_reader_close(cli_reader *r);

#endif
