import Testing

@testable import MarkCore

/// Evidence read into an `EvidenceStore` (what `mark` does) holds the same values as the value
/// tree, and one marker reuses one store from submission to submission.
@Suite struct EvidenceStoreTests {
    static let ruleset = Fixtures.ruleset(
        """
        point p "P" {
          marks 1
          met when any(i in items where i.verified_by.signed and count(i.tags) >= 2)
        }
        grading {
          grades "Fail", "Pass"
          grade "Pass" when total >= 1
        }
        """)

    /// Items with nested records, lists, texts long enough to be held out of line, absent
    /// optional fields and absent lists.
    static func items(_ n: Int) -> [String] {
        (0..<n).map { k in
            Fixtures.item(
                "E\(k)", role: k % 3 == 0 ? "learner" : "assessor", signed: k % 2 == 0,
                extra: k % 4 == 0
                    ? #""notes": "a note long enough to be kept out of line, number \#(k)", "tags": ["a", "b\#(k)"], "follow_up": {"personalised": true, "date": "2025-04-0\#(k % 9 + 1)"}"#
                    : k % 4 == 1 ? #""score": \#(k), "tags": []"# : "")
        }
    }

    func read(_ json: String, into store: EvidenceStore?) throws -> Submission {
        let document = try EvidenceReader.open(SourceFile(path: "s.json", text: json)).get()
        return try EvidenceReader.submission(document, plan: EvidencePlan(Self.ruleset.schema), store: store).get()
    }

    @Test func storedItemsAreTheTreesItemsWhenMaterialized() throws {
        // 300 items of about ten values each: more than the store's first 1,024, so it grows
        // while the items are read.
        let json = Fixtures.submissionJSON(Self.items(300))
        let store = EvidenceStore()
        let stored = try read(json, into: store)
        let tree = try read(json, into: nil)
        #expect(stored.items.count == 300)
        #expect(store.count > 1024)
        for (k, item) in stored.items.enumerated() {
            guard case .storedRecord = item else {
                Issue.record("item \(k) is not stored: \(item)")
                continue
            }
            #expect(EvidenceStore.materialize(item, store.view) == tree.items[k], "item \(k)")
        }
        #expect(stored.itemIDs == tree.itemIDs)
    }

    /// Read with the plan `mark` uses (only the fields the rules can read are kept), a stored
    /// record holds only those fields: a store of fewer values, which still materialise to the
    /// tree read with the same plan and mark as the full tree does.
    @Test func storedRecordsHoldOnlyTheFieldsTheRulesRead() throws {
        let json = Fixtures.submissionJSON(Self.items(40))
        let document = try EvidenceReader.open(SourceFile(path: "s.json", text: json)).get()
        let pruned = EvidencePlan(for: Self.ruleset)
        let full = EvidencePlan(Self.ruleset.schema)
        let item = pruned.records[pruned.types[pruned.itemType].child]
        #expect(item.storedCount < item.fieldCount, "the rules read only some of an item's fields")
        #expect(item.storedCount >= 3, "id, verified_by and tags are read")

        let fullStore = EvidenceStore()
        _ = try EvidenceReader.submission(document, plan: full, store: fullStore).get()
        let store = EvidenceStore()
        let stored = try EvidenceReader.submission(document, plan: pruned, store: store).get()
        #expect(store.count < fullStore.count)
        let tree = try EvidenceReader.submission(document, plan: pruned, store: nil).get()
        for (k, value) in stored.items.enumerated() {
            #expect(EvidenceStore.materialize(value, store.view) == tree.items[k], "item \(k)")
        }
        #expect(stored.itemIDs == tree.itemIDs)

        var evaluator = Evaluator(ruleset: Self.ruleset)
        let program = try evaluator.mark(stored)
        let walked = try evaluator.markByWalkingTheTree(try EvidenceReader.submission(document, plan: full, store: nil).get())
        #expect(program == walked)
        #expect(program.grade == "Pass")
    }

    @Test func readingTheNextSubmissionClearsTheStore() throws {
        let store = EvidenceStore()
        let first = try read(Fixtures.submissionJSON(Self.items(40)), into: store)
        let used = store.count
        let second = try read(Fixtures.submissionJSON(Self.items(4)), into: store)
        #expect(store.count < used)
        #expect(first.store!.1 != second.store!.1, "each reading is a new generation")
        #expect(second.store!.1 == store.generation)
    }

    /// The tree walk (the explainer's path) reads value trees: handed a submission read into a
    /// store, it marks the same trees, materialised, and so gets the program's result.
    @Test func theTreeWalkMarksAStoredSubmissionAsTheProgramDoes() throws {
        let json = Fixtures.submissionJSON(Self.items(6))
        let store = EvidenceStore()
        var evaluator = Evaluator(ruleset: Self.ruleset)
        let program = try evaluator.mark(try read(json, into: store))
        let tree = try evaluator.markByWalkingTheTree(try read(json, into: store))
        #expect(program.grade == "Pass")
        #expect(tree == program)
        var explainer = Explainer(ruleset: Self.ruleset)
        #expect(try explainer.explain(try read(json, into: store)).result == program)
    }

    @Test func aMarkerReusesItsStore() throws {
        var marker = Marker(catalog: RulesetCatalog(rulesets: [Self.ruleset], diagnostics: [], sources: [:]), forced: 0)
        var seen: Set<ObjectIdentifier> = []
        var grades: [String] = []
        for n in [1, 6, 3] {
            guard case .marked(let result) = marker.mark(SourceFile(path: "s\(n).json", text: Fixtures.submissionJSON(Self.items(n)))) else {
                Issue.record("submission of \(n) items did not mark")
                continue
            }
            grades.append(result.grade)
            seen.insert(ObjectIdentifier(marker.store))
        }
        #expect(grades == ["Pass", "Pass", "Pass"])
        #expect(seen.count == 1, "one store for every submission, not a new one each time")
    }

    @Test func aCopyOfAMarkerGetsItsOwnStore() throws {
        var marker = Marker(catalog: RulesetCatalog(rulesets: [Self.ruleset], diagnostics: [], sources: [:]), forced: 0)
        _ = marker.mark(SourceFile(path: "a.json", text: Fixtures.submissionJSON(Self.items(2))))
        var copy = marker
        _ = copy.mark(SourceFile(path: "b.json", text: Fixtures.submissionJSON(Self.items(2))))
        #expect(ObjectIdentifier(copy.store) != ObjectIdentifier(marker.store))
    }
}

/// Key matching compares a declared name with a key a word at a time: every length, a
/// difference at every position, and a key at the very end of its buffer (no word past it).
@Suite struct KeyMatchTests {
    @Test func sameKeyAgreesWithAByteComparison() {
        for length in 0...24 {
            let name = (0..<length).map { UInt8(0x61 + $0 % 26) } + [UInt8](repeating: 0, count: 8)
            for room in [0, 3, 8, 16] {
                for differ in -1..<length {
                    var key = Array(name[0..<length])
                    if differ >= 0 { key[differ] ^= 0x20 }
                    key += [UInt8](repeating: 0x22, count: room)  // the key's closing quote and what follows
                    let expected = differ < 0
                    let got = name.withUnsafeBufferPointer { n in
                        key.withUnsafeBufferPointer { k in
                            JSONDocument.sameKey(n.baseAddress!, k.baseAddress!, length, keyEnd: k.baseAddress! + k.count)
                        }
                    }
                    #expect(got == expected, "length \(length), \(room) bytes after, differing at \(differ)")
                }
            }
        }
    }
}
