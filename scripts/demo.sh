#!/usr/bin/env bash
# The main job: classify the sample stories in corpus/examples with the
# shipped sector and topic models. Installs dependencies and builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh
exec build/src/cli/newsclass predict -m models/sector.ncm -m models/topic.ncm corpus/examples/*.txt
