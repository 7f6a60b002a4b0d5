/*
 * tokenize.c - the streaming Unicode tokenizer (policy in tokenize.h).
 *
 * Bytes are decoded here, by a strict decoder of our own, rather than by
 * utf8proc_iterate: we need to resume a sequence split across two feeds
 * and to replace each maximal invalid subsequence by one U+FFFD. Valid code
 * points are re-encoded into a bounded "chunk" (text between white space)
 * which utf8proc normalises (NFKC + case fold) in one call, since
 * normalisation needs a whole run to reorder and compose marks.
 */
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "alloc.h"
#include "error.h"
#include "stem.h"

#define CHUNK_BYTES (NC_TOK_CHUNK * 4)
#define NORM_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
		   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

#define STOP_SLOTS 512 /* power of two, over twice the list's length */

struct nc_tokenizer {
	int ngram_max;
	int stop_words;
	int stem;
	int char_min, char_max; /* character n-grams; 0 = none */
	nc_token_fn fn;
	void *ctx;

	unsigned char pend[4]; /* incomplete UTF-8 sequence from the last feed */
	size_t npend;

	unsigned char chunk[CHUNK_BYTES]; /* valid UTF-8 between white space */
	size_t nchunk;
	size_t chunk_cps;
	int chunk_ascii;  /* every code point of the chunk is ASCII */

	utf8proc_int32_t *norm; /* normalised code points of the chunk */
	size_t normcap;

	/* previous kept words, for n-grams: hist[0] is the most recent */
	char hist[NC_TOK_MAX_NGRAM - 1][NC_TOK_MAX_BYTES + 1];
	size_t histlen[NC_TOK_MAX_NGRAM - 1];
	int nhist;

	/* the first blank line: seen_text once a non-space code point came,
	 * at_line_start after a line feed with only white space since */
	int seen_text, at_line_start, paragraph;

	/* stop words as a small hash set, built once per tokenizer: checked
	 * for every token, it costs one or two probes where a binary search
	 * over the list made eight string comparisons */
	struct stop_key {
		uint64_t a, b; /* the word's bytes, zero-padded (<= 16) */
	} stop_tab[STOP_SLOTS];
};

/* English stop words: our own list of function words, sorted (a unit test
 * checks the order, bsearch depends on it). Contractions appear without
 * their apostrophe because the tokenizer drops it. */
static const char *const stop_words[] = {
	"a", "about", "above", "after", "again", "against", "all", "also",
	"am", "an", "and", "any", "are", "arent", "as", "at", "be", "because",
	"been", "before", "being", "below", "between", "both", "but", "by",
	"can", "cannot", "cant", "could", "couldnt", "did", "didnt", "do",
	"does", "doesnt", "doing", "dont", "down", "during", "each", "either",
	"else", "ever", "every", "few", "for", "from", "further", "had",
	"hadnt", "has", "hasnt", "have", "havent", "having", "he", "hed",
	"hell", "her", "here", "heres", "hers", "herself", "hes", "him",
	"himself", "his", "how", "however", "hows", "i", "id", "if", "ill",
	"im", "in", "into", "is", "isnt", "it", "its", "itself", "ive", "just",
	"let", "lets", "may", "me", "might", "more", "most", "must", "mustnt",
	"my", "myself", "neither", "no", "nor", "not", "now", "of", "off",
	"on", "once", "only", "or", "other", "ought", "our", "ours",
	"ourselves", "out", "over", "own", "same", "shall", "shant", "she",
	"shed", "shell", "shes", "should", "shouldnt", "so", "some", "such",
	"than", "that", "thats", "the", "their", "theirs", "them",
	"themselves", "then", "there", "theres", "these", "they", "theyd",
	"theyll", "theyre", "theyve", "this", "those", "though", "through",
	"thus", "to", "too", "under", "until", "up", "upon", "us", "very",
	"was", "wasnt", "we", "wed", "well", "were", "werent", "weve", "what",
	"whats", "when", "whens", "where", "wheres", "whether", "which",
	"while", "who", "whom", "whos", "whose", "why", "whys", "will", "with",
	"within", "without", "wont", "would", "wouldnt", "yet", "you", "youd",
	"youll", "your", "youre", "yours", "yourself", "yourselves", "youve",
};

