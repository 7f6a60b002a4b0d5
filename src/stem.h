/*
 * stem.h - the English (Porter2) stemmer the tokenizer applies when a model
 * asks for stemming.
 *
 * Stemming maps inflected and derived forms onto one term ("exports",
 * "exported", "exporting" -> "export"), so a model trained on one way of
 * writing an event still recognises another. The algorithm is Martin
 * Porter's "Porter2", as the Snowball project defines its English stemmer
 * (release 2.2); tests/data/stem-english.tsv holds that reference
 * implementation's output, which ours must reproduce.
 */
#ifndef NC_STEM_H
#define NC_STEM_H

#include <stddef.h>

/* Longest word the stemmer looks at; longer words are left as they are. */
#define NC_STEM_MAX 64

/*
 * Stem w[0..len) in place and return the stem's length (<= len). Only words
 * made of the letters a-z (the tokenizer has already case-folded them) are
 * stemmed; any other word, and words under three letters, come back
 * unchanged. Never fails, never allocates.
 */
size_t nc_stem_english(char *w, size_t len);

#endif
