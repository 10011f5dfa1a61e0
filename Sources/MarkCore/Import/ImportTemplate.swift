/// Starting points for a centre: every field of a ruleset's evidence as a column (the CSV
/// header, and the mapping that reads it), a blank submission with each field's type in place,
/// and submissions turned back into rows (the inverse of import, for round trips).
public enum ImportTemplate {
    /// Every field path a spreadsheet row can fill: the envelope, then the item's fields in
    /// declared order. A list of records gets `slots` numbered copies of its fields, a list of
    /// text `slots` numbered cells; a list of other values is one cell (separated values).
    public static func paths(_ schema: EvidenceSchema, slots: Int) -> [String] {
        var out = FieldPath.envelope
        func walk(_ record: String, _ prefix: String) {
            for field in schema.records[record]?.fields ?? [] {
                let path = prefix.isEmpty ? field.name : prefix + "." + field.name
                switch field.type.unwrapped {
                case .record(let name): walk(name, path)
                case .list(let element):
                    switch element.unwrapped {
                    case .record(let name): for k in 1...slots { walk(name, "\(path)[\(k)]") }
                    case .text: for k in 1...slots { out.append("\(path)[\(k)]") }
                    default: out.append(path)
                    }
                default: out.append(path)
                }
            }
        }
        walk("item", "")
        return out
    }

    /// A mapping that reads a CSV whose header is `paths` (each column named as its field).
    public static func mapping(_ schema: EvidenceSchema, slots: Int, unit: String) -> String {
        var out = """
            # Mapping for unit \(unit): each line says which column fills a field of evidence/1.
            # Change the names in quotes to your export's column headers; delete lines for fields
            # your export does not have (optional fields only). See docs/import.md.
            list separator ";"

            """
        for path in paths(schema, slots: slots) {
            var quoted = ""
            JSONWriter.appendQuoted(path, to: &quoted)
            out += "\(path) = \(quoted)\n"
        }
        return out
    }

    /// A blank submission: every field, with its type (and allowed values) where its value goes.
    /// `ruleset`, for a variant of its unit, is written as the envelope's `"ruleset"` so the
    /// submission is marked by that variant.
    public static func blankSubmission(_ schema: EvidenceSchema, unit: String, ruleset: String? = nil) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", EvidenceReader.format)
        w.beginObject("learner")
        w.string("id", "text")
        w.string("name", "optional text")
        w.endObject()
        w.string("unit", unit)
        w.string("started", "date (YYYY-MM-DD)")
        w.string("submitted", "date (YYYY-MM-DD)")
        w.string("assessor", "text")
        if let ruleset { w.string("ruleset", ruleset) }
        w.string("centre", "optional text")
        w.string("group", "optional text")
        w.beginArray("items")
        blankRecord("item", schema, &w, key: nil)
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func blankRecord(_ name: String, _ schema: EvidenceSchema, _ w: inout JSONWriter, key: String?) {
        w.beginObject(key)
        for field in schema.records[name]?.fields ?? [] {
            blankValue(field.type, scale: field.scale, schema, &w, key: field.name)
        }
        w.endObject()
    }

    static func blankValue(_ type: ValueType, scale: ClosedRange<Double>?, _ schema: EvidenceSchema, _ w: inout JSONWriter, key: String?) {
        let optional = type.isOptional ? "optional " : ""
        switch type.unwrapped {
        case .record(let r): blankRecord(r, schema, &w, key: key)
        case .list(let element):
            w.beginArray(key)
            blankValue(element, scale: scale, schema, &w, key: nil)
            w.endArray()
        case .enumeration(let e): w.string(key, optional + "one of: " + (schema.enumerations[e] ?? []).joined(separator: ", "))
        case .number:
            w.string(key, optional + "number" + (scale.map { " from \(JSONWriter.format($0.lowerBound)) to \(JSONWriter.format($0.upperBound))" } ?? ""))
        case .boolean: w.string(key, optional + "true or false")
        case .date: w.string(key, optional + "date (YYYY-MM-DD)")
        default: w.string(key, optional + "text")
        }
    }

    /// A submission's items as CSV rows under `paths` (booleans as yes and no, lists of values
    /// joined with `separator`); nil when the text is not JSON.
    public static func rows(_ source: SourceFile, paths: [String], separator: String = ";") -> [[String]]? {
        guard let json = try? JSONReader.parse(source.bytes), json.kind(json.root) == .object, let items = json.member(json.root, "items") else { return nil }
        let parsed = paths.map { FieldPath($0)?.steps ?? [] }
        func cell(_ start: Int, _ steps: [FieldPath.Step]) -> String {
            var node = start
            for step in steps {
                switch step {
                case .field(let name):
                    guard json.kind(node) == .object, let next = json.member(node, name) else { return "" }
                    node = next
                case .index(let k):
                    guard json.kind(node) == .array, k < json.count(node) else { return "" }
                    node = json.elements(node)[k]
                }
            }
            switch json.kind(node) {
            case .string: return json.string(node)
            case .number: return json.numberText(node)
            case .bool: return json.bool(node) ? "yes" : "no"
            case .array: return json.elements(node).map { json.kind($0) == .string ? json.string($0) : json.numberText($0) }.joined(separator: separator)
            case .null, .object: return ""
            }
        }
        return json.elements(items).map { item in
            zip(paths, parsed).map { path, steps in FieldPath.envelope.contains(path) ? cell(json.root, steps) : cell(item, steps) }
        }
    }
}
