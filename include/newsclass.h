/*
 * newsclass.h - the public API of libnewsclass.
 *
 * libnewsclass turns news articles into TF-IDF vectors (Unicode-aware
 * tokenizer, vocabulary, idf weights), trains libsvm classifiers on them
 * (single-label or one-vs-rest multi-label) and stores everything needed to
 * predict in one compressed, self-describing model file.
 *
 * Conventions (borrowed from libgit2):
 *  - Objects are opaque handles created by nc_<thing>_new/_load/_train and
 *    released by nc_<thing>_free, which accepts NULL.
 *  - Functions that can fail return int: 0 (NC_OK) on success or a negative
 *    nc_status code. The detailed message of the last failure on the calling
 *    thread is available from nc_last_error().
 *  - Out-parameters come first.
 *  - Options structs carry a version field and are initialised with their
 *    NC_..._INIT macro, so fields can be added without breaking callers.
 *  - The library never prints and never exits. It is thread-safe for
 *    distinct objects; a loaded nc_model may be shared by any number of
 *    threads for prediction.
 */
#ifndef NEWSCLASS_H
#define NEWSCLASS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(NC_BUILDING_LIBRARY) && defined(__GNUC__)
#define NC_API __attribute__((visibility("default")))
#else
#define NC_API
#endif

#define NC_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/** Status codes returned by every fallible function. */
typedef enum nc_status {
	NC_OK = 0,
	NC_ENOMEM = -1,  /**< an allocation failed */
	NC_EINVAL = -2,  /**< an argument or option is invalid */
	NC_EIO = -3,     /**< reading or writing a file failed */
	NC_EFORMAT = -4, /**< input data is malformed (message names file:line) */
	NC_EMODEL = -5,  /**< a model file is invalid, corrupt or unsupported */
	NC_ETRAIN = -6,  /**< the data cannot train a model (e.g. one class) */
	NC_ELIMIT = -7   /**< an input exceeds a documented size limit */
} nc_status;

/** Static, human-readable description of a status code. Never NULL. */
NC_API const char *nc_strerror(int status);

/**
 * The message describing the last failure on the calling thread, e.g.
 * "corpus/a.txt:3: header line without ':'". Never NULL (empty when there
 * was no failure). Valid until the next failing call on the same thread.
 */
NC_API const char *nc_last_error(void);

/** Library version, e.g. "0.1.0". */
NC_API const char *nc_version(void);

/** Version of the Unicode data the tokenizer uses (utf8proc's). */
NC_API const char *nc_unicode_version(void);

/* ------------------------------------------------------------------ */
/* Labeled data sets                                                   */
/* ------------------------------------------------------------------ */

/** A list of documents, each with an id, a text and zero or more labels. */
typedef struct nc_dataset nc_dataset;

/** Input formats understood by nc_dataset_read(). */
typedef enum nc_format {
	NC_FORMAT_AUTO = 0, /**< decide from the path and the first bytes */
	NC_FORMAT_ARTICLE,  /**< one article per file: headers, blank line, body */
	NC_FORMAT_FASTTEXT, /**< lines "__label__a __label__b text" */
	NC_FORMAT_CSV,      /**< RFC 4180 comma-separated values */
	NC_FORMAT_TSV,      /**< tab-separated values (CSV quoting rules) */
	NC_FORMAT_DIR       /**< a directory with one sub-directory per label */
} nc_format;

/** How nc_dataset_read() interprets its input. */
typedef struct nc_read_options {
	unsigned version;
	nc_format format;
	/** Article format: header key holding the labels ("topic", "sectors"). */
	const char *label_key;
	/** CSV/TSV: 1-based label column, or a header name. Default "1". */
	const char *label_column;
	/** CSV/TSV: text columns, comma-separated 1-based numbers or header
	 *  names, joined with a blank line (so the first of them is the title,
	 *  see nc_train_options.title_weight). Default: every column but the
	 *  label. */
	const char *text_columns;
	/** CSV/TSV: 1 = first row is a header, 0 = no header, -1 = detect
	 *  (a header is assumed when the label column cell is not a plausible
	 *  label of the data: only used with named columns). */
	int header;
	/** Separator splitting one label field into several labels (article
	 *  headers and CSV cells). Default ",". */
	char label_separator;
	/** Largest single document accepted, in bytes; larger ones are an
	 *  NC_ELIMIT error naming file and line. 0 = 64 MiB. */
	size_t max_document_bytes;
} nc_read_options;

