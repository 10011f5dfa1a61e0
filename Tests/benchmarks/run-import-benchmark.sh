#!/usr/bin/env bash
# Import benchmark: importing a CSV export of about 100,000 rows against marking the result.
#
#   Tests/benchmarks/run-import-benchmark.sh [SUBMISSIONS]      (default 13500: about 100,000 rows)
#
# 1. builds mark and mark-cohort in release mode, as `make install` does;
# 2. generates SUBMISSIONS valid CS-EXC-04 submissions (mark-cohort, fixed seed) and turns them
#    into one CSV export, one row per item (mark template --format csv), with its mapping;
# 3. times `mark import` on the CSV (every core and --jobs 1, from the file, and from a pipe on
#    standard input; each must write the same bytes) and `mark`
#    marking what it wrote (--jobs 1 and every core), with each one's peak memory, and checks that
#    the imported cohort gets the same grades as the generated one;
# 4. when valgrind is installed, counts instructions (callgrind, the steady measure on a busy
#    machine) of importing the first 20,000 rows and of marking what that import wrote.
#
# WORK=DIR keeps the generated files there (default: a temporary folder, removed at the end).
# See docs/performance.md, "Importing a 100,000-row export".
set -euo pipefail
cd "$(dirname "$0")/../.."

count=${1:-13500}
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

echo "== build (release)"
# The same build as `make install` (so after it only mark-cohort is compiled).
swift build -c release --static-swift-stdlib --product mark 2>&1 | tail -n 1
swift build -c release --static-swift-stdlib --product mark-cohort 2>&1 | tail -n 1
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)

echo "== generate $count submissions and their CSV export"
"$bin/mark-cohort" --count "$count" --unit CS-EXC-04 --seed 42 --ndjson > "$WORK/cohort.ndjson"
"$bin/mark" template CS-EXC-04 --format csv --slots 4 "$WORK/cohort.ndjson" > "$WORK/export.csv"
"$bin/mark" template CS-EXC-04 --format mapping --slots 4 > "$WORK/export.mapping"
rows=$(($(wc -l < "$WORK/export.csv") - 1))
echo "rows: $rows (a record may span lines), $(du -h "$WORK/export.csv" | cut -f1) of CSV"

# The figures go to a file, then to the script's own standard error (descriptor 3), so that a
# command's standard output and standard error may be redirected or thrown away.
exec 3>&2
timed() {
  local label=$1
  shift
  /usr/bin/time -o "$WORK/time.txt" -f "$label: %e s wall, %U s user, %S s sys, peak %M KB" "$@"
  cat "$WORK/time.txt" >&3
}
echo "== import, then mark the result"
timed "import" "$bin/mark" import "$WORK/export.csv" --mapping "$WORK/export.mapping" > "$WORK/imported.ndjson"
timed "import --jobs 1" "$bin/mark" import "$WORK/export.csv" --mapping "$WORK/export.mapping" --jobs 1 > "$WORK/one.ndjson"
cmp -s "$WORK/imported.ndjson" "$WORK/one.ndjson" || { echo "importing on one thread wrote something else" >&2; exit 1; }
timed "import (stdin, a pipe)" sh -c 'cat "$1" | "$0" import - --mapping "$2" > "$3"' "$bin/mark" "$WORK/export.csv" "$WORK/export.mapping" "$WORK/piped.ndjson"
cmp -s "$WORK/imported.ndjson" "$WORK/piped.ndjson" || { echo "importing from a pipe wrote something else" >&2; exit 1; }
timed "mark --jobs 1" "$bin/mark" --ndjson "$WORK/imported.ndjson" --format csv --jobs 1 --quiet > "$WORK/imported.csv" 2> /dev/null
timed "mark (every core)" "$bin/mark" --ndjson "$WORK/imported.ndjson" --format csv --quiet > /dev/null 2> /dev/null
"$bin/mark" --ndjson "$WORK/cohort.ndjson" --format csv --quiet > "$WORK/cohort.csv" 2> /dev/null || true
# Same grades: compare every column but the path and error.
if diff <(cut -d, -f1-7 "$WORK/imported.csv" | sort) <(cut -d, -f1-7 "$WORK/cohort.csv" | sort) > /dev/null; then
  echo "grades: the imported cohort's are the generated cohort's"
else
  echo "grades differ between the imported and the generated cohort" >&2
  exit 1
fi

if command -v valgrind > /dev/null; then
  echo "== instructions (callgrind), first 20,000 rows"
  head -n 20001 "$WORK/export.csv" > "$WORK/head.csv"
  "$bin/mark" import "$WORK/head.csv" --mapping "$WORK/export.mapping" > "$WORK/head.ndjson" 2> /dev/null || true
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 > /dev/null | sed -n 's/.*Collected : //p'
  }
  echo "import: $(instructions "$bin/mark" import "$WORK/head.csv" --mapping "$WORK/export.mapping") instructions"
  echo "mark --jobs 1: $(instructions "$bin/mark" --ndjson "$WORK/head.ndjson" --format csv --jobs 1 --quiet) instructions"
else
  echo "(valgrind is not installed: no instruction counts; apt-get install -y valgrind)"
fi
