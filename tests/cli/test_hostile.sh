#!/usr/bin/env bash
# Hostile articles and training data (issue 5): every input gets the
# documented behaviour, with bounded memory. Memory is measured as the
# peak RSS of the newsclass process (/usr/bin/time).
#
# usage: test_hostile.sh NEWSCLASS DATA_DIR
set -u
NC="${NC_WRAPPER:-} $1"
NCBIN=$1
DATA=$2
. "$(dirname "$0")/lib.sh"

$NC train -q --label-key topic -o "$T/topic.ncm" "$DATA/articles"
$NC train -q --multi-label --label-key sectors -o "$T/sector.ncm" "$DATA/articles"

# ---- hostile articles: classified, never rejected ----------------------------
printf 'chip\xc0\xafprices \xed\xa0\x80 wafer\xf5\x80 memory\xff foundry\x80 market \xe2\x82' >"$T/invalid.txt"
run 0 "invalid UTF-8 (overlong, surrogate, >U+10FFFF, 0xFF, stray, truncated)" $NC predict --json -m "$T/topic.ncm" "$T/invalid.txt"
has "$T/out" '"labels":\["market"\]' "words around invalid bytes still count"
printf 'chip\0prices\0wafer\r\nmemory\r\n' >"$T/nul.txt"
run 0 "NUL bytes and CRLF" $NC predict --json -m "$T/topic.ncm" "$T/nul.txt"
has "$T/out" '"labels":\["market"\]' "NUL separates words"
printf '\xef\xbb\xbfvaccine memorandum summit partners\x01\x07\x1b[31m\n' >"$T/bom.txt"
run 0 "BOM and control characters" $NC predict --json -m "$T/topic.ncm" "$T/bom.txt"
has "$T/out" '"labels":\["cooperation"\]' "BOM and controls ignored"
: >"$T/empty.txt"
run 0 "empty document" $NC predict --json -m "$T/sector.ncm" "$T/empty.txt"
has "$T/out" '"labels":\[\]' "empty document: no sector"
printf 'zzqx qqqv xxyz\n' >"$T/unknown.txt"
run 0 "no known word" $NC predict --json -m "$T/topic.ncm" -m "$T/sector.ncm" "$T/unknown.txt"
has "$T/out" '"topic":\{"labels":\["[a-z-]+"\]' "single-label model still answers"
has "$T/out" '"sector":\{"labels":\[\]' "multi-label model answers nothing"
run 0 "predict --lines with CRLF and an unterminated last line" $NC predict --lines -m "$T/topic.ncm" <(printf 'chips\r\nvaccine\r\nbattery plant grant')
if [ "$(grep -c '^-\|/dev/fd' "$T/out")" -ge 3 ]; then ok "three documents"; else bad "three documents"; fi

peak_kib() { # peak RSS in KiB of a command, its stdout to $T/out
	/usr/bin/time -f '%M' -o "$T/rss" "$@" >"$T/out" 2>"$T/err"
	local rc=$?
	cat "$T/rss" | tail -1
	return $rc
}
# flat NAME KIB: the peak RSS stays within 16 MiB of a one-line input's
flat() {
	if [ "$2" -lt $((base + 16384)) ]; then ok "$1: peak RSS $2 KiB (one line: $base KiB)"
	else bad "$1: peak RSS $2 KiB (one line: $base KiB)"; fi
}
if [ -x /usr/bin/time ] && [ -z "${NC_WRAPPER:-}" ]; then
	# a 100 MB single line: streamed, memory flat
	base=$(peak_kib "$NCBIN" predict --lines -m "$T/topic.ncm" "$T/bom.txt")
	head -c 100000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/chips mem /g' >"$T/big-line.txt"
	big=$(peak_kib "$NCBIN" predict --lines -m "$T/topic.ncm" "$T/big-line.txt")
	rc=$?
	if [ $rc -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 2 ]; then ok "100 MB line: one document"; else bad "100 MB line: one document (exit $rc)"; fi
	flat "100 MB line" "$big"
	big=$(peak_kib "$NCBIN" predict -m "$T/topic.ncm" "$T/big-line.txt")
	flat "100 MB file as one document" "$big"
	# U+FDFA expands 18x under NFKC: 20 MB of it, still flat
	head -c 6666666 /dev/zero | tr '\0' 'x' | sed 's/x/\xef\xb7\xba/g' >"$T/fdfa.txt"
	big=$(peak_kib "$NCBIN" predict --lines -m "$T/topic.ncm" "$T/fdfa.txt")
	flat "20 MB of U+FDFA" "$big"
	# one million tiny documents
	yes 'chip prices' | head -n 1000000 >"$T/million.txt"
	big=$(peak_kib "$NCBIN" predict --lines --json -m "$T/topic.ncm" "$T/million.txt")
	if [ "$(wc -l <"$T/out")" -eq 1000000 ]; then ok "one million documents, one answer each"; else bad "one million documents"; fi
	flat "one million documents" "$big"
