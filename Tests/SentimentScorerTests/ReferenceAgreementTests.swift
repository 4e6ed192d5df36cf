// Agreement with the reference implementation (vaderSentiment 3.3.2) on reference.jsonl:
// ~180 sentences written for this project (reference-sentences.txt), scored by
// scripts/vader-reference.py with the reference's final rounding switched off.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XCTest
@testable import SentimentScorer

final class ReferenceAgreementTests: XCTestCase {
    struct Case {
        var text: String
        var scores: SentimentScores
    }

    static func fixture() throws -> [Case] {
        let path = String(#filePath.dropLast("ReferenceAgreementTests.swift".count)) + "reference.jsonl"
        guard let bytes = readFile(path) else {
            throw FixtureError(message: "cannot read \(path)")
        }
        var cases: [Case] = []
        for (index, line) in bytes.split(separator: 0x0A).enumerated() {
            var parser = JSONLineParser(bytes: Array(line))
            let object = try parser.object()
            func number(_ key: String) throws -> Double {
                guard case .number(let v)? = object[key] else {
                    throw FixtureError(message: "line \(index + 1): no number \(key)")
                }
                return v
            }
            guard case .string(let text)? = object["text"] else {
                throw FixtureError(message: "line \(index + 1): no text")
            }
            cases.append(Case(text: text, scores: SentimentScores(
                compound: try number("compound"), positive: try number("pos"),
                negative: try number("neg"), neutral: try number("neu"))))
        }
        return cases
    }

    func testFixtureIsThere() throws {
        let cases = try Self.fixture()
        XCTAssertGreaterThanOrEqual(cases.count, 150)
    }

    /// Every sentence within 1e-4 on all four numbers (there are no documented exceptions).
    func testAgreesWithReferenceWithin1e4() throws {
        let analyzer = SentimentAnalyzer.bundled
        var failures = 0
        for c in try Self.fixture() {
            let ours = analyzer.score(c.text)
            let d = maxDifference(ours, c.scores)
            if d > 1e-4 {
                failures += 1
                XCTFail("\(c.text): ours \(ours), reference \(c.scores)")
            }
        }
        XCTAssertEqual(failures, 0)
    }

    /// The arithmetic is done in the reference's order, so agreement is in fact exact (to
    /// the last bit on this machine; 1e-12 leaves room for a different libm).
    func testAgreesWithReferenceToRoundingError() throws {
        let analyzer = SentimentAnalyzer.bundled
        let cases = try Self.fixture()
        var exact = 0
        for c in cases {
            let ours = analyzer.score(c.text)
            XCTAssertLessThanOrEqual(maxDifference(ours, c.scores), 1e-12, c.text)
            if ours == c.scores { exact += 1 }
        }
        print("sentiment reference agreement: \(exact)/\(cases.count) exactly equal")
    }

    func testCompoundCorrelation() throws {
        let analyzer = SentimentAnalyzer.bundled
        let cases = try Self.fixture()
        let x = cases.map { analyzer.score($0.text).compound }
        let y = cases.map { $0.scores.compound }
        XCTAssertGreaterThan(pearson(x, y), 0.9999)
    }

    func testJSONParser() throws {
        var parser = JSONLineParser(bytes: Array(#"{"text": "a\"b\\c\/\t\u00e9\ud83d\ude00 “x”", "n": -1.5e-05, "m": 0.0}"#.utf8))
        let object = try parser.object()
        XCTAssertEqual(object["text"], .string("a\"b\\c/\té😀 “x”"))
        XCTAssertEqual(object["n"], .number(-1.5e-05))
        XCTAssertEqual(object["m"], .number(0))
    }
}

func maxDifference(_ a: SentimentScores, _ b: SentimentScores) -> Double {
    max(abs(a.compound - b.compound), abs(a.positive - b.positive),
        abs(a.negative - b.negative), abs(a.neutral - b.neutral))
}

func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) {
        sxy += (a - mx) * (b - my)
        sxx += (a - mx) * (a - mx)
        syy += (b - my) * (b - my)
    }
    return sxy / (sxx * syy).squareRoot()
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, f)
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

/// Just enough JSON for the fixture: one flat object a line, with string and number values.
struct JSONLineParser {
    enum Value: Equatable {
        case string(String)
        case number(Double)
    }

    var bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func object() throws -> [String: Value] {
        var result: [String: Value] = [:]
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek() == UInt8(ascii: "}") { i += 1; return result }
        while true {
            skipSpace()
            let key = try string()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            if peek() == UInt8(ascii: "\"") {
                result[key] = .string(try string())
            } else {
                result[key] = .number(try number())
            }
            skipSpace()
            if peek() == UInt8(ascii: ",") { i += 1; continue }
            try expect(UInt8(ascii: "}"))
            return result
        }
    }

    private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while let b = peek(), b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1 }
    }

    private mutating func expect(_ b: UInt8) throws {
        guard peek() == b else { throw FixtureError(message: "expected \(Unicode.Scalar(b)) at byte \(i)") }
        i += 1
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
            throw FixtureError(message: "bad \\u escape at byte \(i)")
        }
        i += 4
        return v
    }

    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            guard let b = peek() else { throw FixtureError(message: "unterminated string") }
            i += 1
            if b == UInt8(ascii: "\"") { break }
            if b != UInt8(ascii: "\\") { out.append(b); continue }
            guard let e = peek() else { throw FixtureError(message: "unterminated escape") }
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var cp = try hex4()
                if cp >= 0xD800 && cp < 0xDC00 {
                    try expect(UInt8(ascii: "\\"))
                    try expect(UInt8(ascii: "u"))
                    let low = try hex4()
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(cp) else { throw FixtureError(message: "bad code point") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw FixtureError(message: "bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func number() throws -> Double {
        let start = i
        while let b = peek(), (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 {
            i += 1
        }
        guard let v = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
            throw FixtureError(message: "bad number at byte \(start)")
        }
        return v
    }
}
