// ProtoEncoder writes what protobuf-c packs: the sentiment result encoded both ways, compared
// byte for byte, over edge values and random results (fixed seed).
import XCTest
@testable import NewswireProto
import NewswireText

final class ProtoEncoderTests: XCTestCase {
    static let doubles: [Double] = [0, -0.0, 1, -1, 0.5, -0.7351, 1e-300, -1e300, .infinity, -.infinity, .nan,
                                    Double.leastNonzeroMagnitude, 0.3333333333333333]
    static let numbers: [UInt32] = [0, 1, 127, 128, 255, 16383, 16384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, .max]
    static let strings = ["", "Kim Jong-un", "Путин", "金正恩", "a\u{0}b", "\u{0}", String(repeating: "x", count: 200),
                          String(repeating: "é", count: 9000)]

    func score(_ r: inout SplitMix64) -> SentimentScore {
        func d() -> Double { Bool.random(using: &r) ? Self.doubles.randomElement(using: &r)! : Double.random(in: -1...1, using: &r) }
        return SentimentScore(compound: d(), positive: d(), negative: d(), neutral: d())
    }

    func span(_ r: inout SplitMix64) -> Span {
        Span(start: Self.numbers.randomElement(using: &r)!, end: UInt32.random(in: 0...70000, using: &r))
    }

    func result(_ r: inout SplitMix64, sentences: Int, entities: Int) -> SentimentResult {
        SentimentResult(
            document: score(&r),
            sentences: (0..<sentences).map { _ in SentenceSentiment(span: span(&r), score: score(&r)) },
            entities: (0..<entities).map { _ in
                EntitySentiment(name: Self.strings.randomElement(using: &r)!,
                                kind: [.unspecified, .person, .organization, .place, .other].randomElement(using: &r)!,
                                title: Self.strings.randomElement(using: &r)!,
                                mentions: (0..<Int.random(in: 0...40, using: &r)).map { _ in span(&r) },
                                sentences: (0..<Int.random(in: 0...60, using: &r)).map { _ in Self.numbers.randomElement(using: &r)! },
                                score: score(&r))
            })
    }

    func testSentimentResultAsProtobufCPacksIt() {
        var r = SplitMix64(seed: 11)
        var cases = [SentimentResult(document: .zero, sentences: [], entities: []),
                     SentimentResult(document: SentimentScore(compound: -0.0, positive: .nan, negative: 0, neutral: 1),
                                     sentences: [SentenceSentiment(span: Span(start: 0, end: 0), score: .zero)], entities: [])]
        for _ in 0..<300 { cases.append(result(&r, sentences: Int.random(in: 0...12, using: &r), entities: Int.random(in: 0...6, using: &r))) }
        cases.append(result(&r, sentences: 3000, entities: 300))   // lengths of three and four varint bytes
        for (i, c) in cases.enumerated() {
            XCTAssertEqual(c.encoded(), c.protobuf(), "case \(i)")
            XCTAssertEqual(c.encodedAsDocumentAnalysis(), DocumentAnalysis(sentiment: c).protobuf(), "case \(i)")
        }
    }

    /// An entity written in one call, and in three steps: the same bytes (the first is what
    /// `encoded()` writes, compared with protobuf-c above), for names and titles that take the
    /// one-call path's own string writer (ASCII without NUL) and those that do not.
    func testEntityInOneCallAsInParts() {
        var r = SplitMix64(seed: 12)
        let names = Self.strings + ["Vladimir Putin", "President", "U.S.", "x", "Zelenskyy\u{7F}"]
        for i in 0..<400 {
            var x = result(&r, sentences: 0, entities: 1).entities[0]
            x.name = names.randomElement(using: &r)!
            x.title = names.randomElement(using: &r)!
            let oneCall = SentimentResultWriter(asDocumentAnalysis: i % 2 == 0, capacity: 16)
            let inParts = SentimentResultWriter(asDocumentAnalysis: i % 2 == 0, capacity: 16)
            oneCall.entity(x)
            inParts.entity(x, inParts: true)
            XCTAssertEqual(oneCall.finish(), inParts.finish(), "case \(i): \(x.name) / \(x.title)")
        }
    }

    /// All sentences written at once (as `encoded()` writes them, compared with protobuf-c above)
    /// or one by one: the same bytes.
    func testSentencesAtOnceAsOneByOne() {
        var r = SplitMix64(seed: 15)
        for i in 0..<300 {
            let c = result(&r, sentences: Int.random(in: 0...40, using: &r), entities: 0)
            let oneByOne = SentimentResultWriter(asDocumentAnalysis: i % 2 == 0, capacity: 16)
            oneByOne.document(c.document)
            for s in c.sentences { oneByOne.sentence(start: s.span.start, end: s.span.end, score: s.score) }
            XCTAssertEqual(oneByOne.finish(), i % 2 == 0 ? c.encodedAsDocumentAnalysis() : c.encoded(), "case \(i)")
        }
    }

    func testVarintSizes() {
        for v: UInt64 in [0, 1, 127, 128, 16383, 16384, 1 << 35, .max] {
            let e = ProtoEncoder()
            e.varint(v)
            XCTAssertEqual(e.count, ProtoEncoder.varintSize(v), "\(v)")
        }
    }
}