int nc_is_stop_word(const char *word, size_t len)
{
	/* a binary search without bsearch's callback or a copy of the word:
	 * this runs once per token */
	size_t lo = 0, hi = sizeof stop_words / sizeof *stop_words;
	if (len == 0 || len > 10) /* the longest stop word has 10 letters */
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *w = stop_words[mid];
		int c = strncmp(word, w, len);
		if (c == 0)
			c = w[len] ? -1 : 0; /* word is a prefix of w: smaller */
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* Exposed for the unit test of the list's order. */
size_t nc__stop_word_count(void);
const char *nc__stop_word(size_t i);
size_t nc__stop_word_count(void) { return sizeof stop_words / sizeof *stop_words; }
const char *nc__stop_word(size_t i) { return stop_words[i]; }

static int stop_key(struct stop_key *k, const char *w, size_t len)
{
	unsigned char buf[16] = { 0 };
	if (len == 0 || len > sizeof buf)
		return 0;
	memcpy(buf, w, len);
	memcpy(&k->a, buf, 8);
	memcpy(&k->b, buf + 8, 8);
	return 1;
}

static size_t stop_slot(const struct stop_key *k)
{
	uint64_t h = (k->a ^ (k->b * 0x9E3779B97F4A7C15ULL)) * 0xbf58476d1ce4e5b9ULL;
	return (size_t)(h >> 32) & (STOP_SLOTS - 1);
}

/* a == 0 marks an empty slot: no word starts with a NUL byte */
static int is_stop(const nc_tokenizer *t, const char *w, size_t len)
{
	struct stop_key k;
	size_t i;
	if (!stop_key(&k, w, len))
		return 0;
	for (i = stop_slot(&k); t->stop_tab[i].a; i = (i + 1) & (STOP_SLOTS - 1))
		if (t->stop_tab[i].a == k.a && t->stop_tab[i].b == k.b)
			return 1;
	return 0;
}

int nc_tokenizer_new(nc_tokenizer **out, int ngram_max, unsigned flags,
		     nc_token_fn fn, void *ctx)
{
	size_t w;
	nc_tokenizer *t;

	*out = NULL;
	if (ngram_max < 1 || ngram_max > NC_TOK_MAX_NGRAM || !fn)
		return nc_error(NC_EINVAL, "n-gram size must be 1..%d",
				NC_TOK_MAX_NGRAM);
	t = nc_calloc(1, sizeof *t);
	if (!t)
		return nc_error_oom();
	t->ngram_max = ngram_max;
	t->stop_words = (flags & NC_TOK_STOP_WORDS) != 0;
	t->stem = (flags & NC_TOK_STEM) != 0;
	t->fn = fn;
	t->ctx = ctx;
	t->chunk_ascii = 1;
	for (w = 0; t->stop_words && w < sizeof stop_words / sizeof *stop_words; w++) {
		struct stop_key k;
		size_t i;
		stop_key(&k, stop_words[w], strlen(stop_words[w]));
		for (i = stop_slot(&k); t->stop_tab[i].a; i = (i + 1) & (STOP_SLOTS - 1))
			;
		t->stop_tab[i] = k;
	}
	*out = t;
	return 0;
}

int nc_char_ngram_range_ok(int min, int max)
{
	return (min == 0 && max == 0) ||
	       (min >= 1 && max >= min && max <= NC_TOK_MAX_CHAR_NGRAM);
}

int nc_tokenizer_set_char_ngrams(nc_tokenizer *t, int min, int max)
{
	if (!nc_char_ngram_range_ok(min, max))
		return nc_error(NC_EINVAL, "character n-grams must be 1 to %d characters long",
				NC_TOK_MAX_CHAR_NGRAM);
	t->char_min = min;
	t->char_max = max;
	return 0;
}

void nc_tokenizer_free(nc_tokenizer *t)
{
	if (!t)
		return;
	nc_free(t->norm);
	nc_free(t);
}

void nc_tokenizer_reset(nc_tokenizer *t)
{
	t->npend = 0;
	t->nchunk = 0;
	t->chunk_cps = 0;
	t->chunk_ascii = 1;
	t->nhist = 0;
	t->seen_text = t->at_line_start = t->paragraph = 0;
}

int nc_tokenizer_paragraph(const nc_tokenizer *t)
{
	return t->paragraph;
}

/*
 * Strict UTF-8 decoding of one sequence. Returns the bytes consumed with
 * *cp set (-1 for an invalid subsequence, which is then the maximal subpart
 * of an ill-formed sequence, as Unicode recommends), or 0 when s[0..n) is
 * a valid but incomplete prefix.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;
	int32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* > U+10FFFF */
	} else {
		*cp = -1;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n)
			return 0;
		if (s[i] < lo || s[i] > hi) {
			*cp = -1;
			return i;
		}
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return need + 1;
}

