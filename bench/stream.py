#!/usr/bin/env python3
"""Prediction is a stream: peak memory stays flat on a 1 GiB input.

Feeds newsclass predict a large input through a pipe (nothing is written to
disk) and compares its peak RSS (GNU time's %M) with the peak for a 1 MiB
input of the same text. Two modes:

  lines     predict --lines: one document per line, millions of documents
  document  predict on standard input: the whole input is one document

The text is our own corpus (corpus/articles/*.txt, bodies joined into one
line each), repeated until the size is reached, so no data set is needed.
"Flat" means within --slack-mib (default 16) of the 1 MiB input's peak.

usage: bench/stream.py [--gib 1] [--model models/topic.ncm] [--newsclass PATH]
                       [--slack-mib 16] [--json FILE]
Exit status: 0 flat in both modes, 1 not flat or a run failed.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def corpus_block(size):
    """About `size` bytes of one-article-per-line text from our corpus."""
    lines = []
    for path in sorted(glob.glob(os.path.join(REPO, "corpus", "articles", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            _, _, body = f.read().partition("\n\n")
        lines.append(" ".join(body.split()) + "\n")
    if not lines:
        raise SystemExit("error: no articles in corpus/articles")
    text = "".join(lines).encode("utf-8")
    while len(text) < size:
        text += text
    cut = text.rfind(b"\n", 0, size)
    return text[:cut + 1]


def run(nc, model, lines, block, total):
    """Pipe `total` bytes (block repeated) into predict; return figures."""
    cmd = [nc, "predict", "-m", model] + (["--lines"] if lines else []) + ["-"]
    with tempfile.NamedTemporaryFile(prefix="nc-stream-time.", delete=False) as tf:
        tpath = tf.name
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-o", tpath, "-f", "%M"] + cmd,
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    sent = 0
    try:
        while sent < total:
            chunk = block if total - sent >= len(block) else block[:total - sent]
            p.stdin.write(chunk)
            sent += len(chunk)
        p.stdin.close()
    except BrokenPipeError:
        pass
    err = p.stderr.read().decode("utf-8", "replace")
    p.wait()
    wall = time.perf_counter() - t0
    with open(tpath) as f:
        rss = int(f.read().split()[-1])
    os.unlink(tpath)
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (" ".join(cmd), p.returncode, err[-500:]))
    return {"bytes": sent, "seconds": round(wall, 2), "peak_rss_kib": rss,
            "mib_per_s": round(sent / 2**20 / wall, 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gib", type=float, default=1.0, help="input size in GiB (default 1)")
    ap.add_argument("--model", default=os.path.join(REPO, "models", "topic.ncm"))
    ap.add_argument("--newsclass", default=os.path.join(REPO, "build", "src", "cli", "newsclass"))
    ap.add_argument("--slack-mib", type=float, default=16.0)
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    if not os.access(a.newsclass, os.X_OK):
        print("error: cannot run '%s': build first (scripts/build.sh)" % a.newsclass, file=sys.stderr)
        return 1
    block = corpus_block(1 << 20)
    total = int(a.gib * 2**30)
    results, ok = {}, True
    print("| mode | input | peak RSS | seconds | MiB/s | flat |")
    print("|---|---:|---:|---:|---:|---|")
    for mode in ("lines", "document"):
        try:
            small = run(a.newsclass, a.model, mode == "lines", block, len(block))
            big = run(a.newsclass, a.model, mode == "lines", block, total)
        except RuntimeError as e:
            print("error: %s" % e, file=sys.stderr)
            return 1
        flat = big["peak_rss_kib"] <= small["peak_rss_kib"] + a.slack_mib * 1024
        ok &= flat
        results[mode] = {"small": small, "big": big, "flat": flat}
        for name, r in (("1 MiB", small), ("%.3g GiB" % a.gib, big)):
            print("| %s | %s | %.1f MiB | %.2f | %.1f | %s |" % (
                mode, name, r["peak_rss_kib"] / 1024, r["seconds"], r["mib_per_s"],
                ("yes" if flat else "NO") if r is big else ""))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
