/// The canonical formatter behind `mark fmt`.
///
/// The layout is fixed and depends only on the syntax tree, the comments and where the author
/// left blank lines:
/// - two-space indentation, LF line endings, one newline at the end, no trailing whitespace;
/// - declarations separated by one blank line (runs of `import`s and of one-line `define`s
///   keep at most one, as written); inside blocks, at most one blank line between statements,
///   as written, and none after `{` or before `}`;
/// - one statement, header entry, evidence member or field per line; an empty block is `{}`;
/// - expressions with single spaces around operators and keywords, literals exactly as
///   written, parentheses exactly as written; a statement longer than 100 columns breaks after
///   its head (`=`, `when`), then before each `and`/`or` and after a quantifier's `where`, as
///   ``LineBreaker`` describes;
/// - every comment kept: own-line comments on their own line at the indentation of what
///   follows (or of the block's contents before a `}`), trailing comments one space after
///   the code they follow.
///
/// Formatting is idempotent and keeps the meaning: the output parses to the same tree.
public enum Formatter {
    /// Formats a parsed file to canonical layout. Precondition: the file parsed without errors.
    public static func format(_ file: RuleFile, source: SourceFile) -> String {
        var writer = FormatWriter(bytes: source.bytes, comments: file.comments)
        writer.emitFile(file)
        return writer.finish()
    }

    /// Parses and formats source text; returns nil if it does not parse cleanly (any error diagnostic).
    public static func format(_ source: SourceFile) -> String? {
        let (file, diagnostics) = Parser.parse(source)
        if diagnostics.contains(where: { $0.severity == .error }) { return nil }
        return format(file, source: source)
    }
}
