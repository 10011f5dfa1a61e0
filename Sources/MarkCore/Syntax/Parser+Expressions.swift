extension Parser {
    static let quantifierWords: [String: Quantifier] = ["any": .any, "all": .all, "none": .none, "count": .count]
    static let aggregateWords: [String: Aggregate] = [
        "sum": .sum, "min": .min, "max": .max, "span": .span, "distinct": .distinct,
    ]

    /// Goes one level deeper, or reports that the expression is nested too deeply. The caller
    /// comes back up with `defer { depth -= 1 }`.
    mutating func enterNesting() throws(Recovery) {
        depth += 1
        if depth > Parser.maxDepth {
            depth -= 1
            report("nesting-too-deep", "expression is nested too deeply (more than \(Parser.maxDepth) levels)", at: current.range)
            throw Recovery()
        }
    }

    /// A run of `a and b and c …` builds a tree as deep as the run is long; cap it with nesting
    /// so later passes never recurse without bound.
    mutating func checkChain(_ chain: Int) throws(Recovery) {
        if depth + chain > Parser.maxDepth * 2 {
            report("nesting-too-deep", "expression is too long or nested too deeply (more than \(Parser.maxDepth * 2) operators in a row); split it into definitions", at: current.range)
            throw Recovery()
        }
    }

    /// Parses a full expression: `or` binds loosest.
    mutating func parseExpression() throws(Recovery) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        let outermost = !inExpression
        inExpression = true
        defer { if outermost { inExpression = false } }
        var lhs = try parseAnd()
        var chain = 0
        while at("or") {
            chain += 1
            try checkChain(chain)
            advance()
            let rhs = try parseAnd()
            lhs = Expr(.binary(.or, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        if outermost && Parser.height(of: lhs, exceeds: Parser.maxExpressionHeight) {
            report(
                "nesting-too-deep",
                "expression is too long or nested too deeply (more than \(Parser.maxExpressionHeight) levels of operators and parentheses); split it into definitions",
                at: lhs.range.lowerBound..<lhs.range.lowerBound + 1)
            throw Recovery()
        }
        return lhs
    }

    /// Whether an expression tree is more than `limit` levels tall (a leaf is one level).
    /// Iterative, so it is safe on a tree of any height.
    static func height(of root: Expr, exceeds limit: Int) -> Bool {
        var pending: [(expr: Expr, level: Int)] = [(root, 1)]
        while let (e, level) = pending.popLast() {
            if level > limit { return true }
            func push(_ child: Expr?) {
                if let child { pending.append((child, level + 1)) }
            }
            switch e.kind {
            case .number, .duration, .string, .date, .boolean, .name, .missing, .atLeast, .gradeTest, .atLeastGrade, .everyComponent, .everyPoint: break
            case .member(let base, _): push(base)
            case .call(_, let arguments): arguments.forEach(push)
            case .list(let elements): elements.forEach(push)
            case .unary(_, let operand): push(operand)
            case .binary(_, let a, let b): push(a); push(b)
            case .test(let subject, _): push(subject)
            case .within(let a, let amount, let b): push(a); push(amount); push(b)
            case .between(_, let a, let b): push(a); push(b)
            case .quantifier(_, _, let collection, let filter): push(collection); push(filter)
            case .aggregate(_, let value, _, let collection, let filter): push(value); push(collection); push(filter)
            case .group(let inner): push(inner)
            }
        }
        return false
    }

    /// Parses an operand that is read below `parseExpression` (the dates of `days between`, the
    /// list of a quantifier or aggregate) as one more level of nesting: these constructs can
    /// nest inside each other without passing through `parseExpression`'s depth check.
    mutating func parseNestedAdditive() throws(Recovery) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        return try parseAdditive()
    }

    mutating func parseAnd() throws(Recovery) -> Expr {
        var lhs = try parseNot()
        var chain = 0
        while at("and") {
            chain += 1
            try checkChain(chain)
            advance()
            let rhs = try parseNot()
            lhs = Expr(.binary(.and, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        return lhs
    }

    mutating func parseNot() throws(Recovery) -> Expr {
        if at("not") {
            let start = advance().range.lowerBound
            try enterNesting()
            defer { depth -= 1 }
            let operand = try parseNot()
            return Expr(.unary(.not, operand), start..<operand.range.upperBound)
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(Recovery) -> Expr {
        let lhs = try parseAdditive()
        let op: BinaryOperator
        switch current.kind {
        case .equals: op = .equal
        case .notEquals: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        case .doubleEquals:
            report("double-equals", "write '=' to compare values, not '=='", at: current.range)
            throw Recovery()
        case .identifier:
            switch text(current) {
            case "in": op = .in
            case "mentions": op = .mentions
            case "not" where peek().kind == .identifier && isWord(peek(), "in"):
                advance()
                op = .notIn
            case "is": return try parseIsTest(lhs)
            case "within": return try parseWithin(lhs)
            default: return lhs
            }
        default: return lhs
        }
        advance()
        let rhs = try parseAdditive()
        return Expr(.binary(op, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
    }

    mutating func parseIsTest(_ lhs: Expr) throws(Recovery) -> Expr {
        advance()
        let negated = at("not")
        if negated { advance() }
        if !negated, at(.string), case .name(let id) = lhs.kind {
            let grade = try expectString("a grade name in quotes")
            return Expr(.gradeTest(id, grade), lhs.range.lowerBound..<previousEnd)
        }
        let test: TestKind
        if at("missing") {
            test = negated ? .present : .missing
        } else if at("present") {
            test = negated ? .missing : .present
        } else if at("met") {
            test = negated ? .notMet : .met
        } else if at("partially") && !negated {
            advance()
            guard at("met") else { try fail("'met' after 'partially'") }
            test = .partiallyMet
        } else {
            try fail("'missing', 'present', 'met', 'partially met' or 'not met' after 'is'")
        }
        advance()
        return Expr(.test(lhs, test), lhs.range.lowerBound..<previousEnd)
    }

    mutating func parseWithin(_ lhs: Expr) throws(Recovery) -> Expr {
        advance()
        let amount = try parseAdditive()
        try expectWord("of", "after 'within N days' (write 'a within 30 days of b')")
        let rhs = try parseAdditive()
        return Expr(.within(lhs, amount, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
    }

    mutating func parseAdditive() throws(Recovery) -> Expr {
        try parseLeftAssociative(
            operand: { (p: inout Parser) throws(Recovery) in try p.parseMultiplicative() },
            op: { $0 == .plus ? .plus : $0 == .minus ? .minus : nil })
    }

    mutating func parseMultiplicative() throws(Recovery) -> Expr {
        try parseLeftAssociative(
            operand: { (p: inout Parser) throws(Recovery) in try p.parseUnary() },
            op: { $0 == .star ? .times : $0 == .slash ? .divide : nil })
    }

    /// `a op b op c …`, left-associative, for the punctuation operators `op` maps; the run's
    /// length counts towards the nesting limit.
    mutating func parseLeftAssociative(
        operand: (inout Parser) throws(Recovery) -> Expr, op: (TokenKind) -> BinaryOperator?
    ) throws(Recovery) -> Expr {
        var lhs = try operand(&self)
        var chain = 0
        while let o = op(current.kind) {
            chain += 1
            try checkChain(chain)
            advance()
            let rhs = try operand(&self)
            lhs = Expr(.binary(o, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        return lhs
    }

    mutating func parseUnary() throws(Recovery) -> Expr {
        if at(.minus) {
            let start = advance().range.lowerBound
            try enterNesting()
            defer { depth -= 1 }
            let operand = try parseUnary()
            return Expr(.unary(.negate, operand), start..<operand.range.upperBound)
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(Recovery) -> Expr {
        var base = try parsePrimary()
        var chain = 0
        while at(.dot) {
            chain += 1
            try checkChain(chain)
            advance()
            guard at(.identifier) else { try fail("a field name after '.'") }
            let t = advance()
            let field = Identifier(name: text(t), range: t.range)
            base = Expr(.member(base, field), base.range.lowerBound..<t.range.upperBound)
        }
        if at("otherwise") {
            advance()
            try enterNesting()
            defer { depth -= 1 }
            let fallback = try parseUnary()
            base = Expr(.binary(.otherwise, base, fallback), base.range.lowerBound..<fallback.range.upperBound)
        }
        return base
    }

    mutating func parsePrimary() throws(Recovery) -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            let raw = text(token)
            if at("days") || at("weeks") {
                let unit: DurationUnit = at("days") ? .days : .weeks
                let end = advance().range.upperBound
                return Expr(.duration(raw, unit), token.range.lowerBound..<end)
            }
            return Expr(.number(raw), token.range)
        case .string:
            advance()
            return Expr(.string(StringLiteral(raw: text(token), range: token.range)), token.range)
        case .date:
            advance()
            return Expr(.date(text(token)), token.range)
        case .leftParen:
            advance()
            let inner = try parseExpression()
            let close = try expect(.rightParen, "to close '('")
            return Expr(.group(inner), token.range.lowerBound..<close.range.upperBound)
        case .leftBracket:
            advance()
            var elements: [Expr] = []
            while !at(.rightBracket) {
                elements.append(try parseExpression())
                if !at(.rightBracket) { _ = try expect(.comma, "or ']' in a list") }
            }
            let end = advance().range.upperBound
            return Expr(.list(elements), token.range.lowerBound..<end)
        case .identifier:
            return try parseNamePrimary()
        default:
            try fail("a value or condition")
        }
    }

    mutating func parseNamePrimary() throws(Recovery) -> Expr {
        let token = current
        let word = text(token)
        if word == "true" || word == "false" {
            advance()
            return Expr(.boolean(word == "true"), token.range)
        }
        if (word == "days" || word == "weeks"), peek().kind == .identifier, isWord(peek(), "between") {
            advance()
            advance()
            let a = try parseNestedAdditive()
            try expectWord("and", "between the two dates (write 'days between a and b')")
            let b = try parseNestedAdditive()
            return Expr(.between(word == "days" ? .days : .weeks, a, b), token.range.lowerBound..<b.range.upperBound)
        }
        if word == "at", peek().kind == .identifier, isWord(peek(), "least") { return try parseAtLeast() }
        if word == "every", peek().kind == .identifier, isWord(peek(), "component") || isWord(peek(), "point") { return try parseEvery() }
        if peek().kind == .leftParen {
            if let q = Parser.quantifierWords[word] { return try parseQuantifier(q) }
            if let a = Parser.aggregateWords[word] { return try parseAggregate(a) }
        }
        let name = try expectIdentifier("a value or condition")
        if at(.leftParen) {
            advance()
            var arguments: [Expr] = []
            while !at(.rightParen) {
                arguments.append(try parseExpression())
                if !at(.rightParen) { _ = try expect(.comma, "or ')' after an argument") }
            }
            let end = advance().range.upperBound
            return Expr(.call(name, arguments), name.range.lowerBound..<end)
        }
        return Expr(.name(name), name.range)
    }

    /// `at least N of (p, q, r) are met`, `… are partially met`, `… are not met`.
    mutating func parseAtLeast() throws(Recovery) -> Expr {
        let start = advance().range.lowerBound
        advance()  // least
        let form = "write 'at least 2 of (a, b, c) are met'"
        guard at(.number) else { try fail("a number of points after 'at least' (\(form))") }
        let countToken = advance()
        let count = Expr(.number(text(countToken)), countToken.range)
        if at("components") {
            advance()
            try expectWord("are", "after 'components' (write 'at least 2 components are \"Distinction\"')")
            let grade = try expectString("a grade name in quotes (write 'at least 2 components are \"Distinction\"')")
            return Expr(.atLeastGrade(count, nil, grade), start..<previousEnd)
        }
        try expectWord("of", "after 'at least \(text(countToken))' (\(form))")
        _ = try expect(.leftParen, "before the marking points (\(form))")
        var points: [Identifier] = []
        repeat {
            if !points.isEmpty { advance() }  // ,
            guard at(.identifier) else { try fail("a marking point's id (\(form))") }
            points.append(try expectIdentifier("a marking point's id"))
        } while at(.comma)
        _ = try expect(.rightParen, "or ',' after a marking point's id (\(form))")
        try expectWord("are", "after the marking points (\(form))")
        if at(.string) {
            let grade = try expectString("a grade name in quotes")
            return Expr(.atLeastGrade(count, points, grade), start..<previousEnd)
        }
        let test: TestKind
        if at("met") {
            test = .met
        } else if at("partially") {
            advance()
            guard at("met") else { try fail("'met' after 'partially'") }
            test = .partiallyMet
        } else if at("not") {
            advance()
            guard at("met") else { try fail("'met' after 'not'") }
            test = .notMet
        } else {
            try fail("'met', 'partially met' or 'not met' after 'are'")
        }
        let end = advance().range.upperBound
        return Expr(.atLeast(count, points, test), start..<end)
    }

    /// `every component is "Pass"` or `every point in observation is met` (`partially met`,
    /// `not met`).
    mutating func parseEvery() throws(Recovery) -> Expr {
        let start = advance().range.lowerBound
        if at("component") {
            advance()
            try expectWord("is", "after 'every component' (write 'every component is \"Pass\"')")
            let grade = try expectString("a grade name in quotes (write 'every component is \"Pass\"')")
            return Expr(.everyComponent(grade), start..<previousEnd)
        }
        advance()  // point
        try expectWord("in", "after 'every point' (write 'every point in observation is met')")
        let component = try expectIdentifier("a component's id (write 'every point in observation is met')")
        try expectWord("is", "after the component (write 'every point in \(component.name) is met')")
        let level = try parseVerdictLevel(allowNotMet: true)
        let test: TestKind = level == .met ? .met : level == .partiallyMet ? .partiallyMet : .notMet
        return Expr(.everyPoint(component, test), start..<previousEnd)
    }

    /// `any(x in c where p)`; `count(x in c where p)`, `count(distinct …)` or `count(list)`.
    mutating func parseQuantifier(_ q: Quantifier) throws(Recovery) -> Expr {
        let start = advance().range.lowerBound
        advance()  // (
        if q == .count && at("distinct") && (peek().kind != .leftParen || forFollowsAtThisLevel(from: index + 1)) {
            advance()
            return try parseAggregateTail(.countDistinct, start: start)
        }
        let bindsName = at(.identifier) && peek().kind == .identifier && isWord(peek(), "in")
        if q == .count && !bindsName {
            let list = try parseExpression()
            let end = try expect(.rightParen, "after the list to count").range.upperBound
            return Expr(.call(Identifier(name: "count", range: start..<start + 5), [list]), start..<end)
        }
        let binder = try expectIdentifier("a name for each element (write '\(q.rawValue)(x in list where …)')")
        try expectWord("in", "after '\(binder.name)'")
        let collection = try parseNestedAdditive()
        var filter: Expr?
        if at("where") {
            advance()
            filter = try parseExpression()
        } else if q == .all || q == .none {
            try fail("'where' and a condition (write '\(q.rawValue)(x in list where …)')")
        }
        let end = try expect(.rightParen, "to close '\(q.rawValue)('").range.upperBound
        return Expr(.quantifier(q, binder, collection, filter), start..<end)
    }

    /// Whether a `for` follows at this nesting level before the enclosing `)` closes: tells
    /// `count(distinct (v).f for x in c)` from `count(distinct(v for x in c))`.
    func forFollowsAtThisLevel(from start: Int) -> Bool {
        var depth = 0
        var i = start
        while i < tokens.count {
            switch tokens[i].kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace:
                depth -= 1
                if depth < 0 { return false }
            case .identifier where depth == 0 && isWord(tokens[i], "for"): return true
            case .endOfFile: return false
            default: break
            }
            i += 1
        }
        return false
    }

    /// `sum(value for x in c where p)`, or `sum(list)` as a plain call.
    mutating func parseAggregate(_ a: Aggregate) throws(Recovery) -> Expr {
        let nameToken = advance()
        advance()  // (
        let start = nameToken.range.lowerBound
        let value = try parseExpression()
        if at(.rightParen) {
            let end = advance().range.upperBound
            return Expr(.call(Identifier(name: text(nameToken), range: nameToken.range), [value]), start..<end)
        }
        try expectWord("for", "or ')' after the value (write '\(a.rawValue)(value for x in list where …)')")
        return try parseAggregateRest(a, value: value, start: start)
    }

    mutating func parseAggregateTail(_ a: Aggregate, start: Int) throws(Recovery) -> Expr {
        let value = try parseExpression()
        try expectWord("for", "after the value (write 'count(distinct value for x in list where …)')")
        return try parseAggregateRest(a, value: value, start: start)
    }

    mutating func parseAggregateRest(_ a: Aggregate, value: Expr, start: Int) throws(Recovery) -> Expr {
        let binder = try expectIdentifier("a name for each element after 'for'")
        try expectWord("in", "after '\(binder.name)'")
        let collection = try parseNestedAdditive()
        var filter: Expr?
        if at("where") {
            advance()
            filter = try parseExpression()
        }
        let end = try expect(.rightParen, "to close '\(a.rawValue)('").range.upperBound
        return Expr(.aggregate(a, value, binder, collection, filter), start..<end)
    }
}
