#!/usr/bin/env python3
"""Writes one large CS-XM-03 submission for the single-submission memory measurement
(docs/performance.md, "Memory"): the header of the first submission of a generated cohort and
the items of its first SOURCE submissions, repeated until there are ITEMS of them, numbered
E1, E2, ... so every id is unique. Standard library only.

    Tests/benchmarks/make-large-submission.py COHORT.ndjson OUT.json [ITEMS] [SOURCE]
"""
import json
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cohort, out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 39037
    source = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    header, items = None, []
    with open(cohort, encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n == source:
                break
            submission = json.loads(line)
            header = header or submission
            items.extend(submission["items"])
    big = dict(header)
    big["items"] = []
    for i in range(count):
        item = dict(items[i % len(items)])
        item["id"] = "E%d" % (i + 1)
        big["items"].append(item)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(big, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
