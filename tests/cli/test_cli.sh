#!/usr/bin/env bash
# End-to-end tests of the newsclass executable on the fixtures in
# tests/data: train -> predict -> eval in every input format, exit codes,
# error messages naming file and line, and the promise that a failed run
# never damages an existing model.
#
# usage: test_cli.sh NEWSCLASS DATA_DIR
set -u
NC="${NC_WRAPPER:-} $1"
DATA=$2
. "$(dirname "$0")/lib.sh"

A=$DATA/articles

# ---- train / info / predict / eval, single-label ----------------------------
run 0 "train article single-label" $NC train -q --label-key topic -o "$T/topic.ncm" "$A"
run 0 "info" $NC info -m "$T/topic.ncm"
has "$T/out" "^mode +single-label" "info shows the mode"
has "$T/out" "^labels +3" "info shows 3 labels"
has "$T/out" "cooperation" "info lists label names"

printf 'The foundry raised wafer output as memory chip prices climbed.\n' >"$T/doc1.txt"
printf 'Health ministries signed a memorandum to share vaccine data at the summit.\n' >"$T/doc2.txt"
run 0 "predict two files" $NC predict -m "$T/topic.ncm" "$T/doc1.txt" "$T/doc2.txt"
has "$T/out" "doc1.txt +market" "predict: chips story is market"
has "$T/out" "doc2.txt +cooperation" "predict: memorandum story is cooperation"

run 0 "predict --json" $NC predict --json -m "$T/topic.ncm" "$T/doc1.txt"
has "$T/out" '^\{"id":"[^"]*doc1.txt","labels":\["market"\],"scores":\{"market":' "json has id, labels, scores"
if command -v python3 >/dev/null; then
	if python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/out"; then ok "json parses"; else bad "json parses"; fi
fi

printf 'wafer chips memory prices\n\nvaccine memorandum summit partners\n' >"$T/lines.txt"
run 0 "predict --lines" $NC predict --lines -m "$T/topic.ncm" "$T/lines.txt"
if [ "$(grep -c 'lines.txt:' "$T/out")" -eq 3 ]; then ok "one row per line, blank lines included"; else bad "one row per line"; fi
has "$T/out" "lines.txt:3 +cooperation" "third line classified"

# ---- predict --lines on several threads ------------------------------------------
# Many lines, blank ones, one longer than the 1 MiB a job holds (streamed by
# the main thread), and a last line without its newline: any number of
# threads prints what one thread prints, in the same order.
{
	for i in $(seq 1 1500); do
		echo "wafer chips memory prices $i"
		echo "vaccine memorandum summit partners $i"
		[ $((i % 500)) -eq 0 ] && echo
	done
	yes "memorandum summit partners wafer" | head -n 40000 | tr '\n' ' '
	echo
	printf 'foundry output climbed'
} >"$T/many.txt"
$NC predict --lines --json --threads 1 -m "$T/topic.ncm" "$T/many.txt" >"$T/t1.out" 2>"$T/err"
if [ "$(wc -l <"$T/t1.out")" -eq 3005 ]; then ok "threads 1: one row per line"; else bad "threads 1: $(wc -l <"$T/t1.out") rows, wanted 3005"; fi
for n in 2 3 8; do
	run 0 "predict --lines --threads $n" $NC predict --lines --json --threads "$n" -m "$T/topic.ncm" "$T/many.txt"
	if cmp -s "$T/out" "$T/t1.out"; then ok "threads $n: same output as one thread"; else bad "threads $n: output differs from one thread"; fi