#define NC_READ_OPTIONS_VERSION 1
#define NC_READ_OPTIONS_INIT \
	{ NC_READ_OPTIONS_VERSION, NC_FORMAT_AUTO, NULL, NULL, NULL, -1, ',', 0 }

/** Create an empty data set. *out is owned by the caller (nc_dataset_free). */
NC_API int nc_dataset_new(nc_dataset **out);

/** Release a data set. Accepts NULL. */
NC_API void nc_dataset_free(nc_dataset *ds);

/**
 * Append the documents of `path` (a file, a directory, or "-" for standard
 * input; files ending in ".gz" are decompressed) to `ds`. On failure `ds`
 * keeps the documents it had before the call, and nc_last_error() names the
 * file and line at fault.
 */
NC_API int nc_dataset_read(nc_dataset *ds, const char *path,
			   const nc_read_options *opts);

/** Append one document. Strings are copied; `id` may be NULL. */
NC_API int nc_dataset_add(nc_dataset *ds, const char *id, const char *text,
			  size_t text_len, const char *const *labels,
			  size_t label_count);

/** Number of documents. */
NC_API size_t nc_dataset_count(const nc_dataset *ds);
/** Text of document i (borrowed; NUL-terminated; *len may be NULL). */
NC_API const char *nc_dataset_text(const nc_dataset *ds, size_t i, size_t *len);
/** Id of document i ("file:line" or the article's id header; borrowed). */
NC_API const char *nc_dataset_id(const nc_dataset *ds, size_t i);
/** Number of labels of document i. */
NC_API size_t nc_dataset_label_count(const nc_dataset *ds, size_t i);
/** Label j of document i (borrowed). */
NC_API const char *nc_dataset_label(const nc_dataset *ds, size_t i, size_t j);

/* ------------------------------------------------------------------ */
/* Training                                                            */
/* ------------------------------------------------------------------ */

typedef enum nc_kernel { NC_KERNEL_LINEAR = 0, NC_KERNEL_RBF = 1 } nc_kernel;

typedef enum nc_solver {
	NC_SOLVER_AUTO = 0,   /**< libsvm, or liblinear for large linear problems */
	NC_SOLVER_LIBSVM = 1, /**< libsvm C-SVC (any kernel) */
	NC_SOLVER_LIBLINEAR = 2 /**< liblinear L2-loss dual SVC (linear only) */
} nc_solver;