/* ---- token emission ------------------------------------------------ */

static int emit(nc_tokenizer *t, const char *s, size_t len)
{
	if (len == 0 || len > NC_TOK_MAX_BYTES)
		return 0;
	return t->fn(t->ctx, s, len);
}

/* A kept word: emit it, then the n-grams it ends, then remember it. */
static int emit_word(nc_tokenizer *t, const char *w, size_t len)
{
	char gram[NC_TOK_MAX_NGRAM * (NC_TOK_MAX_BYTES + 1)];
	int rc, k;

	if (len > NC_TOK_MAX_BYTES)
		return 0;
	if ((rc = emit(t, w, len)) != 0)
		return rc;
	for (k = 1; k < t->ngram_max && k <= t->nhist; k++) {
		size_t pos = 0;
		int j;
		for (j = k - 1; j >= 0; j--) {
			memcpy(gram + pos, t->hist[j], t->histlen[j]);
			pos += t->histlen[j];
			gram[pos++] = ' ';
		}
		memcpy(gram + pos, w, len);
		pos += len;
		if ((rc = t->fn(t->ctx, gram, pos)) != 0)
			return rc;
	}
	if (t->ngram_max > 1) {
		for (k = t->ngram_max - 2; k > 0; k--) {
			memcpy(t->hist[k], t->hist[k - 1], t->histlen[k - 1]);
			t->histlen[k] = t->histlen[k - 1];
		}
		memcpy(t->hist[0], w, len);
		t->histlen[0] = len;
		if (t->nhist < t->ngram_max - 1)
			t->nhist++;
	}
	return 0;
}

/* ---- classification of normalised code points ------------------------ */

enum { C_SEP, C_WORD, C_CJK };

static int is_unspaced_script(int32_t c)
{
	return (c >= 0x0E00 && c <= 0x0EFF) ||   /* Thai, Lao */
	       (c >= 0x1000 && c <= 0x109F) ||   /* Myanmar */
	       (c >= 0x1100 && c <= 0x11FF) ||   /* Hangul Jamo */
	       (c >= 0x1780 && c <= 0x17FF) ||   /* Khmer */
	       (c >= 0x2E80 && c <= 0x2FDF) ||   /* CJK radicals */
	       (c >= 0x3005 && c <= 0x3007) ||   /* ideographic marks */
	       (c >= 0x3021 && c <= 0x3029) ||
	       (c >= 0x3031 && c <= 0x3035) ||   /* kana repeat marks */
	       (c >= 0x3038 && c <= 0x303C) ||
	       (c >= 0x3040 && c <= 0x30FF) ||   /* Hiragana, Katakana */
	       (c >= 0x3130 && c <= 0x318F) ||   /* Hangul compatibility jamo */
	       (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) ||   /* Han ext. A */
	       (c >= 0x4E00 && c <= 0x9FFF) ||   /* Han */
	       (c >= 0xA960 && c <= 0xA97F) ||
	       (c >= 0xAC00 && c <= 0xD7FF) ||   /* Hangul syllables, jamo ext. B */
	       (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFF66 && c <= 0xFF9F) ||
	       (c >= 0x20000 && c <= 0x3FFFF);   /* Han ext. B.. */
}

static int is_numeric(int32_t c)
{
	utf8proc_category_t cat;
	if (c < 0x80)
		return c >= '0' && c <= '9';
	cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL ||
	       cat == UTF8PROC_CATEGORY_NO;
}

