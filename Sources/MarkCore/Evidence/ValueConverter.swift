/// Turns JSON values into typed rule values, checking each against its declared type.
struct ValueConverter {
    let schema: EvidenceSchema

    mutating func convert(_ node: Int, _ type: ValueType, _ path: String, _ problems: inout Problems) -> Value {
        let json = problems.json
        switch type {
        case .optional(let wrapped):
            return json.kind(node) == .null ? .missing : convert(node, wrapped, path, &problems)
        case .text:
            return problems.text(node, path).map(Value.text) ?? .missing
        case .number:
            guard json.kind(node) == .number else {
                problems.add(node, path, "expected a number, found \(problems.describe(node))")
                return .missing
            }
            return .number(json.number(node))
        case .boolean:
            guard json.kind(node) == .bool else {
                problems.add(node, path, "expected true or false, found \(problems.describe(node))")
                return .missing
            }
            return .boolean(json.bool(node))
        case .date:
            return problems.date(node, path).map(Value.date) ?? .missing
        case .enumeration(let name):
            let values = schema.enumerations[name] ?? []
            guard json.kind(node) == .string else {
                problems.add(node, path, "expected one of \(values.joined(separator: ", ")), found \(problems.describe(node))")
                return .missing
            }
            let s = json.string(node)
            guard values.contains(s) else {
                let what = name == "kind" ? "item kind" : "value of '\(name)'"
                problems.add(node, path, "unknown \(what) \"\(Problems.clip(s))\" (expected one of \(values.joined(separator: ", ")))\(Suggestion.didYouMean(s, among: values))")
                return .missing
            }
            return .text(s)
        case .list(let element):
            guard json.kind(node) == .array else {
                problems.add(node, path, "expected a list, found \(problems.describe(node))")
                return .list([])
            }
            var out: [Value] = []
            out.reserveCapacity(json.count(node))
            for (i, e) in json.elements(node).enumerated() { out.append(convert(e, element, "\(path)[\(i)]", &problems)) }
            return .list(out)
        case .record(let name):
            guard let record = schema.records[name] else { return .missing }
            guard json.kind(node) == .object else {
                problems.add(node, path, "expected an object (\(name == "item" ? "an evidence item" : "a \(name)")), found \(problems.describe(node))")
                return .missing
            }
            problems.unknownKeys(node, path, allowed: record.fields.map(\.name))
            var fields: [Value] = []
            fields.reserveCapacity(record.fields.count)
            for field in record.fields {
                let fieldPath = path + "." + field.name
                guard let v = json.member(node, field.name) else {
                    if field.type.isOptional {
                        fields.append(.missing)
                    } else if field.type.element != nil {
                        fields.append(.list([]))  // an absent list is empty
                    } else {
                        problems.add(node, path, "missing required field \"\(field.name)\" (\(field.type))")
                        fields.append(.missing)
                    }
                    continue
                }
                fields.append(convert(v, field.type, fieldPath, &problems))
            }
            return .record(fields)
        case .error:
            return .missing
        }
    }
}
