/*
 * cmd_eval.c - `newsclass eval`: a model against labeled data.
 */
#include <string.h>

#include "cli.h"

static const char help[] =
	"usage: newsclass eval -m MODEL [options] DATA...\n"
	"\n"
	"Classify labeled documents and report accuracy, per-label precision,\n"
	"recall and F1, micro and macro averages, the confusion matrix\n"
	"(single-label) or subset accuracy and Hamming loss (multi-label).\n"
	"\n"
	"  -m, --model MODEL       model file\n"
	"  -j, --json              print one JSON object (accuracy, micro_f1,\n"
	"                          macro_f1, per_label, ...)\n"
	"\n" CLI_DATA_HELP;

int cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATA_OPTIONS,
		{ "model", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	nc_read_options ro = NC_READ_OPTIONS_INIT;
	const char *model_path = NULL;
	nc_model *m = NULL;
	nc_dataset *ds = NULL;
	nc_metrics *mt = NULL;
	size_t unknown;
	int opt, json = 0, rc;

	while ((opt = getopt_long(argc, argv, "F:m:jh", longopts, NULL)) != -1) {
		int r;
		if (opt == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (opt == 'm') {
			model_path = optarg;
			continue;
		}
		if (opt == 'j') {
			json = 1;
			continue;
		}
		r = cli_data_option(&ro, opt, optarg, "eval");
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_usage_error("eval", "unknown option");
	}
	if (!model_path)
		return cli_usage_error("eval", "missing -m MODEL");
	if (optind >= argc)
		return cli_usage_error("eval", "no data given");
	if ((rc = nc_model_load(&m, model_path, NULL)))
		return cli_lib_error(rc);
	if ((rc = cli_read_data(&ds, argv + optind, argc - optind, &ro)))
		goto out;
	if (nc_dataset_count(ds) == 0) {
		rc = cli_error("no documents in the data");
		goto out;
	}
	if ((rc = cli_evaluate(&mt, &unknown, m, ds)))
		goto out;
	if (unknown)
		cli_warning("%zu gold label(s) are not known to the model; counted as errors under '(unknown)'",
			    unknown);
	cli_print_metrics(stdout, mt, m, json);
	rc = fflush(stdout) ? cli_error("cannot write output") : EXIT_OK;
out:
	nc_metrics_free(mt);
	nc_dataset_free(ds);
	nc_model_free(m);
	return rc;
}