/** Everything that shapes a model: tokenizer, vectorizer and classifier. */
typedef struct nc_train_options {
	unsigned version;
	/** 1 = each document may have several labels (one-vs-rest binary SVMs,
	 *  each with its own threshold); 0 = exactly one label per document. */
	int multi_label;
	/** Word n-grams from 1 to ngram_max (1..3). */
	int ngram_max;
	/** 1 = drop English stop words before forming n-grams. */
	int stop_words;
	/** Keep terms in at least min_df documents (>= 1: a count; < 1: a
	 *  fraction of the documents). */
	double min_df;
	/** Drop terms in more than max_df of the documents (fraction, 0..1]. */
	double max_df;
	/** Keep at most this many terms, the most frequent (0 = no limit). */
	size_t max_features;
	/** 1 = tf is 1 + ln(count) instead of count. */
	int sublinear_tf;
	nc_kernel kernel;
	nc_solver solver;
	double C;
	/** RBF gamma; <= 0 means 1 / number of features. */
	double gamma;
	/** 1 = weight classes inversely to their frequency ("balanced"). */
	int balanced;
	/** Explicit weights "label=w,label=w" multiplying C for that label's
	 *  positive class; NULL for none. Applied after `balanced`. */
	const char *class_weights;
	/** 1 = also fit Platt scaling so predictions can give probabilities. */
	int probability;
	/** Seed for everything random (libsvm's probability cross-validation). */
	unsigned seed;
	/** Threads for the binary problems and for libsvm's shared linear
	 *  kernel matrix (0 = all cores). Results do not depend on it. */
	int threads;
	/** libsvm stopping tolerance and kernel cache (MB). */
	double eps;
	double cache_mb;
	/** Unix time recorded as the training date; 0 = now, or
	 *  $SOURCE_DATE_EPOCH when the CLI sets it (reproducible builds). */
	int64_t timestamp;
	/** Free text stored in the model as the training command (may be NULL). */
	const char *provenance;
	/** Multi-label: choose each label's decision threshold by this many
	 *  folds of cross-validation on the training data (the threshold that
	 *  maximises the label's F1 on out-of-fold scores, kept within
	 *  [-0.5, 0.5]); 0 = threshold 0. */
	int tune_thresholds;
	/** Multi-label: give every document at least its best label, even when
	 *  no score passes its threshold (for data where every document has a
	 *  label). Stored in the model. */
	int at_least_one;
	/** Linear kernel only: after training, keep the keep_features features
	 *  with the largest weight (absolute value, largest over the labels),
	 *  drop the rest from the vocabulary and train again on the smaller
	 *  vocabulary; 0 = keep every feature. Makes models smaller and faster
	 *  to load, usually at little cost in accuracy. */
	size_t keep_features;
	/** Linear kernel only: 1 = round the weights to 8-bit integers, one
	 *  scale per label (step = largest |weight| / 127), and store them so
	 *  (model file format 2, which also stores document frequencies instead
	 *  of idf). The in-memory model is rounded too, so what is evaluated
	 *  after training is what a reloaded file predicts. */
	int quantize;
	/** 1 = stem English words (Porter2, the Snowball English stemmer)
	 *  after stop-word removal, so "exports", "exported" and "exporting"
	 *  are one term. Only words of the letters a-z are stemmed; other
	 *  scripts and words with digits are kept as they are. Stored in the
	 *  model. */
	int stem;
	/** Character n-grams of char_ngram_min..char_ngram_max code points
	 *  (1 <= min <= max <= NC_CHAR_NGRAM_MAX) as extra terms beside the
	 *  words, taken from each piece of normalised text between white
	 *  space, padded with a space at each end, punctuation included
	 *  (scikit-learn's "char_wb" analyzer). They make models robust to
	 *  spelling variants, model numbers and word forms, at the cost of
	 *  several times more terms per document. 0, 0 = none. Stored in the
	 *  model. */
	int char_ngram_min;
	int char_ngram_max;
	/** Each occurrence of a term in a document's title counts this many
	 *  times (1..NC_TITLE_WEIGHT_MAX; 1 = like the body). The title is the
	 *  document's first paragraph: the text before its first blank line
	 *  (a line of white space only) or U+2029, which is the `title:`
	 *  header of an article file and the first text column of a CSV or
	 *  TSV row. A document of one paragraph has no title and counts as if
	 *  the weight were 1. Headlines name the event a story is about, so a
	 *  weight of 2 or 3 helps topic classification of real news. Stored
	 *  in the model. */
	int title_weight;
	/** Linear kernel only: 1 = before training each label's binary
	 *  problem, multiply every feature by its naive Bayes log-count ratio
	 *  for that label, ln((p / |p|) / (q / |q|)) with p and q the numbers
	 *  of positive and negative training documents that have the feature,
	 *  plus one (NBSVM, Wang and Manning 2012); the ratios are folded into
	 *  the weights, so prediction and the model file's weights are as
	 *  without it. Often better on topics told apart by a few telling
	 *  words; costs a copy of the training vectors per problem being
	 *  trained and, with the libsvm solver, that problem's own linear
	 *  kernel matrix when it fits in cache_mb. Not with `probability`
	 *  (libsvm's calibration folds would see ratios counted on all the
	 *  documents): NC_EINVAL. Stored in the model (for `info`). */
	int nb_scale;
} nc_train_options;

/** Longest character n-gram nc_train_options accepts. */
#define NC_CHAR_NGRAM_MAX 6
/** Largest title weight nc_train_options accepts. */
#define NC_TITLE_WEIGHT_MAX 9

#define NC_TRAIN_OPTIONS_VERSION 6
#define NC_TRAIN_OPTIONS_INIT                                                \
	{ NC_TRAIN_OPTIONS_VERSION, 0, 2, 1, 1.0, 1.0, 0, 1, NC_KERNEL_LINEAR, \
	  NC_SOLVER_AUTO, 1.0, 0.0, 0, NULL, 0, 1, 0, 0.001, 100.0, 0, NULL,  \
	  0, 0, 0, 0, 0, 0, 0, 1, 0 }

/** A trained model: vectorizer + classifiers + metadata. */
typedef struct nc_model nc_model;

/** Progress callback for long operations: done out of total units. Return
 *  non-zero to cancel (the call then fails with NC_EINVAL). */
