// The merge's fast paths against the general ones: the reading of headline names
// (`Finder.readNames`: its plain path, every byte at its own place in the text and the key, on
// generated text with a fixed seed, for every run of tokens), a key's first and last words, and
// the entities with those of kind `.other` left out.
import XCTest
@testable import NewswireText

final class MergeFastPathTests: XCTestCase {
    /// `forEach(skippingOther: true)` shows what `forEach` shows but the entities of kind `.other`,
    /// in the same order, the same.
    func testSkippingOtherLeavesOutOtherOnly() {
        let texts = [
            "Russian President Vladimir Putin met Kim Jong-un in Pyongyang. Putin said the Treaty matters. Welcome Putin.",
            "Observers said the Korean Central News Agency (KCNA) reported it. The Zorblat Accord was signed by Mr. Smith.",
            "Putin Meets Kim In Moscow\nThe Kremlin said Putin and Kim talked. Gazprom and the United Nations agreed. Blorfen Quux spoke.",
        ]
        var others = 0
        for text in texts {
            var all: [Entity] = [], shown: [Entity] = []
            var t = text
            t.withUTF8 { bytes in
                let sentences = SentenceSplitter.split(utf8: bytes)
                EntityFinder.forEach(utf8: bytes, sentences: sentences) { all.append($0.entity) }
                EntityFinder.forEach(utf8: bytes, sentences: sentences, skippingOther: true) { shown.append($0.entity) }
            }
            XCTAssertEqual(shown, all.filter { $0.kind != .other }, text)
            XCTAssertGreaterThan(shown.count, 0, text)
            others += all.count - shown.count
        }
        XCTAssertGreaterThan(others, 0, "some entities of kind .other were left out")
    }

    static let words = ["Kim", "Jong-un", "Putin", "O'Brien", "O’Brien", "U.S.", "DPRK", "Mr.", "St.", "J.", "of", "the",
                        "José", "Zürich", "Al-Assad", "T-shirts", "New", "York", "x", "Says", "-", "'s", "Abcdefghijk",
                        "A`z{@[~Z", "Mc-Donald-Smithers", "Abcdefgh-Ijklmnop", "X1", "Qz"]
    static let gaps = [" ", " ", " ", " ", " ", "-", "  ", "\t", "\u{00A0}", " - ", "--", "\n", "\u{7F}", ""]

    func testPlainPathMatchesGeneralPath() {
        var rng = SplitMix64(seed: 4242)
        var plain = 0
        for _ in 0..<600 {
            let text = rng.text(words: Self.words, gaps: Self.gaps, count: 1...10)
            plain += compare(text)
        }
        // Both paths were taken.
        XCTAssertGreaterThan(plain, 1000)
    }

    /// `run` skips `isHeadline` for a sentence whose last byte is ".", "!" or "?": it says no to
    /// those (and yes to the same Title Case line without them).
    func testNoHeadlineEndsInAStop() {
        for line in ["Putin Meets Kim In Moscow", "North Korea Fires Missile Over Japan Sea", "\"Kim Jong-un Visits Russia\""] {
            for end in ["", ".", "!", "?"] {
                var t = line + end
                let padded = t.withUTF8 { PaddedText($0) }
                withExtendedLifetime(padded) {
                    var finder = Finder(padded.bytes, FinderStorage())
                    finder.tokenize(0, padded.bytes.count)
                    XCTAssertEqual(finder.isHeadline(0, padded.bytes.count), end.isEmpty, t)
                }
            }
        }
    }

