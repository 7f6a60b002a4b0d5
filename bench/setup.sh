#!/usr/bin/env bash
# Install what the benchmark (bench/run.py) needs on Debian, idempotently:
# fastText, scikit-learn for Debian's /usr/bin/python3, libsvm's command-line
# tools and GNU time. Building newsclass itself needs scripts/setup-debian.sh.
# Usage: bench/setup.sh
set -euo pipefail
pkgs=(fasttext python3-sklearn libsvm-tools time)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "bench/setup.sh: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
