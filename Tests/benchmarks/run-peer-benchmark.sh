#!/usr/bin/env bash
# Peer benchmark: mark against the same ruleset marked by hand in Python with orjson.
#
#   Tests/benchmarks/run-peer-benchmark.sh [COUNT]          (default 20000)
#   Tests/benchmarks/run-peer-benchmark.sh --tiny [COUNT]   (default 200: agreement + one timing)
#
# 1. builds mark and mark-cohort (and, unless --tiny, mark-bench) in release mode;
# 2. generates COUNT valid CS-XM-03 submissions as NDJSON (mark-cohort, seed 42);
# 3. checks first that Tests/benchmarks/peer/going_the_extra_mile.py gives every submission the
#    same grade, total and verdict on every marking point as `mark --format csv`; on any
#    difference it lists the first submissions that differ, point by point, and exits 1;
# 4. times, in RUNS interleaved rounds (default 5; one with --tiny), `mark --jobs 1`,
#    `mark --jobs 2` (both --format csv --quiet to /dev/null), the Python peer, and orjson
#    parsing alone (the floor for any marker built on it), and prints the medians, the ratios and
#    the NDJSON throughput of `mark --jobs 2`;
# 5. unless --tiny: with valgrind installed (CALLGRIND=0 skips), counts the instructions per input
#    byte, on the first 2,000 submissions, of `mark --jobs 1` with --format csv and with --format
#    json, of the Python peer and of orjson parsing alone (each also on an empty cohort, to
#    separate start-up); with pysimdjson installed, compares the parse-only speed of orjson and
#    simdjson with mark-bench's JSON reader on those 2,000 submissions as one JSON array.
#
# jq is not timed: the jq peer (Tests/benchmarks/jq) marks CS-EXC-04, not this unit; see
# run-jq-benchmark.sh for it.
#
# Needs python3 with orjson (pip install orjson). Optional: valgrind, pysimdjson.
# WORK=DIR keeps the generated files there (default: a temporary folder, removed at the end);
# PYTHON=... picks the interpreter. See docs/performance.md, "Peer benchmark".
set -euo pipefail
cd "$(dirname "$0")/../.."

tiny=0
if [ "${1:-}" = "--tiny" ]; then tiny=1; shift; fi
if [ "$tiny" = 1 ]; then count=${1:-200}; runs=${RUNS:-1}; else count=${1:-20000}; runs=${RUNS:-5}; fi
rules=Rules/going-the-extra-mile.rules
peer=Tests/benchmarks/peer/going_the_extra_mile.py
python=${PYTHON:-python3}
points="differentiation,documented_feasibility,independent_confirmation,rationale_for_choice,regular_behaviour"
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
"$python" -c 'import orjson' 2> /dev/null || {
  echo "run-peer-benchmark: $python cannot import orjson (pip install orjson)" >&2
  exit 2
}
# The interpreter itself, not a wrapper such as a pyenv shim: a shell script's start-up is not the
# peer's, and valgrind does not follow the exec.
python=$("$python" -c 'import sys; print(sys.executable)')

echo "== build (release)"
# One product per invocation: swift build takes a single --product.
products="mark mark-cohort"
[ "$tiny" = 1 ] || products="$products mark-bench"
for product in $products; do
  swift build -c release --product "$product" > /dev/null
done
bin=$(swift build -c release --show-bin-path)

echo "== generate $count CS-XM-03 submissions"
"$bin/mark-cohort" --count "$count" --unit CS-XM-03 --seed 42 --ndjson > "$WORK/cohort.ndjson"
bytes=$(wc -c < "$WORK/cohort.ndjson")
echo "   $bytes bytes; $("$python" --version), orjson $("$python" -c 'import orjson; print(orjson.__version__)'); $(nproc) cores"

echo "== same grade, total and verdicts?"
"$python" "$peer" "$WORK/cohort.ndjson" > "$WORK/peer.txt"
"$bin/mark" "$WORK/cohort.ndjson" --rules "$rules" --format csv --quiet --jobs 2 > "$WORK/mark.csv" 2> "$WORK/mark.summary" || true
header="learner,unit,ruleset,ruleset_version,grade,total,maximum,$points,assessor,engine_version,ruleset_sha256,input_sha256,path,error"
if [ "$(head -n 1 "$WORK/mark.csv")" != "$header" ]; then
  echo "   the gradebook's columns have changed; the peer must follow the rules:" >&2
  echo "   expected: $header" >&2
  echo "   found:    $(head -n 1 "$WORK/mark.csv")" >&2
  exit 1
