#!/usr/bin/python3
"""scikit-learn peer for bench/run.py: TF-IDF (1-2 grams) + LinearSVC.

Run by Debian's /usr/bin/python3 (which has scikit-learn), one process per
step, so that bench/run.py measures whole-process time and peak memory the
same way as for the other systems.

  sk.py train --train train.ft --model M.pkl [--C 1] [--min-df 1] [--multi-label]
  sk.py predict --model M.pkl --input test.txt --output preds.txt

train.ft is in fastText format ('__label__a [__label__b ...] text', one
document per line); test.txt has one document per line, text only. The
predictions file has one line per document: its labels, space-separated.
--timings FILE writes the in-process timings (after imports) as JSON.
"""
import argparse
import json
import pickle
import sys
import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.multiclass import OneVsRestClassifier  # noqa: E402
from sklearn.preprocessing import MultiLabelBinarizer  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402
T_IMPORT = time.perf_counter() - T0

PREFIX = "__label__"


def read_lines(path):
    # split on '\n' only: str.splitlines() would also split on \x85, \u2028...
    with open(path, encoding="utf-8") as f:
        data = f.read()
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_ft(path):
    labels, texts = [], []
    for line in read_lines(path):
        toks = line.split(" ")
        i = 0
        while i < len(toks) and toks[i].startswith(PREFIX):
            i += 1
        labels.append([t[len(PREFIX):] for t in toks[:i]])
        texts.append(" ".join(toks[i:]))
    return labels, texts


def train(a):
    t = {}
    t0 = time.perf_counter()
    labels, texts = read_ft(a.train)
    t["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    min_df = a.min_df if a.min_df < 1 else int(a.min_df)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df)
    X = vec.fit_transform(texts)
    t["vectorize"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if a.multi_label:
        mlb = MultiLabelBinarizer()
        Y = mlb.fit_transform(labels)
        clf = OneVsRestClassifier(LinearSVC(C=a.C))
        clf.fit(X, Y)
        classes = list(mlb.classes_)
    else:
        y = [lab[0] for lab in labels]
        clf = LinearSVC(C=a.C)
        clf.fit(X, y)
        classes = None
    t["fit"] = time.perf_counter() - t0
    # stop_words_ holds every pruned term; scikit-learn documents that it is
    # only for introspection and can be deleted before pickling.
    vec.stop_words_ = None
    t0 = time.perf_counter()
    with open(a.model, "wb") as f:
        pickle.dump({"vec": vec, "clf": clf, "classes": classes,
                     "multi_label": a.multi_label}, f, protocol=pickle.HIGHEST_PROTOCOL)
    t["save"] = time.perf_counter() - t0
    t["features"] = len(vec.vocabulary_)
    return t


def predict(a):
    t = {}
    t0 = time.perf_counter()
    with open(a.model, "rb") as f:
        m = pickle.load(f)
    t["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    texts = read_lines(a.input)
    X = m["vec"].transform(texts)
    if m["multi_label"]:
        Y = m["clf"].predict(X)
        classes = m["classes"]
        out = [" ".join(classes[j] for j in np.flatnonzero(row)) for row in
               (Y.toarray() if hasattr(Y, "toarray") else Y)]
    else:
        out = [str(p) for p in m["clf"].predict(X)]
    t["predict"] = time.perf_counter() - t0
    with open(a.output, "w", encoding="utf-8") as f:
        for line in out:
            f.write(line + "\n")
    t["documents"] = len(out)
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train")
    tr.add_argument("--train", required=True)
    tr.add_argument("--model", required=True)
    tr.add_argument("--C", type=float, default=1.0)
    tr.add_argument("--min-df", type=float, default=1)
    tr.add_argument("--multi-label", action="store_true")
    tr.add_argument("--timings")
    pr = sub.add_parser("predict")
    pr.add_argument("--model", required=True)
    pr.add_argument("--input", required=True)
    pr.add_argument("--output", required=True)
    pr.add_argument("--timings")
    a = ap.parse_args()
    t = train(a) if a.cmd == "train" else predict(a)
    t["import"] = T_IMPORT
    if a.timings:
        with open(a.timings, "w") as f:
            json.dump(t, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
