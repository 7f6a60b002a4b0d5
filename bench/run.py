#!/usr/bin/python3
"""Benchmark newsclass against fastText, scikit-learn and libsvm's tools.

Data sets (Reuters-21578 ModApte, 20 Newsgroups bydate, AG News, BBC) are
read from --data (default <repo>/../shared/datasets), converted once into
fastText-format files under --out (default <repo>/bench-out), and every
system is run on the same text, each step as its own process, so that
whole-process wall time and peak RSS compare fairly. See bench/README.md.

  /usr/bin/python3 bench/run.py --quick           # a few hundred docs per set, ~1-2 min
  /usr/bin/python3 bench/run.py --tune            # choose settings on a validation split
  /usr/bin/python3 bench/run.py --runs 3 --write-md   # the full benchmark
"""
import argparse
import csv
import datetime
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SK = os.path.join(HERE, "sk.py")
SYSPY = "/usr/bin/python3"  # Debian's python, the one with scikit-learn
SETTINGS = os.path.join(HERE, "settings.json")
TMP = "/tmp"
WAIT_IDLE = 0  # --wait-idle
CMD_TIMEOUT = None  # set while tuning
ANALYSIS = os.path.join(HERE, "analysis.md")
PREP_VERSION = 3
SETS = ["reuters", "20news", "agnews", "bbc"]
SET_TITLES = {
    "reuters": "Reuters-21578 ModApte (90 categories, multi-label)",
    "20news": "20 Newsgroups (bydate, headers kept)",
    "agnews": "AG News (20k-row training sample, official test set)",
    "bbc": "BBC News (test = NNN % 5 == 0)",
}
SYSTEMS = ["nc-libsvm", "nc-liblinear", "fasttext", "fasttext-ftz", "sklearn", "libsvm-tools"]
SYSTEM_TITLES = {
    "nc-libsvm": "newsclass (libsvm)",
    "nc-liblinear": "newsclass (liblinear)",
    "fasttext": "fastText (.bin)",
    "fasttext-ftz": "fastText (.ftz, quantized)",
    "sklearn": "scikit-learn TF-IDF+LinearSVC",
    "libsvm-tools": "libsvm svm-train/svm-predict",
}
NC_SYSTEMS = ["nc-libsvm", "nc-liblinear"]
PEERS = ["fasttext", "fasttext-ftz", "sklearn", "libsvm-tools"]
QUICK_TRAIN, QUICK_TEST = 400, 200
# settings used when bench/settings.json has none for a set
DEFAULTS = {
    "newsclass": {"C": 1.0, "ngram": 2, "min_df": 2},
    "fasttext": {"epoch": 15, "lr": 0.5, "dim": 50, "wordNgrams": 2},
    "sklearn": {"C": 1.0, "min_df": 1},
}
class BenchError(Exception):
    pass


# compaction may cost at most this much validation accuracy / micro-F1
COMPACT_TOLERANCE = 0.001


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data sets

WS = re.compile(r"[\s\x00-\x1f\x7f]+")


def clean(text):
    """One line of text: every run of white space or control characters
    becomes one space (fastText and newsclass --lines read one document a line)."""
    return WS.sub(" ", text).strip()


def load_reuters(d):
    files = sorted(f for f in os.listdir(d) if re.fullmatch(r"reut2-\d{3}\.sgm", f))
    if not files:
        raise BenchError("no reut2-NNN.sgm files in %s" % d)
    docs = []
    for f in files:
        with open(os.path.join(d, f), encoding="latin-1") as fh:
            sgml = fh.read()
        for m in re.finditer(r"<REUTERS([^>]*)>(.*?)</REUTERS>", sgml, re.S):
            attrs, body = m.group(1), m.group(2)
            if 'TOPICS="YES"' not in attrs:
                continue
            split = re.search(r'LEWISSPLIT="([^"]*)"', attrs).group(1)
            if split not in ("TRAIN", "TEST"):
                continue
            tm = re.search(r"<TOPICS>(.*?)</TOPICS>", body, re.S)
            topics = re.findall(r"<D>(.*?)</D>", tm.group(1)) if tm else []
            title = re.search(r"<TITLE>(.*?)</TITLE>", body, re.S)
            text = re.search(r"<BODY>(.*?)</BODY>", body, re.S)
            t = (title.group(1) if title else "") + "\n" + (text.group(1) if text else "")
            t = re.sub(r"&#\d+;", "", t)  # control codes
            t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            docs.append((split, topics, clean(t)))
    train_cats = {c for s, ts, _ in docs if s == "TRAIN" for c in ts}
    test_cats = {c for s, ts, _ in docs if s == "TEST" for c in ts}
    cats = train_cats & test_cats
    train, test = [], []
    for s, ts, t in docs:
        ts = [c for c in ts if c in cats]
        if ts:
            (train if s == "TRAIN" else test).append((ts, t))
    return train, test, True


def load_20news(path, cache):
    root = os.path.join(cache, "20news-bydate")
    mark = os.path.join(root, ".complete")
    if not os.path.exists(mark):
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
        log("extracting %s" % path)
        with tarfile.open(path) as tf:
            members = [m for m in tf.getmembers() if m.isfile() or m.isdir()]
            if sys.version_info >= (3, 12):
                tf.extractall(root, members=members, filter="data")
            else:
                for m in members:  # refuse absolute paths and '..'
                    if m.name.startswith("/") or ".." in m.name.split("/"):
                        raise BenchError("unsafe path in %s: %s" % (path, m.name))
                tf.extractall(root, members=members)
        open(mark, "w").close()
    out = {}
    for split in ("train", "test"):
        base = None
        for dirpath, dirnames, _ in os.walk(root):
            if os.path.basename(dirpath) == "20news-bydate-" + split:
                base = dirpath
                break
        if not base:
            raise BenchError("no 20news-bydate-%s folder in %s" % (split, path))
        docs = []
        for group in sorted(os.listdir(base)):
            gd = os.path.join(base, group)
            if not os.path.isdir(gd):
                continue
            for name in sorted(os.listdir(gd), key=lambda n: (len(n), n)):
                with open(os.path.join(gd, name), "rb") as fh:
                    docs.append(([group], clean(fh.read().decode("latin-1"))))
        out[split] = docs
    return out["train"], out["test"], False


def load_agnews(d):
    with open(os.path.join(d, "classes.txt"), encoding="utf-8") as fh:
        names = [re.sub(r"[^A-Za-z0-9_.-]+", "_", line.strip()) for line in fh if line.strip()]

    def read(path, header):
        docs = []
        with open(path, encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh)
            if header:
                next(rows)
            for row in rows:
                if not row:
                    continue
                text = (row[1] + " " + row[2]).replace("\\", " ")  # '\' = old line break
                docs.append(([names[int(row[0]) - 1]], clean(text)))
        return docs
    return read(os.path.join(d, "train_20k.csv"), True), read(os.path.join(d, "test.csv"), False), False


def load_bbc(d):
    train, test = [], []
    for cls in sorted(os.listdir(d)):
        cd = os.path.join(d, cls)
        if not os.path.isdir(cd):
            continue
        for name in sorted(os.listdir(cd)):
            m = re.fullmatch(r"(\d+)\.txt", name)
            if not m:
                continue
            with open(os.path.join(cd, name), "rb") as fh:
                raw = fh.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            (test if int(m.group(1)) % 5 == 0 else train).append(([cls], clean(text)))
    return train, test, False


def find_sets(data):
    found = {}
    if os.path.isdir(os.path.join(data, "reuters21578")):
        found["reuters"] = lambda cache: load_reuters(os.path.join(data, "reuters21578"))
    if os.path.isfile(os.path.join(data, "20news-bydate.tar.gz")):
        found["20news"] = lambda cache: load_20news(os.path.join(data, "20news-bydate.tar.gz"), cache)
    if os.path.isfile(os.path.join(data, "ag_news", "train_20k.csv")):
        found["agnews"] = lambda cache: load_agnews(os.path.join(data, "ag_news"))
    if os.path.isdir(os.path.join(data, "bbc")):
        found["bbc"] = lambda cache: load_bbc(os.path.join(data, "bbc"))
    return found