typedef int (*nc_progress_fn)(void *ctx, size_t done, size_t total);

/**
 * Train a model on `ds`. Documents without labels are an error in
 * single-label mode (NC_EFORMAT) and negative for every label in
 * multi-label mode. *out is owned by the caller (nc_model_free).
 * `progress` may be NULL.
 */
NC_API int nc_model_train(nc_model **out, const nc_dataset *ds,
			  const nc_train_options *opts,
			  nc_progress_fn progress, void *progress_ctx);

/** Release a model. Accepts NULL. */
NC_API void nc_model_free(nc_model *model);

/* ------------------------------------------------------------------ */
/* Model files                                                         */
/* ------------------------------------------------------------------ */

/**
 * Write `model` to `path` atomically: a temporary file in the same
 * directory is written, flushed to disk and renamed over `path`, so a crash
 * or full disk leaves any previous file intact.
 */
NC_API int nc_model_save(const nc_model *model, const char *path);

/** Serialise `model` into a gzip buffer; *out (malloc'd) is owned by the
 *  caller and released with free(). */
NC_API int nc_model_save_buffer(void **out, size_t *out_len,
				const nc_model *model);

/** Limits applied while loading untrusted model files. */
typedef struct nc_load_options {
	unsigned version;
	/** Largest decompressed size accepted. 0 = 256 MiB, or 32 times the
	 *  compressed size for larger files (at most 4 GiB): a bomb expands
	 *  about 1000 times, a real model 3 to 5 times. */
	size_t max_decompressed_bytes;
} nc_load_options;

#define NC_LOAD_OPTIONS_VERSION 1
#define NC_LOAD_OPTIONS_INIT { NC_LOAD_OPTIONS_VERSION, 0 }

/**
 * Load and fully validate a model file. Any malformed, truncated, oversized
 * or inconsistent input gives NC_EMODEL (or NC_ELIMIT / NC_EIO) and a
 * message; nothing is trusted before it is checked. `opts` may be NULL.
 */
NC_API int nc_model_load(nc_model **out, const char *path,
			 const nc_load_options *opts);

/** As nc_model_load(), from the bytes of a model file in memory. */
NC_API int nc_model_load_buffer(nc_model **out, const void *data, size_t len,
				const nc_load_options *opts);

/* ------------------------------------------------------------------ */
/* Inspection                                                          */
/* ------------------------------------------------------------------ */

/** Number of labels (classes) of the model. */
NC_API size_t nc_model_label_count(const nc_model *model);
/** Name of label i (borrowed). */
NC_API const char *nc_model_label_name(const nc_model *model, size_t i);
/** Index of a label name, or -1. */
NC_API long nc_model_label_index(const nc_model *model, const char *name);
/** Decision threshold of label i (multi-label models). */
NC_API double nc_model_label_threshold(const nc_model *model, size_t i);
/** Number of features (vocabulary terms). */
NC_API size_t nc_model_feature_count(const nc_model *model);
/** 1 for a multi-label model, 0 for single-label. */
NC_API int nc_model_is_multi_label(const nc_model *model);
/** 1 when the model carries probability (Platt) parameters. */
NC_API int nc_model_has_probability(const nc_model *model);

/**
 * Training metadata and settings as key/value pairs, in a stable order:
 * key i is *key, value *value (both borrowed). Returns NC_EINVAL when i is
 * out of range; use it to iterate.
 */
NC_API int nc_model_info(const char **key, const char **value,
			 const nc_model *model, size_t i);

/* ------------------------------------------------------------------ */
/* Prediction                                                          */
/* ------------------------------------------------------------------ */

typedef struct nc_predict_options {
	unsigned version;
	/** 1 = scores are probabilities (needs a model trained with them). */
	int probability;
	/** Multi-label: 1 = use `threshold` for every label instead of the
	 *  model's per-label thresholds (0.5 when scores are probabilities). */
	int use_threshold;
	double threshold;
	/** Report at most k predicted labels (0 = no limit). */
	size_t top_k;
	/** Multi-label: predict the best label when none passes (0/1); models
	 *  trained with at_least_one always do. */
	int at_least_one;
} nc_predict_options;

#define NC_PREDICT_OPTIONS_VERSION 1
#define NC_PREDICT_OPTIONS_INIT \
	{ NC_PREDICT_OPTIONS_VERSION, 0, 0, 0.0, 0, 0 }

/** The answer for one document. Create with nc_prediction_new for a model;
 *  reuse it across documents to avoid allocations. */
