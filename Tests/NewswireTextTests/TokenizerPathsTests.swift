// The entity finder's tokenizer has three paths of decreasing generality: the general loop of
// `Finder.tokenize`, the byte loop of `Finder.plainWords`, and its chunks of 32 bytes classified
// at once. Each must record exactly the tokens (and lowercase words) the general loop records:
// checked here on many generated sentences, cut at random places.
import XCTest
@testable import NewswireText

final class TokenizerPathsTests: XCTestCase {
    /// Pieces that sentences are made of: the commonest kinds of word, and those every path must
    /// hand on to a more general one (capitals inside, digits, dots, hyphens, apostrophes,
    /// non-ASCII characters, abbreviations that keep their dot, words longer than a chunk).
    static let words: [String] = [
        "a", "i", "x", "an", "of", "the", "and", "said", "would", "between", "government", "ministers",
        "I", "A", "Mr", "Dr", "St", "Jan", "May", "The", "However", "Korea", "Putin", "Moscow", "Seoul",
        "DPRK", "US", "UN", "NATO", "McDonald", "HomeWorldAsia", "iPhone", "eBay", "abcD",
        "2024", "3rd", "19th", "x86", "A1", "10,000", "5.5",
        "U.S.", "a.m.", "p.m.", "J.", "e.g.", "Mr.", "St.", "Inc.", "Jan.",
        "well-known", "so-called", "e-mail", "long-range-missile", "x-", "-x", "a--b", "Kim Jong-un", "DPRK-Russia", "Moscow-based", "T-shirts", "al-Assad", "bin-Salman",
        "People's", "Workers'", "Putin's", "it's", "don't", "O'Brien", "Putin’s", "Korea’s",
        "café", "Café", "naïve", "Zürich", "日本", "Ёлка",
        String(repeating: "a", count: 30), String(repeating: "b", count: 31), String(repeating: "c", count: 32),
        String(repeating: "d", count: 33), String(repeating: "e", count: 47), "Z" + String(repeating: "z", count: 31),
    ]
    static let marks: [String] = [
        ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "\"", "'", "-", "/", "&", "%", "$", "*", "#",
        "“", "”", "‘", "’", "—", "–", "…", "\u{0}", "\u{7}", "\u{1F}", "\u{7F}",
    ]
    static let gaps: [String] = [" ", " ", " ", " ", "", "  ", "   ", "\t", "\n", " \n ", "\r\n", "\u{B}", "\u{C}", "\u{A0}"]

    /// A random text: mostly lowercase words and single spaces, as prose is, with every other
    /// piece mixed in.
    static func text(_ rng: inout SplitMix64) -> String {
        var s = ""
        let n = Int(rng.next() % 60)
        for _ in 0..<n {
            let r = rng.next() % 100
            if r < 45 {
                // A random lowercase word (of 1 to 12 letters).
                let len = 1 + Int(rng.next() % 12)
                s += String((0..<len).map { _ in Character(Unicode.Scalar(UInt8(0x61 + rng.next() % 26))) })
            } else if r < 55 {
                // A random capitalised word.
                let len = Int(rng.next() % 8)
                s += String(Character(Unicode.Scalar(UInt8(0x41 + rng.next() % 26))))
                s += String((0..<len).map { _ in Character(Unicode.Scalar(UInt8(0x61 + rng.next() % 26))) })
            } else if r < 75 {
                s += words[Int(rng.next() % UInt64(words.count))]
            } else {
                s += marks[Int(rng.next() % UInt64(marks.count))]
            }
            let g = rng.next() % 4
            if g != 0 { s += gaps[Int(rng.next() % UInt64(gaps.count))] }
        }
        return s
    }

    /// A token's fields, to compare.
    struct Fields: Equatable, CustomStringConvertible {
        var start, end, letters: Int
        var f: UInt16
        var lex: UInt64
        var scalar: UInt32
        var description: String { "\(start)..<\(end) f=\(String(f, radix: 16)) lex=\(String(lex, radix: 16)) letters=\(letters) scalar=\(scalar)" }
    }

