import Foundation

/// A problem with the syntax or encoding of one record: its message and where it is.
public struct CSVProblem: Error, Sendable {
    /// What is wrong, and how to fix it.
    public var message: String
    /// The record's bytes as far as they were read, and where the problem is in them.
    public var record: CSVRecord
    public var offset: Int

    /// The problem as a diagnostic, with the record as its source.
    public func diagnostic(path: String) -> (Diagnostic, SourceFile) {
        (Diagnostic(.error, id: "csv-syntax", message, path: path, range: offset..<offset + 1), record.source(path: path))
    }
}

/// The text encodings a CSV may be read in.
public enum CSVEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte order mark.
    case utf8 = "utf-8"
    /// Windows-1252 ("ANSI"), as older spreadsheet programs save CSV.
    case windows1252 = "windows-1252"
}