typedef struct nc_prediction nc_prediction;

NC_API int nc_prediction_new(nc_prediction **out, const nc_model *model);
NC_API void nc_prediction_free(nc_prediction *p);

/**
 * Classify one document. `text` need not be valid UTF-8 or NUL-terminated.
 * Fills `p`, which must come from nc_prediction_new() for this model.
 */
NC_API int nc_model_predict(nc_prediction *p, const nc_model *model,
			    const char *text, size_t len,
			    const nc_predict_options *opts);

/** Number of predicted labels (0 is possible for multi-label models). */
NC_API size_t nc_prediction_count(const nc_prediction *p);
/** Label index of the i-th label by descending score (i < label count):
 *  the first nc_prediction_count() of them are the predicted labels. */
NC_API size_t nc_prediction_rank(const nc_prediction *p, size_t i);
/** Score of label `label` (decision value or probability). */
NC_API double nc_prediction_score(const nc_prediction *p, size_t label);

/* ------------------------------------------------------------------ */
/* Streaming documents                                                 */
/* ------------------------------------------------------------------ */

/**
 * A document fed in pieces, for inputs too large to hold in memory: memory
 * stays bounded by the model's vocabulary whatever the document's size.
 * nc_model_predict() on a whole buffer is equivalent to new + feed + finish.
 */
typedef struct nc_stream nc_stream;

NC_API int nc_stream_new(nc_stream **out, const nc_model *model);
NC_API void nc_stream_free(nc_stream *s);
/** Start a new document (the stream is ready for one after _new). */
NC_API void nc_stream_reset(nc_stream *s);
/** Feed the next `len` bytes of the current document. */
NC_API int nc_stream_feed(nc_stream *s, const char *data, size_t len);
/** Finish the current document and classify it into `p`, then reset. */
NC_API int nc_stream_predict(nc_prediction *p, nc_stream *s,
			     const nc_predict_options *opts);

/* ------------------------------------------------------------------ */
/* Vectors                                                             */
/* ------------------------------------------------------------------ */

/**
 * The TF-IDF vector of a document under a model's vectorizer, as
 * ascending 0-based feature indices and values (borrowed from the stream,
 * valid until its next use). Used by `newsclass vectorize`.
 */
NC_API int nc_stream_vector(const uint32_t **index, const double **value,
			    size_t *count, nc_stream *s);

/** Fit only the vectorizer on `ds` (no classifier): a model whose
 *  prediction functions fail with NC_EINVAL but which can vectorize. */
NC_API int nc_model_fit_vectorizer(nc_model **out, const nc_dataset *ds,
				   const nc_train_options *opts);

/** The term of feature i (borrowed), e.g. "export controls". */
NC_API const char *nc_model_feature_name(const nc_model *model, size_t i);

/* ------------------------------------------------------------------ */
/* Evaluation                                                          */
/* ------------------------------------------------------------------ */

/** Accumulates gold vs predicted label sets and computes metrics. */
typedef struct nc_metrics nc_metrics;

/** `label_count` labels; multi_label selects the multi-label metrics. */
NC_API int nc_metrics_new(nc_metrics **out, size_t label_count, int multi_label);
NC_API void nc_metrics_free(nc_metrics *m);
/** Add one document: gold and predicted label index sets. */
NC_API int nc_metrics_add(nc_metrics *m, const size_t *gold, size_t ngold,
			  const size_t *pred, size_t npred);

typedef struct nc_label_metrics {
	double precision, recall, f1;
	size_t support; /**< gold documents with the label */
	size_t tp, fp, fn;
} nc_label_metrics;

typedef struct nc_summary {
	size_t documents;
	double accuracy;        /**< single-label: share right; multi-label: subset accuracy */
	double micro_precision, micro_recall, micro_f1;
	double macro_precision, macro_recall, macro_f1;
	double hamming_loss;    /**< multi-label only (0 otherwise) */
} nc_summary;

NC_API void nc_metrics_summary(nc_summary *out, const nc_metrics *m);
NC_API void nc_metrics_label(nc_label_metrics *out, const nc_metrics *m,
			     size_t label);
/** Single-label confusion count: documents of gold label g predicted p. */
NC_API size_t nc_metrics_confusion(const nc_metrics *m, size_t g, size_t p);

#ifdef __cplusplus
}
#endif
#endif /* NEWSCLASS_H */
