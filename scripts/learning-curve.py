#!/usr/bin/env python3
"""Learning curve of the topic model on real news: train it (with the
shipped settings, models/settings.sh) on a quarter, half, three quarters
and all of a training list, and report its accuracy pooled over real-news
development sets. Subsets are seeded random draws (three per fraction),
so the figures are reproducible. It answers one question: would more
articles of our own still help on real news?

With --in-domain it answers a second one: what would real training data
give? The real stories of the sets are split into ten folds (stratified by
topic, seeded); each fold is classified by a topic model trained on the
other nine, or on a quarter, half or three quarters of them, and, last, on
the training list plus the other nine. Accuracy is pooled over all the
stories. These models are measurements only: the data sets' licences are
research-only, and the shipped models never see their texts. Stories of one
set can share an event across folds, so the in-domain figures lean, if
anything, to the optimistic side.

Needs the research data sets (../shared/datasets); skips cleanly without
them. realnews to realnews8 are development sets (realnews8 was sealed
until its single evaluation in round 10); realnews9 is sealed, and
realnews-eval.py, which this script runs, refuses it.

usage: scripts/learning-curve.py [--list corpus/train.list] [--sets realnews,realnews2,realnews3]
       [--topic-opts "OPTIONS"] [--in-domain] [--data DIR] [--newsclass PATH]

The in-domain curve of models/MODEL_CARD.md (round 12):
    scripts/learning-curve.py --in-domain \
        --sets realnews,realnews2,realnews3,realnews4,realnews5,realnews6,realnews7,realnews8

The curve that motivated round 6 of the corpus was measured on the
training list and with the topic settings from before that round:
    git show ce4fc5e:corpus/train.list > /tmp/train-r5.list
    scripts/learning-curve.py --list /tmp/train-r5.list \
        --topic-opts "--ngram 2 --min-df 2 --no-stop-words -c 10"
"""
import argparse
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

import labelings

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--list", default=os.path.join(root, "corpus", "train.list"))
ap.add_argument("--sets", default="realnews,realnews2,realnews3")
ap.add_argument("--topic-opts", help="training options (default: TOPIC_OPTS of models/settings.sh)")
ap.add_argument("--in-domain", action="store_true",
                help="cross-validate topic models trained on the real stories themselves")
ap.add_argument("--data", default=os.path.join(root, "..", "shared", "datasets"))
ap.add_argument("--newsclass", default=os.path.join(root, "build", "src", "cli", "newsclass"))
args = ap.parse_args()
if not os.path.isdir(args.data):
    print(f"skipping: no data sets at {args.data}")
    sys.exit(0)
sets = args.sets.split(",")

opts = args.topic_opts.split() if args.topic_opts else None
with open(os.path.join(root, "models", "settings.sh"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("TOPIC_OPTS=") and opts is None:
            opts = shlex.split(line.split("=", 1)[1])[0].split()
if not opts:
    sys.exit("models/settings.sh has no TOPIC_OPTS")
if "--label-key" in opts:  # TOPIC_OPTS names it; the script adds its own
    i = opts.index("--label-key")
    del opts[i:i + 2]

with open(args.list, encoding="utf-8") as f:
    articles = [os.path.join(root, "corpus", line.strip()) for line in f
                if line.strip() and not line.startswith("#")]


def accuracy(model, data):
    """Topic accuracy on DATA: a folder of article files, or @LIST."""
    out = subprocess.run([args.newsclass, "eval", "--json", "-m", model, "--label-key", "topic",
                          "--format", "article", data],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["accuracy"]


def write_list(path, files):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(a + "\n" for a in files))
    return "@" + path


def train(tmp, files):
    model = os.path.join(tmp, "topic.ncm")
    subprocess.run([args.newsclass, "train", "-q", "--label-key", "topic", *opts,
                    "-o", model, write_list(os.path.join(tmp, "part.list"), files)], check=True)
    return model


def topic_of(path):
    topic = labelings.article_labels(path)[1]
    if topic is None:
        sys.exit(f"error: {path}: no topic header")
    return topic


def in_domain(tmp, stories, k=10):
    """Ten-fold cross-validation on the real stories (see the docstring)."""
    by_topic = {}
    for s in stories:
        by_topic.setdefault(topic_of(s), []).append(s)
    fold = {}
    rnd = random.Random(1)
    for t in sorted(by_topic):
        group = by_topic[t]
        rnd.shuffle(group)
        for i, s in enumerate(group):
            fold[s] = i % k
    print(f"in domain: {k}-fold cross-validation on the {len(stories)} real stories")
    rows = [(f"{frac:4.2f} of each training fold", frac, False) for frac in (0.25, 0.5, 0.75, 1.0)]
    rows.append(("the list + each training fold", 1.0, True))
    for label, frac, with_list in rows:
        right = n_train = 0
        for i in range(k):
            rest = [s for s in stories if fold[s] != i]
            if frac < 1:
                draw = random.Random(i)
                rest = [s for s in rest if draw.random() < frac]
            held = [s for s in stories if fold[s] == i]
            model = train(tmp, (articles if with_list else []) + rest)
            lst = write_list(os.path.join(tmp, "held.list"), held)
            right += accuracy(model, lst) * len(held)
            n_train += len(rest) + (len(articles) if with_list else 0)
        print(f"{label}: accuracy {right / len(stories):.4f} "
              f"(about {n_train // k} training documents)", flush=True)


with tempfile.TemporaryDirectory() as tmp:
    sizes = {}
    for s in sets:
        d = os.path.join(tmp, s)
        subprocess.run([sys.executable, os.path.join(root, "scripts", "realnews-eval.py"),
                        "--set", s, "--data", args.data, "--write-articles", d], check=True)
        sizes[s] = len(os.listdir(d))
    total = sum(sizes.values())
    print(f"topic model ({' '.join(opts)}) on {total} real stories ({', '.join(sets)}), "
          f"trained on parts of {args.list} ({len(articles)} articles)")
    # with --in-domain, the whole list only: the baseline for the real folds
    for frac in (1.0,) if args.in_domain else (0.25, 0.5, 0.75, 1.0):
        scores = []
        for seed in range(3 if frac < 1 else 1):
            rnd = random.Random(seed)
            part = [a for a in articles if rnd.random() < frac] if frac < 1 else articles
            model = train(tmp, part)
            right = sum(accuracy(model, os.path.join(tmp, s)) * sizes[s] for s in sets)
            scores.append(right / total)
        print(f"{frac:4.2f} of the list: accuracy {sum(scores) / len(scores):.4f} "
              f"(draws: {', '.join(f'{x:.4f}' for x in scores)})", flush=True)
    if args.in_domain:
        in_domain(tmp, [os.path.join(tmp, s, n) for s in sets
                        for n in sorted(os.listdir(os.path.join(tmp, s)))])
