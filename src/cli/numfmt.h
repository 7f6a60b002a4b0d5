/*
 * numfmt.h - fast, exact "%.6g" formatting of doubles for the CLI's JSON.
 */
#ifndef NC_CLI_NUMFMT_H
#define NC_CLI_NUMFMT_H

#include <stddef.h>

/* Enough for any "%.6g" of a double, with its NUL. */
#define CLI_FMT_G6_MAX 32

/* Write v as printf("%.6g", v) would into buf (CLI_FMT_G6_MAX bytes),
 * NUL-terminated; returns the length. */
size_t cli_fmt_g6(char *buf, double v);

#endif
