/// The integrity digest of a result file (`--out`): its last member,
///
///     "integrity": {
///       "sha256": "…"
///     }
///
/// is the SHA-256 of the file's bytes as they would be without that member (the result as
/// `ResultJSON` renders it, indented, with its final line feed). A file whose digest does not
/// match was edited or is corrupt, and a re-run marks its submission again instead of trusting
/// it (docs/governance.md).
public enum ResultIntegrity {
    /// What a result file's digest says about it.
    public enum Status: Sendable, Equatable {
        /// The digest matches: the file is as `mark` wrote it.
        case intact
        /// The file has no integrity digest (written before digests, or by hand).
        case missing
        /// The digest does not match the content: edited or corrupt.
        case mismatch
    }

    static let open = ",\n  \"integrity\": {\n    \"sha256\": \""
    static let close = "\"\n  }\n}\n"

    /// Seals a result rendered by `ResultJSON` (indented, without a final line feed): the text
    /// with the integrity member added, and its final line feed.
    public static func seal(_ rendered: String) -> String {
        guard rendered.hasSuffix("\n}") else { return rendered + "\n" }
        return String(rendered.dropLast(2)) + open + SHA256.hex(Array((rendered + "\n").utf8)) + close
    }

    /// Checks a result file's bytes against their digest.
    public static func check(_ bytes: [UInt8]) -> Status {
        guard let (content, digest) = split(bytes) else {
            // A digest that is no longer where `seal` put it: the file was edited around it.
            let marker = Array("\"integrity\"".utf8)
            let hasMember = bytes.count >= marker.count && (0...(bytes.count - marker.count)).contains { bytes[$0..<$0 + marker.count].elementsEqual(marker) }
            return hasMember ? .mismatch : .missing
        }
        return SHA256.hex(content) == digest ? .intact : .mismatch
    }

    /// The file without its integrity member, and the digest it records; nil when it has none.
    static func split(_ bytes: [UInt8]) -> (content: [UInt8], digest: String)? {
        let openBytes = Array(open.utf8), closeBytes = Array(close.utf8)
        let digestLength = 64
        guard bytes.count >= openBytes.count + digestLength + closeBytes.count,
            bytes.suffix(closeBytes.count).elementsEqual(closeBytes)
        else { return nil }
        let digestStart = bytes.count - closeBytes.count - digestLength
        let openStart = digestStart - openBytes.count
        guard bytes[openStart..<digestStart].elementsEqual(openBytes) else { return nil }
        let digest = String(decoding: bytes[digestStart..<digestStart + digestLength], as: UTF8.self)
        return (Array(bytes[..<openStart]) + Array("\n}\n".utf8), digest)
    }
}
