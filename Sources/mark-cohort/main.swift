// mark-cohort: writes a deterministic cohort of generated submissions for tests and benchmarks.
import Foundation
import MarkCore

let help = """
    OVERVIEW: Generate a cohort of realistic evidence submissions (docs/evidence-format.md) for
    testing and benchmarking `mark`. The same options always give the same bytes, on any machine.

    USAGE: mark-cohort --count N (--out DIR | --ndjson) [OPTIONS]

    OPTIONS:
      --count N             Number of submissions (default 100).
      --seed N              Seed for the generator (default 1). Submission n depends only on the
                            seed and n, so a smaller cohort is a prefix of a larger one.
      --out DIR             Write one file per submission, DIR/submission-000001.json … (the folder
                            is created; existing files with the same names are replaced).
      --ndjson              Write NDJSON to stdout instead: one submission per line.
      --pretty              Indent the JSON in --out files (NDJSON is always one line each).
      --unit CODE           The unit to write evidence for. Default: cycle through the units of
                            the rulesets in --rules, in sorted order (submission n gets unit n mod k).
      --rules PATH          Rules folder or file whose evidence declarations shape the items.
                            Default: $MARK_RULES, else ./Rules.
      --items MIN-MAX       Evidence items per submission, uniformly (default 3-12; one number
                            for a fixed count).
      --quality LO-HI       The grade mix. Each submission draws a quality q uniformly from LO-HI
                            (0.0-1.0, default 0.0-1.0; one number for a fixed quality). The
                            higher q, the more of its items show good practice: signed by someone
                            other than the learner, dated within the programme, an unstated need
                            uncovered by questioning or observation, action beyond procedure with a
                            rationale, personalised follow-up, adapted communication, a satisfied
                            customer, and the fields its unit's rules read present and complete.
                            For CS-EXC-04, q 0.1 gives all Referral, 0.5 about a fifth Pass or
                            better, 0.9 about half Distinction; other units are harder or easier.
      --malformed SHARE     Share (0.0-1.0, default 0) of submissions broken on purpose, evenly
                            spread over four faults: truncated JSON, a value of the wrong type, an
                            unknown item kind, and a date that is not a real date.
      -h, --help            Show this help.

    EXAMPLES:
      mark-cohort --count 1000 --out cohort/ --malformed 0.02
      mark-cohort --count 100000 --ndjson --seed 7 --quality 0.5-1.0 > cohort.ndjson

    """

func fail(_ message: String, status: Int32 = 64) -> Never {
    FileHandle.standardError.write(Data("mark-cohort: \(message)\n".utf8))
    exit(status)
}

/// Parses `A-B` or `A` as a closed range.
func range<T: LosslessStringConvertible & Comparable>(_ text: String, _ name: String, _ valid: ClosedRange<T>) -> ClosedRange<T> {
    let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
    guard let lo = parts.first.flatMap(T.init), let hi = (parts.count == 2 ? T(parts[1]) : lo), lo <= hi,
        valid.contains(lo), valid.contains(hi)
    else { fail("'\(name)' takes MIN-MAX within \(valid.lowerBound)-\(valid.upperBound), not '\(text)'") }
    return lo...hi
}

var options: [String: String] = [:]
var flags: Set<String> = []
var argv = Array(CommandLine.arguments.dropFirst())
while !argv.isEmpty {
    let arg = argv.removeFirst()
    switch arg {
    case "-h", "--help":
        print(help, terminator: "")
        exit(0)
    case "--ndjson", "--pretty": flags.insert(arg)
    case "--count", "--seed", "--out", "--unit", "--rules", "--items", "--quality", "--malformed":
        guard !argv.isEmpty else { fail("'\(arg)' needs a value") }
        options[arg] = argv.removeFirst()
    default: fail("unknown argument '\(arg)'; see --help")
    }
}

guard let count = Int(options["--count"] ?? "100"), count >= 0 else { fail("'--count' takes a whole number") }
guard let seed = UInt64(options["--seed"] ?? "1") else { fail("'--seed' takes a whole number") }
let items = range(options["--items"] ?? "3-12", "--items", 0...1000)
let quality = range(options["--quality"] ?? "0.0-1.0", "--quality", 0.0...1.0)
guard let malformed = Double(options["--malformed"] ?? "0"), (0...1).contains(malformed) else {
    fail("'--malformed' takes a share from 0 to 1")
}
let out = options["--out"]
if (out == nil) == !flags.contains("--ndjson") { fail("choose one of --out DIR and --ndjson") }

let rulesPath = options["--rules"] ?? ProcessInfo.processInfo.environment["MARK_RULES"] ?? "Rules"
let catalog = RulesetCatalog.load(rulesPath)
if catalog.hasErrors {
    FileHandle.standardError.write(Data(DiagnosticRenderer().render(catalog.diagnostics, sources: catalog.sources).utf8))
    fail("the rules in '\(rulesPath)' have errors", status: 1)
}
var plans: [UnitPlan] = []
for unit in Set(catalog.rulesets.map(\.unit)).sorted() where options["--unit"] == nil || options["--unit"] == unit {
    let rulesets = catalog.rulesets.filter { $0.unit == unit }.sorted { $0.appliesFrom < $1.appliesFrom }
    plans.append(UnitPlan(unit: unit, rulesets: rulesets, read: rulesets.reduce(into: Set<String>()) { $0.formUnion(fieldsRead(by: $1)) }))
}
if plans.isEmpty {
    fail("no ruleset in '\(rulesPath)' marks unit '\(options["--unit"] ?? "")'", status: 1)
}

let writer = CohortWriter(folder: out, digits: max(6, String(count).count))
for n in 0..<count {
    var rng = Random(seed: seed, stream: UInt64(n))
    let q = quality.lowerBound + (quality.upperBound - quality.lowerBound) * rng.unit()
    let broken = rng.unit() < malformed ? Corruption.allCases[rng.int(0...Corruption.allCases.count - 1)] : nil
    var generator = SubmissionGenerator(
        rng: rng, plan: plans[n % plans.count], quality: q, corruption: broken, pretty: flags.contains("--pretty") && out != nil)
    writer.write(generator.generate(index: n, items: items), index: n)
}
writer.finish()
