import MarkCore

/// The `--max-size` option of the commands that read submissions (see `InputFile`).
enum SubmissionSize {
    /// The help lines for `--max-size`.
    static let help = """
          --max-size BYTES      The largest submission read (default 64M): a number of bytes,
                                or with a suffix K, M or G (2^10, 2^20, 2^30 bytes). A larger
                                file, NDJSON line or standard input is an error.
        """

    /// The `--max-size` option's value in bytes (default 64M); a usage error for anything but a
    /// positive whole number with an optional K, M or G.
    static func limit(_ args: Arguments) throws(UsageError) -> Int {
        guard let text = args.value("--max-size") else { return InputFile.defaultLimit }
        guard let n = InputFile.parseSize(text) else {
            throw UsageError("'--max-size' takes a positive number of bytes, optionally with K, M or G (64M, 1G), not '\(text)'")
        }
        return n
    }

}
