/*
 * fuzz_model.c - any bytes as a model file: load (validating), then one
 * prediction through both entry points, then a save/load round trip that
 * must succeed and reproduce the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsclass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char doc[] = "Seoul and Washington agree on export controls for "
				  "HBM chips; 반도체 수출 규제 and 量子 research.";
	nc_load_options lo = NC_LOAD_OPTIONS_INIT;
	nc_model *m = NULL, *m2 = NULL;
	nc_prediction *p = NULL;
	nc_stream *s = NULL;
	void *buf = NULL, *buf2 = NULL;
	size_t len, len2;

	lo.max_decompressed_bytes = 16 << 20;
	if (nc_model_load_buffer(&m, data, size, &lo) != 0)
		return 0;
	if (nc_prediction_new(&p, m) == 0 && nc_stream_new(&s, m) == 0) {
		nc_model_predict(p, m, doc, sizeof doc - 1, NULL);
		nc_stream_feed(s, doc, 7);
		nc_stream_feed(s, doc + 7, sizeof doc - 8);
		nc_stream_predict(p, s, NULL);
	}
	/* what we load, we can write, and it reads back identically */
	if (nc_model_save_buffer(&buf, &len, m) == 0) {
		if (nc_model_load_buffer(&m2, buf, len, NULL) != 0)
			abort();
		if (nc_model_save_buffer(&buf2, &len2, m2) != 0 || len != len2 ||
		    memcmp(buf, buf2, len) != 0)
			abort();
	}
	free(buf);
	free(buf2);
	nc_model_free(m2);
	nc_stream_free(s);
	nc_prediction_free(p);
	nc_model_free(m);
	return 0;
}
