#!/usr/bin/env python3
"""Unit CS-XM-03 ("Going the extra mile", Rules/going-the-extra-mile.rules 1.0.5, with the
definitions it imports from Rules/customer-service-common.rules), marked by hand in Python with
orjson: the peer that Tests/benchmarks/run-peer-benchmark.sh times `mark` against.

It is written the way a centre would write its own marker from the rules, not ported from the
engine. It marks valid evidence only: the checks `mark` makes before marking (types, required
fields, known kinds and enumeration values, real dates, unknown keys) are not repeated here.

    python3 going_the_extra_mile.py [--parse-only] [FILE.ndjson ...]   (standard input when no file)

Input: NDJSON, one evidence/1 submission per line (blank lines are skipped). Output: one CSV
line per submission, in input order:

    learner,grade,total,differentiation,documented_feasibility,independent_confirmation,rationale_for_choice,regular_behaviour

the same values `mark --format csv` prints in those columns. --parse-only reads and parses every
line and marks nothing (the floor for any marker built on orjson).
"""
import re
import sys
from datetime import date

import orjson

POINTS = (
    "differentiation",
    "documented_feasibility",
    "independent_confirmation",
    "rationale_for_choice",
    "regular_behaviour",
)
MET, PARTIAL, NOT_MET = "met", "partially met", "not met"
# (marks when met, marks when partially met) for every point.
MARKS = {p: (4, 2) for p in POINTS}

# The named thresholds at the top of the rules (docs/thresholds.md), with the same names.
EXAMPLE_DAYS = 2
RATIONALE_WORDS = 5
STANDARD_PRACTICE_WORDS = 5
REGULAR_WEEKS = 3
REGULAR_SPAN_DAYS = 21
PASS_TOTAL, MERIT_TOTAL, DISTINCTION_TOTAL = 10, 14, 18
SATISFIED_SCORE = 8  # Rules/customer-service-common.rules

# Evidence made at the time of the behaviour, and evidence that confirms it independently.
CONTEMPORANEOUS = frozenset(("observation", "witness_testimony", "customer_feedback", "work_product"))
INDEPENDENT = frozenset(("observation", "witness_testimony", "customer_feedback"))

