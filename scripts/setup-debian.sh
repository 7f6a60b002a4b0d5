#!/usr/bin/env bash
# Install what newsclass needs to build and test on Debian (12 or later).
# Usage: scripts/setup-debian.sh [extra-package...]
set -euo pipefail
pkgs=(build-essential meson ninja-build pkg-config
      libsvm-dev liblinear-dev libutf8proc-dev zlib1g-dev libcmocka-dev
      valgrind gzip time locales "$@")
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "newsclass: installing ${missing[*]}" >&2
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# a locale with a decimal comma, for the tests that numbers stay '.'
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	$SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8 || echo "newsclass: could not generate de_DE.UTF-8" >&2
fi
