// Runs the splitter and the entity finder over the shared corpus (../shared/corpus from the repo
// root, or $NEWSWIRE_CORPUS) when it is present; skips otherwise. Checks the span invariants and
// prints what it found. No corpus text is kept in the repository.
import Foundation
import XCTest
import NewswireText

final class CorpusTests: XCTestCase {
    static var corpusDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["NEWSWIRE_CORPUS"] { return URL(fileURLWithPath: dir) }
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    func articles() throws -> [(String, String)] {
        let dir = Self.corpusDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            throw XCTSkip("no corpus at \(dir.path)")
        }
        let files = names.filter { $0.hasSuffix(".txt") }.sorted()
        if files.isEmpty { throw XCTSkip("no .txt files in \(dir.path)") }
        return try files.map { name in
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            return (name, String(decoding: data, as: UTF8.self))
        }
    }

    func testSentenceSpansAreSaneOnCorpus() throws {
        for (name, text) in try articles() {
            let spans = SentenceSplitter.split(text)
            let bytes = Array(text.utf8)
            var previousEnd = 0
            for s in spans {
                XCTAssertGreaterThan(s.length, 0, name)
                XCTAssertGreaterThanOrEqual(s.start, previousEnd, "\(name): spans overlap or are out of order")
                XCTAssertLessThanOrEqual(s.end, bytes.count, name)
                // On character boundaries, trimmed.
                XCTAssertNotEqual(bytes[s.start] & 0xC0, 0x80, name)
                if s.end < bytes.count { XCTAssertNotEqual(bytes[s.end] & 0xC0, 0x80, name) }
                let slice = text.slice(s)
                XCTAssertEqual(slice.utf8.count, s.length, name)
                XCTAssertFalse(slice.first!.isWhitespace, name)
                XCTAssertFalse(slice.last!.isWhitespace, name)
                XCTAssertFalse(slice.contains("\n"), name)
                previousEnd = s.end
            }
            print("\(name): \(bytes.count) bytes, \(spans.count) sentences")
            if ProcessInfo.processInfo.environment["NEWSWIRE_PRINT_SENTENCES"] != nil {
                for s in spans { print("  | \(text.slice(s))") }
            }
        }
    }

    func testEntitiesOnCorpus() throws {
        for (name, text) in try articles() {
            let spans = SentenceSplitter.split(text)
            let entities = EntityFinder.find(in: text, sentences: spans)
            print("\(name): \(entities.count) entities")
            for e in entities {
                for m in e.mentions {
                    XCTAssertEqual(text.slice(m).utf8.count, m.length, name)
                    XCTAssertFalse(text.slice(m).isEmpty, name)
                }
                XCTAssertEqual(e.mentions, e.mentions.sorted { $0.start < $1.start }, name)
                let title = e.title.map { " (title: \($0))" } ?? ""
                print("  \(e.kind) \(e.name)\(title) ×\(e.mentions.count)")
                if ProcessInfo.processInfo.environment["NEWSWIRE_PRINT_MENTIONS"] != nil {
                    print("    " + e.mentions.map { "\($0.start):\(text.slice($0))" }.joined(separator: " | "))
                }
            }
        }
    }
}
