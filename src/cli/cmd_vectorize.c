/*
 * cmd_vectorize.c - `newsclass vectorize`: TF-IDF vectors in libsvm's
 * sparse format, for svm-train and other tools.
 *
 * With -m the vocabulary, idf and label numbering of an existing model are
 * used (so a test set lines up with its training set); without it a
 * vectorizer is fitted on the data itself.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"usage: newsclass vectorize [-m MODEL | model options] [options] DATA...\n"
	"\n"
	"Write one line per document: 'LABEL IDX:VAL ...' with 1-based label\n"
	"numbers (in the order 'newsclass info' lists them; comma-separated for\n"
	"several labels) and ascending 1-based feature indices.\n"
	"\n"
	"  -m, --model MODEL       use this model's vectorizer and labels\n"
	"  -o, --output FILE       write here instead of standard output\n"
	"      --label-map FILE    write 'NUMBER LABEL' lines for the label numbers\n"
	"\n" CLI_DATA_HELP "\n" CLI_TRAIN_HELP;

int cmd_vectorize(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DATA_OPTIONS,
		CLI_TRAIN_OPTIONS,
		{ "model", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "label-map", required_argument, NULL, 0x301 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	nc_read_options ro = NC_READ_OPTIONS_INIT;
	nc_train_options to = NC_TRAIN_OPTIONS_INIT;
	const char *model_path = NULL, *out_path = NULL, *map_path = NULL;
	nc_model *m = NULL;
	nc_dataset *ds = NULL;
	nc_stream *s = NULL;
	FILE *out = stdout;
	size_t i, j;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "F:c:m:o:h", longopts, NULL)) != -1) {
		int r;
		switch (opt) {
		case 'h': fputs(help, stdout); return EXIT_OK;
		case 'm': model_path = optarg; continue;
		case 'o': out_path = optarg; continue;
		case 0x301: map_path = optarg; continue;
		default: break;
		}
		if ((r = cli_data_option(&ro, opt, optarg, "vectorize")) == 0)
			r = cli_train_option(&to, opt, optarg, "vectorize");
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_usage_error("vectorize", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("vectorize", "no data given");
	if ((rc = cli_read_data(&ds, argv + optind, argc - optind, &ro)))
		return rc;
	if (model_path)
		rc = nc_model_load(&m, model_path, NULL);
	else
		rc = nc_model_fit_vectorizer(&m, ds, &to);
	if (rc || (rc = nc_stream_new(&s, m))) {
		rc = cli_lib_error(rc);
		goto out;
	}
	if (map_path) {
		FILE *f = fopen(map_path, "w");
		if (!f) {
			rc = cli_error("cannot write '%s'", map_path);
			goto out;
		}
		for (i = 0; i < nc_model_label_count(m); i++)
			fprintf(f, "%zu %s\n", i + 1, nc_model_label_name(m, i));
		if (fclose(f) != 0) {
			rc = cli_error("cannot write '%s'", map_path);
			goto out;
		}
	}
	/* every label must be known before anything is written, so bad input
	 * never leaves a partial output file */
	for (i = 0; i < nc_dataset_count(ds); i++)
		for (j = 0; j < nc_dataset_label_count(ds, i); j++)
			if (nc_model_label_index(m, nc_dataset_label(ds, i, j)) < 0) {
				rc = cli_error("%s: label '%s' is not known to the model",
					       nc_dataset_id(ds, i), nc_dataset_label(ds, i, j));
				goto out;
			}
	if (out_path && !(out = fopen(out_path, "w"))) {
		rc = cli_error("cannot write '%s'", out_path);
		goto out;
	}
	for (i = 0; i < nc_dataset_count(ds); i++) {
		size_t len, n, k;
		const char *text = nc_dataset_text(ds, i, &len);
		const uint32_t *idx;
		const double *val;

		for (j = 0; j < nc_dataset_label_count(ds, i); j++)
			fprintf(out, "%s%ld", j ? "," : "",
				nc_model_label_index(m, nc_dataset_label(ds, i, j)) + 1);
		nc_stream_reset(s);
		if ((rc = nc_stream_feed(s, text, len)) ||
		    (rc = nc_stream_vector(&idx, &val, &n, s))) {
			rc = cli_lib_error(rc);
			goto out;
		}
		for (k = 0; k < n; k++)
			fprintf(out, " %u:%.9g", idx[k] + 1, val[k]);
		fputc('\n', out);
	}
	rc = EXIT_OK;
out:
	if (out && out != stdout && fclose(out) != 0 && rc == EXIT_OK)
		rc = cli_error("cannot write '%s'", out_path);
	else if (out == stdout && fflush(stdout) != 0 && rc == EXIT_OK)
		rc = cli_error("cannot write output");
	nc_stream_free(s);
	nc_model_free(m);
	nc_dataset_free(ds);
	return rc;
}
