#!/usr/bin/env python3
"""Mutation check for the engine: applies each one-operator mutation of a curated list to
Sources/, runs the tests that should catch it, and reports the mutants that survive.

    Tests/mutation/run-mutations.py            # every mutation
    Tests/mutation/run-mutations.py 3 7        # only mutations 3 and 7 (1-based)
    Tests/mutation/run-mutations.py --list     # list them

Run it from a clean work tree (it refuses otherwise): each mutation is applied to one file,
`swift build --build-tests` and `swift test --filter SUITES` run, and the file is restored
exactly, whatever happens. A mutant is killed when a test fails; a mutant that does not build
kills nothing and is reported as broken (the list needs mending). Exit status 0 when every
mutant is killed, 1 when one survives, 2 for a mutation that is broken or whose text is not
found exactly once. See docs/testing.md.
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (file, original text, mutated text, test filter): the original must occur exactly once.
MUTATIONS = [
    ("Sources/MarkCore/Evaluation/Evaluator+Program.swift",
     "return .boolean(Double(abs(x.day - y.day)) <= limit)", "return .boolean(Double(abs(x.day - y.day)) < limit)",
     "DateFunctionBoundaryTests"),
    ("Sources/MarkCore/Evaluation/Evaluator+Expressions.swift",
     "return .boolean(Double(abs(x.day - y.day)) <= limit)", "return .boolean(Double(abs(x.day - y.day)) < limit)",
     "DateFunctionBoundaryTests"),
    ("Sources/MarkCore/Evaluation/Evaluator+Program.swift",
     "return .number(Double(unit == .weeks ? days / 7 : days))", "return .number(Double(unit == .weeks ? (days + 6) / 7 : days))",
     "DateFunctionBoundaryTests"),
    ("Sources/MarkCore/Evaluation/Evaluator+Program.swift",
     "case .span: .number(latest >= earliest ? Double(latest - earliest) : 0)",
     "case .span: .number(latest >= earliest ? Double(latest - earliest + 1) : 0)", "DateFunctionBoundaryTests"),
    ("Sources/MarkCore/Evaluation/Evaluator+Expressions.swift",
     "return .number(Double(shifted >= 0 ? shifted / 7 : (shifted - 6) / 7))",
     "return .number(Double(shifted >= 0 ? shifted / 7 : shifted / 7))", "DateFunctionBoundaryTests"),
    ("Sources/MarkCore/Evaluation/Evaluator.swift",
     "for floor in ruleset.grading.floors where verdicts[floor.point] < floor.level {",
     "for floor in ruleset.grading.floors where verdicts[floor.point] <= floor.level {", "GradingEdgeTests"),
    ("Sources/MarkCore/Evaluation/Evaluator.swift",
     "guard try gradeHolds(g) else { break }", "guard try gradeHolds(g) else { continue }", "GradingEdgeTests"),
    ("Sources/MarkCore/Evaluation/Evaluator.swift",
     "for (i, p) in ruleset.points.enumerated() where p.requiredFor == g && verdicts[i] != .met { return false }",
     "for (i, p) in ruleset.points.enumerated() where p.requiredFor == g && verdicts[i] == .notMet { return false }",
     "GradingEdgeTests"),
    ("Sources/MarkCore/Check/Checker+Grading.swift",
     "if k * s == n.hundredths { k += 1 }", "if k * s == n.hundredths { k += 0 }", "GradingEdgeTests|ExactMarksTests"),
    ("Sources/MarkCore/Evaluation/Marks.swift",
     "public var double: Double { Double(hundredths) / Double(Marks.scale) }",
     "public var double: Double { (Double(hundredths) / Double(Marks.scale)).nextDown }", "ExactMarksTests|ComparisonBoundaryTests"),
    ("Sources/MarkCore/Moderation/CSV.swift",
     "if b == UInt8(ascii: \",\") || b == UInt8(ascii: \"\\\"\") || b == 0x0A || b == 0x0D {",
     "if b == UInt8(ascii: \",\") || b == UInt8(ascii: \"\\\"\") || b == 0x0A {", "CSVTests"),
    ("Sources/MarkCore/JSON/JSONParser+Keys.swift",
     "&& (entry.length <= 8 || keyBytesEqual(Int(other.node), keyNode))",
     "&& (entry.length <= 8 && keyBytesEqual(Int(other.node), keyNode))", "JSONReaderTests|duplicateKeys|evidenceFieldGivenTwice"),
    ("Sources/MarkCore/Moderation/Agreement.swift",
     "case ..<0.205: \"slight\"", "case ..<0.215: \"slight\"", "AgreementEdgeTests"),
    ("Sources/MarkCore/Evaluation/PhraseMatcher.swift",
     "if x < 0x80 { return x == 32 || (x >= 9 && x <= 13) ? 1 : 0 }",
     "if x < 0x80 { return x == 32 || (x >= 9 && x <= 10) ? 1 : 0 }", "PhraseMatchingTests"),
    ("Sources/MarkCore/Evidence/ValueConverter.swift",
     "if !scale.contains(n) {", "if !scale.contains(n) && n >= 0 {", "EvidenceScaleTests"),
    ("Sources/MarkCore/Evaluation/Evaluator+Program.swift",
     "if tracks && q != .none { cite(i) }", "if tracks && q != .none && i > 0 { cite(i) }", "CompiledEvaluatorTests"),
]


def run(cmd):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def main(args):
    if "--list" in args:
        for n, (path, old, new, tests) in enumerate(MUTATIONS, 1):
            print(f"{n:2}  {path}: {old!r} -> {new!r}  [{tests}]")
        return 0
    chosen = [int(a) for a in args if a.isdigit()] or list(range(1, len(MUTATIONS) + 1))
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "Sources"], cwd=ROOT, capture_output=True, text=True).stdout
    if dirty.strip():
        print("run-mutations: Sources/ has uncommitted changes; commit or stash them first", file=sys.stderr)
        return 2
    survivors, missing = [], []
    for n in chosen:
        path, old, new, tests = MUTATIONS[n - 1]
        full = os.path.join(ROOT, path)
        with open(full, encoding="utf-8") as f:
            original = f.read()
        if original.count(old) != 1:
            print(f"[{n}] {path}: the original text occurs {original.count(old)} times; update the list")
            missing.append(n)
            continue
        started = time.time()
        try:
            with open(full, "w", encoding="utf-8") as f:
                f.write(original.replace(old, new))
            built = run(["swift", "build", "--build-tests"]) == 0
            killed = built and run(["swift", "test", "--filter", tests]) != 0
        finally:
            with open(full, "w", encoding="utf-8") as f:
                f.write(original)
        if not built:
            print(f"[{n}] BROKEN   {path}: the mutated file does not build; mend the mutation", flush=True)
            missing.append(n)
            continue
        verdict = "killed" if killed else "SURVIVED"
        print(f"[{n}] {verdict:8} {path}: {old!r} -> {new!r} ({time.time() - started:.0f} s)", flush=True)
        if not killed:
            survivors.append(n)
    done = len(chosen) - len(missing)
    print(f"mutation score: {done - len(survivors)} of {done} killed" + (f"; survivors: {survivors}" if survivors else ""))
    if missing:
        return 2
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