    /// The tokens and lowercase words that `tokenize` records for `p[a..<b]` along `paths`.
    static func tokens(_ p: Bytes, _ a: Int, _ b: Int, _ paths: Finder.TokenizerPaths) -> ([Fields], [[Int32]]) {
        var finder = Finder(p, FinderStorage())
        finder.tokenize(a, b, paths: paths)
        let toks = finder.toks.map { Fields(start: $0.start, end: $0.end, letters: $0.letters, f: $0.f.rawValue, lex: $0.lex.rawValue, scalar: $0.scalar) }
        return (toks, finder.lowercaseWords.map { [$0.0, $0.1] })
    }

    /// Every path records the general loop's tokens, on the whole text and on random stretches of
    /// it (which may start or end inside a word or a character).
    func check(_ text: String, _ rng: inout SplitMix64, file: StaticString = #filePath, line: UInt = #line) {
        let padded = Array(text.utf8).withUnsafeBufferPointer { PaddedText($0) }
        let p = padded.bytes
        let n = p.count
        var ranges = [(0, n)]
        if n > 0 {
            for _ in 0..<4 {
                let a = Int(rng.next() % UInt64(n))
                let b = a + Int(rng.next() % UInt64(n - a + 1))
                ranges.append((a, b))
            }
        }
        for (a, b) in ranges where a < b {
            let general = Self.tokens(p, a, b, .general)
            for paths in [Finder.TokenizerPaths.byteLoop, .all] {
                let other = Self.tokens(p, a, b, paths)
                if other.0 != general.0 || other.1 != general.1 {
                    XCTFail("\(paths) differs from the general loop on \(a)..<\(b) of \(String(reflecting: text)):\n"
                            + "general: \(general.0)\n\(paths): \(other.0)\nlowercase words: \(general.1) / \(other.1)",
                            file: file, line: line)
                    return
                }
            }
        }
        withExtendedLifetime(padded) {}
    }

    func testGeneratedTexts() {
        var rng = SplitMix64(seed: 0x70_6B_65_6E)
        for _ in 0..<6000 { check(Self.text(&rng), &rng) }
    }

    /// Prose-like texts: long stretches of lowercase words and single spaces (the chunks' case),
    /// their lengths varied so that words end at every offset of a chunk.
    func testLowercaseProse() {
        var rng = SplitMix64(seed: 41)
        for _ in 0..<3000 {
            var s = ""
            for _ in 0..<Int(rng.next() % 40) {
                let len = 1 + Int(rng.next() % (rng.next() % 4 == 0 ? 40 : 9))
                s += String((0..<len).map { _ in Character(Unicode.Scalar(UInt8(0x61 + rng.next() % 26))) })
                switch rng.next() % 10 {
                case 0: s += ", "
                case 1: s += ". "
                case 2: s += " \""
                case 3: s += "\" "
                case 4: s += " ("
                case 5: s += "-"
                case 6: s += rng.next() % 2 == 0 ? "-" : ". "
                default: s += " "
                }
            }
            check(s, &rng)
        }
    }

    /// The examples the finder's own tests rely on, each path alike.
    func testKnownSentences() {
        var rng = SplitMix64(seed: 5)
        for s in ["Russian President Vladimir Putin met Kim Jong-un in Pyongyang on Jan 5.",
                  "\"We will not,\" said Mr. Smith, the U.S. envoy (at 9 a.m.) to the DPRK-Russia talks.",
                  "the Korean Central News Agency (KCNA) reported that workers' pay rose",
                  "ALSO READ: HomeWorldAsia's T-shirts — “Moscow-based” café owners’ views"] {
            check(s, &rng)
        }
    }

    func testWordChunkMatchesTheScalarLoop() {
        var rng = SplitMix64(seed: 99)
        var bytes = [UInt8](repeating: 0, count: 64)
        for round in 0..<30000 {
            for k in 0..<64 {
                // Every byte value at every position, then random bytes.
                bytes[k] = round < 256 * 64 ? (k == round % 64 ? UInt8(round / 64) : 0x61) : UInt8(truncatingIfNeeded: rng.next())
            }
            bytes.withUnsafeBytes { p in
                XCTAssertEqual(WordChunk.of(p.baseAddress!), WordChunk.scalar(p.baseAddress!), "\(bytes)")
            }
        }
    }
}
