#!/usr/bin/env bash
# Analysis benchmark: `mark why-not` on every sample, and `mark diff --counterexamples` on two
# versions of every shipped ruleset; each must take under 2 s.
#
#   Tests/benchmarks/run-analysis-benchmark.sh
#
# 1. builds mark in release mode (BIN=DIR uses a mark already built there instead);
# 2. times `mark why-not` on each file in Samples/;
# 3. for each ruleset in Rules/, makes a second version with its first named threshold
#    (`define name = N`) raised by one, and times `mark diff OLD NEW --counterexamples DIR`;
#    also the test fixtures
#    Tests/fixtures/moderation/service-promise-v1 and -v2 (a version with several changes).
# Prints one line per run (seconds, the answer's outcome) and fails if any run takes 2 s or more.
# See docs/performance.md, "Why-not and counterexamples".
set -euo pipefail
cd "$(dirname "$0")/../.."

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -z "${BIN:-}" ]; then
  echo "== build (release)"
  swift build -c release --product mark 2>&1 | tail -n 1
  BIN=$(swift build -c release --show-bin-path)
fi
mark="$BIN/mark"
slow=0

timed() {  # timed LABEL COMMAND…: prints seconds and the label; notes runs of 2 s or more
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$@" > "$WORK/out.txt" 2>&1 || true
  end=$(date +%s.%N)
  local s
  s=$(echo "$end - $start" | bc)
  printf '%6.3f s  %s  (%s)\n' "$s" "$label" "$(grep -m1 -o -E 'To reach [A-Za-z ]+|already has [A-Za-z ]+|highest grade|No change[^(]*|[0-9]+ of [0-9]+ changes? shown' "$WORK/out.txt" || echo '?')"
  if [ "$(echo "$s >= 2" | bc)" = 1 ]; then slow=$((slow + 1)); fi
}

echo "== why-not, each sample"
for f in Samples/*.json; do
  timed "why-not $(basename "$f")" "$mark" why-not "$f" --rules Rules
done

echo "== diff --counterexamples, each shipped ruleset against itself with one threshold raised"
for r in Rules/*.rules; do
  grep -q '^ruleset ' "$r" || continue
  name=$(basename "$r" .rules)
  mkdir -p "$WORK/$name"
  cp Rules/*.rules "$WORK/$name/"
  perl -0pi -e 's/^define (\w+) = (\d+)$/"define $1 = " . ($2 + 1)/me' "$WORK/$name/$name.rules"
  if cmp -s "$r" "$WORK/$name/$name.rules"; then echo "$r: no 'define name = N' to raise"; exit 1; fi
  timed "diff $name (threshold +1)" "$mark" diff "$r" "$WORK/$name/$name.rules" --counterexamples "$WORK/$name-ce"
done
timed "diff service-promise v1 v2 (fixtures)" "$mark" diff Tests/fixtures/moderation/service-promise-v1/service-promise.rules \
  Tests/fixtures/moderation/service-promise-v2/service-promise.rules --counterexamples "$WORK/sp-ce"

if [ "$slow" -gt 0 ]; then
  echo "$slow run(s) took 2 s or more"
  exit 1
fi
echo "every run under 2 s"