done
$NC predict --lines --threads 1 -m "$T/topic.ncm" -m "$T/topic.ncm" "$T/many.txt" >"$T/t1.out" 2>"$T/err"
run 0 "two models on 2 threads" $NC predict --lines --threads 2 -m "$T/topic.ncm" -m "$T/topic.ncm" "$T/many.txt"
if cmp -s "$T/out" "$T/t1.out"; then ok "two models: same table on 2 threads"; else bad "two models: table differs on 2 threads"; fi
gzip -c "$T/many.txt" >"$T/many.gz"
$NC predict --lines --json --threads 1 -m "$T/topic.ncm" "$T/many.txt" | sed 's/^{"id":"[^"]*:\([0-9]*\)"/{"id":"-:\1"/' >"$T/t1.out"
run 0 "gzip on standard input" sh -c "$NC predict --lines --json -m '$T/topic.ncm' - <'$T/many.gz'"
if cmp -s "$T/out" "$T/t1.out"; then ok "gzip stdin: same as the plain file"; else bad "gzip stdin differs from the plain file"; fi
head -c 3000 "$T/many.gz" >"$T/trunc.gz"
run 1 "truncated gzip input" $NC predict --lines -m "$T/topic.ncm" "$T/trunc.gz"
has "$T/err" "trunc.gz.*unexpected end of file" "truncated gzip: error names the file"
run 2 "predict --threads needs a number" $NC predict --lines --threads x -m "$T/topic.ncm" "$T/many.txt"
run 2 "predict --threads at most 64" $NC predict --lines --threads 65 -m "$T/topic.ncm" "$T/many.txt"
# Several files, one document each, are shared out too; a file that cannot
# be read fails alone, as on one thread.
for i in $(seq 1 12); do sed -n "$((i * 7))p" "$T/many.txt" >"$T/f$i.txt"; done
files=$(for i in $(seq 1 12); do echo "$T/f$i.txt"; done)
# shellcheck disable=SC2086
$NC predict --threads 1 -m "$T/topic.ncm" -m "$T/topic.ncm" $files >"$T/t1.out" 2>"$T/err"
# shellcheck disable=SC2086
run 0 "files on 3 threads" $NC predict --threads 3 -m "$T/topic.ncm" -m "$T/topic.ncm" $files
if cmp -s "$T/out" "$T/t1.out"; then ok "files: same table on 3 threads"; else bad "files: table differs on 3 threads"; fi
run 1 "a missing file among others" $NC predict --json --threads 2 -m "$T/topic.ncm" "$T/f1.txt" "$T/nope.txt" "$T/f2.txt"
has "$T/err" "cannot open '[^']*nope.txt'" "missing file: the error names it"
if [ "$(grep -c '"id"' "$T/out")" -eq 2 ] && head -1 "$T/out" | grep -q 'f1.txt' && tail -1 "$T/out" | grep -q 'f2.txt'; then
	ok "missing file: the other files are classified, in order"
else
	bad "missing file: the other files are not all classified in order"
fi
# In a pipeline each line is answered as it arrives, not when the input ends.
coproc NCP { $NC predict --lines --threads 2 -m "$T/topic.ncm" 2>/dev/null; }
echo "vaccine memorandum summit partners" >&"${NCP[1]}"
if IFS= read -r -t 120 _ <&"${NCP[0]}" && IFS= read -r -t 120 row <&"${NCP[0]}" &&
	[[ "$row" == "-:1 "*cooperation* ]]; then
	ok "a line on an open pipe is answered before the input ends"
else
	bad "no answer to a line while the input stays open"
fi
exec {NCP[1]}>&-
wait "$NCP_PID" 2>/dev/null

