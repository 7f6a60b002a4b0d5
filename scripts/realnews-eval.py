#!/usr/bin/env python3
"""Evaluate the shipped models on real news: the articles listed in
corpus/realnews/labels.tsv (BBC and Reuters-21578), with --set realnews2
corpus/realnews2/labels.tsv (AG News test), with --set realnews3 the third
set (all three sources), or with --set realnews4 the sealed fourth set
(which adds the AG News 20k training sample as a source), with our labels;
the texts come from the research data sets in ../shared/datasets (not
redistributed). Skips cleanly when the data sets are absent.

usage: scripts/realnews-eval.py [--set realnews|realnews2|realnews3|realnews4] [--data DIR] [--models DIR] [--json] [--errors]
"""
import argparse
import csv
import html
import os
import re
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--data", default=os.path.join(root, "..", "shared", "datasets"))
ap.add_argument("--json", action="store_true")
ap.add_argument("--set", default="realnews",
                choices=["realnews", "realnews2", "realnews3", "realnews4"])
ap.add_argument("--errors", action="store_true",
                help="also list the articles each model gets wrong, with their titles")
ap.add_argument("--models", default=os.path.join(root, "models"),
                help="folder holding sector.ncm and topic.ncm (default: the shipped models)")
ap.add_argument("--newsclass", default=os.path.join(root, "build", "src", "cli", "newsclass"))
args = ap.parse_args()
if not os.path.isdir(args.data):
    print(f"skipping: no data sets at {args.data}")
    sys.exit(0)

rows = []
with open(os.path.join(root, "corpus", args.set, "labels.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        src, ident, sectors, topic = line.rstrip("\n").split("\t")
        rows.append((src, ident, sectors, topic))

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


agnews = read_agnews("test.csv", False) if any(r[0] == "agnews" for r in rows) else {}
agnews_train = (read_agnews("train_20k.csv", True)
                if any(r[0] == "agnews-train" for r in rows) else {})


def list_errors(tmp, rows):
    """Print, per model, the articles whose predicted labels differ from ours."""
    import json
    # predict reads raw text: give it the title and body without the header
    # lines (which eval, reading the article format, leaves out)
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
    for model, col in (("sector", 2), ("topic", 3)):
        out = subprocess.run([args.newsclass, "predict", "--json", "-m",
                              os.path.join(args.models, model + ".ncm")] + files,
                             check=True, capture_output=True, text=True).stdout
        print(f"== {model} errors (gold -> predicted)")
        for path, line in zip(files, out.splitlines()):
            i = int(os.path.basename(path)[:4])
            gold = set(rows[i][col].split(","))
            pred = set(json.loads(line)["labels"])
            if gold != pred:
                with open(path, encoding="utf-8") as f:
                    title = f.readline().strip()
                print(f"{rows[i][0]}:{rows[i][1]}\t{','.join(sorted(gold))} -> "
                      f"{','.join(sorted(pred))}\t{title[:90]}")


with tempfile.TemporaryDirectory() as tmp:
    for i, (src, ident, sectors, topic) in enumerate(rows):
        if src == "bbc":
            text = open(os.path.join(args.data, "bbc", ident), encoding="latin-1").read()
        elif src == "agnews":
            text = agnews[ident]
        elif src == "agnews-train":
            text = agnews_train[ident]
        else:
            text = reuters[ident]
        title, _, body = text.strip().partition("\n")
        with open(os.path.join(tmp, f"{i:04d}.txt"), "w", encoding="utf-8") as out:
            out.write(f"id: {src}:{ident}\ntitle: {' '.join(title.split())}\n"
                      f"sectors: {sectors}\ntopic: {topic}\n\n{body.strip()}\n")
    for model, key in (("sector", "sectors"), ("topic", "topic")):
        cmd = [args.newsclass, "eval", "-m", os.path.join(args.models, model + ".ncm"),
               "--label-key", key, "--format", "article", tmp]
        if args.json:
            cmd.insert(2, "--json")
        print(f"== {model} model on {len(rows)} real articles ({' '.join(cmd[1:3])} ...)", flush=True)
        subprocess.run(cmd, check=True)
    if args.errors:
        list_errors(tmp, rows)