else
	echo "# memory checks need /usr/bin/time and run without valgrind"
fi

# ---- full output streams -------------------------------------------------------
if [ -w /dev/full ]; then
	$NC predict -m "$T/topic.ncm" "$T/bom.txt" >/dev/full 2>"$T/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q "cannot write output" "$T/err"; then ok "predict > /dev/full: exit 1, cannot write output"; else bad "predict > /dev/full (exit $rc)"; fi
	$NC vectorize -m "$T/topic.ncm" --label-key topic -o /dev/full "$DATA/articles" 2>"$T/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q "cannot write '/dev/full'" "$T/err"; then ok "vectorize -o /dev/full: exit 1"; else bad "vectorize -o /dev/full (exit $rc)"; fi
fi

# a vectorize run that fails on its input writes nothing
printf '__label__nosuchlabel words\n' >"$T/unk.ft"
run 1 "vectorize with a label the model lacks" $NC vectorize -m "$T/topic.ncm" -o "$T/vec.out" "$T/unk.ft"
if [ -e "$T/vec.out" ]; then bad "no partial output file"; else ok "no partial output file"; fi

# ---- malformed training data: clear errors with file and line ---------------------
printf 'id: a\ntopic: market\ntitle x\n\nbody\n' >"$T/h1.txt"
run 1 "header without colon" $NC train --label-key topic -o "$T/x.ncm" "$T/h1.txt"
has "$T/err" "h1.txt:3: " "names line 3"
printf 'id: a\ntopic: market\n' >"$T/h2.txt"
run 1 "article without body" $NC train --label-key topic -o "$T/x.ncm" "$T/h2.txt"
has "$T/err" "h2.txt:3: end of file inside the header block" "explains the missing blank line"
printf 'id: a\ntopic: market, , policy\n\nbody\n' >"$T/h3.txt"
run 1 "empty label in a list" $NC train --label-key topic -o "$T/x.ncm" "$T/h3.txt"
has "$T/err" "h3.txt:2: empty label" "empty label named"
printf 'id: a\ntopic:\n\nbody\n' >"$T/h4.txt"
run 1 "empty label header" $NC train --label-key topic -o "$T/x.ncm" "$T/h4.txt"
has "$T/err" "h4.txt:2: empty label" "empty header named"
printf 'id: a\ntopic: market\ntopic: policy\n\nbody\n' >"$T/h5.txt"
run 1 "label header twice" $NC train --label-key topic -o "$T/x.ncm" "$T/h5.txt"
has "$T/err" "h5.txt:3: header 'topic' given twice" "duplicate header named"
printf 'id: a\nsectors: ai\n\nbody\n' >"$T/h6.txt"
run 1 "missing label key" $NC train --label-key topic -o "$T/x.ncm" "$T/h6.txt"
has "$T/err" "no 'topic:' header" "missing key explained"
printf 'label,text\nmarket,"unterminated\n' >"$T/c1.csv"
run 1 "CSV: unterminated quote" $NC train -o "$T/x.ncm" "$T/c1.csv"
has "$T/err" "c1.csv:2: end of file inside a quoted field" "names the record's line"
printf 'market\n' >"$T/c2.csv"
run 1 "CSV: missing text column" $NC train --text-columns 2 -o "$T/x.ncm" "$T/c2.csv"
has "$T/err" "c2.csv:1: 1 field" "names the line"
printf '__label__a text\n__label__ b\n' >"$T/f1.ft"
run 1 "fastText: empty label" $NC train -o "$T/x.ncm" --format fasttext "$T/f1.ft"
has "$T/err" "f1.ft:2: empty label" "names the line"
printf '__label__a one two\n__label__b three four\n__label__c five\n' >"$T/f2.ft"
run 0 "labels with one example each train" $NC train -q -o "$T/x.ncm" "$T/f2.ft"
printf '__label__a same text\n__label__b other words\n__label__a same text\n__label__a same text\n' >"$T/f3.ft"
run 0 "duplicated documents are kept" $NC train -o "$T/x.ncm" "$T/f3.ft"
has "$T/err" "trained on 4 documents" "duplicates count as documents"
printf '__label__a x\n__label__b y\n' >"$T/f4.ft"
run 1 "a vocabulary pruned to nothing" $NC train --min-df 5 -o "$T/x.ncm" "$T/f4.ft"
has "$T/err" "no terms left in the vocabulary" "pruning explained"
printf '__label__zz what\n' >"$T/f5.ft"
$NC train -q -o "$T/ab.ncm" "$T/f3.ft"
run 0 "eval: unknown gold label counted as an error" $NC eval --json -m "$T/ab.ncm" "$T/f5.ft"
has "$T/err" "not known to the model" "warns about unknown labels"
has "$T/out" '"accuracy":0[,}]' "and scores it wrong"

finish
