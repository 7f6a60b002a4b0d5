#!/usr/bin/env bash
# Choose the settings of the shipped models by 5-fold cross-validation on
# the TRAINING split only (corpus/train.list): for each feature setting,
# newsclass cv searches C; the best row per model goes to models/settings.sh
# (by hand, after reading this output). Takes about 12 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
NC=${NEWSCLASS:-build/src/cli/newsclass}
[ -n "${NEWSCLASS:-}" ] || scripts/build.sh
GRID="--C-grid 0.3,1,3,10"
FEATURES=(
	"--ngram 1 --min-df 1"
	"--ngram 1 --min-df 2"
	"--ngram 2 --min-df 2"
	"--ngram 2 --min-df 2 --class-weight balanced"
	"--ngram 2 --min-df 1"
	"--ngram 1 --min-df 2 --no-stop-words"
	"--ngram 2 --min-df 2 --no-stop-words"
	"--ngram 2 --min-df 1 --no-stop-words"
	"--ngram 1 --min-df 1 --stem"
	"--ngram 1 --min-df 2 --stem"
	"--ngram 2 --min-df 2 --stem"
	"--ngram 2 --min-df 2 --no-stop-words --stem"
	"--ngram 2 --min-df 1 --no-stop-words --stem"
)
for f in "${FEATURES[@]}"; do
	# shellcheck disable=SC2086
	best=$("$NC" cv -k 5 $GRID $f --label-key topic @corpus/train.list | tail -1)
	echo "topic   $f: $best"
done
# title weights (since round 10), for the feature settings chosen above
TITLED_TOPIC="--ngram 2 --min-df 2 --no-stop-words --stem"
for w in 2 3; do
	# shellcheck disable=SC2086
	best=$("$NC" cv -k 5 $GRID $TITLED_TOPIC --title-weight $w --label-key topic @corpus/train.list | tail -1)
	echo "topic   $TITLED_TOPIC --title-weight $w: $best"
done
# every article has a sector, so the sector model always gives one
# (--at-least-one); thresholds tuned by inner cross-validation or left at 0
for t in "" "--tune-thresholds"; do
	for f in "${FEATURES[@]}"; do
		# shellcheck disable=SC2086
		best=$("$NC" cv -k 5 $GRID $f $t --at-least-one --multi-label --label-key sectors @corpus/train.list | tail -1)
		echo "sector  $f $t: $best"
	done
done
TITLED_SECTOR="--ngram 1 --min-df 2 --stem --tune-thresholds"
for w in 2 3; do
	# shellcheck disable=SC2086
	best=$("$NC" cv -k 5 $GRID $TITLED_SECTOR --title-weight $w --at-least-one --multi-label --label-key sectors @corpus/train.list | tail -1)
	echo "sector  $TITLED_SECTOR --title-weight $w: $best"
done
# NB scaling (--nb-scale, since round 13), on the shipped feature settings
# shellcheck disable=SC2086
best=$("$NC" cv -k 5 $GRID $TITLED_TOPIC --title-weight 2 --nb-scale --label-key topic @corpus/train.list | tail -1)
echo "topic   $TITLED_TOPIC --title-weight 2 --nb-scale: $best"
# shellcheck disable=SC2086
best=$("$NC" cv -k 5 $GRID $TITLED_SECTOR --nb-scale --at-least-one --multi-label --label-key sectors @corpus/train.list | tail -1)
echo "sector  $TITLED_SECTOR --nb-scale: $best"
