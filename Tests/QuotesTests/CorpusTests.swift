// The extractor on the real articles in ../shared/corpus against the hand-made
// gold annotations in scripts/eval_quotes_gold.json (offsets and speakers only):
// the same bars as `scripts/eval quotes`. Skipped when the corpus is absent.
import XCTest
import Foundation
@testable import QuoteExtractor

final class CorpusTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Gold: Decodable {
        struct Q: Decodable { let start: Int; let end: Int; let kind: String; let speaker: String?; let aliases: [String]? }
        let quotes: [String: [Q]]
    }

    static func norm(_ s: String) -> String {
        var t = s.lowercased().replacingOccurrences(of: "-", with: " ").split(separator: " ").joined(separator: " ")
        if t.hasPrefix("the ") { t.removeFirst(4) }
        return t
    }

    func testDirectQuotationsFoundAndAttributedOnTheCorpus() throws {
        let corpus = Self.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: corpus.path), "no corpus at \(corpus.path)")
        let gold = try JSONDecoder().decode(Gold.self, from: Data(contentsOf: Self.root.appendingPathComponent("scripts/eval_quotes_gold.json")))
        var total = 0, found = 0, right = 0
        for (file, golds) in gold.quotes {
            let url = corpus.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let result = QuoteExtractor.extract(text)
            for g in golds where g.kind == "direct" {
                total += 1
                let hit = result.quotes.first { q in
                    let inter = max(0, min(q.span.end, g.end) - max(q.span.start, g.start))
                    let union = max(q.span.end, g.end) - min(q.span.start, g.start)
                    return (q.kind == .direct || q.kind == .partial) && Double(inter) / Double(union) >= 0.6
                }
                guard let hit else { XCTFail("\(file) [\(g.start), \(g.end)) not found"); continue }
                found += 1
                let names = Set(([g.speaker ?? ""] + (g.aliases ?? [])).map(Self.norm))
                if let s = hit.speaker, names.contains(Self.norm(result.speakers[s].name)) { right += 1 }
            }
        }
        XCTAssertGreaterThan(total, 0)
        XCTAssertEqual(found, total, "every direct quotation found")
        XCTAssertGreaterThanOrEqual(Double(right), 0.9 * Double(total), "right speaker for \(right) of \(total)")
    }
}
