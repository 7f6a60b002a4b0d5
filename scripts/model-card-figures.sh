#!/usr/bin/env bash
# Print every figure quoted in models/MODEL_CARD.md:
#   scripts/model-card-figures.sh
# 1. held-out split (corpus/test.list): sector and topic models, and on
#    its Korean articles alone;
# 2. the sample stories (corpus/examples) against EXPECTED.tsv, and the
#    corpus's labels against a blind second labeling of 240 of its
#    articles (corpus/audit);
# 3. real news (needs ../shared/datasets; skipped without it):
#    corpus/realnews to realnews7 (development sets) and corpus/realnews8
#    (sealed until round 10: evaluated once, the final estimate of round
#    10; a development set since); then all of them pooled, from whole
#    stories and from headlines alone, with the topic model's accuracy by
#    confidence (--coverage).
set -euo pipefail
cd "$(dirname "$0")/.."
NC=${NEWSCLASS:-build/src/cli/newsclass}
[ -n "${NEWSCLASS:-}" ] || scripts/build.sh
echo "== topic model, held-out split"
"$NC" eval -m models/topic.ncm --label-key topic @corpus/test.list
echo
echo "== sector model, held-out split"
"$NC" eval -m models/sector.ncm --label-key sectors @corpus/test.list
echo
echo "== Korean articles of the held-out split"
ko=$(mktemp)
trap 'rm -f "$ko"' EXIT
grep -v '^#' corpus/test.list | while read -r f; do
	grep -q '^lang: ko$' "corpus/$f" && echo "$PWD/corpus/$f"
done >"$ko"
"$NC" eval -m models/sector.ncm --label-key sectors @"$ko"
"$NC" eval -m models/topic.ncm --label-key topic @"$ko"
echo
echo "== sample stories (corpus/examples) against EXPECTED.tsv"
right_t=0 right_s=0 n=0
while IFS=$'\t' read -r file sectors topic; do
	json=$("$NC" predict --json -m models/sector.ncm -m models/topic.ncm "corpus/examples/$file")
	got_s=$(printf '%s' "$json" | sed 's/.*"sector":{"labels":\[\([^]]*\)\].*/\1/' | tr -d '"' | tr ',' '\n' | sort | paste -sd,)
	got_t=$(printf '%s' "$json" | sed 's/.*"topic":{"labels":\["\([^"]*\)".*/\1/')
	want_s=$(printf '%s' "$sectors" | tr ',' '\n' | sort | paste -sd,)
	n=$((n + 1))
	[ "$got_t" = "$topic" ] && right_t=$((right_t + 1))
	[ "$got_s" = "$want_s" ] && right_s=$((right_s + 1))
	printf '%-36s sectors %-28s (expected %-28s) topic %-15s (expected %s)\n' "$file" "$got_s" "$want_s" "$got_t" "$topic"
done <corpus/examples/EXPECTED.tsv
echo "topic right on $right_t of $n; sector set exactly right on $right_s of $n"
echo
echo "== the corpus's labels against a blind second labeling (corpus/audit)"
python3 scripts/corpus-agreement.py
echo
echo "== real news"
python3 scripts/realnews-eval.py --newsclass "$NC"
python3 scripts/realnews-eval.py --newsclass "$NC" --set realnews2
python3 scripts/realnews-eval.py --newsclass "$NC" --set realnews3
python3 scripts/realnews-eval.py --newsclass "$NC" --set realnews4
python3 scripts/realnews-eval.py --newsclass "$NC" --set realnews5
python3 scripts/realnews-eval.py --newsclass "$NC" --set realnews6
python3 scripts/realnews-eval.py --newsclass "$NC" --set realnews7
python3 scripts/realnews-eval.py --newsclass "$NC" --set realnews8
ALL=realnews,realnews2,realnews3,realnews4,realnews5,realnews6,realnews7,realnews8
echo "== all real-news sets pooled: whole stories, headlines alone, confidence"
python3 scripts/realnews-eval.py --newsclass "$NC" --set "$ALL"
python3 scripts/realnews-eval.py --newsclass "$NC" --set "$ALL" --headlines
python3 scripts/realnews-eval.py --newsclass "$NC" --set "$ALL" --coverage
python3 scripts/realnews-eval.py --newsclass "$NC" --set "$ALL" --coverage --headlines
