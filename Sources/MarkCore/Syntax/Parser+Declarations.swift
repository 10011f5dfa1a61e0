extension Parser {
    static let headerKeywords = ["title", "version", "unit", "qualification", "variant", "applies"]
    static let evidenceKeywords = ["kinds", "enum", "record", "item"]
    static let pointKeywords = ["marks", "partial", "required", "let", "met", "partially", "feedback", "advice"]
    static let gradingKeywords = ["grades", "floor", "grade", "component", "combine"]
    static let componentKeywords = ["points", "grades", "floor", "grade"]

    mutating func parseHeader() throws(Recovery) -> Header {
        let keyword = advance()
        let kind: Header.Kind = text(keyword) == "ruleset" ? .ruleset : .library
        let id = try expectString("a quoted id after '\(kind.rawValue)'")
        guard kind == .ruleset else {
            return Header(kind: kind, id: id, entries: [], range: keyword.range.lowerBound..<id.range.upperBound)
        }
        var entries: [HeaderEntry] = []
        let end = try parseBlock(Parser.headerKeywords, context: "the ruleset header") { (p: inout Parser) throws(Recovery) in
            entries.append(try p.parseHeaderEntry())
        }
        return Header(kind: kind, id: id, entries: entries, range: keyword.range.lowerBound..<end)
    }

    mutating func parseHeaderEntry() throws(Recovery) -> HeaderEntry {
        guard at(.identifier) else { try fail("a header entry (\(Parser.headerKeywords.joined(separator: ", ")))") }
        let word = text(current)
        if word == "applies" {
            let start = advance().range.lowerBound
            try expectWord("from", "after 'applies'")
            let from = try parsePrimaryDate("after 'applies from'")
            var until: Expr?
            if at("until") {
                advance()
                until = try parsePrimaryDate("after 'until'")
            }
            return .applies(from: from, until: until, range: start..<previousEnd)
        }
        guard Parser.headerKeywords.contains(word) else {
            report(
                "unknown-header-entry",
                "unknown header entry '\(word)'; expected one of \(Parser.headerKeywords.joined(separator: ", "))"
                    + Suggestion.didYouMean(word, among: Parser.headerKeywords),
                at: current.range)
            throw Recovery()
        }
        let key = try expectIdentifier("a header entry")
        let value = try expectString("a quoted value after '\(word)'")
        return .text(key, value)
    }

    mutating func parsePrimaryDate(_ context: String) throws(Recovery) -> Expr {
        guard at(.date) else { try fail("a date such as 2025-09-01 \(context)") }
        let t = advance()
        return Expr(.date(text(t)), t.range)
    }

    // MARK: Evidence

    mutating func parseEvidence() throws(Recovery) -> EvidenceDeclaration {
        let start = advance().range.lowerBound
        var members: [EvidenceMember] = []
        let end = try parseBlock(Parser.evidenceKeywords, context: "the evidence declaration") { (p: inout Parser) throws(Recovery) in
            members.append(try p.parseEvidenceMember())
        }
        return EvidenceDeclaration(members: members, range: start..<end)
    }

    mutating func parseEvidenceMember() throws(Recovery) -> EvidenceMember {
        guard at(.identifier) else { try fail("an evidence member (\(Parser.evidenceKeywords.joined(separator: ", ")))") }
        let word = text(current)
        let start = current.range.lowerBound
        switch word {
        case "kinds":
            advance()
            var names = [try expectIdentifier("an item kind after 'kinds'")]
            while at(.comma) {
                advance()
                names.append(try expectIdentifier("an item kind after ','"))
            }
            return .kinds(names, range: start..<previousEnd)
        case "enum":
            advance()
            let name = try expectIdentifier("the enumeration's name")
            _ = try expect(.leftBrace, "to list the values of enum '\(name.name)'")
            var cases: [Identifier] = []
            while !at(.rightBrace) {
                cases.append(try expectIdentifier("an enumeration value or '}'"))
                if at(.comma) { advance() }
            }
            let end = advance().range.upperBound
            return .enumeration(name, cases, range: start..<end)
        case "record":
            advance()
            let name = try expectIdentifier("the record's name")
            let fields = try parseFields("record '\(name.name)'")
            return .record(name, fields, range: start..<previousEnd)
        case "item":
            advance()
            let fields = try parseFields("the item declaration")
            return .item(fields, range: start..<previousEnd)
        default:
            report(
                "unknown-evidence-member",
                "expected an evidence member (\(Parser.evidenceKeywords.joined(separator: ", "))), found '\(word)'"
                    + Suggestion.didYouMean(word, among: Parser.evidenceKeywords),
                at: current.range)
            throw Recovery()
        }
    }

    mutating func parseFields(_ context: String) throws(Recovery) -> [FieldDeclaration] {
        _ = try expect(.leftBrace, "to open \(context)")
        var fields: [FieldDeclaration] = []
        while !at(.rightBrace) {
            if at(.endOfFile) { try fail("'}' to close \(context)") }
            fields.append(try parseField())
            if at(.comma) { advance() }
        }
        advance()
        return fields
    }

    mutating func parseField() throws(Recovery) -> FieldDeclaration {
        let name = try expectIdentifier("a field name")
        _ = try expect(.colon, "after field name '\(name.name)'")
        let type = try parseType()
        guard at("from") else { return FieldDeclaration(name: name, type: type) }
        let start = advance().range.lowerBound
        let low = try parseScaleNumber("after 'from' (write 'from 0 to 10')")
        try expectWord("to", "between the lowest and highest value (write 'from 0 to 10')")
        let high = try parseScaleNumber("after 'to' (write 'from 0 to 10')")
        return FieldDeclaration(name: name, type: type, scale: ScaleSyntax(low: low, high: high, range: start..<previousEnd))
    }

    /// A number in a scale, with an optional minus sign.
    mutating func parseScaleNumber(_ context: String) throws(Recovery) -> String {
        var sign = ""
        if at(.minus) {
            advance()
            sign = "-"
        }
        return sign + text(try expect(.number, context))
    }

    mutating func parseType() throws(Recovery) -> TypeSyntax {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            report("nesting-too-deep", "type is nested too deeply", at: current.range)
            throw Recovery()
        }
        let start = current.range.lowerBound
        if at("list") {
            advance()
            try expectWord("of", "after 'list' (write 'list of T')")
            let element = try parseType()
            return .list(element, range: start..<previousEnd)
        }
        if at("optional") {
            advance()
            let wrapped = try parseType()
            return .optional(wrapped, range: start..<previousEnd)
        }
        return .named(try expectIdentifier("a type (text, number, boolean, date, list of T, optional T, or a declared name)"))
    }

    // MARK: Definitions

    mutating func parseDefinition() throws(Recovery) -> Definition {
        let start = advance().range.lowerBound
        let name = try expectIdentifier("a name after 'define'")
        var parameters: [FieldDeclaration]?
        if at(.leftParen) {
            advance()
            var list: [FieldDeclaration] = []
            while !at(.rightParen) {
                list.append(try parseField())
                if !at(.rightParen) { _ = try expect(.comma, "or ')' after a parameter") }
            }
            advance()
            parameters = list
        }
        _ = try expect(.equals, "after the definition's name")
        let body = try parseExpression()
        return Definition(name: name, parameters: parameters, body: body, range: start..<previousEnd)
    }

    // MARK: Marking points

    mutating func parseMarkingPoint() throws(Recovery) -> MarkingPoint {
        let start = advance().range.lowerBound
        let id = try expectIdentifier("the marking point's id after 'point'")
        let wording = try expectString("the examiner's wording in quotes after the point id")
        var statements: [PointStatement] = []
        let end = try parseBlock(Parser.pointKeywords, context: "point '\(id.name)'") { (p: inout Parser) throws(Recovery) in
            statements.append(try p.parsePointStatement())
        }
        return MarkingPoint(id: id, wording: wording, statements: statements, range: start..<end)
    }

    mutating func parsePointStatement() throws(Recovery) -> PointStatement {
        guard at(.identifier) else { try fail("a point statement (\(Parser.pointKeywords.joined(separator: ", ")))") }
        let start = current.range.lowerBound
        switch text(current) {
        case "marks":
            advance()
            let marks = try parseExpression()
            guard at("per") else { return .marks(marks, range: start..<previousEnd) }
            advance()
            let count = try parseExpression()
            if at(.comma) { advance() }
            var maximum: Expr?
            if at("at") {
                advance()
                try expectWord("most", "after 'at' (write 'marks 5 per qualifying, at most 20')")
                guard at(.number) else { try fail("the most marks the point gives after 'at most' (write 'at most 20')") }
                let t = advance()
                maximum = Expr(.number(text(t)), t.range)
            }
            return .computedMarks(MarkScale(per: marks, count: count, maximum: maximum), range: start..<previousEnd)
        case "partial":
            advance()
            try expectWord("marks", "after 'partial'")
            return .partialMarks(try parseExpression(), range: start..<previousEnd)
        case "required":
            advance()
            try expectWord("for", "after 'required'")
            return .requiredFor(try expectString("a grade name in quotes"), range: start..<previousEnd)
        case "let":
            advance()
            let name = try expectIdentifier("a name after 'let'")
            _ = try expect(.equals, "after '\(name.name)'")
            return .binding(name, try parseExpression(), range: start..<previousEnd)
        case "met", "partially":
            let level = try parseVerdictLevel(allowNotMet: false)
            try expectWord("when", "after '\(level.words)'")
            return .condition(level, try parseExpression(), range: start..<previousEnd)
        case "feedback":
            advance()
            let level = try parseVerdictLevel(allowNotMet: true)
            let text = try expectString("the feedback text in quotes")
            return .feedback(level, text, range: start..<previousEnd)
        case "advice":
            advance()
            let text = try expectString("the advice to the learner in quotes")
            return .advice(text, range: start..<previousEnd)
        default:
            let word = text(current)
            report(
                "unknown-statement",
                "expected a point statement (\(Parser.pointKeywords.joined(separator: ", "))), found '\(word)'"
                    + Suggestion.didYouMean(word, among: Parser.pointKeywords),
                at: current.range)
            throw Recovery()
        }
    }

    /// `met`, `partially met` or (when allowed) `not met`.
    mutating func parseVerdictLevel(allowNotMet: Bool) throws(Recovery) -> VerdictLevel {
        if at("met") {
            advance()
            return .met
        }
        if at("partially") {
            advance()
            try expectWord("met", "after 'partially'")
            return .partiallyMet
        }
        if allowNotMet && at("not") {
            advance()
            try expectWord("met", "after 'not'")
            return .notMet
        }
        try fail(allowNotMet ? "'met', 'partially met' or 'not met'" : "'met' or 'partially met'")
    }

    // MARK: Grading

    mutating func parseGrading() throws(Recovery) -> GradingScheme {
        let start = advance().range.lowerBound
        var statements: [GradingStatement] = []
        let end = try parseBlock(Parser.gradingKeywords, context: "the grading scheme") { (p: inout Parser) throws(Recovery) in
            statements.append(try p.parseGradingStatement())
        }
        return GradingScheme(statements: statements, range: start..<end)
    }

    mutating func parseGradingStatement() throws(Recovery) -> GradingStatement {
        guard at(.identifier) else { try fail("a grading statement (\(Parser.gradingKeywords.joined(separator: ", ")))") }
        let start = current.range.lowerBound
        switch text(current) {
        case "grades":
            advance()
            var grades = [try expectString("a grade name in quotes after 'grades'")]
            while at(.comma) {
                advance()
                grades.append(try expectString("a grade name in quotes after ','"))
            }
            return .grades(grades, range: start..<previousEnd)
        case "floor":
            advance()
            let point = try expectIdentifier("a marking point id after 'floor'")
            try expectWord("at", "after the point id (write 'floor ID at partially met' or 'floor ID at 10 marks')")
            if at(.number) {
                let t = advance()
                try expectWord("marks", "after the number (write 'floor \(point.name) at \(text(t)) marks')")
                return .markFloor(point, Expr(.number(text(t)), t.range), range: start..<previousEnd)
            }
            let level = try parseVerdictLevel(allowNotMet: false)
            return .floor(point, level, range: start..<previousEnd)
        case "component":
            return try parseComponent()
        case "combine":
            return try parseCombine()
        case "grade":
            advance()
            let grade = try expectString("a grade name in quotes after 'grade'")
            try expectWord("when", "after the grade name")
            return .rule(grade, try parseExpression(), range: start..<previousEnd)
        default:
            let word = text(current)
            report(
                "unknown-statement",
                "expected a grading statement (\(Parser.gradingKeywords.joined(separator: ", "))), found '\(word)'"
                    + Suggestion.didYouMean(word, among: Parser.gradingKeywords),
                at: current.range)
            throw Recovery()
        }
    }

    /// `component id "title" { points a, b; grades …; floor …; grade … when … }`.
    mutating func parseComponent() throws(Recovery) -> GradingStatement {
        let start = advance().range.lowerBound
        let id = try expectIdentifier("the component's id after 'component'")
        let title = try expectString("the component's title in quotes after its id")
        var scheme = ComponentScheme(id: id, title: title, points: [], pointsRange: nil, statements: [])
        let end = try parseBlock(Parser.componentKeywords, context: "component '\(id.name)'") { (p: inout Parser) throws(Recovery) in
            if p.at("points") {
                let from = p.advance().range.lowerBound
                var names = [try p.expectIdentifier("a marking point's id after 'points'")]
                while p.at(.comma) {
                    p.advance()
                    names.append(try p.expectIdentifier("a marking point's id after ','"))
                }
                if p.scheme(&scheme, from: from, names) { return }
            } else if p.at("component") {
                p.report("nested-component", "a component cannot hold another component", at: p.current.range)
                throw Recovery()
            } else {
                scheme.statements.append(try p.parseGradingStatement())
            }
        }
        return .component(scheme, range: start..<end)
    }

    /// Records a component's `points` line; a second one is an error.
    mutating func scheme(_ scheme: inout ComponentScheme, from: Int, _ names: [Identifier]) -> Bool {
        if scheme.pointsRange != nil {
            report("duplicate-statement", "component '\(scheme.id.name)' lists its points twice; list them on one line", at: from..<previousEnd)
            return true
        }
        scheme.points = names
        scheme.pointsRange = from..<previousEnd
        return false
    }
}
