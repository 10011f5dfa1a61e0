/// Layout of `evidence { … }`: `kinds` and `enum` on one line each (`enum band { low, high }`,
/// commas always written), `record` and `item` as blocks with one `name: type` field per line
/// (commas between fields dropped). As in every block, a blank line the author left between
/// members or fields is kept (at most one); a comment inside a one-line `kinds` or `enum`
/// moves to its own line before it.
extension FormatWriter {
    /// Emits an evidence declaration at the top level.
    mutating func emitEvidence(_ evidence: EvidenceDeclaration) {
        block(evidence.extends ? "extend evidence" : "evidence", range: evidence.range, braceSearchStart: evidence.range.lowerBound, indent: 0, isEmpty: evidence.members.isEmpty) {
            w, indent in
            for member in evidence.members { w.emitEvidenceMember(member, indent: indent) }
        }
    }

    private mutating func emitEvidenceMember(_ member: EvidenceMember, indent: Int) {
        switch member {
        case .kinds(let names, let range):
            emit(["kinds " + names.map(\.name).joined(separator: ", ")], indent: indent, span: range)
        case .enumeration(let name, let cases, let range):
            let values = cases.isEmpty ? "{}" : "{ " + cases.map(\.name).joined(separator: ", ") + " }"
            emit(["enum " + name.name + " " + values], indent: indent, span: range)
        case .record(let name, let fields, let range):
            emitFields("record " + name.name, fields, range: range, braceSearchStart: name.range.upperBound, indent: indent)
        case .item(let fields, let range):
            emitFields("item", fields, range: range, braceSearchStart: range.lowerBound, indent: indent)
        }
    }

    private mutating func emitFields(_ head: String, _ fields: [FieldDeclaration], range: Range<Int>, braceSearchStart: Int, indent: Int) {
        block(head, range: range, braceSearchStart: braceSearchStart, indent: indent, isEmpty: fields.isEmpty) { w, inner in
            for field in fields {
                w.emit([ExpressionPrinter.field(field)], indent: inner, span: field.name.range.lowerBound..<(field.scale?.range.upperBound ?? field.type.range.upperBound))
            }
        }
    }
}
