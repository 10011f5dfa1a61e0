import MarkCore

/// `textDocument/completion` in a `.tests` file: the statements that fit where the cursor is.
/// Outside a case, `ruleset`, `case` and `equivalent`; after `equivalent "…"` its `to`, and
/// after `to "…"` its `because`; inside a case, the case's statements, and after `expect` what
/// an expectation is about (`grade`, `total`, `component`).
enum TestsCompletion {
    static func complete(_ document: OpenDocument, _ position: LSPPosition) -> JSONValue {
        let map = PositionMap(source: document.source)
        let offset = map.offset(position)
        let before = String(decoding: document.source.bytes[0..<offset], as: UTF8.self)
        let items = labels(before: before).map { Completion.item($0.0, .keyword, detail: $0.1) }
        return .object(["isIncomplete": .bool(false), "items": .array(items)])
    }

    /// The keywords (and what each is for) that fit at the end of `before`, the text up to the
    /// cursor.
    static func labels(before: String) -> [(String, String)] {
        let line = String(before.reversed().prefix { $0 != "\n" && $0 != "\r" }.reversed())
        guard Completion.openQuote(line) == nil else { return [] }
        let words = Self.words(line)
        // The word being typed is left for the editor to filter.
        let typed = line.last.map { $0 != " " && $0 != "\t" && $0 != "\"" } ?? false
        let done = typed ? Array(words.dropLast()) : words
        if done.first == "equivalent" {
            switch done.count {
            case 2: return [("to", "the mutated text in quotes")]
            case 4 where done[2] == "to": return [("because", "why no submission can tell the two apart, in quotes")]
            default: return []
            }
        }
        if done == ["expect"] && depth(before) > 0 {
            // What an expectation is about (a point id and a verdict also fit; the editor's
            // completion of words in the file offers the ids).
            return [
                ("grade", "the grade marking must give, in quotes: expect grade \"Pass\""), ("total", "the total marks: expect total 12"),
                ("component", "a component's grade: expect component ID \"Pass\""),
            ]
        }
        guard done.isEmpty else { return [] }
        if depth(before) > 0 {
            return [
                ("submission", "the evidence file the case marks"), ("change", "a value of the submission changed"),
                ("remove", "a value of the submission removed"), ("expect", "what marking must give"),
            ]
        }
        return [
            ("ruleset", "the rules file the cases mark with"), ("case", "a named case"),
            ("equivalent", "equivalent \"ORIGINAL\" to \"MUTATED\" because \"REASON\": a surviving mutant no case can kill"),
        ]
    }

    /// The words of a line outside comments, a quoted text counted as one word.
    static func words(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for c in line {
            if escaped {
                current.append(c)
                escaped = false
            } else if quoted {
                current.append(c)
                if c == "\\" { escaped = true } else if c == "\"" { quoted = false }
            } else if c == "#" {
                break
            } else if c == " " || c == "\t" {
                if !current.isEmpty { out.append(current) }
                current = ""
            } else {
                if c == "\"" { quoted = true }
                current.append(c)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// How many braces are open at the end of `text`, outside quotes and comments.
    static func depth(_ text: String) -> Int {
        var depth = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var quoted = false
            var escaped = false
            for c in line {
                if escaped {
                    escaped = false
                } else if quoted {
                    if c == "\\" { escaped = true } else if c == "\"" { quoted = false }
                } else if c == "#" {
                    break
                } else if c == "\"" {
                    quoted = true
                } else if c == "{" {
                    depth += 1
                } else if c == "}" {
                    depth = max(0, depth - 1)
                }
            }
        }
        return depth
    }
}
