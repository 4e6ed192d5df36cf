// The tokenizer's fast paths (the eight-byte words, the printable ASCII and curly-quote tokens)
// checked against its general path (whitespace by `UTF8Text.spaceLength`, every token byte by byte)
// on many generated sentences: same tokens, same flags, same notable tokens, same ! and ? counts,
// same answer to whether some token is not ALL CAPS.

import XCTest
import NewswireText
@testable import SentimentScorer

final class TokenizerFastPathTests: XCTestCase {
    let analyzer = SentimentAnalyzer.bundled

    /// Words of the table (lexicon words, boosters, negations, rule words), a long lexicon word, and
    /// words that are in none of them.
    let known = ["good", "bad", "love", "hate", "happy", "sad", "great", "terrible", "okay", "yes",
                 "no", "but", "very", "kind", "of", "least", "at", "never", "so", "this", "without",
                 "doubt", "or", "nor", "not", "isn't", "can't", "don't", "won't", "ok", "lol", "wow",
                 "disadvantageousness", "the", "was", "weather", "extremely", "barely", "sort", "xyzn't"]
    let marks: [String] = [",", ".", "!", "?", "!!", "?!", "'s", "\"", "(", ")", "[", "]", "@", "-", ":", ";",
                           "'", "’", "”", "“", "...", "%", "_", "`", "{", "~"]
    let blanks: [String] = [" ", " ", " ", " ", " ", " ", "  ", "\n", "\t", "\r\n", "\u{0B}", "\u{0C}",
                            "\u{00A0}", "\u{3000}", "\u{2009}", "\u{1C}", "\u{85}"]
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    func word(_ rng: inout SplitMix64) -> String {
        switch rng.next() % 10 {
        case 0...3:
            let w = known[Int(rng.next() % UInt64(known.count))]
            switch rng.next() % 4 {
            case 0: return w.uppercased()
            case 1: return w.prefix(1).uppercased() + w.dropFirst()
            default: return w
            }
        case 4...7:
            // 1 to 20 random letters: lengths on both sides of 8 and 16, mixed case or not.
            let length = 1 + Int(rng.next() % 20)
            let style = rng.next() % 3
            return String((0..<length).map { _ -> Character in
                let c = letters[Int(rng.next() % 26)]
                return style == 0 ? Character(c.uppercased()) : style == 1 ? c : letters[Int(rng.next() % 52)]
            })
        case 8:
            return String(rng.next() % 100_000)
        default:
            return ["é", "Ünïcödé", "naïve", "ŒUVRE", "ǅ", "a\u{200B}b", "x—y", "€5", "über"][Int(rng.next() % 9)]
        }
    }

    func sentence(_ rng: inout SplitMix64) -> String {
        var text = ""
        let words = Int(rng.next() % 30)
        for _ in 0..<words {
            if rng.next() % 6 == 0 { text += marks[Int(rng.next() % UInt64(marks.count))] }
            text += word(&rng)
            let r = rng.next() % 8
            if r < 3 {
                text += marks[Int(rng.next() % UInt64(marks.count))]
                if r == 0 { text += marks[Int(rng.next() % UInt64(marks.count))] }
            } else if r == 3 {
                text += word(&rng)  // two words run together
            }
            text += blanks[Int(rng.next() % UInt64(blanks.count))]
        }
        if rng.next() % 2 == 0 { text += word(&rng) }  // no blank at the end
        return text
    }

    func testFastPathsAgreeWithTheGeneralPath() {
        var rng = SplitMix64(seed: 0x5E47_1AE7)
        var tokens = 0, notable = 0
        for _ in 0..<20_000 {
            let text = Array(sentence(&rng).utf8)
            guard let fast = analyzer.fastTokens(text) else { return XCTFail("no emoji here") }
            let reference = analyzer.referenceTokens(text)
            if fast != reference {
                return XCTFail("\(String(decoding: text, as: UTF8.self).debugDescription): \(fast) != \(reference)")
            }
            tokens += fast.bits.count
            notable += fast.notable.count
        }
        // The sentences exercise what they should: many tokens, many of them table words.
        XCTAssertGreaterThan(tokens, 200_000)
        XCTAssertGreaterThan(notable, 20_000)
    }

    func testFastPathsOnHandPickedTexts() {
        for text in ["good", "GOOD day", "it. is! ok? IT.", "a b c d e f g h i j k l m n o p",
                     "abcdefghijklmno good", "abcdefghijklmnop good", "abcdefgh, ijklmnopq. r",
                     "the weather was VERY good!!", "no\tgood\nbad\r\nvery\u{0B}nice\u{0C}x",
                     "Good, bad, ugly.  Fine!", "x@ y[ z{ w` v~", "don't stop", "(good) [bad]"] {
            let bytes = Array(text.utf8)
            XCTAssertEqual(analyzer.fastTokens(bytes), analyzer.referenceTokens(bytes), text.debugDescription)
        }
    }

    /// Every rule word, phrase word and some sentiment words, in any order: the valence of each
    /// token by `valence(at:)` (with its path for words with quiet neighbours) and by the general
    /// rules alone must be the same double, bit for bit.
    func testValenceFastPathAgreesWithTheGeneralRules() {
        let words = ["no", "not", "never", "so", "this", "without", "doubt", "or", "nor", "least", "at",
                     "very", "kind", "of", "but", "the", "shit", "bomb", "bad", "ass", "kiss", "death", "to",
                     "die", "for", "yeah", "right", "just", "enough", "beating", "heart", "sort", "bus", "stop",
                     "good", "GOOD", "great", "terrible", "LOVE", "hate", "isn't", "barely", "EXTREMELY",
                     "table", "weather", "okay", "Sad", "happy", "WIN", "lose", "x", "y", "z"]
        var rng = SplitMix64(seed: 0xFA57)
        var compared = 0
        for _ in 0..<20_000 {
            let count = 1 + Int(rng.next() % 12)
            let text = (0..<count).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            for (k, (fast, general)) in analyzer.valencesBothWays(Array(text.utf8)).enumerated() {
                if fast.bitPattern != general.bitPattern {
                    return XCTFail("\(text.debugDescription), token \(k): \(fast) != \(general)")
                }
                if fast != 0 { compared += 1 }
            }
        }
        XCTAssertGreaterThan(compared, 20_000)
    }

    func testLetterRunMatchesItsSWARReference() {
        var rng = SplitMix64(seed: 0x1E77E5)
        let palette: [UInt8] = Array(0x00...0x7F) + Array(repeating: UInt8(ascii: "e"), count: 200)
            + Array(repeating: UInt8(ascii: "Q"), count: 100) + [0x80, 0xC1, 0xC2, 0xDA, 0xE2, 0xFA, 0xFF]
        var bytes = [UInt8](repeating: 0, count: 16)
        var lengths = Set<Int>()
        for _ in 0..<50_000 {
            for k in 0..<16 { bytes[k] = palette[Int(rng.next() % UInt64(palette.count))] }
            bytes.withUnsafeBufferPointer { p in
                let vector = LetterRun.length(p.baseAddress!), swar = LetterRun.swar(p.baseAddress!)
                XCTAssertEqual(vector, swar, "\(bytes)")
                lengths.insert(vector)
            }
        }
        XCTAssertEqual(lengths, Set(0...16))
    }
}
