# lib.sh - what the shell test programs share (sourced, not run): a
# temporary directory $T removed on exit, pass/fail counters, assertions,
# and the closing "N passed, M failed" line that test runners read.

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() {
	fail=$((fail + 1))
	echo "not ok - $1"
	if [ -f "$T/err" ]; then sed 's/^/#   /' "$T/err" | head -5; fi
}

# run EXPECTED_EXIT NAME CMD...: stdout in $T/out, stderr in $T/err
run() {
	local want=$1 name=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then ok "$name (exit $got)"; else bad "$name: exit $got, wanted $want"; fi
}

# has FILE REGEX NAME / hasnt FILE REGEX NAME
has() { if grep -Eq -- "$2" "$1"; then ok "$3"; else bad "$3: no /$2/ in $(basename "$1")"; sed 's/^/#   /' "$1" | head -5; fi; }
hasnt() { if grep -Eq -- "$2" "$1"; then bad "$3: unexpected /$2/"; else ok "$3"; fi; }

# check NAME CMD...: ok when CMD succeeds
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