/// The fast paths of the analyzer plugins' requests read what `init(protobuf:)` reads.
final class DocumentTextTests: XCTestCase {
    func testValidationAgreesWithString() {
        var r = SplitMix64(seed: 5)
        let pieces: [[UInt8]] = [[0x41], [0x20], [0xC3, 0xA9], [0xE2, 0x80, 0x99], [0xF0, 0x9F, 0x98, 0x80], [0xED, 0x9F, 0xBF],
                                 [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
                                 [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xC2],
                                 [0x80], [0xFF], [0xF5, 0x80, 0x80, 0x80], [0xEF, 0xBF, 0xBD]]
        for _ in 0..<20000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &r) {
                if Bool.random(using: &r) { bytes += pieces.randomElement(using: &r)! }
                else { bytes.append(UInt8.random(in: 0...255, using: &r)) }
            }
            let valid = Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
            XCTAssertEqual(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }, valid, "\(bytes)")
        }
        // Long ASCII runs (read thirty-two and sixteen bytes at a time) around a piece at every place.
        for _ in 0..<5000 {
            let bytes = [UInt8](repeating: 0x61, count: Int.random(in: 0...80, using: &r)) + pieces.randomElement(using: &r)!
                + [UInt8](repeating: 0x62, count: Int.random(in: 0...80, using: &r))
            let valid = Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
            XCTAssertEqual(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }, valid, "\(bytes)")
        }
    }

    func testDocumentTextAsDecoded() throws {
        let texts = ["", "Plain text.", "Caf\u{E9} \u{201C}quoted\u{201D} \u{1F600}", String(repeating: "ab", count: 5000)]
        for t in texts {
            let request = AnalyzerRequest(document: Document(id: "x", title: "T", text: t)).protobuf()
            let fast = try AnalyzerRequest.withDocumentText(protobuf: request) { Array($0) }
            XCTAssertEqual(fast, Array(try AnalyzerRequest(protobuf: request).document.text.utf8))
            let score = SentimentScoreRequest(text: t).protobuf()
            XCTAssertEqual(try SentimentScoreRequest.withText(protobuf: score) { text, _ in Array(text) }, Array(t.utf8))
        }
        // Invalid UTF-8 on the wire (field 1 document { field 3 text }) is repaired as the String is.
        let raw: [UInt8] = [0x0A, 0x05, 0x1A, 0x03, 0x61, 0xFF, 0x62]
        XCTAssertEqual(try AnalyzerRequest.withDocumentText(protobuf: raw) { Array($0) },
                       Array(try AnalyzerRequest(protobuf: raw).document.text.utf8))
        XCTAssertThrowsError(try AnalyzerRequest.withDocumentText(protobuf: [0x0A, 0x09, 0x1A]) { $0.count })
    }

    /// Requests read in place (`AnalyzerRequestScan`) give the text protobuf-c gives, and those it
    /// leaves to protobuf-c (or that protobuf-c refuses) are answered as protobuf-c answers them:
    /// generated requests of every shape, well formed or not.
    func testRequestsReadInPlaceAsProtobufCReadsThem() throws {
        var r = SplitMix64(seed: 13)
        func varint(_ v: UInt64, padded: Bool = false) -> [UInt8] {
            var out: [UInt8] = [], x = v
            while x >= 0x80 { out.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }
            out.append(UInt8(x))
            if padded { out[out.count - 1] |= 0x80; out.append(0) }   // one byte more than needed
            return out
        }
        let strings: [[UInt8]] = [[], Array("Plain text.".utf8), Array("Caf\u{E9} \u{201C}q\u{201D}".utf8), [0x61, 0x00, 0x62],
                                  [0x61, 0xFF, 0x62], [0xE2, 0x80], Array(repeating: 0x78, count: 300)]
        var scanned = 0
        for i in 0..<3000 {
            var document: [UInt8] = []
            var fields = Array(1...7).shuffled(using: &r).prefix(Int.random(in: 0...7, using: &r))
            if Int.random(in: 0..<10, using: &r) == 0 { fields.append(Int.random(in: 1...9, using: &r)) }   // repeated or unknown
            for f in fields {
                let wrongType = Int.random(in: 0..<20, using: &r) == 0
                let wireType = (f == 6) != wrongType ? 0 : 2
                document.append(UInt8(f << 3 | wireType))
                if wireType == 0 {
                    document += varint(UInt64.random(in: 0...UInt64.max >> UInt64.random(in: 0...63, using: &r), using: &r))
                } else {
                    let v = strings.randomElement(using: &r)!
                    document += varint(UInt64(v.count), padded: Int.random(in: 0..<10, using: &r) == 0) + v
                }
            }
            var request: [UInt8] = [0x0A] + varint(UInt64(document.count)) + document
            switch Int.random(in: 0..<10, using: &r) {
            case 0: request.removeLast(min(request.count, Int.random(in: 1...3, using: &r)))   // cut short
            case 1: request += [0x0A, 0x00]                                                       // the document twice
            case 2: request[0] = 0x12                                                              // another field
            default: break
            }
            if request.withUnsafeBufferPointer({ AnalyzerRequestScan.documentText($0) != nil }) { scanned += 1 }
            let expected: [UInt8]? = try? Array(AnalyzerRequest(protobuf: request).document.text.utf8)
            let got: [UInt8]? = try? AnalyzerRequest.withDocumentText(protobuf: request) { Array($0) }
            XCTAssertEqual(got, expected, "case \(i): \(request)")
        }
        XCTAssertGreaterThan(scanned, 500)   // the in-place path is what most of them took
    }
}