# ---- options that change the features: --stem, --char-ngrams, --title-weight ------
# feature_option NAME "OPTIONS" KEY VALUE [DEFAULT]: a model trained with
# OPTIONS shows KEY VALUE in info and records "KEY VALUE" in its file; the
# default model shows KEY DEFAULT (none) and has no such line; both test
# stories are still right.
feature_option() {
	local name=$1 opts=$2 key=$3 val=$4 def=${5:-none}
	run 0 "train $opts" $NC train -q --label-key topic $opts -o "$T/$name.ncm" "$A"
	run 0 "info $name" $NC info -m "$T/$name.ncm"
	has "$T/out" "^$key +$val" "$name: info shows $key $val"
	run 0 "info without $opts" $NC info -m "$T/topic.ncm"
	has "$T/out" "^$key +$def\$" "no $opts: info says $def"
	gzip -dc "$T/$name.ncm" >"$T/$name.txt"
	has "$T/$name.txt" "^$key $val\$" "$name: recorded in the model file"
	if gzip -dc "$T/topic.ncm" | grep -q "^$key "; then bad "no $opts: no $key line"; else ok "no $opts: no $key line"; fi
	run 0 "predict with $name" $NC predict -m "$T/$name.ncm" "$T/doc1.txt" "$T/doc2.txt"
	has "$T/out" "doc1.txt +market" "$name predict: chips story is market"
	has "$T/out" "doc2.txt +cooperation" "$name predict: memorandum story is cooperation"
}
feature_option stem --stem stemmer english
has "$T/stem.txt" "^term [^ ]+ chip$" "stem: vocabulary holds the stem 'chip'"
hasnt "$T/stem.txt" "^term [^ ]+ chips$" "stem: and not 'chips'"
feature_option chars "--char-ngrams 2-4" char-ngrams 2-4
has "$T/chars.txt" "^term [^ ]+ #%20ch$" "char-ngrams: vocabulary holds ' ch' (space escaped)"
has "$T/chars.txt" "^term [^ ]+ #chip$" "char-ngrams: and 'chip'"
has "$T/chars.txt" "^term [^ ]+ chips$" "char-ngrams: words are kept beside them"
run 0 "--char-ngrams N means N..N" $NC train -q --label-key topic --char-ngrams 3 -o "$T/chars3.ncm" "$A"
run 0 "info 3..3" $NC info -m "$T/chars3.ncm"
has "$T/out" "^char-ngrams +3-3" "char-ngrams 3: range 3-3"
for v in 0 3-2 2-7 7 x 2- -3 2-4x ""; do
	run 2 "--char-ngrams '$v' is a usage error" $NC train -q --label-key topic --char-ngrams "$v" -o "$T/x.ncm" "$A"
done

feature_option titled "--title-weight 3" title-weight 3 1
# The title (the first CSV text column) counts 3 times: chip 3 + 1 against
# memory 1 in the first row, both terms in both rows (equal idf), so the
# vector is (4, 1) / sqrt(17); unweighted it would be (2, 1) / sqrt(5).
printf 'a,chip,chip memory\nb,memory,memory chip\nc,chip memory,\n' >"$T/titled.csv"
run 0 "vectorize --title-weight 3" $NC vectorize --title-weight 3 --ngram 1 --no-sublinear-tf \
	--no-header --label-column 1 "$T/titled.csv"
has "$T/out" "^1 1:0\.97014[0-9]* 2:0\.24253[0-9]*\$" "title weight 3: the title counts 3 times"
has "$T/out" "^2 1:0\.24253[0-9]* 2:0\.97014[0-9]*\$" "title weight 3: in every row"
has "$T/out" "^3 1:0\.70710[0-9]* 2:0\.70710[0-9]*\$" "title weight 3: a title alone is not weighted"
for v in 0 10 x 2.5 -1 ""; do
	run 2 "--title-weight '$v' is a usage error" $NC train -q --label-key topic --title-weight "$v" -o "$T/x.ncm" "$A"
done

