import Foundation

/// How to draw a moderation sample: a share of each assessor's submissions (with a minimum),
/// every grade represented, borderline and referred submissions weighted up, new assessors
/// given a larger share, and the seed that makes the draw reproducible.
///
/// A plan file holds one setting per line (`#` starts a comment):
///
/// ```
/// share 10%                  # of each assessor's submissions (rounded up)
/// minimum 2                  # at least this many per assessor (all, if they have fewer)
/// every grade yes            # each grade awarded in the cohort appears in the sample
/// borderline margin 2        # within ±2 marks of a boundary of the awarded or next grade
/// borderline weight 3        # three times as likely to be drawn
/// referred weight 2          # the lowest grade (Fail, Referral, Not yet competent)
/// new assessors A-50, A-09   # their share is the new assessor share
/// new assessor share 50%
/// seed 2025
/// size table standard        # per unit, at least the table's sample for its cohort size
/// highest and lowest yes     # each unit's highest and lowest non-zero totals
/// spread 4                   # a pick in each quarter of each unit's totals
/// cover methods yes          # every method (evidence item kind) in the cohort represented
/// cover centres yes          # every centre or site represented
/// cover groups yes           # every learner group represented
/// stage interim              # an interim sample (of the submissions so far), or summative
/// ```
public struct SamplePlan: Sendable, Equatable {
    /// Each assessor's share, in hundredths of a percent (1000 = 10%).
    public var share = 1000
    /// At least this many per assessor.
    public var minimum = 1
    /// Whether every grade awarded must be represented.
    public var everyGrade = true
    /// Borderline: within this many marks of a boundary.
    public var borderlineMargin = 2.0
    /// Weight of a borderline submission.
    public var borderlineWeight = 3
    /// Weight of a referred submission (the lowest grade).
    public var referredWeight = 2
    /// How many times as likely a submission with an assessor's override is to be drawn.
    public var overriddenWeight = 2
    /// New assessors, whose share is `newAssessorShare`.
    public var newAssessors: [String] = []
    /// New assessors' share, in hundredths of a percent.
    public var newAssessorShare = 5000
    /// The seed.
    public var seed: UInt64 = 0
    /// Sample size per unit from a size table by the unit's cohort size (none: assessors'
    /// shares only).
    public var sizeTable: SampleSizeTable?
    /// Whether each unit's highest and lowest non-zero totals are always included.
    public var highestAndLowest = false
    /// A spread of marks: each unit's results, in order of total, are cut into this many bands
    /// of (nearly) equal size, and each band gets a pick (0: no spread).
    public var spreadBands = 0
    /// Whether every assessment method (evidence item kind) in the cohort is represented.
    public var coverMethods = false
    /// Whether every centre (assessment location) in the cohort is represented.
    public var coverCentres = false
    /// Whether every learner group in the cohort is represented.
    public var coverGroups = false
    /// The stage of the programme the sample is drawn at, when the plan says.
    public var stage: Stage?
    /// Assessors flagged at stage 1 of moderation (a moderated difference outside the
    /// tolerance): in the extended sample their share and minimum are doubled (the share at most
    /// 100%) and their submissions weigh twice as much. Set by `StagedModeration`, not a plan setting.
    public var flaggedAssessors: [String] = []
    /// How much more a flagged assessor's share, minimum and weight are.
    public static let flaggedFactor = 2

    /// Interim sampling (during the programme, of the submissions so far) or summative (at its end).
    public enum Stage: String, Sendable, Equatable {
        case interim, summative
    }

    /// The default plan.
    public init() {}

    /// The settings a plan file may hold.
    public static let settings = [
        "share", "minimum", "every grade", "borderline margin", "borderline weight", "referred weight", "overridden weight", "new assessors",
        "new assessor share", "seed", "size table", "highest and lowest", "spread",
        "cover methods", "cover centres", "cover groups", "stage",
    ]

