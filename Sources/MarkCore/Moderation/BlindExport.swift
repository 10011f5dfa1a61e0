/// A blind export of a moderation sample: each picked submission's evidence without the
/// centre's grades, marks or feedback (the evidence file is copied, never the result), the
/// learner's name left out and, on request, learner and assessor ids replaced by pseudonyms;
/// a decisions sheet for the moderator to fill in; and the key from pseudonyms back to ids,
/// to be kept apart from the export.
public enum BlindExport {
    /// A file to write: its name inside the export folder, and its text.
    public struct File: Sendable, Equatable {
        public var name: String
        public var text: String
    }

    /// The files of the export, the key (CSV, when pseudonymised) and any problems reading
    /// the submissions (an unreadable or invalid evidence file is an error at its path).
    public struct Export: Sendable {
        public var files: [File]
        public var key: String?
        public var diagnostics: [Diagnostic]
    }

    /// The name of the moderator's decisions sheet in the export.
    public static let decisionsName = "decisions.csv"

    /// Builds the export; `read` reads a submission file's bytes.
    public static func export(_ selection: Sampler.Selection, masking: LearnerMasking, read: (String) -> Result<[UInt8], Diagnostic>) -> Export {
        var files: [File] = []
        var diagnostics: [Diagnostic] = []
        var sheet = CSVWriter.row(["learner", "unit", "rater", "grade", "marks"])
        var key = CSVWriter.row(["pseudonym", "learner", "assessor_pseudonym", "assessor"])
        let picks = selection.picks.sorted { (masking.learner($0.record.learner), $0.record.unit) < (masking.learner($1.record.learner), $1.record.unit) }
        for p in picks {
            let r = p.record
            let learner = masking.learner(r.learner)
            let bytes: [UInt8]
            switch read(r.path) {
            case .failure(let d):
                diagnostics.append(d)
                continue
            case .success(let b): bytes = b
            }
            let document: JSONDocument
            do {
                document = try JSONReader.parse(bytes)
            } catch {
                diagnostics.append(Diagnostic(.error, id: "bad-blind-input", "the submission is not valid JSON: \(error.message)", path: r.path, range: 0..<1))
                continue
            }
            let value = blinded(document, node: 0, path: [], learner: learner, assessor: masking.assessor(r.assessor))
            files.append(File(name: fileName(learner, r.unit), text: value.text + "\n"))
            sheet += CSVWriter.row([learner, r.unit, "", "", ""])
            if masking.isOn { key += CSVWriter.row([learner, r.learner, masking.assessor(r.assessor), r.assessor]) }
        }
        files.append(File(name: decisionsName, text: sheet))
        return Export(files: files, key: masking.isOn ? key : nil, diagnostics: diagnostics)
    }

    /// A safe file name: the learner (or pseudonym) and unit, other characters as `_`.
    static func fileName(_ learner: String, _ unit: String) -> String {
        let safe = (learner + "-" + unit).map { c -> Character in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".") ? c : "_" }
        return String(safe).replacing(#/^\.+/#, with: "_") + ".json"
    }

    /// The evidence with the learner's name left out and the ids replaced.
    static func blinded(_ d: JSONDocument, node: Int, path: [String], learner: String, assessor: String) -> JSONValue {
        switch d.kind(node) {
        case .object:
            var members: [JSONValue.Member] = []
            for m in d.members(node) {
                let key = m.key
                let here = path + [key]
                if here == ["learner", "name"] { continue }
                if here == ["learner", "id"] {
                    members.append(.init(key, .string(learner)))
                } else if here == ["assessor"] {
                    members.append(.init(key, .string(assessor)))
                } else {
                    members.append(.init(key, blinded(d, node: m.value, path: here, learner: learner, assessor: assessor)))
                }
            }
            return .object(members)
        case .array: return .array(d.elements(node).map { blinded(d, node: $0, path: path + ["[]"], learner: learner, assessor: assessor) })
        case .string: return .string(d.string(node))
        case .number:
            let text = d.numberText(node)
            return Int(text).map(JSONValue.int) ?? .number(d.number(node))
        case .bool: return .bool(d.bool(node))
        case .null: return .null
        }
    }
}

extension BlindExport {
    /// Reads a key written by a blind export: pseudonym → learner id.
    public static func readKey(_ source: SourceFile) -> Result<[String: String], DiagnosticList> {
        let table: CSVTable
        switch CSVReader.read(source) {
        case .failure(let list): return .failure(list)
        case .success(let t): table = t
        }
        let names = table.header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let p = names.firstIndex(of: "pseudonym"), let l = names.firstIndex(of: "learner") else {
            return .failure(
                DiagnosticList([
                    Diagnostic(
                        .error, id: "bad-key", "a key file needs 'pseudonym' and 'learner' columns, as 'mark sample --blind --key-out' writes",
                        path: source.path, range: table.header.start..<table.header.start + 1)
                ]))
        }
        var map: [String: String] = [:]
        for row in table.rows { map[row.fields[p]] = row.fields[l] }
        return .success(map)
    }
}

extension DecisionSheet {
    /// The sheet with learners named by pseudonym read as their ids (`key`: pseudonym → id);
    /// other learners are left as they are.
    public func readingPseudonyms(_ key: [String: String]) -> DecisionSheet {
        var sheet = self
        for i in sheet.decisions.indices {
            if let id = key[sheet.decisions[i].learner] { sheet.decisions[i].learner = id }
        }
        return sheet
    }
}
