#!/usr/bin/env python3
"""Make the fixed train/test split of corpus/ (run once; the lists are then
committed and never regenerated, so held-out figures stay comparable).

Two rules:
- Same-event groups stay together. Several articles may report the same
  real event in different words (as several outlets would). If one were in
  training and its twin held out, held-out scores would be inflated, so
  articles whose TF-IDF cosine similarity exceeds GROUP_SIM are joined
  (transitively) into one group, and a group goes wholly to one split.
- Stratified by topic: groups are visited in a seeded random order and a
  group goes to the test split while its topic (the most common one in the
  group) has fewer than 20 % of its articles there.

Pure Python (no third-party modules).

--append: place only the articles that are in neither list, leaving every
existing assignment as it is. An article in the same group as an already
placed one follows it; groups of new articles only are split by the same
stratified 20 % rule among the new articles. This is how articles added
later join the fixed split.
"""
import math
import os
import random
import re
import sys
from collections import Counter, defaultdict

GROUP_SIM = 0.45
TEST_SHARE = 0.20
STOP = set("""a about after all also an and are as at be been but by can could for from had
has have he her his i if in into is it its more most new not of on or other our over said
she so some such than that the their them then there these they this those to under up
was we were what when which while who will with would year years""".split())

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
names = sorted(f for f in os.listdir(os.path.join(root, "articles")) if f.endswith(".txt"))
topics, docs = [], []
for f in names:
    with open(os.path.join(root, "articles", f), encoding="utf-8") as fh:
        head, body = fh.read().split("\n\n", 1)
    hdr = dict(l.split(": ", 1) for l in head.splitlines())
    topics.append(hdr["topic"])
    words = [w for w in re.findall(r"\w+", (hdr["title"] + " " + body).lower()) if w not in STOP]
    docs.append(Counter(words))

n = len(docs)
df = Counter(w for d in docs for w in d)
vecs = []
for d in docs:
    v = {w: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in d.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    vecs.append({w: x / norm for w, x in v.items()})
index = defaultdict(list)
for i, v in enumerate(vecs):
    for w, x in v.items():
        index[w].append((i, x))

parent = list(range(n))
def find(i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
for i, v in enumerate(vecs):
    acc = defaultdict(float)
    for w, x in v.items():
        for j, y in index[w]:
            if j > i:
                acc[j] += x * y
    for j, s in acc.items():
        if s > GROUP_SIM:
            parent[find(i)] = find(j)

groups = defaultdict(list)
for i in range(n):
    groups[find(i)].append(i)
groups = sorted(groups.values())
rng = random.Random(20261122)
rng.shuffle(groups)

placed = {}
if "--append" in sys.argv:
    for name, where in (("train.list", "train"), ("test.list", "test")):
        with open(os.path.join(root, name)) as fh:
            for line in fh:
                if line.startswith("articles/"):
                    placed[line.strip()[len("articles/"):]] = where
train = [i for i in range(n) if placed.get(names[i]) == "train"]
test = [i for i in range(n) if placed.get(names[i]) == "test"]
new = [g for g in groups if any(names[i] not in placed for i in g)]
total = Counter(topics[i] for g in new for i in g if names[i] not in placed)
in_test = Counter()
followed = 0
for g in new:
    fresh = [i for i in g if names[i] not in placed]
    sides = {placed[names[i]] for i in g if names[i] in placed}
    if sides:
        # a new twin of placed articles joins their split (a group already
        # spanning both splits cannot occur: the split keeps groups whole)
        (test if "test" in sides else train).extend(fresh)
        followed += len(fresh)
        continue
    topic = Counter(topics[i] for i in g).most_common(1)[0][0]
    if in_test[topic] + len(g) <= TEST_SHARE * total[topic] + 1 and len(g) <= 4:
        for i in g:
            in_test[topics[i]] += 1
        test += g
    else:
        train += g

for name in ("train.list", "test.list"):
    if (os.path.exists(os.path.join(root, name)) and "--force" not in sys.argv
            and "--append" not in sys.argv):
        sys.exit(f"corpus/{name} exists: the split is fixed (use --append for new articles)")
for name, lst in (("train.list", train), ("test.list", test)):
    with open(os.path.join(root, name), "w") as fh:
        fh.write(f"# {name}: fixed split of corpus/articles, stratified by topic, same-event\n"
                 f"# groups kept together (scripts/make-split.py)\n")
        fh.write("".join(f"articles/{names[i]}\n" for i in sorted(lst)))
sizes = Counter(len(g) for g in groups)
print(f"train {len(train)}, test {len(test)}; groups by size: {dict(sorted(sizes.items()))}")
print("new articles held out per topic:", {t: f"{in_test[t]}/{total[t]}" for t in sorted(total)})
if placed:
    print(f"{followed} new articles followed a same-event twin already placed")
