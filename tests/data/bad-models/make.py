#!/usr/bin/env python3
"""Make the crafted model files of this directory from the good models
beside it (../good-linear.ncm, ../good-rbf.ncm, ../good-compact.ncm: format
2, quantized). Each must be rejected by
the loader with the message listed in EXPECTED (checked by
tests/cli/test_bad_models.sh) and must never crash it (the fuzz seed corpus
includes them). Run once; the files are committed.
"""
import gzip
import os
import struct
import zlib

here = os.path.dirname(os.path.abspath(__file__))
lin = gzip.decompress(open(os.path.join(here, "..", "good-linear.ncm"), "rb").read()).decode()
rbf = gzip.decompress(open(os.path.join(here, "..", "good-rbf.ncm"), "rb").read()).decode()
cpt = gzip.decompress(open(os.path.join(here, "..", "good-compact.ncm"), "rb").read()).decode()
expected = []


def gz(text):
    # mtime 0 so the fixtures are reproducible
    return gzip.compress(text.encode() if isinstance(text, str) else text, 9, mtime=0)


def put(name, data, message):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)
    expected.append(f"{name}\t{message}")


def edit(text, old, new, count=1):
    assert old in text, old
    return text.replace(old, new, count)


def line_starting(text, prefix):
    return next(l for l in text.splitlines() if l.startswith(prefix))


