/*
 * fuzz_reader.c - any bytes as a training file of one format (chosen at
 * compile time with FUZZ_FORMAT): it reads, or fails leaving the data set
 * untouched. A successful read of two or more labels is also trained on,
 * since the readers' output is what training trusts.
 */
#include <stdint.h>
#include <stdlib.h>

#include "dataset.h"
#include "newsclass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nc_read_options ro = NC_READ_OPTIONS_INIT;
	nc_train_options to = NC_TRAIN_OPTIONS_INIT;
	nc_dataset *ds = NULL;
	nc_model *m = NULL;
	static const char *const one[] = { "seed" };
	int rc;

	ro.format = FUZZ_FORMAT;
	ro.label_key = "topic";
	ro.max_document_bytes = 1 << 20;
	if (nc_dataset_new(&ds) || nc_dataset_add(ds, "seed", "seed text", 9, one, 1))
		goto out;
	rc = nc_dataset_read_memory(ds, "fuzz", data, size, &ro);
	if (rc != 0 && nc_dataset_count(ds) != 1)
		abort(); /* a failed read must leave the data set as it was */
	if (rc == 0 && nc_dataset_count(ds) > 1 && nc_dataset_count(ds) < 200) {
		to.threads = 1;
		to.min_df = 1;
		if (nc_model_train(&m, ds, &to, NULL, NULL) == 0 && nc_model_label_count(m) < 2)
			abort();
	}
out:
	nc_model_free(m);
	nc_dataset_free(ds);
	return 0;
}
