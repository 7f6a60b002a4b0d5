/*
 * main.c - the newsclass command: global options and the command table.
 *
 * Like git, each subcommand lives in its own cmd_<name>.c and receives
 * argv starting at its own name. Exit codes: 0 success, 1 runtime error,
 * 2 usage error.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "train", cmd_train, "train a model on labeled articles" },
	{ "predict", cmd_predict, "classify documents with one or more models" },
	{ "eval", cmd_eval, "measure a model on labeled data" },
	{ "cv", cmd_cv, "cross-validate and search C (and gamma)" },
	{ "vectorize", cmd_vectorize, "write TF-IDF vectors in libsvm format" },
	{ "info", cmd_info, "describe a model file" },
};

static void usage(FILE *f)
{
	size_t i;
	fputs("usage: newsclass <command> [options]\n"
	      "       newsclass --version | --help\n\nCommands:\n", f);
	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'newsclass <command> --help' for a command's options.\n"
	      "See newsclass(1) and README.md for the input formats.\n", f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("newsclass %s (Unicode %s)\n", nc_version(), nc_unicode_version());
		return EXIT_OK;
	}
	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "newsclass: error: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