static int classify(int32_t c)
{
	utf8proc_category_t cat;

	if (c < 0x80) /* fast path for ASCII */
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		       (c >= '0' && c <= '9') ? C_WORD : C_SEP;
	cat = utf8proc_category(c);
	if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME)
		return is_unspaced_script(c) ? C_CJK : C_WORD;
	if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO)
		return C_WORD;
	return C_SEP;
}

static int is_apostrophe(int32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }
static int is_hyphen(int32_t c) { return c == '-' || c == 0x2010; }

/* ---- words ------------------------------------------------------------ */

/* Encode one hyphen-free part into buf; returns its byte length, or 0 when
 * it is to be dropped (too long). *numeric says it was digits only. */
static size_t encode_part(char *buf, const int32_t *cp, size_t n, int *numeric,
			  size_t *ncps)
{
	size_t i, len = 0;
	*numeric = 1;
	*ncps = 0;
	for (i = 0; i < n; i++) {
		if (is_apostrophe(cp[i])) {
			/* final 's: a possessive, not part of the word */
			if (i + 2 == n && (cp[i + 1] == 's'))
				break;
			continue;
		}
		if (cp[i] == '.' || cp[i] == ',') {
			/* only kept between digits, i.e. inside a number */
		} else if (!is_numeric(cp[i])) {
			*numeric = 0;
		}
		if (cp[i] < 0x80) { /* most text: no encoder call */
			if (len + 1 > NC_TOK_MAX_BYTES)
				return 0;
			buf[len++] = (char)cp[i];
		} else {
			utf8proc_uint8_t enc[4];
			size_t k = (size_t)utf8proc_encode_char(cp[i], enc);
			if (len + k > NC_TOK_MAX_BYTES)
				return 0;
			memcpy(buf + len, enc, k);
			len += k;
		}
		(*ncps)++;
	}
	return len;
}

static int handle_word(nc_tokenizer *t, const int32_t *cp, size_t n)
{
	char compound[NC_TOK_MAX_BYTES + 1];
	size_t clen = 0, start = 0, i, parts = 0;
	int compound_ok = 1, rc;

	for (i = 0; i <= n; i++) {
		char part[NC_TOK_MAX_BYTES + 8];
		size_t plen, ncps;
		int numeric;

		if (i < n && !is_hyphen(cp[i]))
			continue;
		plen = encode_part(part, cp + start, i - start, &numeric, &ncps);
		if (plen == 0) {
			compound_ok = 0;
		} else {
			/* a stop word is dropped before stemming could disguise it,
			 * and stays as written inside a compound */
			int kept = (numeric || ncps > 1) &&
				   !(t->stop_words && is_stop(t, part, plen));
			if (numeric) {
				memcpy(part, "<num>", 5);
				plen = 5;
			} else if (kept && t->stem) {
				plen = nc_stem_english(part, plen);
			}
			if (clen + plen + 1 > NC_TOK_MAX_BYTES) {
				compound_ok = 0;
			} else {
				if (clen)
					compound[clen++] = '-';
				memcpy(compound + clen, part, plen);
				clen += plen;
			}
			if (kept && (rc = emit_word(t, part, plen)) != 0)
				return rc;
		}
		parts++;
		start = i + 1;
	}
	if (parts > 1 && compound_ok)
		return emit(t, compound, clen);
	return 0;
}

/* A run of characters from scripts written without spaces: bigrams. */
static int handle_cjk(nc_tokenizer *t, const int32_t *cp, size_t n)
{
	char buf[8];
	size_t i, a;
	int rc;

	if (n == 1) {
		a = (size_t)utf8proc_encode_char(cp[0], (utf8proc_uint8_t *)buf);
		return emit(t, buf, a);
	}
	for (i = 0; i + 1 < n; i++) {
		a = (size_t)utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)buf);
		a += (size_t)utf8proc_encode_char(cp[i + 1], (utf8proc_uint8_t *)buf + a);
		if ((rc = emit(t, buf, a)) != 0)
			return rc;
	}
	return 0;
}

static int is_digit_at(const int32_t *cp, size_t n, size_t i)
{
	return i < n && utf8proc_category(cp[i]) == UTF8PROC_CATEGORY_ND;
}

