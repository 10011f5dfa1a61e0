extension Checker {
    static let builtinNames: Set<String> = ["items", "submission", "total"]

    /// Where an expression is being checked, and the names bound around it.
    struct Scope {
        enum Context { case definition, point, grading }
        var context: Context
        var file: Int
        var locals: [(name: String, slot: Int, type: ValueType)] = []
        /// Names bound by `let` that feedback may use.
        var pointName: String?
        /// The component whose rules are being checked, if any.
        var component: Int?

        func lookup(_ name: String) -> (slot: Int, type: ValueType)? {
            locals.last { $0.name == name }.map { ($0.slot, $0.type) }
        }
    }

    mutating func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    mutating func collectDefinitions() {
        for (file, tree) in trees.enumerated() {
            for case .define(let d) in tree.declarations {
                let name = d.name.name
                if Checker.builtinNames.contains(name) || Builtin(rawValue: name) != nil
                    || Parser.quantifierWords[name] != nil || Parser.aggregateWords[name] != nil
                {
                    error("reserved-name", "'\(name)' is a built-in name and cannot be defined", d.name.range, file: file)
                    continue
                }
                if let first = definitionIndex[name] {
                    let f = definitions[first]
                    error(
                        "duplicate-definition", "'\(name)' is defined twice", d.name.range, file: file,
                        notes: [note("first defined here", f.declaration.name.range, file: f.file)])
                    continue
                }
                definitionIndex[name] = definitions.count
                definitions.append(DefinitionInfo(declaration: d, file: file))
            }
        }
    }

    mutating func checkAllDefinitions() {
        for i in definitions.indices { _ = ensureDefinition(i, usedFrom: nil) }
    }

    /// Checks a definition if not yet done and returns its type; reports recursion.
    mutating func ensureDefinition(_ index: Int, usedFrom: (range: Range<Int>, file: Int)?) -> ValueType {
        if usedFrom != nil { definitions[index].used = true }
        switch definitions[index].state {
        case .done: return definitions[index].type
        case .checking:
            let name = definitions[index].declaration.name.name
            if let usedFrom {
                error(
                    "recursion", "'\(name)' refers to itself; recursion is not allowed, so that every evaluation ends",
                    usedFrom.range, file: usedFrom.file)
            }
            return .error
        case .unchecked: break
        }
        definitions[index].state = .checking
        let info = definitions[index]
        let d = info.declaration
        var scope = Scope(context: .definition, file: info.file)
        var parameterSlots: [Int] = []
        var parameterTypes: [ValueType] = []
        for p in d.parameters ?? [] {
            let type = resolveParameterType(p.type, file: info.file)
            if let scale = p.scale {
                error("scale-on-parameter", "a scale ('from … to …') belongs on an evidence field, not a parameter", scale.range, file: info.file)
            }
            if scope.locals.contains(where: { $0.name == p.name.name }) {
                error("duplicate-parameter", "parameter '\(p.name.name)' is named twice", p.name.range, file: info.file)
            }
            let slot = newSlot()
            scope.locals.append((p.name.name, slot, type))
            parameterSlots.append(slot)
            parameterTypes.append(type)
        }
        let body = checkExpression(d.body, &scope)
        definitions[index].type = body.type
        definitions[index].parameterTypes = parameterTypes
        if d.parameters == nil {
            definitions[index].compiledIndex = values.count
            values.append(CompiledValue(name: d.name.name, body: body.node))
        } else {
            definitions[index].compiledIndex = functions.count
            functions.append(CompiledFunction(name: d.name.name, parameterSlots: parameterSlots, body: body.node))
        }
        definitions[index].state = .done
        return body.type
    }

    mutating func warnUnusedDefinitions() {
        for d in definitions where d.file == 0 && !d.used {
            warning("unused-definition", "'\(d.declaration.name.name)' is defined but never used", d.declaration.name.range, file: 0)
        }
    }
}
