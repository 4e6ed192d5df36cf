// Random text from tricky pieces: the splitter and the finder must never trap, and their spans
// must stay ordered, in range and on character boundaries. Deterministic (fixed seed).
import XCTest
import NewswireText

final class RobustnessTests: XCTestCase {
    static let pieces = [
        "Mr.", "Dr", ".", "..", "...", "…", "!", "?", "\"", "'", "“", "”", "‘", "’", "’s", "'s", "s'", "(", ")", "[", "]",
        " ", " ", " ", "  ", "\n", "\r\n", "\t", "\u{00A0}", "\u{2028}", "-", "—", "–", ",", ":", ";", "U.S.", "a.m.",
        "e.g.", "J.", "2.5", "$1.2bn", "3", "The", "the", "of", "and", "Putin", "Vladimir", "Kim", "Jong-un", "KCNA",
        "(KCNA)", "Ministry", "Korea", "North", "Russian", "President", "leader", "said", "in", "Pyongyang", "SEOUL",
        "Путин", "金正恩", "。", "」", "🎉", "👩‍👩‍👧", "e\u{0301}", "\u{0301}", "\u{FEFF}", "Jan", "June", "O'Brien", "al-Assad",
        "People's", "Republic", "St.", "Inc.", "no", "ALSO", "A", "I", "x", "Y",
    ]

    func testRandomTextNeverTraps() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let count = Int.random(in: 0...40, using: &rng)
            var text = ""
            for _ in 0..<count { text += Self.pieces.randomElement(using: &rng)! }
            check(text)
        }
    }

    func testRandomBytesNeverTrap() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...60, using: &rng)).map { _ -> UInt8 in
                // Mostly ASCII punctuation and letters, some high bytes (repaired to U+FFFD).
                let r = UInt8.random(in: 0...255, using: &rng)
                return r < 200 ? [0x2E, 0x20, 0x41, 0x61, 0x22, 0x0A, 0x27, 0x28, 0x29, 0x2D, 0x4B][Int(r) % 11] : r
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let n = text.utf8.count
        let spans = SentenceSplitter.split(text)
        var previous = 0
        for s in spans {
            XCTAssertTrue(s.start >= previous && s.start < s.end && s.end <= n, "\(s) in \(text.debugDescription)",
                          file: file, line: line)
            assertBoundary(text, s.start, file: file, line: line)
            assertBoundary(text, s.end, file: file, line: line)
            previous = s.end
        }
        for e in EntityFinder.find(in: text, sentences: spans) {
            XCTAssertFalse(e.name.isEmpty, file: file, line: line)
            XCTAssertFalse(e.mentions.isEmpty, file: file, line: line)
            for m in e.mentions {
                XCTAssertTrue(m.start >= 0 && m.start < m.end && m.end <= n, "\(m) in \(text.debugDescription)",
                              file: file, line: line)
                assertBoundary(text, m.start, file: file, line: line)
                assertBoundary(text, m.end, file: file, line: line)
            }
        }
        // Arbitrary sentence spans must not trap either.
        _ = EntityFinder.find(in: text, sentences: [TextSpan(start: 1, end: n - 1), TextSpan(start: n, end: 0)])
    }

    /// On a Unicode scalar boundary (the finest unit the spans promise).
    func assertBoundary(_ text: String, _ offset: Int, file: StaticString, line: UInt) {
        let u = text.utf8
        let i = u.index(u.startIndex, offsetBy: offset)
        XCTAssertNotNil(i.samePosition(in: text.unicodeScalars), "offset \(offset) splits a character in \(text.debugDescription)",
                        file: file, line: line)
    }
}
