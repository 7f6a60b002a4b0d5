/*
 * check_corpus.c - the corpus is what corpus/README.md says it is.
 *
 * Checks every article file (header keys, label names from the taxonomy,
 * 1-3 sectors, one topic, id = file name, body length), the per-label
 * minimums (every sector >= 60 articles, every topic >= 90, >= 800
 * articles), the fixed split (train.list and test.list cover every article
 * exactly once, about 20 % held out, every topic in both), and that no two
 * articles are near-duplicates: TF-IDF cosine similarity (unigrams, stop
 * words removed, our own vectorizer) above NEAR_DUP. The threshold is
 * justified in corpus/README.md: distinct articles on the same event stay
 * well below it, while a lightly edited copy of an article scores above it.
 *
 * usage: check_corpus CORPUS_DIR   (prints "N passed, M failed")
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsclass.h"
#include "sparse.h"
#include "tfidf.h"

#define NEAR_DUP 0.80
#define MAX_DOCS 4096

static const char *const sectors[] = { "semiconductors", "ai", "biotech", "energy", "telecom",
				       "quantum", "space", "cybersecurity", "defense", "public-safety" };
static const char *const topics[] = { "cooperation", "investment", "trade-security",
				      "policy", "research", "market" };
#define NS (sizeof sectors / sizeof *sectors)
#define NT (sizeof topics / sizeof *topics)

static int passed, failed;

static void check(int ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL: %s\n", what);
	}
}

static int find(const char *const *list, size_t n, const char *s)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return (int)i;
	return -1;
}

struct article {
	char name[64];
	int topic;
	int nsectors;
	int split; /* 0 none, 1 train, 2 test */
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Parse one article; returns 0 when well-formed, with a message otherwise. */
static int parse(struct article *a, const char *path, const char *name, char *msg, size_t msz)
{
	static const char *const keys[] = { "id", "title", "date", "source-style", "lang", "sectors", "topic" };
	size_t len, k = 0, words = 0, chars = 0;
	char *text = slurp(path, &len), *p, *line, *body, lang[8] = "";
	int in_word = 0;

	if (!text) {
		snprintf(msg, msz, "%s: unreadable", name);
		return -1;
	}
	p = text;
	a->topic = -1;
	a->nsectors = 0;
	for (;;) {
		char *nl = strchr(p, '\n'), *colon, *val;
		if (!nl) {
			snprintf(msg, msz, "%s: no blank line after the headers", name);
			goto bad;
		}
		*nl = '\0';
		line = p;
		p = nl + 1;
		if (!*line)
			break;
		colon = strstr(line, ": ");
		if (!colon || k >= 7 || strncmp(line, keys[k], (size_t)(colon - line)) != 0 ||
		    strlen(keys[k]) != (size_t)(colon - line)) {
			snprintf(msg, msz, "%s: header %zu is not '%s: ...'", name, k + 1, k < 7 ? keys[k] : "(none)");
			goto bad;
		}
		val = colon + 2;
		if (k == 0) {
			char want[64];
			snprintf(want, sizeof want, "%s.txt", val);
			if (strcmp(want, name) != 0) {
				snprintf(msg, msz, "%s: id '%s' does not match the file name", name, val);
				goto bad;
			}
		} else if (k == 4) {
			snprintf(lang, sizeof lang, "%s", val);
		} else if (k == 5) {
			char *tok, *save = NULL;
			for (tok = strtok_r(val, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				while (*tok == ' ')
					tok++;
				if (find(sectors, NS, tok) < 0) {
					snprintf(msg, msz, "%s: unknown sector '%s'", name, tok);
					goto bad;
				}
				a->nsectors++;
			}
		} else if (k == 6) {
			a->topic = find(topics, NT, val);
			if (a->topic < 0) {
				snprintf(msg, msz, "%s: unknown topic '%s'", name, val);
				goto bad;
			}
		}
		k++;
	}
	if (k != 7) {
		snprintf(msg, msz, "%s: %zu header lines, expected 7", name, k);
		goto bad;
	}
	if (a->nsectors < 1 || a->nsectors > 3) {
		snprintf(msg, msz, "%s: %d sectors (1 to 3 allowed)", name, a->nsectors);
		goto bad;
	}
	body = p;
	for (; *p; p++) {
		int space = *p == ' ' || *p == '\n' || *p == '\t';
		if (!space && !in_word)
			words++;
		in_word = !space;
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	}
	(void)body;
	if (strcmp(lang, "ko") == 0 || strcmp(lang, "ja") == 0 || strcmp(lang, "zh") == 0) {
		if (chars < 150 || chars > 2000) {
			snprintf(msg, msz, "%s: %zu characters (CJK bodies: 150..2000)", name, chars);
			goto bad;
		}
	} else if (words < 80 || words > 400) {
		snprintf(msg, msz, "%s: %zu words (80..400)", name, words);
		goto bad;
	}
	free(text);
	return 0;
bad:
	free(text);
	return -1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct article *)a)->name, ((const struct article *)b)->name);
}