# A word is a run of characters between Unicode white space (the White_Space property: not
# Python's str.isspace, which also splits on the separators U+001C to U+001F).
WORD = re.compile("[^\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def words(text):
    return len(WORD.findall(text))


def week_of(day):
    """The week a YYYY-MM-DD date falls in, weeks starting on Monday (0001-01-01 was one)."""
    return (date.fromisoformat(day).toordinal() - 1) // 7


def span(days):
    """Days from the earliest to the latest of some YYYY-MM-DD dates (0 for fewer than two)."""
    if len(days) < 2:
        return 0
    return date.fromisoformat(max(days)).toordinal() - date.fromisoformat(min(days)).toordinal()


def checked_before(action, acted):
    """A feasibility check written down, naming a check, and not recorded after the action."""
    f = action.get("feasibility")
    if not f or not f.get("documented") or not f.get("checks"):
        return False
    return (f.get("date") or acted) <= acted


def differentiated(item, actions):
    """Set against standard service (a sentence or more), adding value, in a workplace example."""
    if item.get("workplace") is not True:
        return False
    return any(
        a["beyond_standard"]
        and a.get("adds_value") is True
        and words(a.get("standard_practice") or "") >= STANDARD_PRACTICE_WORDS
        for a in actions
    )


def reasoned_choice(item, actions):
    if not any(n["addressed"] for n in item.get("needs") or ()):
        return False
    resolution = item.get("resolution")
    constraints = bool(resolution and resolution.get("constraints"))
    for a in actions:
        if not a["beyond_standard"] or words(a.get("rationale") or "") < RATIONALE_WORDS:
            continue
        if not a.get("alternatives_considered") or a.get("rationale_linked") is not True:
            continue
        f = a.get("feasibility")
        if (f and f.get("checks")) or constraints:
            return True
    return False


def satisfied(item):
    outcome = item.get("outcome")
    if not outcome:
        return False
    csat = outcome.get("csat")
    return (csat is not None and csat >= SATISFIED_SCORE) or outcome.get("appreciated") is True


def verdict(met, partially):
    return MET if met else PARTIAL if partially else NOT_MET


def grade(verdicts, total):
    v = dict(zip(POINTS, verdicts))
    # Floors: below 'partially met' on either of these is a Referral whatever the total.
    if v["documented_feasibility"] == NOT_MET or v["independent_confirmation"] == NOT_MET:
        return "Referral"
    if total < PASS_TOTAL:
        return "Referral"
    if total < MERIT_TOTAL or v["documented_feasibility"] != MET:
        return "Pass"
    if total < DISTINCTION_TOTAL or v["regular_behaviour"] != MET:
        return "Merit"
    return "Distinction"


def mark(s):
    started, submitted = s["started"], s["submitted"]
    examples, occasions, proactive, checked, confirmed = set(), set(), set(), set(), set()
    reasoned = reasons = 0
    for item in s["items"]:
        day = item["date"]
        by = item["verified_by"]
        verified = by["signed"] and by["role"] != "learner"
        current = started <= day <= submitted
        valid = verified and current
        actions = item.get("actions") or ()
        extra_mile = any(a["beyond_standard"] for a in actions)
        kind = item["kind"]
        if valid and kind in CONTEMPORANEOUS:
            if extra_mile:
                occasions.add(day)
                if differentiated(item, actions):
                    examples.add(day)
                if any(a["beyond_standard"] and checked_before(a, day) for a in actions):
                    checked.add(day)
            # Regular behaviour counts the occasions taken on the learner's own initiative.
            if any(a["beyond_standard"] and a.get("on_own_initiative") is True for a in actions):
                proactive.add(day)
        if extra_mile and verified and current and kind in INDEPENDENT and satisfied(item):
            confirmed.add(day)
        if valid and extra_mile:
            if reasoned_choice(item, actions):
                reasoned += 1
            if any(a["beyond_standard"] and a.get("rationale") is not None for a in actions):
                reasons += 1

    weeks_used = len({week_of(d) for d in proactive})
    verdicts = (
        verdict(len(examples) >= EXAMPLE_DAYS, len(occasions) >= 1),
        verdict(len(checked) >= EXAMPLE_DAYS, len(checked) >= 1),
        verdict(len(confirmed) >= EXAMPLE_DAYS, len(confirmed) >= 1),
        verdict(reasoned >= 1, reasons >= 1),
        verdict(weeks_used >= REGULAR_WEEKS and span(proactive) >= REGULAR_SPAN_DAYS, len(proactive) >= EXAMPLE_DAYS),
    )
    total = 0
    for p, v in zip(POINTS, verdicts):
        if v == MET:
            total += MARKS[p][0]
        elif v == PARTIAL:
            total += MARKS[p][1]
    return verdicts, total


def csv_field(text):
    """A gradebook field as `mark --format csv` writes it: formula-safe, quoted when needed."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def run(stream, out):
    rows = []
    for line in stream:
        if not line.strip():
            continue
        s = orjson.loads(line)
        verdicts, total = mark(s)
        rows.append(",".join((csv_field(s["learner"]["id"]), grade(verdicts, total), str(total)) + verdicts))
        if len(rows) >= 4096:
            out.write("\n".join(rows) + "\n")
            rows.clear()
    if rows:
        out.write("\n".join(rows) + "\n")


def parse_only(stream, out):
    """Reads and parses every line, and marks nothing: the floor for a marker built on orjson."""
    n = 0
    for line in stream:
        if line.strip():
            orjson.loads(line)
            n += 1
    out.write(f"{n} submissions parsed\n")


def main(argv):
    work = run
    if argv[:1] == ["--parse-only"]:
        work = parse_only
        argv = argv[1:]
    if not argv:
        work(sys.stdin.buffer, sys.stdout)
    for path in argv:
        with open(path, "rb") as f:
            work(f, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