# ---- compact models (--keep-features, --quantize, --compact) --------------------
run 0 "train --compact" $NC train -q --label-key topic --ngram 2 --compact 60 -o "$T/compact.ncm" "$A"
run 0 "info compact" $NC info -m "$T/compact.ncm"
has "$T/out" "^features +60$" "compact: 60 features kept"
has "$T/out" "^weights +8-bit \(quantized\)" "compact: info shows 8-bit weights"
if [ "$(gzip -dc "$T/compact.ncm" | head -1)" = "newsclass-model 2" ]; then ok "compact: format 2"; else bad "compact: format 2"; fi
run 0 "train exact bigram model" $NC train -q --label-key topic --ngram 2 -o "$T/exact2.ncm" "$A"
if [ "$(wc -c <"$T/compact.ncm")" -lt "$(($(wc -c <"$T/exact2.ncm") / 2))" ]; then ok "compact: under half the size"; else bad "compact: under half the size"; fi
run 0 "predict compact" $NC predict -m "$T/compact.ncm" "$T/doc1.txt" "$T/doc2.txt"
has "$T/out" "doc1.txt +market" "compact predict: chips story is market"
has "$T/out" "doc2.txt +cooperation" "compact predict: memorandum story is cooperation"
run 0 "train --keep-features only" $NC train -q --label-key topic --keep-features 40 -o "$T/keep.ncm" "$A"
run 0 "info keep" $NC info -m "$T/keep.ncm"
has "$T/out" "^features +40$" "keep-features: 40 features"
has "$T/out" "^weights +exact" "keep-features alone: exact weights"
if [ "$(gzip -dc "$T/keep.ncm" | head -1)" = "newsclass-model 1" ]; then ok "keep-features alone: format 1"; else bad "keep-features alone: format 1"; fi
run 2 "--compact 0 is a usage error" $NC train -q --label-key topic --compact 0 -o "$T/x.ncm" "$A"
# ---- NB scaling (--nb-scale): a training option only; the file records it ------
run 0 "train --nb-scale" $NC train -q --label-key topic --ngram 2 --nb-scale -o "$T/nb.ncm" "$A"
run 0 "info nb" $NC info -m "$T/nb.ncm"
has "$T/out" "^nb-scale +yes$" "nb-scale: info shows it"
run 0 "info without --nb-scale" $NC info -m "$T/exact2.ncm"
has "$T/out" "^nb-scale +no$" "no --nb-scale: info says no"
if gzip -dc "$T/nb.ncm" | grep -qx "nb-scale 1"; then ok "nb-scale: recorded in the model file"; else bad "nb-scale: recorded in the model file"; fi
if gzip -dc "$T/exact2.ncm" | grep -q "^nb-scale"; then bad "no --nb-scale: no nb-scale line"; else ok "no --nb-scale: no nb-scale line"; fi
if cmp -s <(gzip -dc "$T/nb.ncm" | grep "^[0-9]") <(gzip -dc "$T/exact2.ncm" | grep "^[0-9]"); then
	bad "nb-scale: the weights differ from the plain model's"
else
	ok "nb-scale: the weights differ from the plain model's"
fi
run 0 "predict with nb-scale" $NC predict -m "$T/nb.ncm" "$T/doc1.txt" "$T/doc2.txt"
has "$T/out" "doc1.txt +market" "nb-scale predict: chips story is market"
has "$T/out" "doc2.txt +cooperation" "nb-scale predict: memorandum story is cooperation"
run 1 "--nb-scale with rbf is refused" $NC train -q --label-key topic --kernel rbf --nb-scale -o "$T/x.ncm" "$A"
has "$T/err" "NB scaling needs the linear kernel" "rbf + nb-scale: says why"
run 1 "--nb-scale with --probability is refused" $NC train -q --label-key topic --probability --nb-scale -o "$T/x.ncm" "$A"
has "$T/err" "NB scaling and probability estimates cannot be combined" "probability + nb-scale: says why"
if [ -e "$T/x.ncm" ]; then bad "refused nb-scale training wrote no model"; else ok "refused nb-scale training wrote no model"; fi
run 1 "--quantize with rbf is refused" $NC train -q --label-key topic --kernel rbf --quantize -o "$T/x.ncm" "$A"
has "$T/err" "linear kernel" "rbf + quantize: says why"

run 0 "predict from stdin" $NC predict -m "$T/topic.ncm" <"$T/doc1.txt"
has "$T/out" "^- +market" "stdin document"

run 0 "predict -k 2 gives two labels" $NC predict --json -k 2 -m "$T/topic.ncm" "$T/doc1.txt"
has "$T/out" '"labels":\["market","[a-z-]+"\]' "top-2 labels"