def write_split(d, train, test, multi):
    os.makedirs(d, exist_ok=True)

    def ft_line(labels, text):
        return " ".join("__label__" + lab for lab in labels) + " " + (text or ".") + "\n"
    with open(os.path.join(d, "train.ft"), "w", encoding="utf-8") as f:
        for labels, text in train:
            f.write(ft_line(labels, text))
    with open(os.path.join(d, "test.ft"), "w", encoding="utf-8") as f:
        for labels, text in test:
            f.write(ft_line(labels, text))
    with open(os.path.join(d, "test.txt"), "w", encoding="utf-8") as f:
        for labels, text in test:
            f.write((text or ".") + "\n")
    gold = [labels for labels, _ in test]
    meta = {"version": PREP_VERSION, "multi_label": multi, "n_train": len(train),
            "n_test": len(test), "labels": sorted({c for ls, _ in train for c in ls}),
            "empty_texts": sum(1 for _, t in train + test if not t)}
    with open(os.path.join(d, "gold.json"), "w") as f:
        json.dump(gold, f)
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def prepare(name, loader, out, quick):
    """Write <out>/data[-quick]/<name>/{train.ft,test.ft,test.txt,gold.json,meta.json}
    and the validation split in .../val/ (train = first 80% of the shuffled
    training set, test = the last 20%). Returns the set's directory."""
    d = os.path.join(out, "data-quick" if quick else "data", name)
    mp = os.path.join(d, "meta.json")
    if os.path.exists(mp) and os.path.exists(os.path.join(d, "val", "meta.json")):
        with open(mp) as f:
            if json.load(f).get("version") == PREP_VERSION:
                return d
    t0 = time.time()
    train, test, multi = loader(os.path.join(out, "cache"))
    # a fixed shuffle of the training set: 20 Newsgroups and BBC come sorted
    # by class, which would hurt fastText's SGD and make a poor validation split
    train = list(train)
    random.Random(20240601).shuffle(train)
    if quick:
        train = train[:QUICK_TRAIN]
        idx = sorted(random.Random(7).sample(range(len(test)), min(QUICK_TEST, len(test))))
        test = [test[i] for i in idx]
    cut = len(train) * 4 // 5
    write_split(os.path.join(d, "val"), train[:cut], train[cut:], multi)
    meta = write_split(d, train, test, multi)
    log("prepared %s%s: %d train / %d test, %d labels (%.1fs)" % (
        name, " (quick)" if quick else "", meta["n_train"], meta["n_test"],
        len(meta["labels"]), time.time() - t0))
    return d


# ---------------------------------------------------------------- measuring

