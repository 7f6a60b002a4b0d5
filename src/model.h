/*
 * model.h - the nc_model object shared by training, prediction and the
 * model file code.
 */
#ifndef NC_MODEL_H
#define NC_MODEL_H

#include "classify.h"
#include "newsclass.h"
#include "tfidf.h"

#define NC_MODEL_FORMAT_VERSION 1
/* format 2: format 1 with 8-bit weights and document frequencies in place
 * of idf (written for quantized models only, so exact models keep
 * format 1 and older readers) */
#define NC_MODEL_FORMAT_COMPACT 2
#define NC_INFO_MAX 32

struct nc_model {
	int multi_label;
	int has_classifier; /* 0: vectorizer only (nc_model_fit_vectorizer) */
	nc_vectorizer vec;
	size_t nlabels;
	char **labels;      /* sorted by byte value */
	nc_classifier clf;
	int probability;
	int at_least_one;     /* multi-label: always predict the best label */
	int threshold_folds;  /* folds used to tune thresholds (0: none) */
	/* settings recorded for `info` and reproducibility */
	double C;
	int balanced;
	int nb_scale;       /* trained with NB-scaled features */
	char *class_weights;
	unsigned seed;
	int tokenizer_version;
	size_t training_documents;
	char *created;      /* ISO 8601 UTC */
	char *generator;    /* "newsclass 0.1.0" */
	char *unicode;      /* Unicode version the model was trained with */
	char *command;      /* provenance, may be NULL */
	/* nc_model_info table, built by nc_model_build_info */
	size_t ninfo;
	const char *info_key[NC_INFO_MAX];
	char *info_val[NC_INFO_MAX];
};

/* An empty model (all fields zero). */
int nc_model_alloc(nc_model **out);
/* (Re)build the info table from the fields. */
int nc_model_build_info(nc_model *m);
/* Format a double so that it reads back exactly, in any locale. */
void nc_format_double(char *buf, size_t size, double v);

#endif