static int read_split(struct article *arts, size_t n, const char *dir, const char *list, int which)
{
	char path[4096], line[512];
	FILE *f;
	int bad = 0;
	snprintf(path, sizeof path, "%s/%s", dir, list);
	f = fopen(path, "r");
	if (!f) {
		printf("FAIL: cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		struct article key, *hit;
		const char *base;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		base = strrchr(line, '/');
		snprintf(key.name, sizeof key.name, "%s", base ? base + 1 : line);
		hit = bsearch(&key, arts, n, sizeof *arts, cmp_name);
		if (!hit) {
			printf("FAIL: %s lists %s, which is not an article\n", list, line);
			bad = 1;
		} else if (hit->split) {
			printf("FAIL: %s is listed twice\n", hit->name);
			bad = 1;
		} else {
			hit->split = which;
		}
	}
	fclose(f);
	return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
	static struct article arts[MAX_DOCS];
	char dir[4096], path[8192], msg[512];
	size_t n = 0, i, j, sector_count[NS] = { 0 }, topic_count[NT] = { 0 }, ntest = 0;
	size_t topic_test[NT] = { 0 };
	DIR *d;
	struct dirent *e;
	nc_dataset *ds;
	nc_read_options ro = NC_READ_OPTIONS_INIT;
	nc_train_options to = NC_TRAIN_OPTIONS_INIT;
	nc_vectorizer vec;
	nc_svec *xs;
	double worst = 0;
	size_t wi = 0, wj = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: check_corpus CORPUS_DIR\n");
		return 2;
	}
	snprintf(dir, sizeof dir, "%s/articles", argv[1]);
	d = opendir(dir);
	if (!d) {
		printf("FAIL: cannot open %s\n", dir);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	while ((e = readdir(d)) && n < MAX_DOCS)
		if (strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".txt") == 0)
			snprintf(arts[n++].name, sizeof arts[0].name, "%s", e->d_name);
	closedir(d);
	qsort(arts, n, sizeof *arts, cmp_name);

	/* every article well-formed */
	for (i = 0; i < n; i++) {
		int ok;
		snprintf(path, sizeof path, "%s/%s", dir, arts[i].name);
		ok = parse(&arts[i], path, arts[i].name, msg, sizeof msg) == 0;
		check(ok, msg);
		if (!ok)
			continue;
		topic_count[arts[i].topic]++;
	}
	check(n >= 800, "at least 800 articles");
	printf("# %zu articles\n", n);

	/* sector counts, via the library's own reader */
	nc_dataset_new(&ds);
	ro.label_key = "sectors";
	ro.format = NC_FORMAT_ARTICLE;
	if (nc_dataset_read(ds, dir, &ro) != 0) {
		printf("FAIL: library cannot read the corpus: %s\n", nc_last_error());
		failed++;
	} else {
		for (i = 0; i < nc_dataset_count(ds); i++)
			for (j = 0; j < nc_dataset_label_count(ds, i); j++) {
				int s = find(sectors, NS, nc_dataset_label(ds, i, j));
				if (s >= 0)
					sector_count[s]++;
			}
	}
	for (i = 0; i < NS; i++) {
		snprintf(msg, sizeof msg, "sector %s has %zu articles (>= 60)", sectors[i], sector_count[i]);
		printf("# %s\n", msg);
		check(sector_count[i] >= 60, msg);
	}
	for (i = 0; i < NT; i++) {
		snprintf(msg, sizeof msg, "topic %s has %zu articles (>= 90)", topics[i], topic_count[i]);
		printf("# %s\n", msg);
		check(topic_count[i] >= 90, msg);
	}

	/* the fixed split */
	check(read_split(arts, n, argv[1], "train.list", 1) == 0, "train.list is valid");
	check(read_split(arts, n, argv[1], "test.list", 2) == 0, "test.list is valid");
	for (i = 0; i < n; i++) {
		if (!arts[i].split) {
			snprintf(msg, sizeof msg, "%s is in neither train.list nor test.list", arts[i].name);
			check(0, msg);
		}
		if (arts[i].split == 2) {
			ntest++;
			if (arts[i].topic >= 0)
				topic_test[arts[i].topic]++;
		}
	}
	snprintf(msg, sizeof msg, "test split is %zu of %zu (15..25 %%)", ntest, n);
	printf("# %s\n", msg);
	check(ntest * 100 >= n * 15 && ntest * 100 <= n * 25, msg);
	for (i = 0; i < NT; i++) {
		snprintf(msg, sizeof msg, "topic %s: %zu of %zu held out (stratified: 15..25 %%)",
			 topics[i], topic_test[i], topic_count[i]);
		check(topic_test[i] * 100 >= topic_count[i] * 15 &&
		      topic_test[i] * 100 <= topic_count[i] * 25, msg);
	}

	/* near-duplicates */
	to.ngram_max = 1;
	xs = calloc(nc_dataset_count(ds) + 1, sizeof *xs);
	if (nc_dataset_count(ds) && xs && nc_vectorizer_fit(&vec, xs, ds, &to, NULL, NULL) == 0) {
		size_t nd = nc_dataset_count(ds), dups = 0;
		for (i = 0; i < nd; i++)
			for (j = i + 1; j < nd; j++) {
				double c = nc_svec_dot(&xs[i], &xs[j]);
				if (c > worst) {
					worst = c;
					wi = i;
					wj = j;
				}
				if (c > NEAR_DUP) {
					printf("FAIL: %s and %s are near-duplicates (cosine %.3f > %.2f)\n",
					       nc_dataset_id(ds, i), nc_dataset_id(ds, j), c, NEAR_DUP);
					dups++;
				}
			}
		check(dups == 0, "no near-duplicate articles");

		/* the threshold catches what it is for: a lightly edited copy
		 * (every 8th word dropped, paragraphs in another order) */
		{
			size_t len, k, w = 0, out = 0;
			const char *t = nc_dataset_text(ds, 0, &len);
			char *copy = malloc(len + 1);
			const char *para = strstr(t, "\n\n");
			nc_featurizer *f = NULL;
			const nc_svec *x;
			int in_word = 0;
			if (copy && para && nc_featurizer_new(&f, &vec) == 0) {
				/* second part first, then the first part */
				const char *order[2][2] = { { para, t + len }, { t, para } };
				int part;
				for (part = 0; part < 2; part++)
					for (k = 0; order[part][0] + k < order[part][1]; k++) {
						char c = order[part][0][k];
						int space = c == ' ' || c == '\n';
						if (!space && !in_word)
							w++;
						in_word = !space;
						if (w % 8 != 0 || space)
							copy[out++] = c;
					}
				nc_featurizer_feed(f, copy, out);
				if (nc_featurizer_finish(f, &x) == 0) {
					double c = nc_svec_dot(x, &xs[0]);
					snprintf(msg, sizeof msg, "an edited copy of %s scores %.3f > %.2f",
						 nc_dataset_id(ds, 0), c, NEAR_DUP);
					printf("# %s\n", msg);
					check(c > NEAR_DUP, msg);
				}
			}
			nc_featurizer_free(f);
			free(copy);
		}
		if (nd > 1)
			printf("# most similar pair: %s and %s, cosine %.3f (threshold %.2f)\n",
			       nc_dataset_id(ds, wi), nc_dataset_id(ds, wj), worst, NEAR_DUP);
		for (i = 0; i < nd; i++)
			nc_svec_release(&xs[i]);
		nc_vectorizer_release(&vec);
	} else {
		check(0, "vectorizing the corpus");
	}
	free(xs);
	nc_dataset_free(ds);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
