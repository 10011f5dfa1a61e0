/// `extend evidence { … }`: kinds, enumeration values, record fields and item fields added to
/// the evidence declaration a ruleset reads from a library or its base, without copying it.
extension Checker {
    /// Adds every `extend evidence` member, in file order, to the schema built from the one
    /// evidence declaration.
    mutating func extendSchema() {
        for (file, tree) in trees.enumerated() {
            for case .evidence(let e) in tree.declarations where e.extends {
                guard schema != nil else {
                    error("extend-without-evidence", "there is no evidence declaration to extend: declare 'evidence { … }' or import a library that does", e.range.lowerBound..<e.range.lowerBound + 6, file: file)
                    continue
                }
                // New records first, so that fields added anywhere may use them.
                for case .record(let name, _, _) in e.members where schema!.records[name.name] == nil {
                    schema!.records[name.name] = RecordSchema(name: name.name, fields: [])
                }
                for member in e.members { extend(with: member, file: file) }
            }
        }
    }

    private mutating func extend(with member: EvidenceMember, file: Int) {
        switch member {
        case .kinds(let names, _):
            schema!.kinds = uniqueNames(names, what: "an item kind", file: file, adding: schema!.kinds)
            schema!.enumerations["kind"] = schema!.kinds
        case .enumeration(let name, let values, _):
            if Checker.primitiveTypes[name.name] != nil || schema!.records[name.name] != nil || name.name == "kind" {
                let hint = name.name == "kind" ? "add item kinds with 'kinds a, b'" : "only an enumeration takes more values"
                error("reserved-type-name", "'\(name.name)' cannot be extended with 'enum': \(hint)", name.range, file: file)
                return
            }
            schema!.enumerations[name.name] = uniqueNames(values, what: "a value of enum '\(name.name)'", file: file, adding: schema!.enumerations[name.name] ?? [])
        case .record(let name, let fields, _):
            addFields(fields, to: name.name, file: file)
        case .item(let fields, _):
            for f in fields where Checker.builtinItemFields.contains(f.name.name) {
                error("builtin-item-field", "every item already has '\(f.name.name)'; do not declare it", f.name.range, file: file)
            }
            addFields(fields.filter { !Checker.builtinItemFields.contains($0.name.name) }, to: "item", file: file)
        }
    }

    private mutating func addFields(_ fields: [FieldDeclaration], to record: String, file: Int) {
        let records = Set(schema!.records.keys)
        for declared in fields {
            if schema!.records[record]!.fields.contains(where: { $0.name == declared.name.name }) {
                error("duplicate-field", "'\(record)' already has a field '\(declared.name.name)'", declared.name.range, file: file)
                continue
            }
            schema!.records[record]!.fields += resolveFields([declared], enumerations: schema!.enumerations, records: records, file: file)
        }
    }
}
