/*
 * dataset.h - internal entry points of the readers (dataset.c).
 */
#ifndef NC_DATASET_H
#define NC_DATASET_H

#include "newsclass.h"

/* Read documents of an explicit format (not AUTO or DIR) from a buffer, as
 * if it were the file `name`: what the fuzzers and the reader tests use.
 * On failure `ds` is unchanged. */
int nc_dataset_read_memory(nc_dataset *ds, const char *name, const void *data,
			   size_t len, const nc_read_options *o);

#endif
