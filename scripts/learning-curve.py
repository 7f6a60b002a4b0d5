#!/usr/bin/env python3
"""Learning curve of the topic model on real news: train it (with the
shipped settings, models/settings.sh) on a quarter, half, three quarters
and all of a training list, and report its accuracy pooled over real-news
development sets. Subsets are seeded random draws (three per fraction),
so the figures are reproducible. It answers one question: would more
articles of our own still help on real news?

Needs the research data sets (../shared/datasets); skips cleanly without
them. realnews to realnews8 are development sets (realnews8 was sealed
until its single evaluation in round 10); realnews9 is sealed, and
realnews-eval.py, which this script runs, refuses it.

usage: scripts/learning-curve.py [--list corpus/train.list] [--sets realnews,realnews2,realnews3]
       [--topic-opts "OPTIONS"] [--data DIR] [--newsclass PATH]

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

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--list", default=os.path.join(root, "corpus", "train.list"))
ap.add_argument("--sets", default="realnews,realnews2,realnews3")
ap.add_argument("--topic-opts", help="training options (default: TOPIC_OPTS of models/settings.sh)")
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


def accuracy(model, folder):
    out = subprocess.run([args.newsclass, "eval", "--json", "-m", model, "--label-key", "topic",
                          "--format", "article", folder],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["accuracy"]


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
    for frac in (0.25, 0.5, 0.75, 1.0):
        scores = []
        for seed in range(3 if frac < 1 else 1):
            rnd = random.Random(seed)
            part = [a for a in articles if rnd.random() < frac] if frac < 1 else articles
            lst = os.path.join(tmp, "part.list")
            with open(lst, "w", encoding="utf-8") as f:
                f.write("".join(a + "\n" for a in part))
            model = os.path.join(tmp, "topic.ncm")
            subprocess.run([args.newsclass, "train", "-q", "--label-key", "topic", *opts,
                            "-o", model, "@" + lst], check=True)
            right = sum(accuracy(model, os.path.join(tmp, s)) * sizes[s] for s in sets)
            scores.append(right / total)
        print(f"{frac:4.2f} of the list: accuracy {sum(scores) / len(scores):.4f} "
              f"(draws: {', '.join(f'{x:.4f}' for x in scores)})", flush=True)
