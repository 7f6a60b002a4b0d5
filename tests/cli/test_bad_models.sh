#!/usr/bin/env bash
# Every crafted model file in tests/data/bad-models is rejected by info,
# predict and eval with exit status 1 and the expected, file-naming error
# (never a crash, which would give another status).
# usage: test_bad_models.sh NEWSCLASS DATA_DIR
set -u
NC="${NC_WRAPPER:-} $1"
DATA=$2
. "$(dirname "$0")/lib.sh"
printf 'Export controls on chips tightened.\n' >"$T/doc.txt"
while IFS=$'\t' read -r name want; do
	case "$name" in '#'* | '') continue ;; esac
	f=$DATA/bad-models/$name
	for cmd in info predict eval; do
		case $cmd in
		info) $NC info -m "$f" >"$T/out" 2>"$T/err" ;;
		predict) $NC predict -m "$f" "$T/doc.txt" >"$T/out" 2>"$T/err" ;;
		eval) $NC eval -m "$f" --label-key topic "$DATA/articles" >"$T/out" 2>"$T/err" ;;
		esac
		rc=$?
		if [ $rc -eq 1 ] && grep -qF -- "$name: " "$T/err" && grep -qF -- "$want" "$T/err"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "not ok - $cmd $name: exit $rc, wanted 1 and '$want':"
			sed 's/^/#   /' "$T/err" | head -3
		fi
	done
done <"$DATA/bad-models/EXPECTED"
# the good fixtures load
for g in good-linear good-rbf good-compact; do
	if $NC info -m "$DATA/$g.ncm" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - $g.ncm loads"; fi
done
finish
