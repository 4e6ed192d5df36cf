// The entity finder's fast paths in its runs, checked against the general code on generated
// text (fixed seeds): a mention's parts by the plain path (the same names, keys, interned in the
// same order so with the same ids, and flags), the scan for capitalised tokens, and the
// nationality endings read in one load.
import XCTest
@testable import NewswireText

final class MentionPartsTests: XCTestCase {
    /// Pieces of names and what may stand between them: plain ASCII words, hyphens, apostrophes
    /// (straight and curly), dots, non-ASCII letters, and blanks of every kind.
    static let words = [
        "Kim", "Jong-un", "Vladimir", "Putin", "O'Brien", "O’Brien", "People's", "U.S.", "DPRK", "KCNA", "J.", "St.",
        "Mr.", "Dr", "of", "the", "and", "for", "de", "van", "bin", "North", "Korea", "Ministry", "Foreign", "Affairs",
        "José", "Zürich", "Путин", "Al-Assad", "Jean-Claude", "X", "Ab", "Partnership", "Strategic", "New", "York",
        "Times", "II", "Smith-Jones", "Abcdefghijklmnopq", "Republic", "Korean", "Central", "News", "Agency",
    ]
    static let gaps = [" ", " ", " ", " ", "  ", "\n", "\t", "\u{00A0}", " - ", "-", "\u{200B}", "\r\n", " \u{2009}"]

    func testPlainPathMatchesGeneralPath() {
        var rng = SplitMix64(seed: 2024)
        var plain = 0
        for _ in 0..<400 {
            let text = rng.text(words: Self.words, gaps: Self.gaps, count: 1...12) + "."
            plain += compare(text)
        }
        // Both paths were taken (most names here are plain, some are not).
        XCTAssertGreaterThan(plain, 1000)
    }

    func testNamesOfEveryLength() {
        // Names of 1 to 40 bytes: whole and partial 8-byte words, separators at their edges.
        for n in 1...40 {
            for sep in [8, 7, 1, n / 2] where sep > 0 && sep < n - 1 {
                var bytes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP".utf8.prefix(n))
                bytes[0] = bytes[0].asciiUppercased
                bytes[sep] = 0x20
                bytes[sep + 1] = bytes[sep + 1].asciiUppercased
                _ = compare("Then " + String(decoding: bytes, as: UTF8.self) + " said.")
                bytes[sep] = 0x2D
                _ = compare("Then " + String(decoding: bytes, as: UTF8.self) + " said.")
            }
        }
    }

    func testNextCapitalisedMatchesOneByOneScan() {
        // Texts of 0 to 30 words (runs of every length around the 4-token step), mostly lowercase.
        var rng = SplitMix64(seed: 77)
        let pieces = ["the", "of", "said", "Kim", "DPRK", "2024", "Jong-un", "T-shirts", "Western-supplied", ",", "(", "x"]
        for _ in 0..<500 {
            var t = (0..<Int.random(in: 0...30, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: " ")
            let padded = t.withUTF8 { PaddedText($0) }
            withExtendedLifetime(padded) {
                var finder = Finder(padded.bytes, FinderStorage())
                finder.tokenize(0, padded.bytes.count)
                finder.toks.withUnsafeBufferPointer { tv in
                    for k0 in 0...tv.count {
                        var k = k0
                        while k < tv.count && !(tv[k].isWord && tv[k].f.contains(.cap) && !tv[k].f.contains(.digit)
                                                && !tv[k].f.contains(.compound)) { k += 1 }
                        XCTAssertEqual(Finder.nextCapitalised(tv, k0), k, "\(t.debugDescription) from \(k0)")
                    }
                }
            }
        }
    }

    func testDemonymEndingsInOneLoad() {
        let text = "Korean Brian Taiwanese Swedish Iranian Koreans Korea Ocean Japanese British Englishman KOREAN Kian Ambassador"
        var t = text
        let padded = t.withUTF8 { PaddedText($0) }
        withExtendedLifetime(padded) {
            var finder = Finder(padded.bytes, FinderStorage())
            finder.tokenize(0, padded.bytes.count)
            var found: [String] = []
            for k in 0..<finder.toks.count where finder.isDemonymLike(finder.toks[k]) {
                found.append(String(decoding: padded.bytes[finder.toks[k].start..<finder.toks[k].end], as: UTF8.self))
            }
            // Capitalised, not all capitals, five bytes or more, ending in ian, ean, ese or ish.
            XCTAssertEqual(found, ["Korean", "Brian", "Taiwanese", "Swedish", "Iranian", "Ocean", "Japanese", "British"])
        }
    }

    /// Makes the parts of every token range of up to four tokens in `text` (one sentence) both
    /// ways, in two finders, and checks that they agree. Returns how many names were plain.
    func compare(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var t = text
        let padded = t.withUTF8 { PaddedText($0) }
        return withExtendedLifetime(padded) { () -> Int in
            let p = padded.bytes
            var fast = Finder(p, FinderStorage())
            var general = Finder(p, FinderStorage())
            fast.tokenize(0, p.count)
            general.tokenize(0, p.count)
            XCTAssertEqual(fast.toks.count, general.toks.count, file: file, line: line)
            var plain = 0
            let n = fast.toks.count
            for a in 0..<n where fast.toks[a].isWord {
                var b = a
                while b < n && b < a + 4 && fast.toks[b].isWord {
                    let before = fast.strs.count
                    let x = fast.mentionParts(a, b)
                    let y = general.mentionParts(a, b, plainPath: false)
                    let what = "\(text.debugDescription) tokens \(a)...\(b)"
                    // Every part (name range, keys, counts, flags), and the name's bytes.
                    XCTAssertEqual(x, y, what, file: file, line: line)
                    XCTAssertEqual(Array(fast.strs[before...]), Array(general.strs[before...]), what, file: file, line: line)
                    // Plain: copied as it is (ASCII, nothing collapsed).
                    let source = p[fast.toks[a].start..<(fast.toks[a].start + Int(x.length))]
                    if !x.acronym && source.allSatisfy({ $0 < 0x80 }) && source.elementsEqual(fast.strs[before...]) { plain += 1 }
                    b += 1
                }
            }
            // The same keys, in the same order.
            XCTAssertEqual(fast.keys.count, general.keys.count, text.debugDescription, file: file, line: line)
            for id in 0..<min(fast.keys.count, general.keys.count) {
                XCTAssertEqual(Array(fast.keys.bytes[fast.keys.range(Int32(id))]),
                               Array(general.keys.bytes[general.keys.range(Int32(id))]), text.debugDescription, file: file, line: line)
            }
            return plain
        }
    }
}