fi
tail -n +2 "$WORK/mark.csv" | cut -d, -f1,5,6,8-12 > "$WORK/mark.txt"
if ! cmp -s "$WORK/peer.txt" "$WORK/mark.txt"; then
  echo "   the Python peer and mark disagree; first differences (line of the cohort: column python | mark):" >&2
  paste -d '\n' "$WORK/peer.txt" "$WORK/mark.txt" | awk -v cols="learner,grade,total,$points" '
    BEGIN { n = split(cols, name, ",") }
    NR % 2 == 1 { peer = $0; next }
    peer != $0 {
      if (++shown > 10) { more++; next }
      split(peer, p, ","); split($0, m, ",")
      line = "   line " NR / 2 " (" p[1] "):"
      for (k = 2; k <= n; k++) if (p[k] != m[k]) line = line "  " name[k] " " p[k] " | " m[k]
      print line
    }
    END { if (more) print "   … and " more " more"; if (NR % 2) print "   (the outputs have different lengths)" }' >&2
  [ "$(wc -l < "$WORK/peer.txt")" = "$(wc -l < "$WORK/mark.txt")" ] ||
    echo "   python: $(wc -l < "$WORK/peer.txt") lines, mark: $(wc -l < "$WORK/mark.txt") lines" >&2
  exit 1
fi
echo "   yes: the same grade, total and 5 verdicts for all $(wc -l < "$WORK/mark.txt") submissions"
cut -d, -f2 "$WORK/mark.txt" | sort | uniq -c | sed 's/^/   /'

echo "== time ($runs interleaved round(s); wall seconds)"
names=("mark --jobs 1" "mark --jobs 2" "python + orjson" "orjson parse only")
cmds=(
  "$bin/mark $WORK/cohort.ndjson --rules $rules --format csv --quiet --jobs 1 > /dev/null 2>&1"
  "$bin/mark $WORK/cohort.ndjson --rules $rules --format csv --quiet --jobs 2 > /dev/null 2>&1"
  "$python $peer $WORK/cohort.ndjson > /dev/null"
  "$python $peer --parse-only $WORK/cohort.ndjson > /dev/null"
)
: > "$WORK/times.txt"
for ((r = 1; r <= runs; r++)); do
  for k in "${!cmds[@]}"; do
    start=$(date +%s%N)
    /usr/bin/time -f "%U %S %M" -o "$WORK/time.out" bash -c "${cmds[$k]}"
    end=$(date +%s%N)
    read -r user sys rss < "$WORK/time.out"
    echo "$k $(( (end - start) / 1000 )) $user $sys $rss" >> "$WORK/times.txt"
  done
done
# Medians per command: wall, user+sys CPU, peak RSS.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
declare -a wall
printf '   %-20s %10s %10s %10s %12s\n' command "median s" "best s" "CPU s" "peak RSS MB"
for k in "${!cmds[@]}"; do
  wall[$k]=$(awk -v k="$k" '$1 == k { printf "%.6f\n", $2 / 1e6 }' "$WORK/times.txt" | median)
  best=$(awk -v k="$k" '$1 == k { printf "%.6f\n", $2 / 1e6 }' "$WORK/times.txt" | sort -n | head -n 1)
  cpu=$(awk -v k="$k" '$1 == k { printf "%.2f\n", $3 + $4 }' "$WORK/times.txt" | median)
  rss=$(awk -v k="$k" '$1 == k { printf "%.1f\n", $5 / 1024 }' "$WORK/times.txt" | median)
  printf '   %-20s %10.3f %10.3f %10.2f %12.1f\n' "${names[$k]}" "${wall[$k]}" "$best" "$cpu" "$rss"
done
awk -v j1="${wall[0]}" -v j2="${wall[1]}" -v py="${wall[2]}" -v parse="${wall[3]}" -v bytes="$bytes" -v n="$count" 'BEGIN {
  printf "   python ÷ mark --jobs 1       %6.1f×\n", py / j1
  printf "   python ÷ mark --jobs 2       %6.1f×\n", py / j2
  printf "   mark --jobs 1 ÷ --jobs 2     %6.2f×\n", j1 / j2
  printf "   orjson parse only ÷ --jobs 1 %6.2f×  (parsing alone, in Python, against all of mark)\n", parse / j1
  printf "   mark --jobs 2: %.0f submissions/s, %.0f MB/s of NDJSON (MB = 10^6 bytes)\n", n / j2, bytes / j2 / 1e6
}'

