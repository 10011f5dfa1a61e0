/// A small hand-written command-line parser in the shape of swift-argument-parser: options are
/// declared, unknown ones are usage errors with a "did you mean" suggestion.
public struct Arguments {
    /// Options that take a value, and flags that do not.
    public struct Spec {
        /// Names (with dashes) of options that take a value.
        public var options: [String]
        /// Names (with dashes) of flags.
        public var flags: [String]
        /// Creates a spec.
        public init(options: [String] = [], flags: [String] = []) {
            self.options = options
            self.flags = flags
        }
    }

    /// Values of options, by name; repeated options keep every value.
    public private(set) var values: [String: [String]] = [:]
    /// Flags given.
    public private(set) var flags: Set<String> = []
    /// Positional arguments in order (`-` included).
    public private(set) var positional: [String] = []

    /// Parses `arguments` against `spec`; throws a usage error.
    public init(_ arguments: [String], spec: Spec) throws(UsageError) {
        var i = 0
        var onlyPositional = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositional || arg == "-" || !arg.hasPrefix("-") {
                positional.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositional = true
                continue
            }
            var name = arg
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            if spec.flags.contains(name) {
                if inlineValue != nil { throw UsageError("'\(name)' takes no value") }
                flags.insert(name)
            } else if spec.options.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard i < arguments.count else { throw UsageError("'\(name)' needs a value") }
                    values[name, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                let all = spec.options + spec.flags + ["--help"]
                let hint = Suggestion.nearest(to: name, among: all).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("unknown option '\(name)'\(hint)")
            }
        }
    }

    /// The last value of an option.
    public func value(_ name: String) -> String? { values[name]?.last }

    /// Whether a flag was given.
    public func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The value of an option that must be one of `allowed`.
    public func choice(_ name: String, _ allowed: [String], default fallback: String) throws(UsageError) -> String {
        guard let v = value(name) else { return fallback }
        guard allowed.contains(v) else {
            throw UsageError("'\(name)' must be one of \(allowed.joined(separator: ", ")), not '\(v)'" + Suggestion.didYouMean(v, among: allowed))
        }
        return v
    }

    /// A whole-number option within a range.
    public func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let v = value(name) else { return fallback }
        guard let n = Int(v), range.contains(n) else {
            throw UsageError("'\(name)' takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(v)'")
        }
        return n
    }
}

/// A mistake in how a command was called: exit status 64.
public struct UsageError: Error, Sendable {
    /// What was wrong.
    public var message: String
    /// Creates a usage error.
    public init(_ message: String) { self.message = message }
}

import MarkCore
