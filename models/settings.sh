# Settings of the shipped models, chosen by 5-fold cross-validation on the
# training split (scripts/model-cv.sh; its output is models/cv-results.txt).
# Sourced by scripts/build-models.sh.
#
# The rule (since round 8): of the feature settings whose best CV score is
# within one standard error of the best one (SE = sqrt(p(1-p)/n), p the
# best score, n = 2,223 training articles, about 0.005), take the one with
# the smallest vocabulary, with the C that CV chose for it. CV scores
# closer than that are noise; the smaller vocabulary is the model less
# tied to the wording of our own articles. After round 9 both rules (this
# one and the best score alone) give the same settings:
#   sector: --ngram 1 --min-df 2 --stem --tune-thresholds, C=1, micro-F1 0.9407
#   topic:  --ngram 2 --min-df 2 --no-stop-words --stem, C=3, accuracy 0.9406
#
# Round 10 adds the topic model's title weight, which CV on our own
# articles cannot tell apart (weights 1, 2 and 3 all within one SE, with
# C=3) but the real-news development sets can: weight 2 gets 784 of their
# 1,066 stories right against 766 (exact McNemar p = 0.010), weight 3
# the same 784. The smallest weight with the best development score is
# kept. The sector model's CV moves within one SE with it (0.9425 and
# 0.9444 with weights 2 and 3) while its development micro-F1 drops
# (0.921 -> 0.918 and 0.917), so it stays unweighted.
#
# Round 11 corrected five topic labels (corpus/audit/README.md) and re-ran
# the CV: the topic rows moved by fold noise (the folds are stratified by
# topic), the same rule picks the same settings (--ngram 2 --min-df 2
# --no-stop-words --stem, C=3, accuracy 0.9384; with --title-weight 2,
# 0.9424), and the sector rows are unchanged.

# Recorded as the training date, so rebuilding gives identical bytes.
SOURCE_DATE_EPOCH=1795392000   # 2026-11-23T00:00:00Z

SECTOR_OPTS="--multi-label --label-key sectors --ngram 1 --min-df 2 --stem -c 1 --tune-thresholds --at-least-one"
TOPIC_OPTS="--label-key topic --ngram 2 --min-df 2 --no-stop-words --stem --title-weight 2 -c 3"
