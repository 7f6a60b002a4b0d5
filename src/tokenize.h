/*
 * tokenize.h - bytes to normalised tokens (utf8proc); knows nothing of
 * vocabularies.
 *
 * The tokenizer is a push parser: text may be fed in pieces of any size
 * (even splitting a UTF-8 sequence) and tokens come out through a
 * callback, so a 100 MB line costs a few kilobytes of memory. The policy,
 * which is part of the model format (a model records the version of it):
 *
 *  - Bytes are decoded as strict UTF-8. Each maximal invalid subsequence
 *    (overlong forms, surrogates, > U+10FFFF, stray continuation bytes,
 *    0xC0/0xC1/0xF5..0xFF, truncated tails) becomes U+FFFD, which separates
 *    words; the rest of the document is kept. NUL and other control
 *    characters separate words.
 *  - Text between white space is normalised with NFKC and Unicode case
 *    folding, default-ignorable characters (soft hyphen, ZWJ...) removed.
 *    A run longer than NC_TOK_CHUNK code points is cut there.
 *  - Words are runs of letters, marks and digits. An apostrophe between
 *    letters is dropped ("don't" -> "dont"), a final "'s" too ("Korea's" ->
 *    "korea"). A hyphen between word characters splits the word into parts
 *    and the whole compound is also emitted ("post-quantum" -> "post",
 *    "quantum", "post-quantum"). "." and "," between digits stay inside the
 *    number. A word of digits only becomes the token "<num>".
 *  - Han, Hangul, kana, Thai, Lao, Khmer and Myanmar letters (scripts
 *    written without spaces between words) form runs that yield character
 *    bigrams (a run of one character yields itself).
 *  - Single-letter words and tokens over NC_TOK_MAX_BYTES bytes are dropped;
 *    English stop words are dropped when asked.
 *  - When asked, words of the letters a-z only are then stemmed (Porter2,
 *    stem.h), compound parts included: "export-controls" -> "export",
 *    "control", "export-control". Other words are kept as they are.
 *  - Word n-grams (n = 2..ngram_max) join consecutive kept words with one
 *    space. Compounds and CJK bigrams are unigrams only.
 *  - When asked (nc_tokenizer_set_char_ngrams), every piece of normalised
 *    text between white space also gives its character n-grams, as
 *    scikit-learn's "char_wb" analyzer does: the piece is padded with one
 *    space at each end and all its n-grams of min..max code points are
 *    emitted, punctuation and stop words included; a padded piece shorter
 *    than min is emitted whole, once. Each is prefixed with '#', which no
 *    word token can contain, so "chip" with 3..3 gives "# ch", "#chi",
 *    "#hip", "#ip ".
 */
#ifndef NC_TOKENIZE_H
#define NC_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#define NC_TOK_CHUNK 256
#define NC_TOK_MAX_BYTES 64
#define NC_TOK_MAX_NGRAM 3
#define NC_TOK_MAX_CHAR_NGRAM 6 /* NC_CHAR_NGRAM_MAX in newsclass.h */
/* Bumped whenever the policy above changes what tokens a text gives. */
#define NC_TOKENIZER_VERSION 1

/* Called for each token; `tok` is not NUL-terminated. Non-zero stops. */
typedef int (*nc_token_fn)(void *ctx, const char *tok, size_t len);

typedef struct nc_tokenizer nc_tokenizer;

/* Flags for nc_tokenizer_new. */
#define NC_TOK_STOP_WORDS 1u /* drop English stop words */
#define NC_TOK_STEM 2u       /* stem a-z words (Porter2, stem.h) */

int nc_tokenizer_new(nc_tokenizer **out, int ngram_max, unsigned flags,
		     nc_token_fn fn, void *ctx);
void nc_tokenizer_free(nc_tokenizer *t);
/* Also emit character n-grams of min..max code points (1 <= min <= max <=
 * NC_TOK_MAX_CHAR_NGRAM), or none with 0, 0 (the default). Returns 0 or
 * NC_EINVAL. */
int nc_tokenizer_set_char_ngrams(nc_tokenizer *t, int min, int max);
/* 1 if min..max is a range nc_tokenizer_set_char_ngrams accepts (0, 0
 * included), else 0; for checking options and model files up front. */
int nc_char_ngram_range_ok(int min, int max);
/* The paragraph the tokens now coming out are from: 0 for the first one
 * (the text before the document's first blank line, or U+2029, after
 * leading white space), 1 for anything after it. For a token callback
 * that weights a title; tokens spanning the break (an n-gram of the last
 * word before it and the first after) count as after it. */
int nc_tokenizer_paragraph(const nc_tokenizer *t);
/* Forget any partial document. */
void nc_tokenizer_reset(nc_tokenizer *t);
/* Feed bytes; returns 0, NC_ENOMEM, or the callback's non-zero value. */
int nc_tokenizer_feed(nc_tokenizer *t, const char *data, size_t len);
/* End of document: flush what is pending, then reset. */
int nc_tokenizer_finish(nc_tokenizer *t);

/* 1 if `word` (NUL-terminated, normalised) is an English stop word. */
int nc_is_stop_word(const char *word, size_t len);

#endif
