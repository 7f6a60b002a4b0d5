#!/usr/bin/env bash
# Fuzz every target with libFuzzer (clang, ASan+UBSan) for N seconds each:
#   scripts/fuzz.sh [SECONDS]        (default 60)
# New inputs go to fuzz-out/<target>/corpus, crashes to fuzz-out/<target>/;
# fuzz-out/summary.tsv gets executions per target (RELIABILITY.md quotes it).
# A crash makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
scripts/setup-debian.sh clang libclang-rt-14-dev
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C build-fuzz >/dev/null
declare -A seeds=(
	[model]="tests/data/good-linear.ncm tests/data/good-rbf.ncm tests/data/good-compact.ncm tests/data/bad-models"
	[tokenize]="tests/fuzz/corpus/tokenize corpus/examples"
	[article]="tests/fuzz/corpus/article tests/data/articles"
	[fasttext]="tests/fuzz/corpus/fasttext"
	[csv]="tests/fuzz/corpus/csv"
	[tsv]="tests/fuzz/corpus/csv"
)
mkdir -p fuzz-out
printf 'target\tseconds\texecutions\tcrashes\n' >fuzz-out/summary.tsv
status=0
for t in model tokenize article fasttext csv tsv; do
	mkdir -p "fuzz-out/$t/corpus" "fuzz-out/$t/seeds"
	# libFuzzer reads corpora from directories: gather the seed files
	for s in ${seeds[$t]}; do
		if [ -d "$s" ]; then cp "$s"/* "fuzz-out/$t/seeds/"; else cp "$s" "fuzz-out/$t/seeds/"; fi
	done
	if UBSAN_OPTIONS=halt_on_error=1 build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$SECS" \
		-print_final_stats=1 -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
		-artifact_prefix="fuzz-out/$t/" "fuzz-out/$t/corpus" "fuzz-out/$t/seeds" \
		>"fuzz-out/$t/log" 2>&1; then crashes=0; else crashes=1; status=1; fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz-out/$t/log" | tail -1)
	printf '%s\t%s\t%s\t%s\n' "$t" "$SECS" "${execs:-0}" "$crashes" | tee -a fuzz-out/summary.tsv
done
exit $status
