#!/usr/bin/env bash
# Reproduce the figures of RELIABILITY.md:
#   scripts/reliability.sh [FUZZ_SECONDS]     (default 60 per fuzz target)
# Runs the fuzzers, the crafted-input, hostile-input and fault tests, then
# the whole suite under valgrind and under ASan+UBSan (LeakSanitizer), the
# CLI tests under ThreadSanitizer, and
# prints a Markdown summary (also saved to reliability-out/summary.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
OUT=reliability-out
mkdir -p "$OUT"
scripts/setup-debian.sh clang libclang-rt-14-dev
scripts/build.sh

scripts/fuzz.sh "$SECS" >"$OUT/fuzz.log" 2>&1 || echo "fuzzing found a crash: see fuzz-out/" >&2
NC=build/src/cli/newsclass
bash tests/cli/test_bad_models.sh "$NC" tests/data >"$OUT/bad-models.log" 2>&1 || true
bash tests/cli/test_hostile.sh "$NC" tests/data >"$OUT/hostile.log" 2>&1 || true
build/tests/unit/test_alloc_faults >"$OUT/alloc.log" 2>&1 || true
build/tests/test_faults /tmp >"$OUT/faults.log" 2>&1 || true
meson test -C build --setup valgrind --no-suite models --no-suite hostile >"$OUT/valgrind.log" 2>&1 || true
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C build-asan >/dev/null
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
	meson test -C build-asan --no-suite models >"$OUT/asan.log" 2>&1 || true

# predict's worker pool (and training's threads) under ThreadSanitizer:
# the CLI tests run predict on 1, 2, 3 and 8 threads
if [ ! -f build-tsan/build.ninja ]; then
	meson setup build-tsan -Db_sanitize=thread -Db_lundef=false >/dev/null
fi
ninja -C build-tsan >/dev/null
TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
	bash tests/cli/test_cli.sh build-tsan/src/cli/newsclass tests/data >"$OUT/tsan.log" 2>&1 || true
sum_col() { awk -F'\t' -v c="$1" 'NR > 1 { s += $c } END { print s + 0 }' fuzz-out/summary.tsv; }
crafted=$(grep -cv '^#' tests/data/bad-models/EXPECTED)
{
	echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, newsclass $(git describe --always --dirty 2>/dev/null || echo '?')"
	echo
	echo "| check | result |"
	echo "|---|---|"
	awk -F'\t' 'NR > 1 { printf "| fuzz %s (%s s) | %s executions, %s crashes |\n", $1, $2, $3, $4 }' fuzz-out/summary.tsv
	echo "| fuzzing total | $(sum_col 3) executions, $(sum_col 4) crashes |"
	echo "| crafted model files | $crafted files x 3 commands: $(tail -1 "$OUT/bad-models.log") |"
	echo "| hostile inputs | $(tail -1 "$OUT/hostile.log") |"
	echo "| hostile peak RSS | $(grep -o 'peak RSS [0-9]* KiB' "$OUT/hostile.log" | sed 's/peak RSS //' | tr '\n' ' ')|"
	echo "| allocation failures injected | $(grep -o '[0-9]* injected failures reported' "$OUT/alloc.log" | awk '{ s += $1 } END { print s + 0 }') in $(grep -c 'injected failures reported' "$OUT/alloc.log") operations; $(grep -o '[0-9]* not NC_ENOMEM' "$OUT/alloc.log" | awk '{ s += $1 } END { print s + 0 }') not NC_ENOMEM |"
	echo "| save faults (disk full, rename, SIGKILL) | $(grep -o 'after each of [0-9]* SIGKILLs' "$OUT/faults.log" | grep -o '[0-9]*') kills, $(tail -1 "$OUT/faults.log") |"
	echo "| valgrind (suite less models, hostile) | $(grep -E '^Ok:' "$OUT/valgrind.log" | awk '{print $2}') ok, $(grep -E '^Fail:' "$OUT/valgrind.log" | awk '{print $2}') failed (definite/indirect leaks and errors fail a test) |"
	echo "| ASan+UBSan+LSan (suite less models) | $(grep -E '^Ok:' "$OUT/asan.log" | awk '{print $2}') ok, $(grep -E '^Fail:' "$OUT/asan.log" | awk '{print $2}') failed |"
	echo "| ThreadSanitizer (CLI tests: predict on 1-8 threads, threaded training) | $(tail -1 "$OUT/tsan.log") |"
} | tee "$OUT/summary.md"