def cpu_busy():
    """Busy CPU seconds of the whole machine so far (all cores, /proc/stat)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)  # idle + iowait
    return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_idle(limit):
    """Wait up to limit seconds for a second in which the machine is at
    least 90% idle (other users' jobs distort times); return the busy
    fraction of the last second sampled."""
    t_end = time.time() + limit
    ncpu = os.cpu_count() or 1
    while True:
        b0 = cpu_busy()
        time.sleep(1.0)
        busy = (cpu_busy() - b0) / ncpu
        if busy < 0.1 or time.time() >= t_end:
            return busy


class Timeout(BenchError):
    pass


def measure(cmd, stdout=None, cwd=None, timeout=None):
    """Run cmd as one process under GNU time; return wall seconds (measured
    here), CPU seconds and peak RSS in KiB (GNU time's %M). Not os.wait4:
    a child forked from this Python process would report this process's
    RSS, inherited before exec, as its own peak. foreign_cpu_s is the CPU
    time the rest of the machine used meanwhile: a sign of contention."""
    timeout = timeout or CMD_TIMEOUT
    busy_before = wait_idle(WAIT_IDLE) if WAIT_IDLE > 0 else None
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    tf = os.path.join(TMP, "time.%d" % os.getpid())
    try:
        b0 = cpu_busy()
        t0 = time.perf_counter()
        p = subprocess.Popen(["/usr/bin/time", "-o", tf, "-f", "%e %U %S %M"] + cmd,
                             stdout=out, stderr=subprocess.PIPE, cwd=cwd, start_new_session=True)
        try:
            _, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.communicate()
            raise Timeout("timed out after %ss: %s" % (timeout, " ".join(cmd)))
        wall = time.perf_counter() - t0
        busy = cpu_busy() - b0
    finally:
        if stdout:
            out.close()
    if p.returncode != 0:
        raise BenchError("command failed (exit %d): %s\n%s" % (
            p.returncode, " ".join(cmd), err.decode("utf-8", "replace")[-2000:]))
    with open(tf) as f:
        e, u, sy, rss = f.read().split()[-4:]
    os.unlink(tf)
    cpu = float(u) + float(sy)
    r = {"cmd": cmd, "wall_s": wall, "time_wall_s": float(e), "cpu_s": cpu,
         "maxrss_kib": int(rss), "foreign_cpu_s": round(max(0.0, busy - cpu), 2)}
    if busy_before is not None:
        r["busy_before"] = round(busy_before, 3)
    return r


def combine(steps):
    """Several processes run one after another as one phase."""
    return {"wall_s": sum(s["wall_s"] for s in steps), "cpu_s": sum(s["cpu_s"] for s in steps),
            "maxrss_kib": max(s["maxrss_kib"] for s in steps),
            "foreign_cpu_s": sum(s["foreign_cpu_s"] for s in steps), "steps": steps}


# ---------------------------------------------------------------- scoring

def score(gold, pred, multi):
    if len(gold) != len(pred):
        raise BenchError("%d predictions for %d documents" % (len(pred), len(gold)))
    labels = sorted({c for g in gold for c in g})
    tp, fp, fn = {}, {}, {}
    exact = 0
    for g, p in zip(gold, pred):
        if not multi:
            p = p[:1]
        gs, ps = set(g), set(p)
        exact += gs == ps
        for c in gs & ps:
            tp[c] = tp.get(c, 0) + 1
        for c in ps - gs:
            fp[c] = fp.get(c, 0) + 1
        for c in gs - ps:
            fn[c] = fn.get(c, 0) + 1

    def f1(t, p_, n_):
        return 2 * t / (2 * t + p_ + n_) if t else 0.0
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    macro = sum(f1(tp.get(c, 0), fp.get(c, 0), fn.get(c, 0)) for c in labels) / len(labels)
    return {"accuracy": exact / len(gold), "micro_f1": f1(TP, FP, FN), "macro_f1": macro,
            "micro_precision": TP / (TP + FP) if TP + FP else 0.0,
            "micro_recall": TP / (TP + FN) if TP + FN else 0.0}


def primary(metrics, multi):
    return metrics["micro_f1"] if multi else metrics["accuracy"]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# ---------------------------------------------------------------- systems

class Ctx:
    def __init__(self, args):
        self.nc = args.newsclass
        self.threads = str(os.cpu_count() or 1)
        self.version = subprocess.run([self.nc, "--version"], capture_output=True,
                                      text=True).stdout.strip()


def snapshot_newsclass(binary, out):
    """Copy the newsclass binary and the libnewsclass.so it loads (RUNPATH
    $ORIGIN/../..) into <out>/bin, so that a rebuild of build/ by someone
    else during a long run cannot mix two versions in one benchmark."""
    import hashlib
    dest = os.path.join(out, "bin")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(os.path.join(dest, "src", "cli"))
    nb = os.path.join(dest, "src", "cli", "newsclass")
    shutil.copy2(binary, nb)
    info = {"source": binary, "mtime": datetime.datetime.fromtimestamp(
        os.path.getmtime(binary), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}
    libdir = os.path.normpath(os.path.join(os.path.dirname(binary), "..", ".."))
    lib = os.path.join(libdir, "libnewsclass.so.0")
    if os.path.exists(lib):
        shutil.copy2(os.path.realpath(lib), os.path.join(dest, "libnewsclass.so.0"))
        info["lib_mtime"] = datetime.datetime.fromtimestamp(
            os.path.getmtime(os.path.realpath(lib)), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    h = hashlib.sha256()
    for f in (nb, os.path.join(dest, "libnewsclass.so.0")):
        if os.path.exists(f):
            with open(f, "rb") as fh:
                h.update(fh.read())
    info["sha256"] = h.hexdigest()[:16]
    p = subprocess.run([nb, "--version"], capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError("the snapshot of %s does not run: %s" % (binary, p.stderr.strip()))
    return nb, info


def nc_train_cmd(ctx, solver, s, multi, train_ft, model):
    cmd = [ctx.nc, "train", "-q", "--format", "fasttext", "--solver", solver,
           "--ngram", str(s["ngram"]), "--min-df", str(s["min_df"]), "-c", str(s["C"]),
           "-o", model]
    if multi:
        cmd.append("--multi-label")
    if s.get("tune_thresholds"):
        cmd.append("--tune-thresholds")  # per-label thresholds by 5-fold CV
    if s.get("stop_words") is False:
        cmd.append("--no-stop-words")
    if s.get("nb_scale"):
        cmd.append("--nb-scale")  # NB log-count ratio scaling (NBSVM)
    if s.get("compact"):
        cmd += ["--compact", str(s["compact"])]  # keep N strongest features, 8-bit weights
    elif s.get("quantize"):
        cmd.append("--quantize")
    return cmd + [train_ft]


def nc_predict_cmd(ctx, s, model, test_txt):
    cmd = [ctx.nc, "predict", "--lines", "--json", "-m", model]
    if s.get("at_least_one"):
        cmd.append("--at-least-one")  # multi-label: the best label when none passes
    return cmd + [test_txt]


def run_newsclass(ctx, solver, s, d, w, multi, check_eval=False):
    model = os.path.join(w, "nc-%s.ncm" % solver)
    tr = combine([measure(nc_train_cmd(ctx, solver, s, multi, os.path.join(d, "train.ft"), model))])
    preds = os.path.join(w, "nc-%s.preds.jsonl" % solver)
    pr = combine([measure(nc_predict_cmd(ctx, s, model, os.path.join(d, "test.txt")), stdout=preds)])
    pred = [json.loads(line)["labels"] for line in read_lines(preds)]
    res = {"train": tr, "predict": pr, "pred": pred, "model_bytes": os.path.getsize(model),
           "model": model}
    # predict uses every core by default; the other tools' predict commands
    # use one, so the one-thread time is measured too and reported beside it
    res["predict_1thread"] = measure(nc_predict_cmd(ctx, s, model, os.path.join(d, "test.txt"))
                                     + ["--threads", "1"])
    if check_eval:
        p = subprocess.run([ctx.nc, "eval", "--json", "-m", model, "--format", "fasttext",
                            os.path.join(d, "test.ft")], capture_output=True, text=True)
        if p.returncode == 0:
            ev = json.loads(p.stdout)
            res["nc_eval"] = {k: ev.get(k) for k in ("documents", "accuracy", "micro_f1",
                                                      "macro_f1", "subset_accuracy")}
            res["nc_eval"]["stderr"] = p.stderr.strip()[-500:]
        else:
            res["nc_eval"] = {"error": p.stderr.strip()[-500:]}
    return res


def run_fasttext(ctx, s, d, w, multi, quantize=True):
    base = os.path.join(w, "ft")
    hyper = ["-epoch", str(s["epoch"]), "-lr", str(s["lr"]), "-thread", ctx.threads]
    cmd = ["fasttext", "supervised", "-input", os.path.join(d, "train.ft"), "-output", base,
           "-wordNgrams", str(s["wordNgrams"]), "-dim", str(s["dim"]), "-verbose", "0"] + hyper
    if multi:
        cmd += ["-loss", "ova"]
    tr = measure(cmd)
    out = {}
    test = os.path.join(d, "test.txt")
    k = ["-1", "0.5"] if multi else ["1"]
    for kind, ext in (("fasttext", ".bin"), ("fasttext-ftz", ".ftz")):
        if kind == "fasttext-ftz":
            if not quantize:
                break
            # -retrain retrains with quantize's own -epoch/-lr (default 5/0.1):
            # pass the model's so the quantized model is trained the same way
            q = measure(["fasttext", "quantize", "-input", os.path.join(d, "train.ft"),
                         "-output", base, "-qnorm", "-retrain", "-cutoff", "100000",
                         "-verbose", "0"] + hyper)
            train = combine([tr, q])
        else:
            train = combine([tr])
        preds = base + ext + ".preds"
        pr = combine([measure(["fasttext", "predict", base + ext, test] + k, stdout=preds)])
        pred = [[t[len("__label__"):] for t in line.split() if t.startswith("__label__")]
                for line in read_lines(preds)]
        out[kind] = {"train": train, "predict": pr, "pred": pred,
                     "model_bytes": os.path.getsize(base + ext), "model": base + ext}
    vec = base + ".vec"
    if os.path.exists(vec):
        out["fasttext"]["vec_bytes"] = os.path.getsize(vec)
    return out


def run_sklearn(ctx, s, d, w, multi):
    model = os.path.join(w, "sk.pkl")
    cmd = [SYSPY, SK, "train", "--train", os.path.join(d, "train.ft"), "--model", model,
           "--C", str(s["C"]), "--min-df", str(s["min_df"]), "--timings", model + ".train.json"]
    if multi:
        cmd.append("--multi-label")
    tr = combine([measure(cmd)])
    preds = os.path.join(w, "sk.preds")
    pr = combine([measure([SYSPY, SK, "predict", "--model", model, "--input",
                           os.path.join(d, "test.txt"), "--output", preds,
                           "--timings", model + ".predict.json"])])
    pred = [line.split() for line in read_lines(preds)]
    inproc = {}
    for ph in ("train", "predict"):
        with open("%s.%s.json" % (model, ph)) as f:
            inproc[ph] = json.load(f)
    return {"train": tr, "predict": pr, "pred": pred, "model_bytes": os.path.getsize(model),
            "model": model, "in_process": inproc}


def run_libsvm_tools(ctx, s, d, w, nc_model):
    """libsvm's own svm-train/svm-predict on newsclass's TF-IDF vectors
    (the vocabulary and IDF come from an exact newsclass model with the same
    n-gram and min-df settings)."""
    lmap = os.path.join(w, "labels.map")
    trs, tes, m = (os.path.join(w, x) for x in ("train.svm", "test.svm", "svm.model"))
    v1 = measure([ctx.nc, "vectorize", "-m", nc_model, "--format", "fasttext",
                  "--label-map", lmap, "-o", trs, os.path.join(d, "train.ft")])
    t1 = measure(["svm-train", "-q", "-t", "0", "-c", str(s["C"]), trs, m])
    v2 = measure([ctx.nc, "vectorize", "-m", nc_model, "--format", "fasttext",
                  "-o", tes, os.path.join(d, "test.ft")])
    out = os.path.join(w, "svm.preds")
    t2 = measure(["svm-predict", tes, m, out], stdout=out + ".log")
    names = {}
    for line in read_lines(lmap):
        num, lab = line.split(" ", 1)
        names[int(num)] = lab
    pred = [[names[int(float(x))]] for x in read_lines(out)]
    return {"train": combine([v1, t1]), "predict": combine([v2, t2]), "pred": pred,
            "model_bytes": os.path.getsize(m), "model": m,
            "vector_bytes": {"train": os.path.getsize(trs), "test": os.path.getsize(tes)}}


# ---------------------------------------------------------------- settings

def load_settings():
    if os.path.exists(SETTINGS):
        with open(SETTINGS) as f:
            return json.load(f)
    return {}


def settings_for(all_settings, name, system):
    key = {"nc-libsvm": "nc-libsvm", "nc-liblinear": "nc-liblinear", "libsvm-tools": "nc-libsvm",
           "fasttext": "fasttext", "fasttext-ftz": "fasttext", "sklearn": "sklearn"}[system]
    dflt = {"nc-libsvm": "newsclass", "nc-liblinear": "newsclass", "fasttext": "fasttext",
            "sklearn": "sklearn"}[key]
    s = dict(DEFAULTS[dflt])
    s.update(all_settings.get(name, {}).get(key, {}).get("settings", {}))
    if system == "libsvm-tools":
        # svm-train gets plain vectors of an exact model: newsclass's
        # training-only options do not apply to it
        for k in ("compact", "quantize", "nb_scale"):
            s.pop(k, None)
    return s


# ---------------------------------------------------------------- tuning

def tune(args, ctx, sets, out):
    """Coordinate search on the validation split (train: first 80% of the
    shuffled training set; validation: the last 20%). The test set is never
    read. Each stage tries a few changes to the best setting so far; the best
    validation score wins, ties going to the setting tried first."""
    global CMD_TIMEOUT
    path = os.path.join(out, "settings-quick.json") if args.quick else SETTINGS
    result = {}
    if os.path.exists(path):
        with open(path) as f:
            result = json.load(f)
    t_all = time.time()
    help_train = subprocess.run([ctx.nc, "train", "--help"], capture_output=True, text=True).stdout
    for name, d in sets.items():
        vd = os.path.join(d, "val")
        with open(os.path.join(vd, "meta.json")) as f:
            meta = json.load(f)
        multi = meta["multi_label"]
        with open(os.path.join(vd, "gold.json")) as f:
            gold = json.load(f)
        w = os.path.join(out, "tune", name)
        entry = result.setdefault(name, {})
        log("== tuning %s on %d train / %d validation documents" % (name, meta["n_train"], meta["n_test"]))

        def search(system, base, stages, fn, timeout=None):
            global CMD_TIMEOUT
            t0 = time.time()
            tried, best = [], None

            def key(t):
                return (round(primary(t["metrics"], multi), 6), round(t["metrics"]["macro_f1"], 6),
                        -tried.index(t))
            for stage in stages:
                cur = dict(best["settings"] if best else base)
                for change in stage:
                    st = dict(cur, **change)
                    if any(t["settings"] == st for t in tried):
                        continue
                    shutil.rmtree(w, ignore_errors=True)
                    os.makedirs(w)
                    CMD_TIMEOUT = timeout
                    try:
                        r = fn(st)
                    except Timeout as e:
                        log("  %-12s %-58s TIMEOUT (%ss)" % (system, json.dumps(st), timeout))
                        tried.append({"settings": st, "error": str(e)[:300]})
                        return tried, best, "timeout"
                    except BenchError as e:
                        log("  %-12s %-58s FAILED %s" % (system, json.dumps(st), str(e).splitlines()[0]))
                        tried.append({"settings": st, "error": str(e)[:1000]})
                        continue
                    finally:
                        CMD_TIMEOUT = None
                    m = score(gold, r["pred"], multi)
                    t = {"settings": st, "metrics": m, "train_s": round(r["train"]["wall_s"], 2),
                         "predict_s": round(r["predict"]["wall_s"], 2), "model_bytes": r["model_bytes"]}
                    tried.append(t)
                    log("  %-12s %-58s %s %.4f%s  train %.1fs" % (
                        system, json.dumps(st), "micro-F1" if multi else "accuracy", primary(m, multi),
                        " macro %.4f" % m["macro_f1"] if multi else "", r["train"]["wall_s"]))
                    if best is None or key(t) > key(best):
                        best = t
            shutil.rmtree(w, ignore_errors=True)
            return tried, best, None

        def compact_stage(system, tried, best, fn):
            """Model size: on the best settings, try 8-bit weights alone and
            with the strongest 200k/100k/50k/25k features kept; take the
            smallest model whose validation score is within COMPACT_TOLERANCE
            of the best exact one (compaction trades a little accuracy for
            size and load time; this bounds the trade)."""
            floor = primary(best["metrics"], multi) - COMPACT_TOLERANCE
            chosen = best
            for change in ({"quantize": True}, {"compact": 200000}, {"compact": 100000},
                           {"compact": 50000}, {"compact": 25000}):
                st = dict(best["settings"], **change)
                shutil.rmtree(w, ignore_errors=True)
                os.makedirs(w)
                try:
                    r = fn(st)
                except BenchError as e:
                    log("  %-12s %-58s FAILED %s" % (system, json.dumps(st), str(e).splitlines()[0]))
                    tried.append({"settings": st, "error": str(e)[:1000]})
                    continue
                m = score(gold, r["pred"], multi)
                t = {"settings": st, "metrics": m, "train_s": round(r["train"]["wall_s"], 2),
                     "predict_s": round(r["predict"]["wall_s"], 2), "model_bytes": r["model_bytes"]}
                tried.append(t)
                log("  %-12s %-58s %.4f  %s" % (system, json.dumps(st), primary(m, multi),
                                                human_bytes(r["model_bytes"])))
                if primary(m, multi) >= floor and r["model_bytes"] < chosen["model_bytes"]:
                    chosen = t
            shutil.rmtree(w, ignore_errors=True)
            return chosen

        def store(system, tried, best, t0, note=None):
            if best is None:
                entry[system] = {"error": "every setting failed", "tried": tried}
                return
            entry[system] = {"settings": best["settings"], "validation": best["metrics"],
                             "tuning_seconds": round(time.time() - t0, 1), "tried": tried}
            if note:
                entry[system]["note"] = note
            log("  -> %s: %s (%.4f) in %.0fs" % (system, json.dumps(best["settings"]),
                                                primary(best["metrics"], multi), time.time() - t0))

        nc_stages = [[{"ngram": n, "min_df": m} for n in (1, 2) for m in (2, 1)],
                     [{"C": 0.3}, {"C": 3.0}], [{"stop_words": False}]]
        if "--nb-scale" in help_train:
            # NB scaling moves the best C, so C is searched again after it
            nc_stages += [[{"nb_scale": True}], [{"C": 0.3}, {"C": 1.0}, {"C": 3.0}]]
        if multi:
            nc_stages.append([{"at_least_one": True}])
            if "--tune-thresholds" in help_train:
                nc_stages.append([{"tune_thresholds": True}])
        ll_best = None
        if "nc-liblinear" in args.systems_set:
            t0 = time.time()
            tried, best, _ = search("nc-liblinear", dict(DEFAULTS["newsclass"], C=1.0), nc_stages,
                                    lambda st: run_newsclass(ctx, "liblinear", st, vd, w, multi))
            if best and "--compact" in help_train:
                best = compact_stage("nc-liblinear", tried, best,
                                     lambda st: run_newsclass(ctx, "liblinear", st, vd, w, multi))
            store("nc-liblinear", tried, best, t0)
            ll_best = best
        if "nc-libsvm" in args.systems_set:
            # the kernel solver is slow on big sets: search only C, on the
            # features chosen for liblinear, and give up (keeping those
            # settings) when one training exceeds --tune-timeout
            t0 = time.time()
            base = dict(ll_best["settings"] if ll_best else DEFAULTS["newsclass"], C=1.0)
            tried, best, why = search("nc-libsvm", base, [[{"C": 1.0}, {"C": 0.3}, {"C": 3.0}]],
                                      lambda st: run_newsclass(ctx, "libsvm", st, vd, w, multi),
                                      timeout=args.tune_timeout)
            note = "C searched on the n-gram/min-df/threshold settings chosen for liblinear"
            if why == "timeout" and best is None:
                best = {"settings": base, "metrics": ll_best["metrics"] if ll_best else {}}
                note = ("not tuned: one training on the validation split takes over %ss; the "
                        "liblinear settings with C=1 are used" % args.tune_timeout)
            elif why == "timeout":
                note += "; stopped at the time limit (%ss)" % args.tune_timeout
            store("nc-libsvm", tried, best, t0, note)
        if "fasttext" in args.systems_set or "fasttext-ftz" in args.systems_set:
            t0 = time.time()
            tried, best, _ = search(
                "fasttext", dict(DEFAULTS["fasttext"], dim=10),
                [[{"epoch": e, "lr": lr} for e in (5, 15, 25) for lr in (0.1, 0.5, 1.0)], [{"dim": 50}]],
                lambda st: run_fasttext(ctx, st, vd, w, multi, quantize=False)["fasttext"])
            store("fasttext", tried, best, t0, "the .ftz is quantized from the model trained with these")
        if "sklearn" in args.systems_set:
            t0 = time.time()
            tried, best, _ = search("sklearn", dict(DEFAULTS["sklearn"], C=1.0),
                                    [[{"min_df": 1}, {"min_df": 2}], [{"C": 0.3}, {"C": 3.0}]],
                                    lambda st: run_sklearn(ctx, st, vd, w, multi))
            store("sklearn", tried, best, t0)
        entry["_split"] = {"train": meta["n_train"], "validation": meta["n_test"],
                           "metric": "micro_f1" if multi else "accuracy"}
        result["_meta"] = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                           "newsclass": ctx.version, "seconds": round(time.time() - t_all, 1)}
        with open(path, "w") as f:
            json.dump(result, f, indent=1, sort_keys=True)
            f.write("\n")
    log("tuning took %.0fs; settings written to %s" % (time.time() - t_all, path))


# ---------------------------------------------------------------- benchmark

def median(xs):
    return statistics.median(xs) if xs else None


def summarize(runs, n_test, multi):
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[0]["error"] if runs else "not run"}
    s = {"runs": len(ok)}
    for ph in ("train", "predict"):
        s[ph + "_s"] = median([r[ph]["wall_s"] for r in ok])
        s[ph + "_cpu_s"] = median([r[ph]["cpu_s"] for r in ok])
        s[ph + "_rss_kib"] = median([r[ph]["maxrss_kib"] for r in ok])
        s[ph + "_rss_kib_max"] = max(r[ph]["maxrss_kib"] for r in ok)
    s["docs_per_s"] = n_test / s["predict_s"] if s["predict_s"] else None
    # CPU time used by other processes on the machine while ours ran, per
    # second of our wall time (2 = both cores busy with someone else's work)
    s["contention"] = max(r[ph].get("foreign_cpu_s", 0) / max(r[ph]["wall_s"], 1e-3)
                          for r in ok for ph in ("train", "predict"))
    s["model_bytes"] = median([r["model_bytes"] for r in ok])
    for k in ("accuracy", "micro_f1", "macro_f1"):
        vals = [r["metrics"][k] for r in ok]
        s[k] = median(vals)
        s[k + "_range"] = [min(vals), max(vals)]
    return s


def bench(args, ctx, sets, out):
    # quick mode uses bench/settings.json too, unless --quick --tune wrote
    # bench-out/settings-quick.json
    all_settings = load_settings()
    qs = os.path.join(out, "settings-quick.json")
    if args.quick and os.path.exists(qs):
        with open(qs) as f:
            all_settings.update(json.load(f))
    results = {"sets": {}, "mode": "quick" if args.quick else "full", "runs": args.runs}
    mode = "quick" if args.quick else "full"
    partial = os.path.join(out, "results%s.partial.json" % ("-quick" if args.quick else ""))
    prev = {}
    if args.resume:
        for f in (partial, os.path.join(out, "results%s.json" % ("-quick" if args.quick else ""))):
            if os.path.exists(f):
                with open(f) as fh:
                    old = json.load(fh)
                if old.get("mode") == mode and old.get("runs") == args.runs:
                    prev = old.get("sets", {})
                    break
    for name, d in sets.items():
        with open(os.path.join(d, "meta.json")) as f:
            meta = json.load(f)
        multi = meta["multi_label"]
        want = {s: settings_for(all_settings, name, s) for s in SYSTEMS if s in args.systems_set}
        p = prev.get(name)
        if p and p.get("settings") == want and p.get("newsclass_sha256") == ctx.binary.get("sha256"):
            log("== %s: reusing the results of %s (--resume)" % (name, p.get("date", "an earlier run")))
            results["sets"][name] = p
            continue
        gold = json.load(open(os.path.join(d, "gold.json")))
        systems = [s for s in SYSTEMS if s in args.systems_set]
        skipped = {}
        if "libsvm-tools" in systems:
            if multi:
                skipped["libsvm-tools"] = "svm-train has no multi-label mode"
            elif args.quick and name in ("20news", "agnews"):
                skipped["libsvm-tools"] = "skipped in quick mode (minutes on the full set)"
        if "fasttext-ftz" in systems and args.quick and name != "bbc":
            skipped["fasttext-ftz"] = "quick mode quantizes on bbc only (~40 s a model)"
        settings = {s: settings_for(all_settings, name, s) for s in systems}
        raw = {s: [] for s in systems if s not in skipped}
        log("== %s: %d train / %d test documents" % (name, meta["n_train"], meta["n_test"]))
        for i in range(args.runs):
            w = os.path.join(out, "work", "quick" if args.quick else "full", name, "run%d" % i)
            shutil.rmtree(w, ignore_errors=True)
            os.makedirs(w)

            def record(system, fn):
                if system not in raw:
                    return
                if i > 0 and raw[system] and "error" in raw[system][0]:
                    return  # failed or timed out the first time: not repeated
                first = [r for r in raw[system] if "error" not in r][:1]
                if i > 0 and first and first[0]["train"]["wall_s"] > args.slow_limit:
                    if i == 1:
                        log("  %s: not repeated (first training took %.0fs > --slow-limit %.0fs)" % (
                            system, first[0]["train"]["wall_s"], args.slow_limit))
                    return
                try:
                    r = fn()
                except BenchError as e:
                    log("  %s run %d FAILED: %s" % (system, i, e))
                    raw[system].append({"run": i, "error": str(e)[:3000]})
                    return
                rs = r if system == "fasttext" else {system: r}
                for sysname, rr in rs.items():
                    if sysname not in raw:
                        continue
                    if not multi and i == 0:
                        # per-document right/wrong, for the paired test of the report
                        rr["correct"] = "".join("1" if p[:1] == g[:1] else "0"
                                                for g, p in zip(gold, rr["pred"]))
                    rr["metrics"] = score(gold, rr.pop("pred"), multi)
                    rr["run"] = i
                    raw[sysname].append(rr)
                    log("  run %d %-13s %s %.4f%s  train %6.2fs %7.1f MiB  predict %6.2fs %7.1f MiB  model %s" % (
                        i, sysname, "micro-F1" if multi else "accuracy",
                        primary(rr["metrics"], multi),
                        " macro-F1 %.4f" % rr["metrics"]["macro_f1"] if multi else "",
                        rr["train"]["wall_s"], rr["train"]["maxrss_kib"] / 1024,
                        rr["predict"]["wall_s"], rr["predict"]["maxrss_kib"] / 1024,
                        human_bytes(rr["model_bytes"])))

            for solver in ("libsvm", "liblinear"):
                sysname = "nc-" + solver
                record(sysname, lambda: run_newsclass(ctx, solver, settings[sysname], d, w, multi,
                                                      check_eval=(i == 0)))
            if "libsvm-tools" in raw:
                # the vectors come from an exact (not compacted) newsclass
                # model with the same n-gram/min-df settings: only its
                # vocabulary, idf and label order are used, so it is trained
                # untimed, with the fast solver
                def vec_model():
                    path = os.path.join(w, "vocab.ncm")
                    p = subprocess.run(nc_train_cmd(ctx, "liblinear", settings["libsvm-tools"], False,
                                                    os.path.join(d, "train.ft"), path),
                                       capture_output=True, text=True)
                    if p.returncode:
                        raise BenchError("vocabulary model for libsvm-tools: " + p.stderr.strip()[-300:])
                    return path
                record("libsvm-tools", lambda: run_libsvm_tools(
                    ctx, settings["libsvm-tools"], d, w, vec_model()))
            if "fasttext" in raw or "fasttext-ftz" in raw:
                if "fasttext" not in raw:
                    raw["fasttext"] = []
                record("fasttext", lambda: run_fasttext(ctx, settings["fasttext"], d, w, multi,
                                                        quantize="fasttext-ftz" in raw))
            record("sklearn", lambda: run_sklearn(ctx, settings["sklearn"], d, w, multi))
        results["sets"][name] = {
            "title": SET_TITLES[name], "multi_label": multi, "n_train": meta["n_train"],
            "n_test": meta["n_test"], "n_labels": len(meta["labels"]),
            "settings": {s: settings[s] for s in systems},
            "skipped": skipped,
            "summary": {s: summarize(r, meta["n_test"], multi) for s, r in raw.items()},
            "raw": raw,
            "newsclass_sha256": ctx.binary.get("sha256"),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        }
        with open(partial, "w") as f:  # a checkpoint for --resume
            json.dump(results, f)
    return results


# ---------------------------------------------------------------- report

def human_bytes(n):
    if n is None:
        return "-"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return ("%.0f %s" if unit == "B" else "%.1f %s") % (n, unit)
        n /= 1024.0


def machine_info():
    info = {"nproc": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def versions(ctx):
    v = {}
    try:
        v["newsclass"] = subprocess.run([ctx.nc, "--version"], capture_output=True,
                                        text=True).stdout.strip()
    except OSError:
        pass
    for pkg in ("fasttext", "libsvm-tools", "python3-sklearn", "liblinear4", "libsvm3"):
        p = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
        if p.returncode == 0:
            v[pkg] = p.stdout.strip()
    return v


FIGS = [  # key, title, better ("hi"/"lo")
    ("primary", "accuracy / micro-F1", "hi"),
    ("macro_f1", "macro-F1", "hi"),
    ("train_s", "train time", "lo"),
    ("predict_s", "predict time", "lo"),
    ("docs_per_s", "docs/s", "hi"),
    ("train_rss_kib", "train peak RSS", "lo"),
    ("predict_rss_kib", "predict peak RSS", "lo"),
    ("model_bytes", "model size", "lo"),
]


def fig(s, key, multi):
    if key == "primary":
        return s["micro_f1"] if multi else s["accuracy"]
    return s.get(key)


def nc_best(sm, key, multi, better):
    vals = [(fig(sm[n], key, multi), n) for n in NC_SYSTEMS if n in sm and "error" not in sm[n]]
    vals = [v for v in vals if v[0] is not None]
    if not vals:
        return None, None
    return (max if better == "hi" else min)(vals)


def fmt_ratio(x):
    return "-" if x is None else ("%.2f" % x if x < 100 else "%.0f" % x)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def p_value(p):
    """'= 0.06', '= 0.005', '< 0.001': two decimals hide a small p as 0.00."""
    if p >= 0.01:
        return "= %.2f" % p
    return "= %.3f" % p if p >= 0.001 else "< 0.001"


def mcnemar(a, b):
    """Exact two-sided McNemar test of two classifiers' right/wrong strings
    over the same documents: (documents only a gets right, only b gets
    right, p-value). Under the null hypothesis of equal accuracy the
    discordant documents split like a fair coin."""
    na = sum(1 for x, y in zip(a, b) if x == "1" and y == "0")
    nb = sum(1 for x, y in zip(a, b) if x == "0" and y == "1")
    n, k = na + nb, min(na, nb)
    if n == 0:
        return na, nb, 1.0
    tail = sum(math.comb(n, j) for j in range(k + 1))
    return na, nb, min(1.0, 2 * tail / 2 ** n)


def first_correct(rs, sysname):
    runs = [r for r in rs.get("raw", {}).get(sysname, []) if "correct" in r]
    return runs[0]["correct"] if runs else None


def targets(rs):
    """Judge each newsclass solver against the project's targets."""
    sm, multi = rs["summary"], rs["multi_label"]
    rows = []
    peers_ok = [p for p in PEERS if p in sm and "error" not in sm[p]]

    def get(sysname, key):
        return fig(sm[sysname], key, multi) if sysname in sm and "error" not in sm[sysname] else None
    for solver in NC_SYSTEMS:
        if solver not in sm or "error" in sm[solver]:
            continue
        r = {"solver": solver}
        for key in (["primary", "macro_f1"] if multi else ["primary"]):
            best = max((get(p, key), p) for p in peers_ok) if peers_ok else (None, None)
            r["quality_" + key] = {"value": get(solver, key), "best_peer": best[0], "peer": best[1],
                                   "pass": best[0] is None or get(solver, key) >= best[0] - 1e-9}
            mine, theirs = first_correct(rs, solver), first_correct(rs, best[1])
            if key == "primary" and mine and theirs and len(mine) == len(theirs):
                na, nb, pv = mcnemar(mine, theirs)
                r["quality_" + key]["mcnemar"] = {"newsclass_only": na, "peer_only": nb, "p": pv}
        sk = get("sklearn", "train_s")
        r["train_time_vs_sklearn"] = {"value": get(solver, "train_s"), "peer": sk,
                                      "pass": sk is None or get(solver, "train_s") <= sk}
        ft = get("fasttext", "docs_per_s")
        r["docs_per_s_vs_fasttext"] = {"value": get(solver, "docs_per_s"), "peer": ft,
                                       "pass": ft is None or get(solver, "docs_per_s") >= ft}
        skd = get("sklearn", "docs_per_s")
        r["docs_per_s_vs_5x_sklearn"] = {"value": get(solver, "docs_per_s"),
                                         "peer": None if skd is None else 5 * skd,
                                         "pass": skd is None or get(solver, "docs_per_s") >= 5 * skd}
        for ph in ("train", "predict"):
            skm = get("sklearn", ph + "_rss_kib")
            r[ph + "_rss_vs_sklearn"] = {"value": get(solver, ph + "_rss_kib"), "peer": skm,
                                         "pass": skm is None or get(solver, ph + "_rss_kib") <= skm}
        fz, fza = get("fasttext-ftz", "model_bytes"), get("fasttext-ftz", "primary")
        r["size_vs_ftz"] = {"value": get(solver, "model_bytes"), "peer": fz,
                            "accuracy": get(solver, "primary"), "peer_accuracy": fza,
                            "pass": fz is None or (get(solver, "model_bytes") <= fz
                                                   and get(solver, "primary") >= fza - 1e-9)}
        rows.append(r)
    return rows


def short_error(err):
    """A failed step's error as the report shows it: a time-out without its
    command line, anything else cut to one short line."""
    err = err.splitlines()[0]
    m = re.match(r"timed out after ([\d.]+)s", err)
    return "did not finish within %.0f s (stopped)" % float(m.group(1)) if m else err[:150]


CSV_FIELDS = ["set", "system", "settings", "error", "runs", "accuracy", "micro_f1", "macro_f1",
              "train_s", "train_cpu_s", "predict_s", "predict_cpu_s", "docs_per_s",
              "train_rss_kib", "predict_rss_kib", "model_bytes", "contention"]


def write_csv(results, path):
    """The table's figures, one row per set and system (medians, as in the
    Markdown); results.json holds every raw run."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(CSV_FIELDS)
        for name, rs in results["sets"].items():
            for system in SYSTEMS:
                if system in rs["skipped"]:
                    sm = {"error": "skipped: " + rs["skipped"][system]}
                elif system in rs["summary"]:
                    sm = dict(rs["summary"][system])
                    if "error" in sm:
                        sm["error"] = "failed: " + short_error(sm["error"])
                else:
                    continue
                row = dict(sm, set=name, system=system,
                           settings=json.dumps(rs["settings"].get(system, {}), sort_keys=True))
                w.writerow(["" if row.get(k) is None else
                            ("%.6g" % row[k] if isinstance(row[k], float) else row[k])
                            for k in CSV_FIELDS])


def write_reports(results, out, quick, to_repo):
    """BENCHMARKS.md and BENCHMARKS.csv into --out, and with to_repo also
    at the repository root, where the published figures live."""
    dirs = [out] + ([REPO] if to_repo else [])
    for d in dirs:
        base = "BENCHMARKS-quick" if quick and d == out else "BENCHMARKS"
        write_md(results, os.path.join(d, base + ".md"), results["command"])
        write_csv(results, os.path.join(d, base + ".csv"))
        if d == REPO:
            log("wrote %s.{md,csv}" % os.path.join(d, base))


def write_md(results, path, cmdline):
    m, L = results["machine"], []
    L.append("# newsclass benchmarks\n")
    L.append("Generated by `bench/run.py` (see bench/README.md) on %s. Mode: **%s**, median of %d run(s) per figure.\n"
             % (results["date"], results["mode"], results["runs"]))
    L.append("- Machine: %s cores, %s, %s GiB RAM; %s" % (m.get("nproc"), m.get("cpu", "?"),
                                                        m.get("ram_gib", "?"), m.get("platform")))
    L.append("- Versions: " + ", ".join("%s %s" % kv for kv in results["versions"].items()))
    L.append("- Reproduce: `%s`" % cmdline)
    L.append("- Machine-readable: `BENCHMARKS.csv` beside this file (the tables' medians, one row per "
             "set and system); every raw run is in `bench-out/results.json`.")
    L.append("- Settings: chosen by `bench/run.py --tune` on a validation split (last 20%% of the shuffled "
             "training set; the test set is never used for tuning) and stored in `bench/settings.json`. "
             "newsclass's model compaction (`--quantize`, `--compact N`: 8-bit weights, the N strongest "
             "features) is tuned last: the smallest model whose validation score is within %.3f of the "
             "best exact model's." % COMPACT_TOLERANCE)
    L.append("- Every step is its own process: time = wall seconds of the whole process (start-up, "
             "reading, writing included), RSS = its peak resident set (GNU time's %%M). The training time "
             "of fastText .ftz includes training the .bin it quantizes; libsvm-tools' phases include "
             "`newsclass vectorize` (its vocabulary and IDF come from an exact newsclass model with the same n-gram and min-df settings, trained untimed). "
             "newsclass and fastText train with %s threads; scikit-learn and libsvm's tools use one. "
             "Prediction reads one document per line, text only; newsclass's is "
             "`predict --lines --json`, which classifies lines on all %s cores by default (the "
             "other tools' predict commands use one; newsclass's one-thread time is given under "
             "each table).\n" % (m.get("nproc"), m.get("nproc")))
    for name, rs in results["sets"].items():
        multi, sm = rs["multi_label"], rs["summary"]
        L.append("## %s\n" % rs["title"])
        L.append("%d train / %d test documents, %d labels.%s\n" % (
            rs["n_train"], rs["n_test"], rs["n_labels"],
            " Quality: micro- and macro-averaged F1 over the labels of the test set (a document may "
            "get no label)." if multi else " Quality: accuracy (macro-F1 alongside)."))
        L.append("| system | settings | %s | macro-F1 | train s | train CPU s | predict s | docs/s | train RSS | predict RSS | model | notes |"
                 % ("micro-F1" if multi else "accuracy"))
        L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for sysname in SYSTEMS:
            if sysname in rs["skipped"]:
                L.append("| %s | skipped: %s |||||||||||" % (SYSTEM_TITLES[sysname], rs["skipped"][sysname]))
                continue
            if sysname not in sm:
                continue
            s = sm[sysname]
            if "error" in s:
                L.append("| %s | FAILED: %s |||||||||||" % (SYSTEM_TITLES[sysname],
                                                           short_error(s["error"]).replace("|", "/")))
                continue
            st = rs["settings"].get(sysname, {})
            sets = ", ".join("%s=%s" % kv for kv in st.items())
            q = fig(s, "primary", multi)
            rng = s["micro_f1_range" if multi else "accuracy_range"]
            qs = "%.4f" % q + (" (%.4f–%.4f)" % tuple(rng) if rng[1] - rng[0] > 1e-9 else "")
            notes = []
            if s["runs"] < results["runs"]:
                notes.append("%d run%s" % (s["runs"], "" if s["runs"] == 1 else "s"))
            if s.get("contention", 0) > 0.25:
                notes.append("machine busy (%.1f foreign CPU/s)" % s["contention"])
            L.append("| %s | %s | %s | %.4f | %.2f | %.2f | %.2f | %.0f | %s | %s | %s | %s |" % (
                SYSTEM_TITLES[sysname], sets, qs, s["macro_f1"], s["train_s"], s["train_cpu_s"],
                s["predict_s"], s["docs_per_s"], human_bytes(s["train_rss_kib"] * 1024),
                human_bytes(s["predict_rss_kib"] * 1024), human_bytes(s["model_bytes"]),
                "; ".join(notes)))
        extra = []
        ft = [r for r in rs["raw"].get("fasttext", []) if "vec_bytes" in r]
        if ft:
            extra.append("fastText also writes a .vec file of %s during training (included in its "
                         "time)." % human_bytes(ft[0]["vec_bytes"]))
        sk = [r for r in rs["raw"].get("sklearn", []) if "in_process" in r]
        if sk:
            ip = sk[0]["in_process"]
            extra.append("scikit-learn in-process (run 1, without interpreter start-up and imports of "
                         "%.2fs): fit %.2fs (vectorize %.2fs), predict %.2fs." % (
                             ip["train"]["import"], ip["train"]["fit"] + ip["train"]["vectorize"],
                             ip["train"]["vectorize"], ip["predict"]["predict"]))
        one = []
        for solver in NC_SYSTEMS:
            t1 = median([r["predict_1thread"]["wall_s"] for r in rs["raw"].get(solver, [])
                         if "predict_1thread" in r])
            if t1:
                one.append("%s %.2fs (%d docs/s)" % (solver[3:], t1, rs["n_test"] / t1))
        if one:
            extra.append("newsclass predicting on one thread (`--threads 1`): %s." % ", ".join(one))
        for solver in NC_SYSTEMS:
            ev = [r.get("nc_eval") for r in rs["raw"].get(solver, []) if r.get("nc_eval")]
            if ev and "error" not in ev[0] and not rs["settings"][solver].get("at_least_one"):
                mine = [r["metrics"] for r in rs["raw"][solver] if "metrics" in r][0]
                keys = ("micro_f1", "macro_f1") if multi else ("accuracy", "macro_f1")
                diffs = ["%s %.4f vs ours %.4f" % (k, ev[0][k], mine[k]) for k in keys
                         if ev[0].get(k) is not None and abs(ev[0][k] - mine[k]) > 5e-4]
                if diffs:
                    warn = ev[0].get("stderr", "").replace("newsclass: ", "").strip()
                    extra.append("**Mismatch**: `newsclass eval` on test.ft for %s reports %s "
                                 "(predict --lines scored by this script)%s." % (
                                     solver, "; ".join(diffs), "; eval said: " + warn if warn else ""))
        if extra:
            L.append("\n" + " ".join(extra))
        L.append("")
    # ratios
    L.append("## Ratios newsclass / peer\n")
    L.append("Each cell: the better newsclass solver for that figure, then (libsvm / liblinear). "
             "Above 1 is better for newsclass in quality and docs/s, below 1 is better in times, "
             "memory and size.\n")
    L.append("| set | peer | " + " | ".join(t for _, t, _ in FIGS) + " |")
    L.append("|---|---|" + "---:|" * len(FIGS))
    for name, rs in results["sets"].items():
        multi, sm = rs["multi_label"], rs["summary"]
        for peer in PEERS:
            if peer not in sm or "error" in sm[peer]:
                continue
            cells = []
            for key, _, better in FIGS:
                pv = fig(sm[peer], key, multi)
                b, _ = nc_best(sm, key, multi, better)
                each = [ratio(fig(sm[n], key, multi), pv) if n in sm and "error" not in sm[n] else None
                        for n in NC_SYSTEMS]
                cells.append("%s (%s / %s)" % (fmt_ratio(ratio(b, pv)), fmt_ratio(each[0]), fmt_ratio(each[1])))
            L.append("| %s | %s | %s |" % (name, SYSTEM_TITLES[peer], " | ".join(cells)))
    L.append("")
    # targets
    L.append("## Targets\n")
    L.append("For single-label sets the quality cell also gives the p-value of an exact McNemar test "
             "between newsclass and that peer on the test documents (run 1): below 0.05, the difference "
             "in accuracy is unlikely to be chance.\n")
    L.append("| set | solver | quality ≥ best peer | train time ≤ sklearn | docs/s ≥ fastText | "
             "docs/s ≥ 5× sklearn | train RSS ≤ sklearn | predict RSS ≤ sklearn | size ≤ .ftz at ≥ its quality |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    losses = []
    for name, rs in results["sets"].items():
        multi = rs["multi_label"]
        for r in rs["targets"]:
            def pf(x):
                return "✅" if x["pass"] else "❌"
            qk = [k for k in r if k.startswith("quality_")]
            qual = " ".join("%s %.4f vs %.4f (%s%s)" % (
                pf(r[k]), r[k]["value"], r[k]["best_peer"] or 0, r[k]["peer"] or "-",
                ", McNemar p %s" % p_value(r[k]["mcnemar"]["p"]) if "mcnemar" in r[k] else "") for k in qk)
            cells = [qual,
                     "%s %.2fs vs %s" % (pf(r["train_time_vs_sklearn"]), r["train_time_vs_sklearn"]["value"],
                                         num(r["train_time_vs_sklearn"]["peer"], "%.2fs")),
                     "%s %.0f vs %s" % (pf(r["docs_per_s_vs_fasttext"]), r["docs_per_s_vs_fasttext"]["value"],
                                        num(r["docs_per_s_vs_fasttext"]["peer"], "%.0f")),
                     "%s %.0f vs %s" % (pf(r["docs_per_s_vs_5x_sklearn"]), r["docs_per_s_vs_5x_sklearn"]["value"],
                                        num(r["docs_per_s_vs_5x_sklearn"]["peer"], "%.0f")),
                     "%s %s vs %s" % (pf(r["train_rss_vs_sklearn"]), human_bytes(r["train_rss_vs_sklearn"]["value"] * 1024),
                                      human_bytes(mul(r["train_rss_vs_sklearn"]["peer"], 1024))),
                     "%s %s vs %s" % (pf(r["predict_rss_vs_sklearn"]), human_bytes(r["predict_rss_vs_sklearn"]["value"] * 1024),
                                      human_bytes(mul(r["predict_rss_vs_sklearn"]["peer"], 1024))),
                     "%s %s vs %s" % (pf(r["size_vs_ftz"]), human_bytes(r["size_vs_ftz"]["value"]),
                                      human_bytes(r["size_vs_ftz"]["peer"]))]
            L.append("| %s | %s | %s |" % (name, r["solver"], " | ".join(cells)))
            for k, v in r.items():
                if isinstance(v, dict) and not v["pass"]:
                    losses.append((name, r["solver"], k, v))
    L.append("")
    L.append("## Where newsclass loses, and why\n")
    # a newsclass run that failed has no figures, so no target row: list it
    # here rather than let it drop out of the losses
    unfinished = [(name, s, rs["summary"][s]["error"]) for name, rs in results["sets"].items()
                  for s in ("nc-libsvm", "nc-liblinear")
                  if "error" in rs.get("summary", {}).get(s, {})]
    if losses:
        L.append("Missed targets in this run (measured):\n")
        for name, solver, k, v in losses:
            peer = v["best_peer"] if "best_peer" in v else v["peer"]
            if k.startswith("quality"):
                f = lambda x: num(x, "%.4f")  # noqa: E731
            elif "rss" in k:
                f = lambda x: human_bytes(mul(x, 1024))  # noqa: E731
            elif k.startswith("size"):
                f = human_bytes
            elif "time" in k:
                f = lambda x: num(x, "%.2f s")  # noqa: E731
            else:
                f = lambda x: num(x, "%.0f")  # noqa: E731
            mc = v.get("mcnemar")
            L.append("- %s, %s: %s — newsclass %s, peer %s%s%s" % (
                name, solver, LOSS_TITLES.get(k, k), f(v["value"]), f(peer),
                " (%s)" % v["peer"] if k.startswith("quality") else "",
                "; paired exact McNemar test over the test documents: only newsclass right on %d, "
                "only the peer on %d, two-sided p = %.3f" % (mc["newsclass_only"], mc["peer_only"], mc["p"])
                if mc else ""))
        L.append("")
    else:
        L.append("Every target was met %s.\n" % ("by the runs that finished" if unfinished
                                                   else "in this run"))
    if unfinished:
        L.append("newsclass runs without figures (no target could be checked):\n")
        for name, s, err in unfinished:
            L.append("- %s, %s: %s" % (name, s, short_error(err)))
        L.append("")
    if os.path.exists(ANALYSIS):
        with open(ANALYSIS, encoding="utf-8") as f:
            L.append(f.read().strip() + "\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


LOSS_TITLES = {
    "quality_primary": "accuracy / micro-F1 below the best peer",
    "quality_macro_f1": "macro-F1 below the best peer",
    "train_time_vs_sklearn": "training slower than scikit-learn",
    "docs_per_s_vs_fasttext": "prediction docs/s below fastText's",
    "docs_per_s_vs_5x_sklearn": "prediction docs/s below 5x scikit-learn's",
    "train_rss_vs_sklearn": "training peak RSS above scikit-learn's",
    "predict_rss_vs_sklearn": "prediction peak RSS above scikit-learn's",
    "size_vs_ftz": "model larger than fastText's .ftz (or less accurate)",
}


def num(x, f):
    return "-" if x is None else f % x


def mul(x, k):
    return None if x is None else x * k


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="Benchmark newsclass against fastText, "
                                 "scikit-learn and libsvm's tools.")
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "datasets"),
                    help="data sets folder (default: <repo>/../shared/datasets)")
    ap.add_argument("--out", default=os.path.join(REPO, "bench-out"),
                    help="output folder (default: <repo>/bench-out)")
    ap.add_argument("--newsclass", default=os.path.join(REPO, "build", "src", "cli", "newsclass"),
                    help="the newsclass binary (default: build/src/cli/newsclass, built if missing)")
    ap.add_argument("--runs", type=int, default=3, help="runs per system; figures are medians (default 3)")
    ap.add_argument("--quick", action="store_true",
                    help="%d train / %d test documents per set, 1 run, libsvm-tools skipped on the big "
                         "sets; writes to --out only" % (QUICK_TRAIN, QUICK_TEST))
    ap.add_argument("--tune", action="store_true",
                    help="choose settings on a validation split of the training data and write "
                         "bench/settings.json (with --quick: bench-out/settings-quick.json), then stop")
    ap.add_argument("--tune-timeout", type=float, default=60,
                    help="with --tune: stop searching C for newsclass's libsvm solver when one "
                         "training takes longer (seconds, default 60)")
    ap.add_argument("--slow-limit", type=float, default=120,
                    help="a system whose first run's training took longer than this (seconds, "
                         "default 120) is not repeated; the report says so")
    ap.add_argument("--max-seconds", type=float, default=1200,
                    help="stop a benchmarked command after this many seconds and report the "
                         "system as not finished (default 1200)")
    ap.add_argument("--wait-idle", type=float, default=None,
                    help="before each timed command wait up to this many seconds for an idle "
                         "machine (default: 30, 0 with --quick or --tune)")
    ap.add_argument("--resume", action="store_true",
                    help="reuse the sets of an interrupted (or earlier) run of the same mode, "
                         "--runs, settings and newsclass binary instead of measuring them again")
    ap.add_argument("--report-only", action="store_true",
                    help="only rewrite the Markdown report from an existing results.json "
                         "(results-quick.json with --quick); honours --write-md")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the newsclass binary in place instead of a copy in <out>/bin")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of " + ",".join(SETS))
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    ap.add_argument("--write-md", action="store_true",
                    help="write BENCHMARKS.md at the repository root (default only for a full, "
                         "unfiltered run)")
    args = ap.parse_args()
    if args.quick:
        args.runs = 1
    args.systems_set = set(args.systems.split(","))
    bad = args.systems_set - set(SYSTEMS) | (set(args.sets.split(",")) - set(SETS))
    if bad:
        ap.error("unknown set or system: " + ", ".join(sorted(bad)))

    if args.report_only:
        out = os.path.abspath(args.out)
        rpath = os.path.join(out, "results-quick.json" if args.quick else "results.json")
        with open(rpath) as f:
            results = json.load(f)
        for rs in results["sets"].values():
            rs["targets"] = targets(rs)
        write_reports(results, out, args.quick, args.write_md)
        return 0
    data = os.path.normpath(args.data)
    found = find_sets(data) if os.path.isdir(data) else {}
    if not found:
        print("skipping: no data sets at %s" % data)
        return 0
    missing = [t for t in ("fasttext", "svm-train", "svm-predict") if not shutil.which(t)]
    if not os.path.exists(SYSPY) or subprocess.run([SYSPY, "-c", "import sklearn"],
                                                   capture_output=True).returncode:
        missing.append("scikit-learn for /usr/bin/python3")
    if missing:
        print("missing: %s; run bench/setup.sh" % ", ".join(missing), file=sys.stderr)
        return 1
    if not os.access(args.newsclass, os.X_OK):
        log("building newsclass (scripts/build.sh)")
        subprocess.run([os.path.join(REPO, "scripts", "build.sh")], check=True)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    global TMP, WAIT_IDLE
    TMP = out
    WAIT_IDLE = args.wait_idle if args.wait_idle is not None else (0 if args.quick or args.tune else 30)
    args.newsclass = os.path.abspath(args.newsclass)
    binfo = {"source": args.newsclass}
    if not args.no_snapshot:
        args.newsclass, binfo = snapshot_newsclass(args.newsclass, out)
    ctx = Ctx(args)
    ctx.binary = binfo
    log("newsclass: %s (%s)" % (ctx.version, ", ".join("%s %s" % kv for kv in binfo.items())))
    t0 = time.time()
    sets = {}
    for name in args.sets.split(","):
        if name not in found:
            log("skipping %s: not in %s" % (name, data))
            continue
        sets[name] = prepare(name, found[name], out, args.quick)

    if args.tune:
        tune(args, ctx, sets, out)
        return 0
    global CMD_TIMEOUT
    CMD_TIMEOUT = args.max_seconds
    results = bench(args, ctx, sets, out)
    results["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results["machine"] = machine_info()
    results["versions"] = versions(ctx)
    results["newsclass_binary"] = ctx.binary
    results["wait_idle_s"] = WAIT_IDLE
    results["seconds"] = round(time.time() - t0, 1)
    for rs in results["sets"].values():
        rs["targets"] = targets(rs)
    cmd = "bench/setup.sh && scripts/build.sh && /usr/bin/python3 bench/run.py " + " ".join(
        a for a in sys.argv[1:] if not a.startswith("--out") and not a.startswith("--data"))
    results["command"] = cmd.strip()
    rpath = os.path.join(out, "results-quick.json" if args.quick else "results.json")
    with open(rpath, "w") as f:
        json.dump(results, f, indent=1)
    filtered = set(args.sets.split(",")) != set(SETS) or args.systems_set != set(SYSTEMS)
    write_reports(results, out, args.quick, args.write_md or (not args.quick and not filtered))
    failed = [(n, s) for n, rs in results["sets"].items() for s, v in rs["summary"].items() if "error" in v]
    log("wrote %s (%.0fs)" % (rpath, time.time() - t0))
    if failed:
        log("FAILED: " + ", ".join("%s/%s" % f for f in failed))
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print("bench/run.py: %s" % e, file=sys.stderr)
        sys.exit(1)
