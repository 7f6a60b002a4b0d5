#!/usr/bin/env python3
"""How clean are the corpus's own labels? Compares the labels in the
headers of corpus/articles with a second, blind labeling of a random
sample of them (corpus/audit/labels-b.tsv; how it was made: its README):
topic agreement and Cohen's kappa, the confusion matrix, sector F1 and
identical sector sets, then the articles the two labelings differ on.

usage: scripts/corpus-agreement.py [--audit FILE]
Needs nothing but the repository; exits 1 when the audit file names an
article that does not exist or a label outside the taxonomy."""
import argparse
import os
import sys

import labelings

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTORS = {"semiconductors", "ai", "biotech", "energy", "telecom", "quantum", "space",
           "cybersecurity", "defense", "public-safety"}
TOPICS = {"cooperation", "investment", "trade-security", "policy", "research", "market"}

ap = argparse.ArgumentParser(usage=__doc__.split("usage: ")[1].split("\n")[0])
ap.add_argument("--audit", default=os.path.join(root, "corpus", "audit", "labels-b.tsv"))
args = ap.parse_args()


items = []  # (article, corpus sectors, corpus topic, audit sectors, audit topic)
with open(args.audit, encoding="utf-8") as f:
    for lineno, line in enumerate(f, 1):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        sb = set(cols[1].split(",")) if len(cols) == 3 else set()
        path = os.path.join(root, "corpus", "articles", cols[0] + ".txt")
        if len(cols) != 3 or not sb <= SECTORS or cols[2] not in TOPICS or not os.path.isfile(path):
            sys.exit(f"error: {args.audit}:{lineno}: expected 'ARTICLE<TAB>SECTORS<TAB>TOPIC' "
                     "naming an article of corpus/articles and labels of the taxonomy")
        sa, ta = labelings.article_labels(path)
        items.append((cols[0], sa, ta, sb, cols[2]))

labelings.report([i[2] for i in items], [i[4] for i in items], [i[1] for i in items],
                 [i[3] for i in items], "the corpus", "the audit")
print("== items labeled differently (article: corpus -> audit)")
for art, sa, ta, sb, tb in items:
    if ta != tb or sa != sb:
        print(f"{art}: {','.join(sorted(sa))} {ta} -> {','.join(sorted(sb))} {tb}")
