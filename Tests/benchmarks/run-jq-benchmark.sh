#!/usr/bin/env bash
# Cohort marking benchmark: mark against a jq program that marks the same ruleset.
#
#   Tests/benchmarks/run-jq-benchmark.sh [COUNT]        (default 100000)
#
# 1. builds mark and mark-cohort in release mode;
# 2. generates COUNT valid CS-EXC-04 submissions as NDJSON (mark-cohort, fixed seed);
# 3. checks that Tests/benchmarks/jq/exceeding-expectations.jq gives every submission the same
#    grade as `mark --format csv` (exit 1 if any differ);
# 4. times jq, `mark --jobs 1` and `mark --jobs 2` on the same file (hyperfine when installed,
#    else /usr/bin/time), and measures mark's peak memory on a tenth of the cohort and on all of
#    it, to show it stays flat.
#
# Needs jq (apt-get install -y jq); hyperfine (apt-get install -y hyperfine) is optional.
# WORK=DIR keeps the generated files there (default: a temporary folder, removed at the end).
# See docs/performance.md, "Cohort marking".
set -euo pipefail
cd "$(dirname "$0")/../.."

count=${1:-100000}
rules=Rules/exceeding-expectations.rules
program=Tests/benchmarks/jq/exceeding-expectations.jq
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
command -v jq > /dev/null || { echo "run-jq-benchmark: jq is not installed (apt-get install -y jq)" >&2; exit 2; }

echo "== build (release)"
swift build -c release --product mark > /dev/null
swift build -c release --product mark-cohort > /dev/null
bin=$(swift build -c release --show-bin-path)

echo "== generate $count CS-EXC-04 submissions"
"$bin/mark-cohort" --count "$count" --unit CS-EXC-04 --seed 42 --ndjson > "$WORK/cohort.ndjson"
tenth=$((count / 10))
head -n "$tenth" "$WORK/cohort.ndjson" > "$WORK/cohort-tenth.ndjson"
echo "   $(wc -c < "$WORK/cohort.ndjson") bytes; $(jq --version); $(nproc) cores"

echo "== same grades?"
jq -r -f "$program" "$WORK/cohort.ndjson" > "$WORK/jq.txt"
"$bin/mark" "$WORK/cohort.ndjson" --rules "$rules" --format csv --quiet > "$WORK/mark.csv" 2> "$WORK/mark.summary"
tail -n +2 "$WORK/mark.csv" | cut -d, -f1,5 > "$WORK/mark.txt"
if ! cmp -s "$WORK/jq.txt" "$WORK/mark.txt"; then
  echo "   jq and mark disagree (learner,grade: < jq, > mark):" >&2
  diff "$WORK/jq.txt" "$WORK/mark.txt" | head -n 20 >&2
  exit 1
fi
echo "   yes: the same grade for all $(wc -l < "$WORK/mark.txt") submissions"
cut -d, -f2 "$WORK/mark.txt" | sort | uniq -c | sed 's/^/   /'

echo "== time"
jq_cmd="jq -r -f $program $WORK/cohort.ndjson > /dev/null"
mark1_cmd="$bin/mark $WORK/cohort.ndjson --rules $rules --format csv --quiet --jobs 1 > /dev/null"
mark2_cmd="$bin/mark $WORK/cohort.ndjson --rules $rules --format csv --quiet --jobs 2 > /dev/null"
if command -v hyperfine > /dev/null; then
  hyperfine --warmup 1 --runs "${RUNS:-3}" --export-markdown "$WORK/times.md" \
    -n jq "$jq_cmd" -n "mark --jobs 1" "$mark1_cmd" -n "mark --jobs 2" "$mark2_cmd"
  cat "$WORK/times.md"
else
  for cmd in "$jq_cmd" "$mark1_cmd" "$mark2_cmd"; do
    /usr/bin/time -f "%e s wall  %U s user  %M KB peak   $cmd" bash -c "$cmd"
  done
fi

echo "== peak memory of mark --jobs 2 (KB): $tenth submissions, then $count"
for f in "$WORK/cohort-tenth.ndjson" "$WORK/cohort.ndjson"; do
  /usr/bin/time -f "%M" "$bin/mark" "$f" --rules "$rules" --format csv --quiet --jobs 2 2>&1 > /dev/null | tail -n 1
done
