/// Reading the small CSV files the moderation commands exchange (a planned sample, a blind
/// export's key) through the one CSV reader.
enum ModerationCSV {
    /// The table and the index of each named column present (names matched ignoring case and
    /// spaces); an error at the header when a `required` column is missing.
    static func read(
        _ source: SourceFile, required: [String], optional: [String] = [], what: String, id: String
    ) -> Result<(table: CSVTable, columns: [String: Int]), DiagnosticList> {
        let table: CSVTable
        switch CSVReader.read(source) {
        case .failure(let list): return .failure(list)
        case .success(let t): table = t
        }
        let names = table.header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var columns: [String: Int] = [:]
        for name in required + optional { columns[name] = names.firstIndex(of: name) }
        guard required.allSatisfy({ columns[$0] != nil }) else {
            let list = required.map { "'\($0)'" }.joined(separator: " and ")
            return .failure(
                DiagnosticList([
                    Diagnostic(.error, id: id, "\(what) needs \(list) columns", path: source.path, range: table.header.start..<table.header.start + 1)
                ]))
        }
        return .success((table, columns))
    }
}
