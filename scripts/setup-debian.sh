#!/usr/bin/env bash
# Install what newsclass needs to build and test on Debian (12 or later).
# Usage: scripts/setup-debian.sh [extra-package...]
set -euo pipefail
pkgs=(build-essential meson ninja-build pkg-config
      libsvm-dev liblinear-dev libutf8proc-dev zlib1g-dev libcmocka-dev
      valgrind gzip "$@")
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "newsclass: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
