"""How far two labelings of the same items agree (imported by
realnews-eval.py --agreement and corpus-agreement.py): topic agreement with
Cohen's kappa and the confusion matrix, then the sector sets' F1 and how
many sets are identical. Kept in one place so that the real-news sets and
the corpus audit are measured the same way. Also the one reader of an
article file's labels for these scripts (article_labels)."""


def article_labels(path):
    """An article file's sectors (a set, None without the header) and topic
    (None without the header), from its header lines."""
    sectors, topic = None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                break
            key, _, value = line.partition(":")
            if key == "sectors":
                sectors = {s.strip() for s in value.split(",")}
            elif key == "topic":
                topic = value.strip()
    return sectors, topic


def report(ta, tb, sa, sb, first, second):
    """ta, tb: topics per item; sa, sb: sets of sectors per item; first,
    second: the two labelings' names, for the confusion matrix."""
    n = len(ta)
    same = sum(a == b for a, b in zip(ta, tb))
    labels = sorted(set(ta) | set(tb))
    pe = sum((ta.count(l) / n) * (tb.count(l) / n) for l in labels)
    kappa = (same / n - pe) / (1 - pe) if pe < 1 else 1.0
    print(f"== agreement of two labelers on {n} items")
    print(f"topic: same label on {same} of {n} ({same / n:.3f}), Cohen's kappa {kappa:.3f}")
    print(f"confusion (rows: {first}, columns: {second})")
    print(" " * 16 + " ".join(f"{l[:6]:>6}" for l in labels))
    for la in labels:
        print(f"{la:<16}" + " ".join(f"{sum(1 for a, b in zip(ta, tb) if a == la and b == lb):>6}"
                                    for lb in labels))
    both = sum(len(a & b) for a, b in zip(sa, sb))
    f1 = 2 * both / (sum(map(len, sa)) + sum(map(len, sb)))
    exact = sum(a == b for a, b in zip(sa, sb))
    print(f"sectors: F1 between the labelings {f1:.3f}; identical sector sets on "
          f"{exact} of {n} ({exact / n:.3f})")
