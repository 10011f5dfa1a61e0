/// Writes a submission held as typed values back as an `evidence/1` file, in the declaration's
/// field order: what `mark why-not --write` and counterexample files hold. A missing optional
/// value is left out; lists are always written.
public enum EvidenceFileWriter {
    /// The `evidence/1` text of `submission` under `schema`, ending with a newline.
    public static func text(_ submission: Submission, schema: EvidenceSchema) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", EvidenceReader.format)
        w.beginObject("learner")
        w.string("id", submission.learnerID)
        if let name = submission.learnerName { w.string("name", name) }
        w.endObject()
        w.string("unit", submission.unit)
        w.string("started", submission.started.description)
        w.string("submitted", submission.submitted.description)
        w.string("assessor", submission.assessor)
        w.beginArray("items")
        for item in submission.items { write(item, .record("item"), schema, &w, key: nil) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func write(_ value: Value, _ type: ValueType, _ schema: EvidenceSchema, _ w: inout JSONWriter, key: String?) {
        switch (value, type.unwrapped) {
        case (.record(let fields), .record(let name)):
            w.beginObject(key)
            for (field, v) in zip(schema.records[name]?.fields ?? [], fields) where v != .missing {
                write(v, field.type, schema, &w, key: field.name)
            }
            w.endObject()
        case (.list(let elements), .list(let element)):
            w.beginArray(key)
            for e in elements { write(e, element, schema, &w, key: nil) }
            w.endArray()
        case (.boolean(let b), _): w.bool(key, b)
        case (.number(let n), _): w.number(key, n)
        case (.text(let t), _): w.string(key, t)
        case (.date(let d), _): w.string(key, d.description)
        default: w.null(key)
        }
    }

    /// Reads back a written file and marks it: the check that a proposed change really gives
    /// the result claimed. Nil when the text does not read as evidence for the ruleset.
    public static func remark(_ text: String, path: String, ruleset: Ruleset) -> MarkingResult? {
        let source = SourceFile(path: path, bytes: Array(text.utf8))
        guard case .success(let document) = EvidenceReader.open(source),
            case .success(let submission) = EvidenceReader.submission(document, schema: ruleset.schema)
        else { return nil }
        var evaluator = Evaluator(ruleset: ruleset)
        return try? evaluator.mark(submission)
    }
}