static int scan_normalised(nc_tokenizer *t, const int32_t *cp, size_t n)
{
	size_t i = 0, j;
	int rc;

	while (i < n) {
		int c = classify(cp[i]);
		if (c == C_SEP) {
			i++;
			continue;
		}
		j = i;
		while (j < n && classify(cp[j]) == c)
			j++;
		if (c == C_CJK) {
			rc = handle_cjk(t, cp + i, j - i);
			i = j;
			if (rc)
				return rc;
			continue;
		}
		/* extend over connectors that sit between word characters */
		while (j + 1 < n && classify(cp[j + 1]) == C_WORD &&
		       (is_apostrophe(cp[j]) || is_hyphen(cp[j]) ||
			((cp[j] == '.' || cp[j] == ',') && j > 0 &&
			 is_digit_at(cp, n, j - 1) && is_digit_at(cp, n, j + 1)))) {
			j++;
			while (j < n && classify(cp[j]) == C_WORD)
				j++;
		}
		if ((rc = handle_word(t, cp + i, j - i)) != 0)
			return rc;
		i = j;
	}
	return 0;
}

/* ---- character n-grams ------------------------------------------------- */

static int is_break(int32_t c);

/* The padded piece " " + cp[0..n) + " ", code point i. */
static int32_t padded_at(const int32_t *cp, size_t n, size_t i)
{
	return i == 0 || i == n + 1 ? ' ' : cp[i - 1];
}

/* The n-grams of one piece of text without white space. Each start
 * position grows its gram one code point at a time, so every code point
 * is encoded at most char_max times and nothing is buffered. */
static int char_piece(nc_tokenizer *t, const int32_t *cp, size_t n)
{
	char gram[1 + NC_TOK_MAX_CHAR_NGRAM * 4];
	size_t m = n + 2, i, k;
	int rc;

	for (i = 0; i < m; i++) {
		size_t len = 1;
		gram[0] = '#';
		for (k = 1; k <= (size_t)t->char_max && i + k <= m; k++) {
			int32_t c = padded_at(cp, n, i + k - 1);
			if (c < 0x80)
				gram[len++] = (char)c;
			else
				len += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)gram + len);
			if (k >= (size_t)t->char_min && (rc = emit(t, gram, len)) != 0)
				return rc;
		}
		/* a padded piece shorter than the smallest n-gram: itself, once */
		if (i == 0 && m < (size_t)t->char_min && (rc = emit(t, gram, len)) != 0)
			return rc;
	}
	return 0;
}

/* Normalisation can turn one code point into several with a space among
 * them (NFKC of U+2474 is "(1)", of U+00A8 a space and a mark), so a chunk
 * is split at white space again before its pieces are padded. */
