/// The JSON Schema (draft 2020-12) of the evidence a ruleset reads: the `evidence/1` envelope,
/// and every record, field, enumeration and scale of its evidence declaration, with the
/// declaration's comments as descriptions. Editors validate and complete evidence files with
/// it; exporters validate their output. What `mark` checks beyond a schema's reach (unique item
/// ids, `submitted` not before `started`) is listed in the schema's description.
public enum EvidenceJSONSchema {
    /// The schema for `ruleset`, as pretty JSON.
    public static func text(for ruleset: Ruleset) -> String {
        let schema = ruleset.schema
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("$schema", "https://json-schema.org/draft/2020-12/schema")
        w.string("$id", "urn:mark:evidence:\(ruleset.id):\(ruleset.version)")
        w.string("title", "evidence/1 for unit \(ruleset.unit) (\(ruleset.id) \(ruleset.version))")
        w.string(
            "description",
            "A learner's evidence for \(ruleset.title), read by mark (docs/evidence-format.md). mark also requires each item's id to be unique in the file and 'submitted' not to be before 'started', which a schema cannot say."
        )
        w.string("type", "object")
        required(["format", "learner", "unit", "started", "submitted", "assessor", "items"], &w)
        w.bool("additionalProperties", false)
        w.beginObject("properties")
        w.beginObject("format")
        w.string("const", EvidenceReader.format)
        w.endObject()
        w.beginObject("learner")
        w.string("type", "object")
        required(["id"], &w)
        w.bool("additionalProperties", false)
        w.beginObject("properties")
        text("id", "The learner's id (prefer a pseudonymous one).", &w)
        w.beginObject("name")
        w.string("description", "The learner's name (personal data; leave it out of files that leave the centre).")
        types(["string", "null"], &w)
        w.endObject()
        w.endObject()
        w.endObject()
        w.beginObject("unit")
        w.string("description", "The unit's code; it chooses the ruleset.")
        w.string("const", ruleset.unit)
        w.endObject()
        date("started", "The learner's start date; it chooses the ruleset version.", &w)
        date("submitted", "The submission date, on or after the start date.", &w)
        text("assessor", "The assessor's id.", &w)
        text("centre", "The centre or site where the learner was assessed (optional).", &w)
        text("group", "The learner's group, such as a class or cohort (optional).", &w)
        if let variant = ruleset.variant {
            // A variant's submissions name it; the others may leave "ruleset" out.
            w.beginObject("ruleset")
            w.string("description", "The ruleset that marks this submission: the \(variant) variant of unit \(ruleset.unit).")
            w.string("const", ruleset.id)
            w.endObject()
        }
        w.beginObject("items")
        w.string("description", "The evidence items.")
        w.string("type", "array")
        w.beginObject("items")
        w.string("$ref", "#/$defs/item")
        w.endObject()
        w.endObject()
        w.endObject()
        w.beginObject("$defs")
        w.beginObject("date")
        w.string("description", "A real calendar date, written YYYY-MM-DD.")
        w.string("type", "string")
        w.string("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        w.string("format", "date")
        w.endObject()
        for name in schema.enumerations.keys.sorted() {
            w.beginObject(name)
            if name == "kind" { w.string("description", "The kind of evidence item.") }
            w.string("type", "string")
            w.beginArray("enum")
            for v in schema.enumerations[name] ?? [] { w.string(nil, v) }
            w.endArray()
            w.endObject()
        }
        for name in schema.records.keys.sorted() {
            let record = schema.records[name]!
            w.beginObject(name)
            if name == "item" { w.string("description", "One piece of evidence.") }
            w.string("type", "object")
            required(record.fields.filter { !$0.type.isOptional && $0.type.element == nil }.map(\.name), &w)
            w.bool("additionalProperties", false)
            w.beginObject("properties")
            for field in record.fields {
                w.beginObject(field.name)
                if let d = field.description ?? builtinDescriptions[field.name].flatMap({ name == "item" ? $0 : nil }) { w.string("description", d) }
                value(field.type, scale: field.scale, &w)
                w.endObject()
            }
            w.endObject()
            w.endObject()
        }
        w.endObject()
        w.endObject()
        return w.output + "\n"
    }

    static let builtinDescriptions = [
        "id": "The item's id, unique within the file; reports cite it.", "kind": "What sort of evidence it is.",
        "date": "When the behaviour happened (for a discussion or reflection, when it was recorded).",
    ]

    /// The constraints of a value of `type` (the members of an open object).
    static func value(_ type: ValueType, scale: ClosedRange<Double>?, _ w: inout JSONWriter) {
        switch type {
        case .optional(let wrapped):
            // Optional: absent, or null, or a value.
            w.beginArray("anyOf")
            w.beginObject()
            value(wrapped, scale: scale, &w)
            w.endObject()
            w.beginObject()
            w.string("type", "null")
            w.endObject()
            w.endArray()
        case .list(let element):
            w.string("type", "array")
            w.beginObject("items")
            value(element, scale: scale, &w)
            w.endObject()
        case .text: w.string("type", "string")
        case .boolean: w.string("type", "boolean")
        case .number:
            w.string("type", "number")
            if let scale {
                w.number("minimum", scale.lowerBound)
                w.number("maximum", scale.upperBound)
            }
        case .date: w.string("$ref", "#/$defs/date")
        case .enumeration(let name), .record(let name): w.string("$ref", "#/$defs/\(name)")
        case .error: break
        }
    }

    static func required(_ names: [String], _ w: inout JSONWriter) {
        w.beginArray("required")
        for n in names { w.string(nil, n) }
        w.endArray()
    }

    static func types(_ names: [String], _ w: inout JSONWriter) {
        w.beginArray("type")
        for n in names { w.string(nil, n) }
        w.endArray()
    }

    static func text(_ key: String, _ description: String, _ w: inout JSONWriter) {
        w.beginObject(key)
        w.string("description", description)
        w.string("type", "string")
        w.endObject()
    }

    static func date(_ key: String, _ description: String, _ w: inout JSONWriter) {
        w.beginObject(key)
        w.string("description", description)
        w.string("$ref", "#/$defs/date")
        w.endObject()
    }
}
