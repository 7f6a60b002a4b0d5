/*
 * cmd_info.c - `newsclass info`: what a model file is.
 */
#include <string.h>

#include "cli.h"

static const char help[] =
	"usage: newsclass info -m MODEL [--json]\n"
	"\n"
	"Describe a model: mode, labels and their thresholds, vocabulary size,\n"
	"tokenizer and vectorizer settings, classifier settings and training\n"
	"metadata (date, corpus size, command). The file is fully validated.\n"
	"\n"
	"  -m, --model MODEL       model file\n"
	"  -j, --json              print one JSON object\n";

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = NULL, *key, *val;
	nc_model *m;
	size_t i;
	int opt, json = 0, rc;

	while ((opt = getopt_long(argc, argv, "m:jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h': fputs(help, stdout); return EXIT_OK;
		case 'm': path = optarg; break;
		case 'j': json = 1; break;
		default: return cli_usage_error("info", "unknown option");
		}
	}
	if (!path && optind < argc)
		path = argv[optind++];
	if (!path)
		return cli_usage_error("info", "missing -m MODEL");
	if (optind < argc)
		return cli_usage_error("info", "unexpected argument '%s'", argv[optind]);
	if ((rc = nc_model_load(&m, path, NULL)))
		return cli_lib_error(rc);
	if (json) {
		fputs("{\"file\":", stdout);
		json_string(stdout, path);
		for (i = 0; nc_model_info(&key, &val, m, i) == 0; i++) {
			putchar(',');
			json_string(stdout, key);
			putchar(':');
			json_string(stdout, val);
		}
		fputs(",\"label_names\":[", stdout);
		for (i = 0; i < nc_model_label_count(m); i++) {
			if (i)
				putchar(',');
			json_string(stdout, nc_model_label_name(m, i));
		}
		fputs("]}\n", stdout);
	} else {
		printf("%-20s %s\n", "file", path);
		for (i = 0; nc_model_info(&key, &val, m, i) == 0; i++)
			printf("%-20s %s\n", key, val);
		printf("\nlabels (decision threshold):\n");
		for (i = 0; i < nc_model_label_count(m); i++)
			printf("  %-24s %g\n", nc_model_label_name(m, i), nc_model_label_threshold(m, i));
	}
	nc_model_free(m);
	return EXIT_OK;
}
