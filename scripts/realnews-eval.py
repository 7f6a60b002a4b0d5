#!/usr/bin/env python3
"""Evaluate the shipped models on real news: the articles listed in
corpus/realnews/labels.tsv (BBC and Reuters-21578), with --set realnews2
corpus/realnews2/labels.tsv (AG News test), with --set realnews3 the third
set (all three sources), with --set realnews4 the fourth set (which adds
the AG News 20k training sample as a source), with --set realnews5 to
realnews8 the later ones, with our labels;
the texts come from the research data sets in ../shared/datasets (not
redistributed). Skips cleanly when the data sets are absent.

With --agreement, the set's second, independent labeling (labels-b.tsv,
made blind to the first and to the models) is compared with the first:
how often two labelers agree on the topic (and Cohen's kappa), how well
their sectors match, and the topic model's accuracy against each labeler
and on the stories where both agree.

realnews5 was sealed until round 6, realnews6 until round 7, realnews7
until round 8 and realnews8 until round 10, and each was evaluated once
then; like the others they are development sets now. realnews9 (New York
Times front-page headlines, policy_agendas/NYTimes.csv: the model sees the
headline only) is sealed: the script refuses it without --unseal, which is
for its single evaluation after the next model change.

usage: scripts/realnews-eval.py [--set SET[,SET...]] [--headlines] [--data DIR] [--models DIR] [--json] [--errors] [--agreement] [--write-articles DIR]
       scripts/realnews-eval.py --set SET[,SET...] --coverage [--models DIR] [--headlines]
       scripts/realnews-eval.py --set SET[,SET...] --compare DIR [--models DIR] [--headlines]
SET is realnews, realnews2, ... realnews9; several sets are pooled.

With --headlines, each story is classified from its headline alone, as a
feed of headlines would give it (the model card's headline figures:
--set realnews,realnews2,realnews3,realnews4,realnews5,realnews6,realnews7,realnews8).

With --coverage, the topic model's stories are sorted by the margin
between its best and second-best scores: the accuracy of the surest
quarter, half and three quarters, the margin each needs, and how often the
right topic is among the two best (the model card's figures, over all the
development sets).

With --compare, the topic models of --models (A, default the shipped one)
and of DIR (B) classify the same stories of every set listed: the right
answers of each, the stories only one of them gets right, and an exact
McNemar test on those. The comparisons in models/MODEL_CARD.md, round 8
against round 7, then the shipped (round-9) models against round 8:
    mkdir -p /tmp/r7 /tmp/r8
    git show e581648:models/topic.ncm > /tmp/r7/topic.ncm
    git show 833e2e4:models/topic.ncm > /tmp/r8/topic.ncm
    ALL=realnews,realnews2,realnews3,realnews4,realnews5,realnews6,realnews7
    scripts/realnews-eval.py --models /tmp/r8 --compare /tmp/r7 --set $ALL
    scripts/realnews-eval.py --compare /tmp/r8 --set $ALL
"""
import argparse
import csv
import html
import os
import json
import math
import re
import subprocess
import sys
import tempfile

import labelings

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--data", default=os.path.join(root, "..", "shared", "datasets"))
ap.add_argument("--json", action="store_true")
SETS = ["realnews"] + [f"realnews{i}" for i in range(2, 10)]
# Sets kept for one evaluation after the next model change: refused
# without --unseal, except for --write-articles (no model involved).
SEALED = {"realnews9"}
ap.add_argument("--set", default="realnews",
                help="one or more of " + ", ".join(SETS) + ", comma-separated (pooled)")
ap.add_argument("--errors", action="store_true",
                help="also list the articles each model gets wrong, with their titles")
ap.add_argument("--agreement", action="store_true",
                help="compare with the second labeling, corpus/SET/labels-b.tsv")
ap.add_argument("--models", default=os.path.join(root, "models"),
                help="folder holding sector.ncm and topic.ncm (default: the shipped models)")
ap.add_argument("--write-articles", metavar="DIR",
                help="only write the set's stories, labeled, as article files into DIR")
ap.add_argument("--headlines", action="store_true",
                help="classify each story's headline alone, as a feed of headlines would give it")
ap.add_argument("--compare", metavar="DIR",
                help="compare the topic models in --models and in DIR story by story over the "
                     "sets: right answers of each, stories only one gets right, exact McNemar test")
ap.add_argument("--coverage", action="store_true",
                help="topic accuracy of the stories the model is surest of: sorted by the "
                     "margin between its two best scores, by quarter; and top-2 accuracy")
ap.add_argument("--unseal", action="store_true",
                help="evaluate a sealed set: only for its single evaluation, after the next "
                     "model change (see its README)")
ap.add_argument("--newsclass", default=os.path.join(root, "build", "src", "cli", "newsclass"))
args = ap.parse_args()
sets = args.set.split(",")
if any(s not in SETS for s in sets):
    ap.error("--set takes one or more of " + ", ".join(SETS) + ", comma-separated")
sealed = sorted(set(sets) & SEALED)
if sealed and not (args.unseal or args.write_articles):
    ap.error(f"{', '.join(sealed)} is sealed: it is evaluated once, after the next model "
             "change, with --unseal (see its README.md)")
