// Whatever the input, the result holds together: spans inside the text and on
// character boundaries, in order, speakers that exist, confidences in [0, 1].
import XCTest
import NewswireText
@testable import QuoteExtractor

final class QuotesRobustnessTests: XCTestCase {
    func checkInvariants(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let r = QuoteExtractor.extract(text)
        let bytes = Array(text.utf8)
        var last = -1
        for q in r.quotes {
            XCTAssertTrue(0 <= q.span.start && q.span.start <= q.span.end && q.span.end <= bytes.count, "\(q.span)", file: file, line: line)
            XCTAssertGreaterThanOrEqual(q.span.start, last, file: file, line: line)
            last = q.span.start
            for b in [q.span.start, q.span.end] where b < bytes.count {
                XCTAssertNotEqual(bytes[b] & 0xC0, 0x80, "span off a character boundary", file: file, line: line)
            }
            XCTAssertEqual(q.text, String(text.slice(q.span)), file: file, line: line)
            XCTAssertTrue((0...1).contains(q.confidence), file: file, line: line)
            if let s = q.speaker { XCTAssertLessThan(s, r.speakers.count, file: file, line: line) } else { XCTAssertEqual(q.confidence, 0, file: file, line: line) }
            if q.kind == .term { XCTAssertNil(q.speaker, file: file, line: line) }
            if let m = q.speakerMention { XCTAssertTrue(m.start <= m.end && m.end <= bytes.count, file: file, line: line) }
            // A quotation never crosses a line.
            XCTAssertFalse(q.text.contains("\n"), file: file, line: line)
        }
        for s in r.speakers {
            XCTAssertFalse(s.name.isEmpty, file: file, line: line)
            for m in s.mentions { XCTAssertTrue(m.start <= m.end && m.end <= bytes.count, file: file, line: line) }
        }
    }

    func testPathologicalMarks() {
        checkInvariants(String(repeating: "“", count: 5000))
        checkInvariants(String(repeating: "”", count: 5000))
        checkInvariants(String(repeating: "\"", count: 5001))
        checkInvariants(String(repeating: "‘a ", count: 3000))
        checkInvariants(String(repeating: "’s ", count: 3000))
        checkInvariants(String(repeating: "“a “b ”c ” ", count: 2000))
        checkInvariants(String(repeating: "“We go,” he said. ", count: 2000))
    }

    func testLongSentenceWithoutStops() {
        let words = (0..<20000).map { $0 % 7 == 0 ? "Berg" : $0 % 11 == 0 ? "said" : $0 % 13 == 0 ? "“yes”" : "word" }
        checkInvariants(words.joined(separator: " "))
        checkInvariants(String(repeating: "ALL CAPS NAME ", count: 5000) + "said “loud”")
    }

    func testRandomTextsOfTrickyCharacters() {
        var rng = SplitMix64(seed: 42)
        let pieces = ["“", "”", "\"", "'", "‘", "’", "«", "»", "„", " ", " ", " ", "\n", "\n\n", ".", ",", ":", "—", "-", "said", "told",
                      "according to", "he", "she", "Mr.", "Anna", "Lindqvist", "the president", "Berg", "of", "the", "Ministry", "é", "日本",
                      "🙂", "\u{FFFD}", "s", "that", "reportedly", "(", ")"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int(rng.next() % 80) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            checkInvariants(text)
        }
    }

    func testInvalidUTF8IsRepairedNotFatal() {
        let bytes: [UInt8] = [0x22, 0x57, 0xFF, 0x65, 0x22, 0x20, 0x73, 0x61, 0x69, 0x64, 0x20, 0xE2, 0x80, 0x9C, 0xC3]
        checkInvariants(String(decoding: bytes, as: UTF8.self))
    }
}

