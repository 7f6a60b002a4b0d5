/*
 * cmd_train.c - `newsclass train`: labeled data in, one model file out.
 *
 * The model is written only after training succeeded, and atomically, so
 * a failed run never replaces or damages an existing model.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"usage: newsclass train [options] -o MODEL INPUT...\n"
	"\n"
	"Train a classifier on labeled documents and write it to MODEL.\n"
	"INPUT is a file, a directory, or - for standard input; .gz files are\n"
	"read directly.\n"
	"\n"
	"  -o, --output MODEL      model file to write (atomically)\n"
	"  -q, --quiet             no summary on stderr\n"
	"      --provenance TEXT   record TEXT as the model's training command\n"
	"                          (default: this command line)\n"
	"\n" CLI_DATA_HELP "\n" CLI_TRAIN_HELP
	"\nThe training date comes from $SOURCE_DATE_EPOCH when set, so builds\n"
	"can be reproduced byte for byte.\n";

/* "newsclass train --multi-label ..." recorded in the model. */
static char *provenance(int argc, char **argv)
{
	size_t len = strlen("newsclass") + 1;
	char *s;
	int i;
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	strcpy(s, "newsclass");
	for (i = 0; i < argc; i++) {
		strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int cmd_train(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATA_OPTIONS,
		CLI_TRAIN_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "provenance", required_argument, NULL, 0x501 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	nc_read_options ro = NC_READ_OPTIONS_INIT;
	nc_train_options to = NC_TRAIN_OPTIONS_INIT;
	const char *out = NULL, *sde, *given_prov = NULL;
	nc_dataset *ds = NULL;
	nc_model *m = NULL;
	char *prov;
	struct cli_progress progress;
	int opt, quiet = 0, rc;

	while ((opt = getopt_long(argc, argv, "F:c:o:qh", longopts, NULL)) != -1) {
		int r;
		if (opt == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (opt == 'o') {
			out = optarg;
			continue;
		}
		if (opt == 'q') {
			quiet = 1;
			continue;
		}
		if (opt == 0x501) {
			given_prov = optarg;
			continue;
		}
		if ((r = cli_data_option(&ro, opt, optarg, "train")) == 0)
			r = cli_train_option(&to, opt, optarg, "train");
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_usage_error("train", "unknown option");
	}
	if (!out)
		return cli_usage_error("train", "missing -o MODEL");
	if (optind >= argc)
		return cli_usage_error("train", "no input given");
	if ((sde = getenv("SOURCE_DATE_EPOCH")) != NULL) {
		long t;
		if (cli_parse_long(sde, 0, 0x7FFFFFFFL, &t))
			return cli_usage_error("train", "SOURCE_DATE_EPOCH is not a Unix time");
		to.timestamp = t;
	}
	if ((rc = cli_read_data(&ds, argv + optind, argc - optind, &ro)))
		return rc;
	prov = given_prov ? NULL : provenance(argc, argv);
	to.provenance = given_prov ? given_prov : prov;
	cli_progress_init(&progress, "training");
	rc = nc_model_train(&m, ds, &to, quiet ? NULL : cli_progress, &progress);
	cli_progress_done(&progress);
	free(prov);
	if (rc) {
		nc_dataset_free(ds);
		return cli_lib_error(rc);
	}
	if ((rc = nc_model_save(m, out))) {
		nc_model_free(m);
		nc_dataset_free(ds);
		return cli_lib_error(rc);
	}
	if (!quiet)
		fprintf(stderr, "newsclass: trained on %zu documents: %zu labels, %zu features -> %s\n",
			nc_dataset_count(ds), nc_model_label_count(m),
			nc_model_feature_count(m), out);
	nc_model_free(m);
	nc_dataset_free(ds);
	return EXIT_OK;
}
