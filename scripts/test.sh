#!/usr/bin/env bash
# Install dependencies, build, and run the whole test suite three ways:
# a normal build, an ASan+UBSan build, and under valgrind.
# Usage: scripts/test.sh [--quick]   (--quick: the normal build only)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh clang
scripts/build.sh
meson test -C build --print-errorlogs
if [ "${1:-}" = "--quick" ]; then
	exit 0
fi
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C build-asan >/dev/null
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	meson test -C build-asan --print-errorlogs --no-suite models
meson test -C build --setup valgrind --print-errorlogs --no-suite models