run 0 "eval --json" $NC eval --json -m "$T/topic.ncm" --label-key topic "$A"
has "$T/out" '"accuracy":1[,}]' "training accuracy is 1 on separable fixtures"
has "$T/out" '"micro_f1":' "eval json has micro_f1"
has "$T/out" '"macro_f1":' "eval json has macro_f1"
has "$T/out" '"per_label":\{"cooperation":\{"precision":' "eval json has per_label"
run 0 "eval text" $NC eval -m "$T/topic.ncm" --label-key topic "$A"
has "$T/out" "confusion matrix" "eval prints a confusion matrix"

# ---- multi-label -------------------------------------------------------------
run 0 "train multi-label" $NC train -q --multi-label --label-key sectors -o "$T/sector.ncm" "$A"
run 0 "eval multi-label" $NC eval --json -m "$T/sector.ncm" --label-key sectors "$A"
has "$T/out" '"hamming_loss":' "multi-label eval has hamming loss"
has "$T/out" '"subset_accuracy":' "multi-label eval has subset accuracy"
printf 'Health ministries will share outbreak data and vaccine stockpiles for infectious disease surveillance.\n' >"$T/doc3.txt"
run 0 "predict with two models" $NC predict -m "$T/sector.ncm" -m "$T/topic.ncm" "$T/doc3.txt"
has "$T/out" "^DOCUMENT +SECTOR +TOPIC" "table header names both models"
has "$T/out" "biotech" "sector model labels biotech"
run 0 "predict two models json" $NC predict --json -m "$T/sector.ncm" -m "$T/topic.ncm" "$T/doc3.txt"
has "$T/out" '"models":\{"sector":\{"labels":\[' "json per model"

run 0 "train multi-label with tuned thresholds" $NC train -q --multi-label --tune-thresholds=3 --at-least-one --label-key sectors -o "$T/tuned.ncm" "$A"
run 0 "info of tuned model" $NC info -m "$T/tuned.ncm"
has "$T/out" "^threshold-folds +3" "info shows the threshold folds"
has "$T/out" "^at-least-one +yes" "info shows at-least-one"
printf 'nothing here matches\n' >"$T/none.txt"
run 0 "at-least-one model labels an unrelated text" $NC predict --json -m "$T/tuned.ncm" "$T/none.txt"
has "$T/out" '"labels":\["[a-z-]+"' "at least one label from at-least-one"
run 0 "info lists bounded thresholds" $NC info --json -m "$T/tuned.ncm"
if $NC info -m "$T/tuned.ncm" | awk '/^labels \(/ { on = 1; next } on && ($2 > 0.5 || $2 < -0.5) { exit 1 }'; then
	ok "tuned thresholds within [-0.5, 0.5]"; else bad "tuned thresholds within [-0.5, 0.5]"; fi
run 0 "plain multi-label model may give none" $NC predict --json -m "$T/sector.ncm" "$T/none.txt"
has "$T/out" '"labels":\[\]' "no label without at-least-one"
run 2 "tune-thresholds needs 2..20 folds" $NC train --tune-thresholds=1 --multi-label --label-key sectors -o "$T/x.ncm" "$A"

run 0 "train RBF with probabilities" $NC train -q --kernel rbf --probability --multi-label --label-key sectors -o "$T/rbf.ncm" "$A"
run 0 "RBF model loads" $NC info -m "$T/rbf.ncm"
has "$T/out" "^kernel +rbf" "info shows the RBF kernel"
run 0 "RBF probabilities" $NC predict --json --probability -m "$T/rbf.ncm" "$T/doc3.txt"
has "$T/out" '"scores":\{"[a-z-]+":0\.[0-9]' "probabilities between 0 and 1"
run 1 "probabilities need a model trained with them" $NC predict --probability -m "$T/sector.ncm" "$T/doc3.txt"
has "$T/err" "no probability estimates" "probability error explains"

