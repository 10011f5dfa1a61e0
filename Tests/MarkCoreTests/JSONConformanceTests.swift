import Foundation
import Testing

@testable import MarkCore

/// Runs the reader over Nicolas Seriot's JSONTestSuite (`test_parsing/`), kept in the shared
/// fixtures next to the package: `y_*` must parse, `n_*` must be rejected, and `i_*`
/// (implementation-defined) must merely return without crashing.
///
/// One deliberate exception: RFC 8259 only says object names SHOULD be unique, so the suite
/// lists duplicate keys as valid (`y_object_duplicated_key*.json`); this reader rejects them,
/// because evidence with two values for one field is ambiguous. Those files must be rejected
/// with a duplicate-key error.
struct JSONConformanceTests {
    /// Valid files this reader rejects on purpose, with the start of the message it gives.
    static let strictExceptions: [String: String] = [
        "y_object_duplicated_key.json": "duplicate key",
        "y_object_duplicated_key_and_value.json": "duplicate key",
    ]

    /// `<package root>/../shared/conformance/JSONTestSuite/test_parsing`, from this file's path
    /// (`<package root>/Tests/MarkCoreTests/JSONConformanceTests.swift`).
    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MarkCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/conformance/JSONTestSuite/test_parsing")

    /// The suite's files, or nil (after recording an issue) if the folder cannot be listed.
    static func suiteFiles() -> [URL]? {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)
        } catch {
            Issue.record("JSONTestSuite not found at \(suiteDirectory.path): \(error)")
            return nil
        }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { suiteDirectory.appendingPathComponent($0) }
    }

    static func bytes(of file: URL) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("cannot read \(file.lastPathComponent)")
            return nil
        }
        return [UInt8](data)
    }

    @Test func suiteIsPresent() throws {
        let files = try #require(Self.suiteFiles())
        #expect(
            files.count > 300,
            "expected more than 300 JSONTestSuite files in \(Self.suiteDirectory.path), found \(files.count)")
        for prefix in ["y_", "n_", "i_"] {
            #expect(files.contains { $0.lastPathComponent.hasPrefix(prefix) }, "no \(prefix)*.json files")
        }
    }

    @Test func acceptsEveryValidDocument() throws {
        let files = try #require(Self.suiteFiles()).filter { $0.lastPathComponent.hasPrefix("y_") }
        #expect(files.count > 90)
        var failures: [String] = []
        for file in files {
            guard let bytes = Self.bytes(of: file) else { continue }
            let name = file.lastPathComponent
            do {
                _ = try JSONReader.parse(bytes)
                if Self.strictExceptions[name] != nil {
                    failures.append("\(name): accepted, but this reader rejects it on purpose")
                }
            } catch {
                if let expected = Self.strictExceptions[name], error.message.hasPrefix(expected) { continue }
                failures.append("\(name): \(error.message) at \(error.offset)")
            }
        }
        #expect(failures.isEmpty, "rejected valid files:\n\(failures.joined(separator: "\n"))")
    }

    @Test func rejectsEveryInvalidDocument() throws {
        let files = try #require(Self.suiteFiles()).filter { $0.lastPathComponent.hasPrefix("n_") }
        #expect(files.count > 180)
        var failures: [String] = []
        for file in files {
            guard let bytes = Self.bytes(of: file) else { continue }
            do {
                _ = try JSONReader.parse(bytes)
                failures.append(file.lastPathComponent)
            } catch {
                #expect(
                    error.offset >= 0 && error.offset <= bytes.count,
                    "\(file.lastPathComponent): offset \(error.offset)")
                #expect(!error.message.isEmpty, "\(file.lastPathComponent): empty message")
            }
        }
        #expect(failures.isEmpty, "accepted invalid files:\n\(failures.joined(separator: "\n"))")
    }

    @Test func returnsOnEveryImplementationDefinedDocument() throws {
        let files = try #require(Self.suiteFiles()).filter { $0.lastPathComponent.hasPrefix("i_") }
        #expect(files.count > 20)
        var accepted: [String] = []
        var rejected: [String] = []
        for file in files {
            guard let bytes = Self.bytes(of: file) else { continue }
            do {
                _ = try JSONReader.parse(bytes)
                accepted.append(file.lastPathComponent)
            } catch {
                rejected.append("\(file.lastPathComponent): \(error.message)")
            }
        }
        #expect(accepted.count + rejected.count == files.count)
        // What this reader decides, so that a change of behaviour shows up here.
        let expectedRejections = [
            "i_number_huge_exp.json", "i_number_neg_int_huge_exp.json", "i_number_pos_double_huge_exp.json",
            "i_number_real_neg_overflow.json", "i_number_real_pos_overflow.json",
            "i_object_key_lone_2nd_surrogate.json",
            "i_string_1st_surrogate_but_2nd_missing.json", "i_string_1st_valid_surrogate_2nd_invalid.json",
            "i_string_UTF-16LE_with_BOM.json", "i_string_UTF-8_invalid_sequence.json",
            "i_string_UTF8_surrogate_U+D800.json",
            "i_string_incomplete_surrogate_and_escape_valid.json", "i_string_incomplete_surrogate_pair.json",
            "i_string_incomplete_surrogates_escape_valid.json", "i_string_invalid_lonely_surrogate.json",
            "i_string_invalid_surrogate.json", "i_string_invalid_utf-8.json",
            "i_string_inverted_surrogates_U+1D11E.json", "i_string_iso_latin_1.json",
            "i_string_lone_second_surrogate.json", "i_string_lone_utf8_continuation_byte.json",
            "i_string_not_in_unicode_range.json", "i_string_overlong_sequence_2_bytes.json",
            "i_string_overlong_sequence_6_bytes.json", "i_string_overlong_sequence_6_bytes_null.json",
            "i_string_truncated-utf-8.json", "i_string_utf16BE_no_BOM.json", "i_string_utf16LE_no_BOM.json",
            "i_structure_500_nested_arrays.json", "i_structure_UTF-8_BOM_empty_object.json",
        ]
        let rejectedNames = Set(rejected.map { String($0.prefix { $0 != ":" }) })
        let unexpectedRejections = rejected.filter { !expectedRejections.contains(String($0.prefix { $0 != ":" })) }
        #expect(unexpectedRejections.isEmpty, "rejected unexpectedly:\n\(unexpectedRejections.joined(separator: "\n"))")
        let unexpectedAcceptances = expectedRejections.filter { !rejectedNames.contains($0) }
        #expect(
            unexpectedAcceptances.isEmpty,
            "accepted unexpectedly:\n\(unexpectedAcceptances.joined(separator: "\n"))")
    }
}
