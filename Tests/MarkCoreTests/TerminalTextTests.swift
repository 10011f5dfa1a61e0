import Testing

@testable import MarkCore

/// Text from the inputs printed on a terminal: every class of control or reordering character is
/// escaped visibly, everything else is left as it is.
@Suite struct TerminalTextTests {
    @Test func plainTextIsUnchanged() {
        #expect(TerminalText.escaped("L-2303 Fatima Begum — café ✓ 日本 \\n") == "L-2303 Fatima Begum — café ✓ 日本 \\n")
    }

    @Test func lineBreaksAndTabsAreEscaped() {
        #expect(TerminalText.escaped("a\nb\rc\td") == "a\\nb\\rc\\td")
        #expect(TerminalText.escaped("x\r\nGrade: Distinction") == "x\\r\\nGrade: Distinction")
    }

    @Test func otherC0ControlsAndDeleteAreEscaped() {
        #expect(TerminalText.escaped("\u{0}\u{7}\u{8}\u{B}\u{C}\u{1B}[2K\u{1F}\u{7F}") == "\\u{0}\\u{7}\\u{8}\\u{B}\\u{C}\\u{1B}[2K\\u{1F}\\u{7F}")
    }

    @Test func c1ControlsAreEscaped() {
        #expect(TerminalText.escaped("\u{80}\u{85}\u{9B}31m\u{9F}") == "\\u{80}\\u{85}\\u{9B}31m\\u{9F}")
        #expect(TerminalText.escaped("\u{A0}") == "\u{A0}")
    }

    @Test func bidiControlsAndSeparatorsAreEscaped() {
        let all = "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}\u{2028}\u{2029}"
        #expect(
            TerminalText.escaped(all)
                == "\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200E}\\u{200F}\\u{61C}\\u{2028}\\u{2029}")
        #expect(TerminalText.escaped("\u{200D}\u{2065}\u{206A}") == "\u{200D}\u{2065}\u{206A}")
    }

    @Test func sourceLinesKeepTabsAsSpaces() {
        #expect(TerminalText.escapedLine("\tdefine a = \"\u{1B}[31m\"\r") == " define a = \"\\u{1B}[31m\"\\r")
    }
}