if not os.path.isdir(args.data):
    print(f"skipping: no data sets at {args.data}")
    sys.exit(0)

def plain_files(tmp):
    """predict reads raw text: the title and body of each article file,
    without the header lines (which eval, reading the article format,
    leaves out)."""
    plain = os.path.join(tmp, "plain")
    os.makedirs(plain, exist_ok=True)
    files = []
    for n in sorted(x for x in os.listdir(tmp) if x.endswith(".txt")):
        with open(os.path.join(tmp, n), encoding="utf-8") as f:
            head, _, body = f.read().partition("\n\n")
        title = head.split("\n")[1][7:]
        with open(os.path.join(plain, n), "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + body)
        files.append(os.path.join(plain, n))
    return files


def predict_json(model, files, models=None):
    out = subprocess.run([args.newsclass, "predict", "--json", "-m",
                          os.path.join(models or args.models, model + ".ncm")] + files,
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def predictions(model, files, models=None):
    return [set(p["labels"]) for p in predict_json(model, files, models)]


def read_labels(name):
    """(source, identifier, sectors, topic, set) per story of
    corpus/SET/name, over every set given, in order."""
    out = []
    for s in sets:
        with open(os.path.join(root, "corpus", s, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                src, ident, sectors, topic = line.rstrip("\n").split("\t")
                out.append((src, ident, sectors, topic, s))
    return out


rows = read_labels("labels.tsv")

reuters = {}
if any(r[0] == "reuters" for r in rows):
    d = os.path.join(args.data, "reuters21578")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".sgm"):
            continue
        raw = open(os.path.join(d, name), encoding="latin-1").read()
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', raw, re.S):
            title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(2), re.S)
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            text = ((title.group(1) if title else "") + "\n\n" + (body.group(1) if body else ""))
            reuters[m.group(1)] = html.unescape(re.sub(r"&#\d+;", "", text))

def read_agnews(name, header):
    """AG News rows by 1-based data row number (after the header, if any)."""
    out = {}
    with open(os.path.join(args.data, "ag_news", name), encoding="utf-8", newline="") as f:
        recs = csv.reader(f)
        if header:
            next(recs)
        for n, rec in enumerate(recs, 1):
            out[str(n)] = rec[1] + "\n" + rec[2].replace("\\", " ")
    return out


def read_nyt():
    """New York Times front-page headlines (policy_agendas/NYTimes.csv, CR
    line ends, a stray Mac Roman byte) by Article_ID: the Title only, its
    line breaks (after a series kicker) joined with a space."""
    with open(os.path.join(args.data, "policy_agendas", "NYTimes.csv"),
              encoding="mac_roman", newline="") as f:
        recs = csv.reader(f)
        next(recs)
        return {rec[0]: " ".join(rec[2].split()) for rec in recs}


nyt = read_nyt() if any(r[0] == "nyt" for r in rows) else {}
agnews = read_agnews("test.csv", False) if any(r[0] == "agnews" for r in rows) else {}
agnews_train = (read_agnews("train_20k.csv", True)
                if any(r[0] == "agnews-train" for r in rows) else {})


def agreement(tmp, rows):
    """Two labelings of the same stories, and the models against each."""
    second = {(src, ident): (sectors, topic)
              for src, ident, sectors, topic, _ in read_labels("labels-b.tsv")}
    missing = [r for r in rows if (r[0], r[1]) not in second]
    if missing or len(second) != len(rows):
        sys.exit("labels-b.tsv does not list the same stories as labels.tsv")
    n = len(rows)
    ta = [r[3] for r in rows]
    tb = [second[(r[0], r[1])][1] for r in rows]
    sa = [set(r[2].split(",")) for r in rows]
    sb = [set(second[(r[0], r[1])][0].split(",")) for r in rows]
    labelings.report(ta, tb, sa, sb, "labels.tsv", "labels-b.tsv")
    files = plain_files(tmp)
    tp = [min(p) if p else "" for p in predictions("topic", files)]
    sp = predictions("sector", files)
    agree = [i for i in range(n) if ta[i] == tb[i]]

    def acc(gold, idx):
        return sum(tp[i] == gold[i] for i in idx) / len(idx) if idx else float("nan")

    def sector_f1(gold):
        hit = sum(len(p & g) for p, g in zip(sp, gold))
        return 2 * hit / (sum(map(len, sp)) + sum(map(len, gold)))

    every = range(n)
    print(f"topic model accuracy: vs labels.tsv {acc(ta, every):.3f}, vs labels-b.tsv "
          f"{acc(tb, every):.3f}, on the {len(agree)} stories both label alike "
          f"{acc(ta, agree):.3f}; right by either labeler "
          f"{sum(tp[i] in (ta[i], tb[i]) for i in every) / n:.3f}")
    print(f"sector model micro-F1: vs labels.tsv {sector_f1(sa):.3f}, vs labels-b.tsv "
          f"{sector_f1(sb):.3f}")


def list_errors(tmp, rows):
    """Print, per model, the articles whose predicted labels differ from ours."""
    files = plain_files(tmp)
    for model, col in (("sector", 2), ("topic", 3)):
        print(f"== {model} errors (gold -> predicted)")
        for path, pred in zip(files, predictions(model, files)):
            i = int(os.path.basename(path)[:4])
            gold = set(rows[i][col].split(","))
            if gold != pred:
                with open(path, encoding="utf-8") as f:
                    title = f.readline().strip()
                print(f"{rows[i][0]}:{rows[i][1]}\t{','.join(sorted(gold))} -> "
                      f"{','.join(sorted(pred))}\t{title[:90]}")


def write_articles(tmp):
    """One article file per story, with our labels in its headers."""
    for i, (src, ident, sectors, topic, _) in enumerate(rows):
        if src == "bbc":
            text = open(os.path.join(args.data, "bbc", ident), encoding="latin-1").read()
        elif src == "agnews":
            text = agnews[ident]
        elif src == "agnews-train":
            text = agnews_train[ident]
        elif src == "nyt":
            text = nyt[ident]  # a headline: the title, no body
        else:
            text = reuters[ident]
        title, _, body = text.strip().partition("\n")
        if args.headlines:
            body = ""  # the title header alone is the text
        with open(os.path.join(tmp, f"{i:04d}.txt"), "w", encoding="utf-8") as out:
            out.write(f"id: {src}:{ident}\ntitle: {' '.join(title.split())}\n"
                      f"sectors: {sectors}\ntopic: {topic}\n\n{body.strip()}\n")


def coverage(tmp, rows):
    """How far the topic score can be trusted: stories sorted by the margin
    between the model's best and second-best topic scores, and the accuracy
    of the surest quarter, half and three quarters; then how often the
    right topic is among the two best."""
    files = plain_files(tmp)
    res = []
    for row, p in zip(rows, predict_json("topic", files)):
        ranked = sorted(p["scores"].items(), key=lambda kv: -kv[1])
        res.append((ranked[0][1] - ranked[1][1], ranked[0][0] == row[3],
                    row[3] in (ranked[0][0], ranked[1][0])))
    res.sort(key=lambda r: -r[0])
    n = len(res)
    print(f"== topic model: accuracy by confidence on {n} real articles")
    print("surest      stories  accuracy  margin at least")
    for q in (1, 2, 3, 4):
        k = max(1, n * q // 4)
        print(f"{q * 25:>5d} %  {k:>11d}  {sum(r[1] for r in res[:k]) / k:>8.3f}  "
              f"{res[k - 1][0]:>15.3f}")
    print(f"right topic among the two best: {sum(r[2] for r in res) / n:.3f} "
          f"(predict -k 2 shows them)")


def compare(tmp, rows):
    """Topic models of --models (A) and --compare (B) on the same stories."""
    files = plain_files(tmp)
    pa = [min(p) if p else "" for p in predictions("topic", files)]
    pb = [min(p) if p else "" for p in predictions("topic", files, args.compare)]
    print(f"A = {args.models}, B = {args.compare}")
    tot = [0, 0, 0, 0, 0]  # stories, right A, right B, only A, only B
    for name in sets:
        idx = [i for i, r in enumerate(rows) if r[4] == name]
        g = [rows[i][3] for i in idx]
        a = [pa[i] for i in idx]
        b = [pb[i] for i in idx]
        row = [len(idx), sum(x == y for x, y in zip(a, g)), sum(x == y for x, y in zip(b, g)),
               sum(x == y != z for x, z, y in zip(a, b, g)), sum(z == y != x for x, z, y in zip(a, b, g))]
        print(f"{name:10s} {row[0]:4d} stories: A right {row[1]}, B right {row[2]}; "
              f"only A {row[3]}, only B {row[4]}")
        tot = [t + r for t, r in zip(tot, row)]
    n, k = tot[3] + tot[4], min(tot[3], tot[4])
    p = min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0
    print(f"all        {tot[0]:4d} stories: A right {tot[1]} ({tot[1] / tot[0]:.3f}), B right {tot[2]} "
          f"({tot[2] / tot[0]:.3f}); only A {tot[3]}, only B {tot[4]}; exact McNemar p = {p:.3f}")


if args.write_articles:
    os.makedirs(args.write_articles, exist_ok=True)
    write_articles(args.write_articles)
    sys.exit(0)

with tempfile.TemporaryDirectory() as tmp:
    write_articles(tmp)
    if args.compare:
        compare(tmp, rows)
        sys.exit(0)
    if args.coverage:
        coverage(tmp, rows)
        sys.exit(0)
    for model, key in (("sector", "sectors"), ("topic", "topic")):
        cmd = [args.newsclass, "eval", "-m", os.path.join(args.models, model + ".ncm"),
               "--label-key", key, "--format", "article", tmp]
        if args.json:
            cmd.insert(2, "--json")
        print(f"== {model} model on {len(rows)} real articles ({' '.join(cmd[1:3])} ...)", flush=True)
        subprocess.run(cmd, check=True)
    if args.errors:
        list_errors(tmp, rows)
    if args.agreement:
        agreement(tmp, rows)