good = gz(lin)
# --- the container ---------------------------------------------------------
put("empty.ncm", b"", "not gzip-compressed")
put("plain-text.ncm", lin.encode(), "not gzip-compressed")
put("truncated-gzip.ncm", good[: len(good) // 2], "truncated model file")
put("truncated-trailer.ncm", good[:-3], "truncated model file")
crc = bytearray(good)
crc[-8] ^= 0x55
put("flipped-crc.ncm", bytes(crc), "incorrect data check")
body = bytearray(good)
body[len(body) // 2] ^= 0xFF
put("flipped-body-byte.ncm", bytes(body), "corrupt compressed data")
put("trailing-garbage.ncm", good + b"garbage", "trailing data")
put("concatenated.ncm", good + good, "trailing data")
# a bomb: 300 MiB of text from a few hundred KiB, over the 256 MiB cap
bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
chunk = b"#" + b" " * (1 << 20)
parts = [bomb.compress(b"newsclass-model 1\n")]
for _ in range(300):
    parts.append(bomb.compress(chunk))
parts.append(bomb.flush())
put("bomb.ncm", b"".join(parts), "decompresses to more than")

# --- the header --------------------------------------------------------------
put("wrong-magic.ncm", gz(edit(lin, "newsclass-model 1", "fasttext-model 1")), "bad magic")
put("version-3.ncm", gz(edit(lin, "newsclass-model 1", "newsclass-model 3")), "unsupported model format version")
put("tokenizer-99.ncm", gz(edit(lin, "tokenizer-version 1", "tokenizer-version 99")), "tokenizer version 99")
put("unknown-mode.ncm", gz(edit(lin, "mode single-label", "mode regression")), "unknown mode")
put("kernel-poly.ncm", gz(edit(lin, "kernel linear", "kernel poly")), "unsupported kernel type")
put("kernel-sigmoid.ncm", gz(edit(rbf, "kernel rbf", "kernel sigmoid")), "unsupported kernel type")
put("ngram-0.ncm", gz(edit(lin, "ngram-max 1", "ngram-max 0")), "ngram-max out of range")
put("nan-min-df.ncm", gz(edit(lin, "min-df 1", "min-df nan")), "not finite")
put("missing-key.ncm", gz(edit(lin, "seed 1\n", "")), "expected 'seed'")
put("stemmer-unknown.ncm", gz(edit(lin, "stop-words 1\n", "stop-words 1\nstemmer klingon\n")),
    "unknown stemmer")
put("stemmer-twice.ncm", gz(edit(lin, "stop-words 1\n", "stop-words 1\nstemmer english\nstemmer english\n")),
    "expected 'sublinear-tf'")
for name, rng in (("char-ngrams-0.ncm", "0-2"), ("char-ngrams-reversed.ncm", "3-2"),
                  ("char-ngrams-7.ncm", "2-7"), ("char-ngrams-one-number.ncm", "3"),
                  ("char-ngrams-two-digits.ncm", "2-10")):
    put(name, gz(edit(lin, "stop-words 1\n", "stop-words 1\nchar-ngrams %s\n" % rng)),
        "bad char-ngrams range")
put("char-ngrams-twice.ncm", gz(edit(lin, "stop-words 1\n", "stop-words 1\nchar-ngrams 2-4\nchar-ngrams 2-4\n")),
    "expected 'sublinear-tf'")
put("char-ngrams-before-stemmer.ncm", gz(edit(lin, "stop-words 1\n", "stop-words 1\nchar-ngrams 2-4\nstemmer english\n")),
    "expected 'sublinear-tf'")
for name, w, msg in (("title-weight-1.ncm", "1", "title-weight out of range"),
                     ("title-weight-0.ncm", "0", "title-weight out of range"),
                     ("title-weight-10.ncm", "10", "title-weight out of range"),
                     ("title-weight-negative.ncm", "-2", "malformed count"),
                     ("title-weight-fraction.ncm", "2.5", "malformed count"),
                     ("title-weight-huge.ncm", "99999999999999999999999", "count out of range")):
    put(name, gz(edit(lin, "stop-words 1\n", "stop-words 1\ntitle-weight %s\n" % w)), msg)
put("title-weight-twice.ncm", gz(edit(lin, "stop-words 1\n", "stop-words 1\ntitle-weight 2\ntitle-weight 2\n")),
    "expected 'sublinear-tf'")
put("title-weight-before-char-ngrams.ncm",
    gz(edit(lin, "stop-words 1\n", "stop-words 1\ntitle-weight 2\nchar-ngrams 2-4\n")),
    "expected 'sublinear-tf'")
for name, v, msg in (("nb-scale-0.ncm", "0", "nb-scale 0 is written as no line"),
                     ("nb-scale-2.ncm", "2", "count out of range"),
                     ("nb-scale-word.ncm", "yes", "malformed count")):
    put(name, gz(edit(lin, "balanced 0\n", "balanced 0\nnb-scale %s\n" % v)), msg)
put("nb-scale-rbf.ncm", gz(edit(rbf, "balanced 0\n", "balanced 0\nnb-scale 1\n")),
    "nb-scale in a model without the linear kernel")
put("nb-scale-vectorizer.ncm",
    gz(edit(edit(lin, "balanced 0\n", "balanced 0\nnb-scale 1\n"), "mode single-label", "mode vectorizer")),
    "nb-scale in a vectorizer model")
put("nb-scale-twice.ncm", gz(edit(lin, "balanced 0\n", "balanced 0\nnb-scale 1\nnb-scale 1\n")),
    "expected 'class-weights'")
put("rbf-gamma-0.ncm", gz(edit(rbf, line_starting(rbf, "gamma "), "gamma 0")), "gamma must be positive")
put("no-end.ncm", gz(lin.rsplit("end\n", 1)[0]), "unexpected end of model")
put("after-end.ncm", gz(lin + "label 0 extra\n"), "data after 'end'")
put("no-final-newline.ncm", gz(lin[:-1]), "last line not terminated")
put("nul-byte.ncm", gz(edit(lin, "generator newsclass", "generator news\0class")), "NUL byte")

# --- labels (libsvm's nr_class / label family) ---------------------------------
labels = [l for l in lin.splitlines() if l.startswith("label ")]
put("labels-count-high.ncm", gz(edit(lin, "labels 3", "labels 4")), "expected 'label'")
put("labels-count-low.ncm", gz(edit(lin, "labels 3", "labels 2")), "expected 'features'")
put("label-missing.ncm", gz(edit(lin, labels[1] + "\n", "")), "expected 'label'")
put("labels-unsorted.ncm", gz(edit(edit(lin, labels[0], "TMP"), labels[1], labels[0]).replace("TMP", labels[1])),
    "labels not sorted")
put("label-duplicate.ncm", gz(edit(lin, labels[1], labels[0])), "labels not sorted or not unique")
put("label-empty-name.ncm", gz(edit(lin, labels[0], "label 0 ")), "missing label name")
put("label-bad-escape.ncm", gz(edit(lin, labels[0], "label 0 coop%zz")), "bad escape")
put("one-label-single.ncm", gz(edit(lin, "labels 3\n" + "\n".join(labels) + "\n", "labels 1\n" + labels[0] + "\n")),
    "too few labels")
put("labels-huge.ncm", gz(edit(lin, "labels 3", "labels 99999")), "count larger than the data")

# --- vocabulary ------------------------------------------------------------------
terms = [l for l in lin.splitlines() if l.startswith("term ")]
put("features-huge.ncm", gz(edit(lin, line_starting(lin, "features "), "features 49999999")), "count larger than the data")
put("features-over-limit.ncm", gz(edit(lin, line_starting(lin, "features "), "features 4000000000")), "count out of range")
put("features-count-low.ncm", gz(edit(lin, line_starting(lin, "features "), "features 10")), "expected 'classifier'")
put("term-idf-inf.ncm", gz(edit(lin, terms[3], "term inf " + terms[3].split(" ", 2)[2])), "not finite")
put("term-idf-negative.ncm", gz(edit(lin, terms[3], "term -1 " + terms[3].split(" ", 2)[2])), "idf must be positive")
put("terms-unsorted.ncm", gz(edit(edit(lin, terms[4], "TMP"), terms[5], terms[4]).replace("TMP", terms[5])),
    "terms not sorted")
put("term-duplicate.ncm", gz(edit(lin, terms[5], terms[4])), "terms not sorted or not unique")

# --- classifiers (libsvm's total_sv / nr_sv / rho family) ---------------------------
clf = [l for l in lin.splitlines() if l.startswith("classifier ")]
nf = int(line_starting(lin, "features ").split()[1])
put("rho-nan.ncm", gz(edit(lin, clf[0], clf[0].replace("rho ", "rho nan ", 1).replace("rho nan " + clf[0].split()[3], "rho nan"))),
    "not finite")
put("classifier-missing.ncm", gz(lin.split(clf[2])[0] + "end\n"), "expected 'classifier'")
put("classifier-order.ncm", gz(edit(lin, clf[1], clf[1].replace("classifier 1", "classifier 2"))), "classifiers out of order")
put("weights-count-high.ncm", gz(edit(lin, clf[0], clf[0].rsplit(" ", 1)[0] + " " + str(int(clf[0].split()[-1]) + 5))),
    "count out of range")
w0 = lin.split(clf[0] + "\n", 1)[1].splitlines()[0]
first = w0.split()[0]
put("weight-index-out-of-range.ncm", gz(edit(lin, w0, w0.replace(first, f"{nf}:{first.split(':')[1]}", 1))),
    "index out of range")
if len(w0.split()) > 2:
    a, b = w0.split()[:2]
    put("weights-not-ascending.ncm", gz(edit(lin, w0, w0.replace(a + " " + b, b + " " + a, 1))),
        "indices not strictly ascending")
put("weight-nan.ncm", gz(edit(lin, w0, w0.replace(first, first.split(":")[0] + ":nan", 1))), "not finite")
put("weight-negative-index.ncm", gz(edit(lin, w0, w0.replace(first, "-1:" + first.split(":")[1], 1))), "malformed index")
put("prob-flag-mismatch.ncm", gz(edit(lin, clf[0], clf[0].replace("prob 0", "prob 1"))), "probability flag disagrees")
rclf = [l for l in rbf.splitlines() if l.startswith("classifier ")]
put("rbf-sv-count-high.ncm", gz(edit(rbf, rclf[0], rclf[0].rsplit(" ", 1)[0] + " " + str(int(rclf[0].split()[-1]) + 1))),
    "expected 'sv'")
sv0 = rbf.split(rclf[0] + "\n", 1)[1].splitlines()[0]
put("rbf-sv-coef-inf.ncm", gz(edit(rbf, sv0, "sv inf " + sv0.split(" ", 2)[2])), "not finite")
put("rbf-sv-entries-high.ncm", gz(edit(rbf, sv0, " ".join(sv0.split()[:2] + [str(int(sv0.split()[2]) + 1)] + sv0.split()[3:]))),
    "fewer entries than announced")
put("rbf-sv-entries-huge.ncm", gz(edit(rbf, sv0, " ".join(sv0.split()[:2] + ["9999"] + sv0.split()[3:]))),
    "count out of range")
nfr = int(line_starting(rbf, "features ").split()[1])
put("rbf-sv-entries-forged.ncm", gz(edit(rbf, sv0, " ".join(sv0.split()[:2] + [str(nfr - 1)] + sv0.split()[3:]))),
    "count larger than the data")

# --- format 2: quantized weights, document frequencies --------------------------
cclf = [l for l in cpt.splitlines() if l.startswith("classifier ")]
cterms = [l for l in cpt.splitlines() if l.startswith("t ")]
cw0 = cpt.split(cclf[0] + "\n", 1)[1].splitlines()[0]
cw1 = cpt.split(cclf[0] + "\n", 1)[1].splitlines()[1]
ce = cw0.split()[0]
cnf = int(line_starting(cpt, "features ").split()[1])
cdocs = int(line_starting(cpt, "documents-fit ").split()[1])
put("compact-no-encoding.ncm", gz(edit(cpt, "weights q8\n", "")), "expected 'weights'")
put("compact-encoding-q4.ncm", gz(edit(cpt, "weights q8", "weights q4")), "unknown weight encoding")
put("compact-as-version-1.ncm", gz(edit(cpt, "newsclass-model 2", "newsclass-model 1")), "expected 'labels'")
put("compact-rbf.ncm", gz(edit(edit(cpt, "kernel linear", "kernel rbf"), "gamma 0\n", "gamma 0.5\n")),
    "quantized weights need a linear classifier")
put("compact-vectorizer.ncm", gz(edit(cpt, "mode single-label", "mode vectorizer")),
    "quantized weights need a linear classifier")
put("compact-df-0.ncm", gz(edit(cpt, cterms[0], "t 0 " + cterms[0].split(" ", 2)[2])), "document frequency out of range")
put("compact-df-high.ncm", gz(edit(cpt, cterms[0], f"t {cdocs + 1} " + cterms[0].split(" ", 2)[2])),
    "document frequency out of range")
put("compact-df-huge.ncm", gz(edit(cpt, cterms[0], "t 99999999999 " + cterms[0].split(" ", 2)[2])), "count out of range")
put("compact-term-idf-line.ncm", gz(edit(cpt, cterms[0], "term 1.5 " + cterms[0].split(" ", 2)[2])), "expected 't'")
put("compact-exact-weights.ncm", gz(edit(cpt, cclf[0], cclf[0].replace(" q8 ", " weights ").rsplit(" ", 1)[0])),
    "expected 'q8'")
put("compact-weight-128.ncm", gz(edit(cpt, cw0, cw0.replace(ce, ce.split(":")[0] + ":-128", 1))),
    "quantized weight out of range")
put("compact-weight-0.ncm", gz(edit(cpt, cw0, cw0.replace(ce, ce.split(":")[0] + ":0", 1))),
    "quantized weight out of range")
put("compact-weight-float.ncm", gz(edit(cpt, cw0, cw0.replace(ce, ce.split(":")[0] + ":4.5", 1))),
    "malformed quantized weight")
put("compact-weight-long.ncm", gz(edit(cpt, cw0, cw0.replace(ce, ce.split(":")[0] + ":00000001", 1))),
    "malformed quantized weight")
put("compact-gap-0.ncm", gz(edit(cpt, cw0, cw0.replace(ce, "0:" + ce.split(":")[1], 1))),
    "indices not strictly ascending")
put("compact-gap-negative.ncm", gz(edit(cpt, cw0, cw0.replace(ce, "-1:" + ce.split(":")[1], 1))),
    "entry is not gap:multiple")
put("compact-gap-huge.ncm", gz(edit(cpt, cw0, cw0.replace(ce, "99999999999:" + ce.split(":")[1], 1))),
    "index out of range")
c1 = cw1.split()[0]
put("compact-gap-past-end.ncm", gz(edit(cpt, cw1, cw1.replace(c1, f"{cnf}:" + c1.split(":")[1], 1))),
    "index out of range")
put("compact-step-negative.ncm", gz(edit(cpt, cclf[0], cclf[0].rsplit(" ", 1)[0] + " -0.5")),
    "quantization step must be positive")
put("compact-step-inf.ncm", gz(edit(cpt, cclf[0], cclf[0].rsplit(" ", 1)[0] + " inf")), "not finite")
cn = int(cclf[0].split()[-2])
put("compact-count-high.ncm", gz(edit(cpt, cclf[0], cclf[0].replace(f" q8 {cn} ", f" q8 {cn + 1} "))),
    "fewer entries than announced" if cn + 1 <= cnf else "count out of range")
put("compact-count-over-features.ncm", gz(edit(cpt, cclf[0], cclf[0].replace(f" q8 {cn} ", f" q8 {cnf + 1} "))),
    "count out of range")

with open(os.path.join(here, "EXPECTED"), "w") as f:
    f.write("# file<TAB>part of the error message newsclass must give (make.py)\n")
    f.write("\n".join(expected) + "\n")
print(len(expected), "crafted model files")
