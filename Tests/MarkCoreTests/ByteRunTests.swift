import Testing

@testable import MarkCore

/// `ByteRun` (what `JSONWriter` writes into) behaves as a value and as an array of its bytes.
@Suite struct ByteRunTests {
    /// Appends of every length, across many growths, give the bytes an array gets.
    @Test func appendsAgreeWithAnArray() {
        var run = ByteRun(capacity: 1)
        var array: [UInt8] = []
        for n in 0..<300 {
            let piece = (0..<(n % 40)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ n) }
            piece.withUnsafeBufferPointer { run.append(bytes: $0) }
            array += piece
            run.append(UInt8(truncatingIfNeeded: n))
            array.append(UInt8(truncatingIfNeeded: n))
        }
        #expect(run.count == array.count)
        #expect(run.array == array)
        run.truncate(to: 10)
        #expect(run.array == Array(array.prefix(10)))
        run.removeAll()
        #expect(run.count == 0 && run.array.isEmpty)
    }

    /// A copy keeps its bytes when the original is written to, emptied or cut back, and the
    /// other way round.
    @Test func copiesAreIndependent() {
        var run = ByteRun(capacity: 16)
        run.append(Array("hello".utf8))
        var copy = run
        run.append(Array(" world".utf8))
        #expect(copy.array == Array("hello".utf8))
        #expect(run.array == Array("hello world".utf8))
        copy.append(UInt8(ascii: "!"))
        #expect(copy.array == Array("hello!".utf8))
        #expect(run.array == Array("hello world".utf8))
        let kept = run
        run.removeAll()
        run.append(Array("x".utf8))
        #expect(kept.array == Array("hello world".utf8))
        #expect(run.array == Array("x".utf8))
    }

    /// A writer's bytes handed on stay as they were when the writer is reset and reused.
    @Test func aWritersBytesOutliveItsReset() {
        var w = JSONWriter()
        w.beginObject()
        w.string("a", "one")
        w.endObject()
        let first = w.bytes
        w.reset()
        w.beginArray()
        w.endArray()
        #expect(first == Array(#"{"a":"one"}"#.utf8))
        #expect(w.output == "[]")
    }
}