[ "$tiny" = 1 ] && exit 0

if [ "${CALLGRIND:-1}" != 0 ] && command -v valgrind > /dev/null; then
  head -n 2000 "$WORK/cohort.ndjson" > "$WORK/cohort-2000.ndjson"
  small=$(wc -c < "$WORK/cohort-2000.ndjson")
  echo "== instructions per input byte (callgrind, one thread, first 2,000 submissions, $small bytes)"
  # valgrind has no SHA extensions (its CPUID hides them), so under callgrind the gradebook's
  # input_sha256 runs on the portable rounds; outside it, on the CPU's (docs/performance.md).
  echo "   (under valgrind mark's SHA-256 runs its portable rounds: see docs/performance.md, fourth pass)"
  : > "$WORK/empty.ndjson"
  # instructions NAME COMMAND…: the run on the 2,000 submissions, and on an empty cohort (start-up).
  instructions() {
    local name=$1 ir base
    shift
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$@" "$WORK/cohort-2000.ndjson" \
      > /dev/null 2> "$WORK/callgrind.log" || true
    ir=$(grep -o 'Collected : [0-9]*' "$WORK/callgrind.log" | grep -o '[0-9]*$' || true)
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$@" "$WORK/empty.ndjson" \
      > /dev/null 2> "$WORK/callgrind.log" || true
    base=$(grep -o 'Collected : [0-9]*' "$WORK/callgrind.log" | grep -o '[0-9]*$' || true)
    if [ -z "$ir" ] || [ -z "$base" ]; then
      echo "   $name: callgrind counted nothing (see $WORK/callgrind.log)"
      return
    fi
    awk -v name="$name" -v ir="$ir" -v base="$base" -v b="$small" 'BEGIN {
      printf "   %-28s %6.0f M instructions (start-up %4.0f M): %5.1f per byte, %5.1f without start-up\n",
        name, ir / 1e6, base / 1e6, ir / b, (ir - base) / b }'
  }
  instructions "mark --format csv" "$bin/mark" --rules "$rules" --format csv --quiet --jobs 1
  instructions "mark --format json" "$bin/mark" --rules "$rules" --format json --quiet --jobs 1
  instructions "python + orjson" "$python" "$peer"
  instructions "orjson parse only" "$python" "$peer" --parse-only
fi

if "$python" -c 'import simdjson' 2> /dev/null; then
  [ -f "$WORK/cohort-2000.ndjson" ] || head -n 2000 "$WORK/cohort.ndjson" > "$WORK/cohort-2000.ndjson"
  { printf '['; paste -sd, "$WORK/cohort-2000.ndjson"; printf ']'; } > "$WORK/cohort-2000.json"
  echo "== JSON reading alone: the first 2,000 submissions as one array ($(wc -c < "$WORK/cohort-2000.json") bytes)"
  "$python" - "$WORK/cohort-2000.json" "$WORK/cohort-2000.ndjson" << 'EOF'
# Parse-only speed, in memory, with the cyclic garbage collector off (with it on, building one
# large document spends most of its time in collections that find nothing).
import gc, sys, time, orjson, simdjson
data = open(sys.argv[1], "rb").read()
lines = open(sys.argv[2], "rb").read().splitlines()
parser = simdjson.Parser()
def each_line(parse):
    def run(_):
        for line in lines:
            parse(line)
    return run
def lazy(d):
    parser.parse(d)  # the document is dropped at once, so the parser can be reused
gc.disable()
for name, parse in (("orjson.loads, one line at a time", each_line(orjson.loads)),
                    ("orjson.loads, the whole array", orjson.loads),
                    ("simdjson parse (lazy), per line", each_line(lazy)),
                    ("simdjson parse (lazy), the array", lazy)):
    times = []
    for _ in range(7):
        t = time.perf_counter(); parse(data); times.append(time.perf_counter() - t)
    times.sort()
    print(f"   {name:34s} best {len(data) / times[0] / 1e6:5.0f} MB/s, median {len(data) / times[3] / 1e6:5.0f} MB/s")
EOF
  "$bin/mark-bench" json --iterations 7 --no-foundation "$WORK/cohort-2000.json" | sed 's/^/   /'
fi
