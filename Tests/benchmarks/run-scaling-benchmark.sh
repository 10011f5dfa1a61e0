#!/usr/bin/env bash
# Scaling benchmark: how much of "twice the cores" this machine gives, beside what mark gets.
#
#   Tests/benchmarks/run-scaling-benchmark.sh [COUNT]      (default 20000)
#
# Builds mark and mark-cohort in release mode, generates COUNT CS-XM-03 submissions (mark-cohort,
# seed 42) and their two halves, and times in RUNS interleaved rounds (default 9), each command
# once a round:
#   one      mark --jobs 1 on the whole cohort
#   two      mark --jobs 2 on the whole cohort
#   half     mark --jobs 1 on the first half alone
#   pair     two separate `mark --jobs 1` processes at once, one on each half
# (all --format csv --quiet, to /dev/null). `pair` shares nothing between the two processes, so
# half ÷ pair × 2 is the speed-up the machine itself offers two busy threads (1 → 2 cores: 2.0
# on two idle physical cores; less where the cores share a physical core, or the machine's
# other tenants take time); one ÷ two is what mark gets. Prints the medians of each and of the
# two ratios taken round by round. WORK=DIR keeps the files. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-20000}
runs=${RUNS:-9}
rules=Rules/going-the-extra-mile.rules
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
for product in mark mark-cohort; do swift build -c release --product "$product" > /dev/null; done
bin=$(swift build -c release --show-bin-path)
"$bin/mark-cohort" --count "$count" --unit CS-XM-03 --seed 42 --ndjson > "$WORK/cohort.ndjson"
half=$((count / 2))
head -n "$half" "$WORK/cohort.ndjson" > "$WORK/first.ndjson"
tail -n +"$((half + 1))" "$WORK/cohort.ndjson" > "$WORK/second.ndjson"
python3 - "$bin/mark" "$rules" "$WORK" "$runs" <<'PY'
import statistics, subprocess, sys, time
mark, rules, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def command(file, jobs):
    return [mark, f"{work}/{file}", "--rules", rules, "--format", "csv", "--quiet", "--jobs", str(jobs)]
def timed(*commands):
    start = time.perf_counter()
    running = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in commands]
    for p in running:
        if p.wait() != 0:
            sys.exit(f"run-scaling-benchmark: {' '.join(p.args)} failed")
    return time.perf_counter() - start
times = {"one": [], "two": [], "half": [], "pair": []}
for _ in range(runs):
    times["one"].append(timed(command("cohort.ndjson", 1)))
    times["two"].append(timed(command("cohort.ndjson", 2)))
    times["half"].append(timed(command("first.ndjson", 1)))
    times["pair"].append(timed(command("first.ndjson", 1), command("second.ndjson", 1)))
for name, values in times.items():
    print(f"{name:5} median {statistics.median(values):.3f} s  best {min(values):.3f} s")
machine = [2 * h / p for h, p in zip(times["half"], times["pair"])]
engine = [o / t for o, t in zip(times["one"], times["two"])]
print(f"the machine, 1 -> 2 processes: {statistics.median(machine):.2f}x (median of {runs} rounds; range {min(machine):.2f}-{max(machine):.2f})")
print(f"mark, --jobs 1 -> --jobs 2:    {statistics.median(engine):.2f}x (median of {runs} rounds; range {min(engine):.2f}-{max(engine):.2f})")
PY