    /// The first and last words of a key (interned), as splitting it at spaces gives them, whether
    /// `lastKey` holds the last word's bytes or not, with spaces at the ends or not.
    func testFirstAndLastWordsAsSplit() {
        let keys = ["VLADIMIR PUTIN", "KIM JONG UN", "A B", "PUTIN", " LEADING", "TRAILING ", " BOTH  ENDS ",
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ ABCDEFGHIJKL MNOPQRSTUVWXYZ0123", "JOSÉ MARTÍ", "X  Y", "O'BRIEN SMITH-JONES"]
        for key in keys {
            for lastKey in ["PUTIN", "UN", "B", "ENDS", "MARTÍ", "Y", "SMITH-JONES", "0123", "LEADING", "TRAILING", "NONE"] {
                var finder = Finder(Bytes(start: nil, count: 0), FinderStorage())
                let id = Array(key.utf8).withUnsafeBufferPointer { finder.keys.id($0, insert: true)! }
                let lastID = Array(lastKey.utf8).withUnsafeBufferPointer { finder.keys.id($0, insert: true)! }
                let (f, l) = finder.firstAndLastWords(id, lastKey: lastID)
                let words = key.split(separator: " ")
                XCTAssertEqual(Array(finder.keys.bytes[finder.keys.range(f)]), Array(words.first!.utf8), "\(key) / \(lastKey)")
                XCTAssertEqual(Array(finder.keys.bytes[finder.keys.range(l)]), Array(words.last!.utf8), "\(key) / \(lastKey)")
            }
        }
    }

    /// `readNames` of every run of up to eight tokens of `text`, both ways; how many took the
    /// plain path.
    func compare(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var t = text
        let padded = t.withUTF8 { PaddedText($0) }
        return withExtendedLifetime(padded) { () -> Int in
            let p = padded.bytes
            var finder = Finder(p, FinderStorage())
            finder.tokenize(0, p.count)
            var plain = 0
            let n = finder.toks.count
            for first in 0..<n {
                for end in first..<min(n, first + 8) {
                    let s = finder.toks[first].start, e = finder.lastEnd(end)
                    guard e > s else { continue }
                    let what = "\(text.debugDescription) tokens \(first)...\(end)"
                    func read(_ plainPath: Bool) -> (text: [UInt8], key: [UInt8], marks: [Int]) {
                        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 2 * (e - s))
                        let marks = UnsafeMutableBufferPointer<Finder.Mark>.allocate(capacity: 2 * (end - first + 1))
                        defer { bytes.deallocate(); marks.deallocate() }
                        let textPart = UnsafeMutableBufferPointer(rebasing: bytes[0..<(e - s)])
                        let keyPart = UnsafeMutableBufferPointer(rebasing: bytes[(e - s)...])
                        finder.readNames(first, end, text: textPart, key: keyPart, marks, plainPath: plainPath)
                        let last = marks[marks.count - 1]
                        return (Array(textPart[0..<last.text]), Array(keyPart[0..<last.key]), marks.flatMap { [$0.text, $0.key] })
                    }
                    let fast = read(true), general = read(false)
                    XCTAssertEqual(fast.text, general.text, what, file: file, line: line)
                    XCTAssertEqual(fast.key, general.key, what, file: file, line: line)
                    XCTAssertEqual(fast.marks, general.marks, what, file: file, line: line)
                    // The general path's text and key, as `appendCollapsed` and `appendKey` make them.
                    let collapsed = Buffer<UInt8>(), key = Buffer<UInt8>()
                    Finder.appendCollapsed(p, s, e, to: collapsed)
                    collapsed.withUnsafeBufferPointer { _ = Finder.appendKey($0, acronym: false, to: key) }
                    XCTAssertEqual(general.text, Array(collapsed), what, file: file, line: line)
                    XCTAssertEqual(general.key, Array(key), what, file: file, line: line)
                    if Finder.plainNames(p, s, e, text: UnsafeMutableBufferPointer(start: nil, count: 0),
                                         key: UnsafeMutableBufferPointer(start: nil, count: 0)) { XCTFail("no room: \(what)") }
                    var room = [UInt8](repeating: 0, count: 2 * (e - s))
                    let tookPlain = room.withUnsafeMutableBufferPointer { r in
                        Finder.plainNames(p, s, e, text: UnsafeMutableBufferPointer(rebasing: r[0..<(e - s)]),
                                          key: UnsafeMutableBufferPointer(rebasing: r[(e - s)...]))
                    }
                    if tookPlain {
                        plain += 1
                        XCTAssertEqual(fast.text, Array(p[s..<e]), what, file: file, line: line)
                    }
                }
            }
            return plain
        }
    }
}