# ---- other formats -------------------------------------------------------------
run 0 "train fastText (detected)" $NC train -q -o "$T/ft.ncm" "$DATA/train.ft"
run 0 "eval fastText" $NC eval --json -m "$T/ft.ncm" "$DATA/train.ft"
has "$T/out" '"accuracy":1[,}]' "fastText model fits its data"
run 0 "train CSV with named columns" $NC train -q --label-column topic --text-columns title,body -o "$T/csv.ncm" "$DATA/train.csv"
run 0 "predict CSV model" $NC predict -m "$T/csv.ncm" "$T/doc1.txt"
has "$T/out" "market" "CSV-trained model predicts"
tr ',' '\t' <"$DATA/train.csv" | sed 's/"//g' >"$T/train.tsv"
run 0 "train TSV" $NC train -q --header --label-column 1 --text-columns 2,3 -o "$T/tsv.ncm" "$T/train.tsv"
mkdir -p "$T/dirs/market" "$T/dirs/investment"
cp "$DATA"/articles/chips-0[1-4].txt "$T/dirs/market/"
cp "$DATA"/articles/batt-0[1-4].txt "$T/dirs/investment/"
run 0 "train directory per class" $NC train -q -o "$T/dir.ncm" "$T/dirs"
run 0 "info of dir model" $NC info --json -m "$T/dir.ncm"
has "$T/out" '"label_names":\["investment","market"\]' "labels from directory names"
gzip -c "$DATA/train.ft" >"$T/train.ft.gz"
run 0 "train from .gz" $NC train -q --format fasttext -o "$T/gz.ncm" "$T/train.ft.gz"
run 0 "train from stdin" $NC train -q --format fasttext -o "$T/stdin.ncm" - <"$DATA/train.ft"
if cmp -s "$T/gz.ncm" "$T/stdin.ncm"; then bad "different command lines give different provenance"; else ok "provenance recorded"; fi

# ---- vectorize / cv --------------------------------------------------------------
run 0 "vectorize with a model" $NC vectorize -m "$T/topic.ncm" --label-key topic "$A"
if awk '{ for (i = 2; i <= NF; i++) { split($i, p, ":"); if (p[1] + 0 <= prev || p[1] < 1) exit 1; prev = p[1] + 0 } prev = 0 }' "$T/out"; then
	ok "vectorize indices ascending and 1-based"; else bad "vectorize indices ascending and 1-based"; fi
if [ "$(wc -l <"$T/out")" -eq 18 ]; then ok "one vector per document"; else bad "one vector per document"; fi
has "$T/out" "^[1-3] [0-9]+:0\.[0-9]" "libsvm line format"
run 0 "vectorize fitting its own vocabulary" $NC vectorize --label-key topic --label-map "$T/map" "$A"
has "$T/map" "^1 cooperation$" "label map"
if command -v svm-train >/dev/null; then
	$NC vectorize -m "$T/topic.ncm" --label-key topic -o "$T/v.svm" "$A"
	if svm-train -q -t 0 "$T/v.svm" "$T/v.model" && svm-predict "$T/v.svm" "$T/v.model" "$T/v.pred" >"$T/err"; then
		ok "svm-train accepts vectorize output"; else bad "svm-train accepts vectorize output"; fi
fi
run 0 "cv" $NC cv -k 3 --C-grid 0.5,2 --label-key topic "$A"
has "$T/out" "^best: C=" "cv prints the best setting"
run 0 "cv json" $NC cv -j -k 3 --C-grid 1 --label-key topic "$A"
has "$T/out" '"best":\{"C":1' "cv json"

# ---- reproducibility ----------------------------------------------------------------
SOURCE_DATE_EPOCH=1700000000 $NC train -q --label-key topic -o "$T/r1.ncm" "$A"
SOURCE_DATE_EPOCH=1700000000 $NC train -q --label-key topic --threads 1 -o "$T/r2.ncm" "$A"
if zcat "$T/r1.ncm" | grep -v '^command ' >"$T/r1.txt" && zcat "$T/r2.ncm" | grep -v '^command ' >"$T/r2.txt" && cmp -s "$T/r1.txt" "$T/r2.txt"; then
	ok "same data and options give the same model, whatever the threads"; else bad "deterministic training"; fi
