import Foundation
import MarkCore

/// Parses and checks a generated ruleset of about 10,000 lines, reporting the best and median
/// time; the target is under 50 ms in release mode.
func runCheckBenchmark(_ arguments: [String]) -> Int32 {
    let lines = Int(value(of: "--lines", in: arguments) ?? "") ?? 10_000
    let iterations = Int(value(of: "--iterations", in: arguments) ?? "") ?? 20
    let text = generateRuleset(lines: lines)
    let source = SourceFile(path: "generated.rules", text: text)
    var times: [Double] = []
    var diagnostics = 0
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = Checker.check(source: source)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        diagnostics = outcome.diagnostics.count
        precondition(outcome.ruleset != nil, "generated ruleset must check: \(outcome.diagnostics.first?.message ?? "")")
    }
    times.sort()
    print("parse+check: \(source.lineStarts.count) lines, \(source.bytes.count) bytes, \(diagnostics) diagnostics")
    print(String(format: "  best %.2f ms   median %.2f ms   (%d iterations)", times[0], times[times.count / 2], iterations))
    return 0
}

func value(of option: String, in arguments: [String]) -> String? {
    guard let i = arguments.firstIndex(of: option), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

/// A self-contained ruleset: an evidence declaration, definitions and many marking points.
func generateRuleset(lines: Int) -> String {
    var out = """
        ruleset "generated" {
          title "Generated benchmark ruleset"
          version "1.0.0"
          unit "BENCH"
          applies from 2025-01-01
        }

        evidence {
          kinds observation, witness_testimony, customer_feedback, reflective_account
          enum role { assessor, witness, customer, learner }
          enum technique { open_question, probing_question, observation }
          record verification {
            role: role
            signed: boolean
          }
          record need {
            description: text
            stated: boolean
            found_by: list of technique
          }
          record outcome {
            csat: optional number
            quotes: list of text
          }
          item {
            verified_by: verification
            needs: list of need
            outcome: optional outcome
            reflection: optional text
          }
        }

        define verified(i: item) = i.verified_by.signed and i.verified_by.role != "learner"
        define current(i: item) = i.date >= submission.started and i.date <= submission.submitted
        define valid(i: item) = verified(i) and current(i)

        """
    var n = 0
    // Each point is 12 lines; the header, evidence and grading about 45.
    let points = max(1, (lines - 45) / 12)
    while n < points {
        let id = "point_\(n)"
        out += """

            # Point \(n): questioning, feedback and regularity.
            point \(id) "Marking point number \(n): evidence of questioning that uncovers unstated needs." {
              marks \(1 + n % 4)
              partial marks 1
              let found_\(n) = count(i in items where valid(i) and any(n in i.needs where not n.stated and "open_question" in n.found_by))
              let weeks_\(n) = count(distinct week_of(i.date) for i in items where valid(i) and (i.outcome.csat otherwise 0) >= \(n % 10))
              met when found_\(n) >= 2 and weeks_\(n) >= 2 and any(i in items where (i.reflection otherwise "") mentions ["customer", "need \(n)"])
              partially met when found_\(n) >= 1 or span(i.date for i in items where valid(i)) >= 3 weeks
              feedback met "Seen on {found_\(n)} occasions over {weeks_\(n)} weeks ({evidence})."
              feedback not met "Show questioning that uncovers an unstated need."
            }

            """
        n += 1
    }
    out += """

        grading {
          grades "Referral", "Pass", "Merit"
          grade "Pass" when total >= \(n)
          grade "Merit" when total >= \(n * 2) and point_0 is met
        }

        """
    return out
}
