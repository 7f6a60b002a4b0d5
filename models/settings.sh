# Settings of the shipped models, chosen by 5-fold cross-validation on the
# training split (scripts/model-cv.sh; its output is models/cv-results.txt).
# Sourced by scripts/build-models.sh.

# Recorded as the training date, so rebuilding gives identical bytes.
SOURCE_DATE_EPOCH=1795305600   # 2026-11-22T00:00:00Z

SECTOR_OPTS="--multi-label --label-key sectors --ngram 1 --min-df 1 -c 10 --tune-thresholds --at-least-one"
TOPIC_OPTS="--label-key topic --ngram 2 --min-df 2 --no-stop-words -c 3"