cp "$T/r1.ncm" "$T/r1.first"
SOURCE_DATE_EPOCH=1700000000 $NC train -q --label-key topic -o "$T/r1.ncm" "$A"
if cmp -s "$T/r1.ncm" "$T/r1.first"; then ok "byte-identical model files"; else bad "byte-identical model files"; fi
has <(zcat "$T/r1.ncm") "^created 2023-11-14T22:13:20Z$" "SOURCE_DATE_EPOCH sets the training date"

# ---- errors: clear, with file and line, right exit codes ------------------------------
run 2 "no command" $NC
run 2 "unknown command" $NC frobnicate
run 2 "unknown option" $NC train --bogus -o x "$A"
run 2 "train without -o" $NC train "$A"
run 2 "predict without -m" $NC predict "$T/doc1.txt"
run 0 "--help" $NC train --help
has "$T/out" "usage: newsclass train" "help text"
run 0 "--version" $NC --version
has "$T/out" "^newsclass [0-9]+\.[0-9]+\.[0-9]+" "version"
run 1 "missing input" $NC train -o "$T/x.ncm" "$T/nonexistent.txt"
has "$T/err" "^newsclass: error: cannot open '.*nonexistent.txt': No such file or directory" "error names the file and the reason"
printf 'id: x\ntopic: market\nthis line has no colon\n\nbody\n' >"$T/badhdr.txt"
run 1 "malformed header" $NC train --label-key topic -o "$T/x.ncm" "$T/badhdr.txt"
has "$T/err" "badhdr.txt:3: expected a 'key: value' header" "error names file and line"
printf '__label__a fine\nno label here\n' >"$T/bad.ft"
run 1 "fastText line without label" $NC train -o "$T/x.ncm" --format fasttext "$T/bad.ft"
has "$T/err" "bad.ft:2: " "fastText error names the line"
printf '__label__a only one class\n__label__a again\n' >"$T/one.ft"
run 1 "single class" $NC train -o "$T/x.ncm" "$T/one.ft"
has "$T/err" "at least two" "single-class error explains"
printf 'not a model\n' >"$T/fake.ncm"
run 1 "predict with a non-model" $NC predict -m "$T/fake.ncm" "$T/doc1.txt"
has "$T/err" "fake.ncm: not a newsclass model" "model error names the file"
head -c 200 "$T/topic.ncm" >"$T/trunc.ncm"
run 1 "truncated model" $NC info -m "$T/trunc.ncm"
has "$T/err" "trunc" "truncated model error names the file"

# a failed training run leaves the previous model untouched
cp "$T/topic.ncm" "$T/keep.ncm"
sum_before=$(cksum <"$T/keep.ncm")
run 1 "failing train keeps old model" $NC train --label-key topic -o "$T/keep.ncm" "$T/badhdr.txt"
if [ "$(cksum <"$T/keep.ncm")" = "$sum_before" ]; then ok "old model intact"; else bad "old model intact"; fi
if ls "$T"/keep.ncm.tmp.* >/dev/null 2>&1; then bad "temporary file left behind"; else ok "no temporary file left"; fi
mkdir -p "$T/ro"
cp "$T/topic.ncm" "$T/ro/m.ncm"
chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
	run 1 "unwritable directory" $NC train -q --label-key topic -o "$T/ro/m.ncm" "$A"
	has "$T/err" "cannot create a temporary file" "unwritable directory error"
fi
chmod 755 "$T/ro"

# non-C locale: numbers still read and written with '.'
loc=$(locale -a 2>/dev/null | grep -iE '^(de_DE|fr_FR)\.utf-?8$' | head -1)
if [ -n "$loc" ]; then
	LC_ALL=$loc SOURCE_DATE_EPOCH=1700000000 $NC train -q --label-key topic -o "$T/loc.ncm" "$A"
	if cmp -s <(zcat "$T/loc.ncm" | grep -v '^command ') "$T/r1.txt"; then ok "model identical under $loc"; else bad "model identical under $loc"; fi
fi

finish
