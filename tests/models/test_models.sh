#!/usr/bin/env bash
# The committed models are exactly what scripts/build-models.sh produces
# from corpus/ with this code (byte for byte), so they cannot go stale;
# and they meet the held-out targets of the model card.
# usage: test_models.sh NEWSCLASS SOURCE_ROOT
set -u
NC=$1
ROOT=$2
. "$(dirname "$0")/../cli/lib.sh"

cd "$ROOT"
if NEWSCLASS=$NC scripts/build-models.sh "$T" 2>"$T/err"; then ok "models rebuild"; else bad "models rebuild"; cat "$T/err"; fi
for m in sector topic; do
	if cmp -s "$T/$m.ncm" "models/$m.ncm"; then ok "models/$m.ncm matches a rebuild"
	else bad "models/$m.ncm differs from a rebuild (run scripts/build-models.sh and commit)"; fi
done

# held-out targets: sector micro-F1 >= 0.90, topic accuracy >= 0.85
s=$("$NC" eval --json -m models/sector.ncm --label-key sectors @corpus/test.list | sed -n 's/.*"micro_f1":\([0-9.e-]*\).*/\1/p')
t=$("$NC" eval --json -m models/topic.ncm --label-key topic @corpus/test.list | sed -n 's/^{"documents":[0-9]*,"accuracy":\([0-9.e-]*\).*/\1/p')
echo "# held-out sector micro-F1 $s, topic accuracy $t"
if awk -v v="$s" 'BEGIN { exit !(v >= 0.90) }'; then ok "sector micro-F1 $s >= 0.90"; else bad "sector micro-F1 $s >= 0.90"; fi
if awk -v v="$t" 'BEGIN { exit !(v >= 0.85) }'; then ok "topic accuracy $t >= 0.85"; else bad "topic accuracy $t >= 0.85"; fi

# the sample stories are not training articles
for f in corpus/examples/*.txt; do
	title=$(head -1 "$f")
	if grep -rqF "title: $title" corpus/articles; then bad "$f is in the corpus"; else ok "$(basename "$f") is not a training article"; fi
done
finish
