#!/usr/bin/env python3
"""Make the fixed train/test split of corpus/ (run once; the lists are then
committed and never regenerated, so held-out figures stay comparable).

Stratified by topic: within each topic the article ids are shuffled with a
fixed seed and every fifth one (20 %) goes to the test split. Articles added
later must be appended to one of the lists by hand, never by re-running
this script on the whole corpus.
"""
import os
import random
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
arts = sorted(f for f in os.listdir(os.path.join(root, "articles")) if f.endswith(".txt"))
by_topic = {}
for f in arts:
    with open(os.path.join(root, "articles", f), encoding="utf-8") as fh:
        topic = next(l.split(":", 1)[1].strip() for l in fh if l.startswith("topic:"))
    by_topic.setdefault(topic, []).append(f)
rng = random.Random(20261122)
train, test = [], []
for topic in sorted(by_topic):
    ids = sorted(by_topic[topic])
    rng.shuffle(ids)
    for i, f in enumerate(ids):
        (test if i % 5 == 0 else train).append("articles/" + f)
for name, lst in (("train.list", train), ("test.list", test)):
    if os.path.exists(os.path.join(root, name)) and "--force" not in sys.argv:
        sys.exit(f"corpus/{name} exists: the split is fixed (use --force only to start over)")
for name, lst in (("train.list", train), ("test.list", test)):
    with open(os.path.join(root, name), "w") as fh:
        fh.write(f"# {name}: fixed split of corpus/articles, stratified by topic (scripts/make-split.py)\n")
        fh.write("".join(p + "\n" for p in sorted(lst)))
print(f"train {len(train)}, test {len(test)}")
