#!/usr/bin/env bash
# Rebuild the shipped models from the training split of corpus/:
#   scripts/build-models.sh            -> models/sector.ncm, models/topic.ncm
#   scripts/build-models.sh OUTDIR     -> OUTDIR/sector.ncm, OUTDIR/topic.ncm
# The same corpus, settings and code give byte-identical files (the tests
# check that the committed models are what this script produces).
set -euo pipefail
cd "$(dirname "$0")/.."
NC=${NEWSCLASS:-build/src/cli/newsclass}
OUT=${1:-models}
if [ -z "${NEWSCLASS:-}" ]; then
	scripts/build.sh
fi
. models/settings.sh
export SOURCE_DATE_EPOCH
mkdir -p "$OUT"
# shellcheck disable=SC2086
"$NC" train -q $SECTOR_OPTS --provenance "scripts/build-models.sh: newsclass train $SECTOR_OPTS @corpus/train.list" \
	-o "$OUT/sector.ncm" @corpus/train.list
# shellcheck disable=SC2086
"$NC" train -q $TOPIC_OPTS --provenance "scripts/build-models.sh: newsclass train $TOPIC_OPTS @corpus/train.list" \
	-o "$OUT/topic.ncm" @corpus/train.list
echo "newsclass: built $OUT/sector.ncm and $OUT/topic.ncm" >&2
