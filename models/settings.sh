# Settings of the shipped models, chosen by cross-validation on the
# training split (see models/MODEL_CARD.md and scripts/model-cv.sh).
# Sourced by scripts/build-models.sh.

# Recorded as the training date, so rebuilding gives identical bytes.
SOURCE_DATE_EPOCH=1795046400   # 2026-11-19T00:00:00Z

SECTOR_OPTS="--multi-label --label-key sectors --ngram 2 --min-df 2 -c 1 --class-weight balanced"
TOPIC_OPTS="--label-key topic --ngram 2 --min-df 2 -c 1"