static int char_ngrams(nc_tokenizer *t, const int32_t *cp, size_t n)
{
	size_t i = 0, j;
	int rc;

	while (i < n) {
		if (is_break(cp[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && !is_break(cp[j]); j++)
			;
		if ((rc = char_piece(t, cp + i, j - i)) != 0)
			return rc;
		i = j;
	}
	return 0;
}

/* Words, then character n-grams if asked, of a normalised chunk. */
static int scan_chunk(nc_tokenizer *t, const int32_t *cp, size_t n)
{
	int rc = scan_normalised(t, cp, n);
	if (rc == 0 && t->char_max)
		rc = char_ngrams(t, cp, n);
	return rc;
}

static int flush_chunk(nc_tokenizer *t)
{
	utf8proc_ssize_t r;

	if (t->nchunk == 0)
		return 0;
	if (t->chunk_ascii) {
		/* NFKC and case folding leave ASCII as it is but for upper case
		 * (and printable ASCII has no default-ignorable character), so
		 * English text skips utf8proc: the same tokens, much faster */
		size_t i, n = t->nchunk;
		if (n > t->normcap &&
		    nc_grow((void **)&t->norm, &t->normcap, n, sizeof *t->norm))
			return nc_error_oom();
		for (i = 0; i < n; i++) {
			unsigned char c = t->chunk[i];
			t->norm[i] = c >= 'A' && c <= 'Z' ? c + 32 : c;
		}
		t->nchunk = t->chunk_cps = 0;
		return scan_chunk(t, t->norm, n);
	}
	for (;;) {
		r = utf8proc_decompose(t->chunk, (utf8proc_ssize_t)t->nchunk,
				       t->norm, (utf8proc_ssize_t)t->normcap,
				       NORM_OPTS);
		if (r < 0) { /* cannot happen on valid input: drop the chunk */
			t->nchunk = t->chunk_cps = 0;
			return 0;
		}
		if ((size_t)r <= t->normcap)
			break;
		if (nc_grow((void **)&t->norm, &t->normcap, (size_t)r,
			    sizeof *t->norm))
			return nc_error_oom();
	}
	r = utf8proc_normalize_utf32(t->norm, r, NORM_OPTS);
	t->nchunk = t->chunk_cps = 0;
	t->chunk_ascii = 1;
	if (r < 0)
		return 0;
	return scan_chunk(t, t->norm, (size_t)r);
}

static int is_break(int32_t c)
{
	utf8proc_category_t cat;
	if (c < 0 || c == 0xFFFD)
		return 1;
	if (c < 0x80)
		return c <= ' ' || c == 0x7F;
	cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP || cat == UTF8PROC_CATEGORY_CC;
}

static int is_white_space(int32_t c)
{
	utf8proc_category_t cat;
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	if (c == 0x85) /* NEL: a C1 control, but a line break */
		return 1;
	cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

/* A blank line (two line feeds with only white space between) or U+2029
 * ends the first paragraph, once there was text before it. Called after
 * the chunk before c is flushed, so every token of the first paragraph has
 * come out by then. A control character or an invalid byte also
 * breaks words, but it is not white space: the line holding it is not
 * blank. */
static void track_paragraph(nc_tokenizer *t, int32_t c)
{
	if (c == '\n' || c == 0x2029) {
		if (t->seen_text && (t->at_line_start || c == 0x2029))
			t->paragraph = 1;
		t->at_line_start = 1;
	} else if (!is_white_space(c)) {
		t->at_line_start = 0;
	}
}

static int push_cp(nc_tokenizer *t, int32_t c)
{
	if (is_break(c)) {
		int rc = flush_chunk(t);
		track_paragraph(t, c);
		return rc;
	}
	t->seen_text = 1;
	t->at_line_start = 0;
	if (c < 0x80) { /* most bytes of most text: no encoder call */
		t->chunk[t->nchunk++] = (char)c;
	} else {
		t->chunk_ascii = 0;
		t->nchunk += (size_t)utf8proc_encode_char(c, t->chunk + t->nchunk);
	}
	if (++t->chunk_cps >= NC_TOK_CHUNK)
		return flush_chunk(t);
	return 0;
}

int nc_tokenizer_feed(nc_tokenizer *t, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	int32_t cp;
	size_t k;
	int rc;

	/* finish a sequence split by the previous feed */
	while (t->npend > 0 && len > 0) {
		unsigned char tmp[8];
		size_t take = len < 4 - t->npend ? len : 4 - t->npend;
		size_t m = t->npend + take;
		memcpy(tmp, t->pend, t->npend);
		memcpy(tmp + t->npend, s, take);
		k = utf8_decode(tmp, m, &cp);
		if (k == 0) { /* still incomplete: all input taken */
			memcpy(t->pend, tmp, m);
			t->npend = m;
			return 0;
		}
		if ((rc = push_cp(t, cp)) != 0)
			return rc;
		if (k >= t->npend) {
			s += k - t->npend;
			len -= k - t->npend;
			t->npend = 0;
		} else {
			memmove(t->pend, t->pend + k, t->npend - k);
			t->npend -= k;
		}
	}
	while (len > 0) {
		if (s[0] < 0x80) { /* ASCII fast path: nothing to decode */
			cp = s[0];
			k = 1;
		} else if ((k = utf8_decode(s, len, &cp)) == 0) {
			memcpy(t->pend, s, len);
			t->npend = len;
			return 0;
		}
		if ((rc = push_cp(t, cp)) != 0)
			return rc;
		s += k;
		len -= k;
	}
	return 0;
}

int nc_tokenizer_finish(nc_tokenizer *t)
{
	int rc = 0;
	if (t->npend > 0) /* truncated tail: one U+FFFD, a separator */
		t->npend = 0;
	rc = flush_chunk(t);
	nc_tokenizer_reset(t);
	return rc;
}