    /// Reads a plan file over `base` (the defaults, or options already given).
    public static func read(_ source: SourceFile, over base: SamplePlan = SamplePlan()) -> Result<SamplePlan, DiagnosticList> {
        var plan = base
        var problems: [Diagnostic] = []
        var offset = 0
        let text = String(decoding: source.bytes, as: UTF8.self)
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineStart = offset
            offset += rawLine.utf8.count + 1
            var line = String(rawLine)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let range = lineStart..<lineStart + max(1, rawLine.utf8.count)
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let setting = settings.filter({ words.starts(with: $0.split(separator: " ").map(String.init)) }).max(by: { $0.count < $1.count })
            else {
                let guess = words.prefix(2).joined(separator: " ")
                let hint = Suggestion.nearest(to: guess, among: settings) ?? Suggestion.nearest(to: words[0], among: settings)
                problems.append(
                    Diagnostic(
                        .error, id: "bad-plan", "unknown setting '\(words[0])'" + (hint.map { "; did you mean '\($0)'?" } ?? "") + " (settings: \(settings.joined(separator: ", ")))",
                        path: source.path, range: range))
                continue
            }
            let value = words.dropFirst(setting.split(separator: " ").count).joined(separator: " ")
            if let message = plan.set(setting, value) {
                problems.append(Diagnostic(.error, id: "bad-plan", message, path: source.path, range: range))
            }
        }
        return problems.isEmpty ? .success(plan) : .failure(DiagnosticList(problems))
    }

    /// Sets one setting from its text; returns what is wrong with the value, or nil.
    public mutating func set(_ setting: String, _ value: String) -> String? {
        switch setting {
        case "share", "new assessor share":
            guard let v = SamplePlan.percent(value) else { return "'\(setting)' takes a percentage from 0% to 100%, such as 10%, not '\(value)'" }
            if setting == "share" { share = v } else { newAssessorShare = v }
        case "minimum":
            guard let n = Int(value), n >= 0 else { return "'minimum' takes a whole number, 0 or more, not '\(value)'" }
            minimum = n
        case "every grade", "highest and lowest", "cover methods", "cover centres", "cover groups":
            let on: Bool
            switch value.lowercased() {
            case "", "yes", "on", "true": on = true
            case "no", "off", "false": on = false
            default: return "'\(setting)' takes yes or no, not '\(value)'"
            }
            switch setting {
            case "every grade": everyGrade = on
            case "highest and lowest": highestAndLowest = on
            case "cover methods": coverMethods = on
            case "cover centres": coverCentres = on
            default: coverGroups = on
            }
        case "stage":
            guard let s = Stage(rawValue: value.lowercased()) else { return "'stage' takes interim or summative, not '\(value)'" }
            stage = s
        case "size table":
            if ["none", "no", "off"].contains(value.lowercased()) {
                sizeTable = nil
                return nil
            }
            guard let table = SampleSizeTable.parse(value) else {
                return "'size table' takes 'standard', 'none' or rows of cohort sizes from 1 up with their sample sizes, such as \(SampleSizeTable.standardText); not '\(value)'"
            }
            sizeTable = table
        case "spread":
            guard let n = Int(value), (0...100).contains(n) else { return "'spread' takes a number of bands of marks from 0 (none) to 100, not '\(value)'" }
            spreadBands = n
        case "borderline margin":
            guard let v = Double(value), v.isFinite, v >= 0 else { return "'borderline margin' takes a number of marks, 0 or more, not '\(value)'" }
            borderlineMargin = v
        case "borderline weight", "referred weight", "overridden weight":
            guard let n = Int(value), (1...1000).contains(n) else { return "'\(setting)' takes a whole number from 1 (no extra weight) to 1000, not '\(value)'" }
            if setting == "borderline weight" { borderlineWeight = n } else if setting == "referred weight" { referredWeight = n } else { overriddenWeight = n }
        case "new assessors":
            let ids = value.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
            guard !ids.isEmpty else { return "'new assessors' takes a list of assessor ids, such as A-50, A-09" }
            for id in ids where !newAssessors.contains(id) { newAssessors.append(id) }
        case "seed":
            guard let n = UInt64(value) else { return "'seed' takes a whole number from 0 to 18446744073709551615, not '\(value)'" }
            seed = n
        default: return "unknown setting '\(setting)'"
        }
        return nil
    }

    /// The CAMERA strata a `--cover` list may name.
    public static let strata = ["methods", "centres", "groups"]

    /// Covers exactly the strata in a comma-separated list (`methods,centres`; `none` for
    /// none); returns what is wrong with the list, or nil.
    public mutating func setCover(_ list: String) -> String? {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return "'--cover' takes a list of strata (\(SamplePlan.strata.joined(separator: ", "))) or none" }
        if names == ["none"] {
            (coverMethods, coverCentres, coverGroups) = (false, false, false)
            return nil
        }
        var chosen = Set<String>()
        for name in names {
            let known = ["method": "methods", "centre": "centres", "center": "centres", "centers": "centres", "group": "groups"][name] ?? name
            guard SamplePlan.strata.contains(known) else {
                let hint = Suggestion.nearest(to: name, among: SamplePlan.strata).map { "; did you mean '\($0)'?" } ?? ""
                return "'--cover' names an unknown stratum '\(name)'\(hint) (strata: \(SamplePlan.strata.joined(separator: ", ")), or none)"
            }
            chosen.insert(known)
        }
        coverMethods = chosen.contains("methods")
        coverCentres = chosen.contains("centres")
        coverGroups = chosen.contains("groups")
        return nil
    }

    /// `10%`, `12.5%` (or `10`) as hundredths of a percent.
    static func percent(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") { t.removeLast() }
        guard let v = Double(t), v >= 0, v <= 100 else { return nil }
        return Int((v * 100).rounded())
    }

    /// A share as text: `10%`, `12.5%`.
    public static func percentText(_ share: Int) -> String {
        share % 100 == 0 ? "\(share / 100)%" : ModerationText.fixed(Double(share) / 100, places: 2).replacing(#/0+$/#, with: "") + "%"
    }

    /// The plan in one paragraph, for reports.
    public var summary: String { summary(assessor: { $0 }) }

    /// The plan in one paragraph, each new assessor named by `assessor`.
    public func summary(assessor: (String) -> String) -> String {
        var parts = ["\(SamplePlan.percentText(share)) of each assessor's submissions (rounded up), at least \(minimum)"]
        if !newAssessors.isEmpty { parts.append("new assessors (\(newAssessors.map(assessor).joined(separator: ", "))) \(SamplePlan.percentText(newAssessorShare))") }
        parts.append(everyGrade ? "every grade awarded represented" : "grades not forced")
        parts.append(
            "borderline (within ±\(JSONWriter.format(borderlineMargin)) marks of the awarded or next grade's boundary, or one step short of the next grade) weight ×\(borderlineWeight)")
        parts.append("referred (the lowest grade) weight ×\(referredWeight)")
        parts.append("overridden (an assessor overrode the engine) weight ×\(overriddenWeight)")
        if let sizeTable { parts.append("per unit at least the size table's sample (\(sizeTable.text))") }
        if highestAndLowest { parts.append("each unit's highest and lowest non-zero totals included") }
        if spreadBands > 0 { parts.append("a spread of marks: a pick in each of \(spreadBands) bands of each unit's totals") }
        if coverMethods { parts.append("every method (evidence item kind) represented") }
        if coverCentres { parts.append("every centre represented") }
        if coverGroups { parts.append("every learner group represented") }
        switch stage {
        case .interim: parts.append("interim sample: of the submissions so far")
        case .summative: parts.append("summative sample: of the whole cohort")
        case nil: break
        }
        return parts.joined(separator: "; ")
    }
}
