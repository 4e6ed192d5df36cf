// Collections over the real SQLite store in a temporary directory: near-duplicates of perturbed
// copies found (the quality bars), persistence, replacement and removal, concurrency, bad input.
import Foundation
import XCTest
@testable import DedupCore
@testable import DedupSQLite
import NewswireText

final class CollectionsTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "dedup-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    func store(_ scheme: String = "test-scheme") throws -> SQLiteStore {
        try SQLiteStore(path: directory + "/dedup.sqlite", scheme: scheme, synchronous: .normal)
    }

    /// The bars: recall ≥ 0.95 for pairs whose true Jaccard is ≥ 0.8, and no match reported
    /// below 0.5 true Jaccard. Originals go into a collection; perturbed copies (quote marks
    /// swapped, masthead and footer added, words edited or deleted, paragraphs reordered, some
    /// shortened, and combinations, at several strengths) are queried against it.
    func testPerturbedCopiesAreFound() throws {
        let sketcher = Sketcher()
        let collections = Collections(store: try store(), sketcher: sketcher)
        let originals = Fixtures.articles
        XCTAssertEqual(try collections.add(originals.enumerated().map { (id: "o\($0.offset)", text: $0.element) }, to: "fixtures"),
                       AddOutcome(added: originals.count, replaced: 0))

        var g = SplitMix64(seed: 2026)
        var copies: [(origin: Int, text: String, how: String)] = []
        for (i, a) in originals.enumerated() {
            copies.append((i, Perturb.swapQuotes(a), "quotes"))
            copies.append((i, Perturb.addMastheadAndFooter(a), "masthead+footer"))
            copies.append((i, Perturb.reorderParagraphs(a, &g), "reordered"))
            copies.append((i, Perturb.truncate(a, dropping: 1), "last paragraph dropped"))
            copies.append((i, Perturb.truncate(a, dropping: 3), "three paragraphs dropped"))
            for f in [0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2] {
                copies.append((i, Perturb.editWords(a, fraction: f, &g), "edited \(f)"))
                copies.append((i, Perturb.deleteWords(a, fraction: f, &g), "deleted \(f)"))
            }
            copies.append((i, Perturb.addMastheadAndFooter(Perturb.editWords(Perturb.swapQuotes(a), fraction: 0.02, &g)), "quotes+masthead+edited"))
            copies.append((i, Perturb.deleteWords(Perturb.reorderParagraphs(a, &g), fraction: 0.03, &g), "reordered+deleted"))
        }

        func shingleSet(_ t: String) -> [UInt32] { sketcher.words(t)!.shingles }
        let originalSets = originals.map(shingleSet)
        var high = 0, highFound = 0, reported = 0
        var missed: [String] = []
        for c in copies {
            let set = shingleSet(c.text)
            let matches = try collections.query(c.text, in: "fixtures")
            let trueJ = Shingles.jaccard(set, originalSets[c.origin])
            let found = matches.contains { $0.id == "o\(c.origin)" }
            if trueJ >= 0.8 {
                high += 1
                if found { highFound += 1 } else { missed.append("\(c.how) J=\(trueJ)") }
            }
            for m in matches {
                reported += 1
                let other = Int(m.id.dropFirst())!
                let j = Shingles.jaccard(set, originalSets[other])
                XCTAssertGreaterThanOrEqual(j, 0.5, "\(c.how) of o\(c.origin) matched \(m.id) with true Jaccard \(j) (estimated \(m.similarity))")
                XCTAssertEqual(m.similarity, j, accuracy: 0.2, "the estimate is far from the true similarity")
            }
        }
        let recall = Double(highFound) / Double(high)
        print("dedup recall: \(highFound)/\(high) pairs with true Jaccard >= 0.8 found (\(recall)); \(reported) matches reported over \(copies.count) copies; missed: \(missed)")
        XCTAssertGreaterThanOrEqual(high, 50, "too few high-similarity pairs to measure recall")
        XCTAssertGreaterThanOrEqual(recall, 0.95)
        // The copies must also span low similarities, or the second bar says nothing.
        XCTAssertTrue(copies.contains { Shingles.jaccard(shingleSet($0.text), originalSets[$0.origin]) < 0.5 })
    }

    func testAddReplaceRemoveDropAndReopen() throws {
        var collections: Collections? = Collections(store: try store(), sketcher: Sketcher(), clock: { 1_000 })
        let a = Fixtures.articles[0], b = Fixtures.articles[1]
        XCTAssertEqual(try collections!.add([(id: "a", text: a), (id: "b", text: b)], to: "news"), AddOutcome(added: 2, replaced: 0))
        XCTAssertEqual(try collections!.query(a, in: "news"), [.init(id: "a", similarity: 1)])
        // Replacing "a" with b's text: "a" now matches b.
        XCTAssertEqual(try collections!.add([(id: "a", text: b)], to: "news"), AddOutcome(added: 0, replaced: 1))
        XCTAssertEqual(try collections!.query(b, in: "news").map(\.id), ["a", "b"])
        XCTAssertEqual(try collections!.query(a, in: "news"), [])
        XCTAssertEqual(try collections!.stats("news"), [CollectionInfo(name: "news", documents: 2, createdUnixMs: 1_000, updatedUnixMs: 1_000)])
        // Reopened from the file.
        collections = nil
        let reopened = Collections(store: try store(), sketcher: Sketcher(), clock: { 2_000 })
        XCTAssertEqual(try reopened.query(b, in: "news").map(\.id), ["a", "b"])
        XCTAssertEqual(try reopened.remove(["a", "missing"], from: "news"), 1)
        XCTAssertEqual(try reopened.query(b, in: "news").map(\.id), ["b"])
        XCTAssertEqual(try reopened.stats(nil), [CollectionInfo(name: "news", documents: 1, createdUnixMs: 1_000, updatedUnixMs: 2_000)])
        _ = try reopened.add([(id: "x", text: a)], to: "other")
        XCTAssertEqual(try reopened.stats(nil).map(\.name), ["news", "other"])
        try reopened.drop("news")
        XCTAssertEqual(try reopened.stats(nil).map(\.name), ["other"])
        XCTAssertThrowsError(try reopened.query(b, in: "news")) { XCTAssertEqual(($0 as? DedupError)?.code, .notFound) }
        // Collections are separate: "other" knows nothing of b.
        XCTAssertEqual(try reopened.query(b, in: "other"), [])
        XCTAssertEqual(try reopened.query(a, in: "other").map(\.id), ["x"])
    }

    func testQueryLimitAndMinimum() throws {
        let collections = Collections(store: try store(), sketcher: Sketcher())
        var g = SplitMix64(seed: 5)
        let base = Fixtures.articles[2]
        let docs = (0..<12).map { (id: "c\($0)", text: Perturb.editWords(base, fraction: Double($0) * 0.01, &g)) }
        _ = try collections.add(docs, to: "near")
        let all = try collections.query(base, in: "near", minSimilarity: 0.5)
        XCTAssertGreaterThanOrEqual(all.count, 8)
        XCTAssertEqual(all.map(\.similarity), all.map(\.similarity).sorted(by: >))
        XCTAssertEqual(all.first?.id, "c0")
        XCTAssertEqual(try collections.query(base, in: "near", minSimilarity: 0.5, limit: 3), Array(all.prefix(3)))
        XCTAssertTrue(try collections.query(base, in: "near", minSimilarity: 0.9).allSatisfy { $0.similarity >= 0.9 })
    }

    func testSchemeMismatchIsRefused() throws {
        _ = try store("scheme-one")
        XCTAssertThrowsError(try store("scheme-two")) { e in
            guard case .failed(let message) = e as? StoreError else { return XCTFail("\(e)") }
            XCTAssertTrue(message.contains("scheme-one"), message)
        }
    }

    /// The buckets live in the store's memory, so a second store on the same file is refused
    /// while the first is open, and allowed once it is gone.
    func testOneStorePerDatabase() throws {
        var first: SQLiteStore? = try store()
        XCTAssertThrowsError(try store()) { e in
            guard case .failed(let message) = e as? StoreError else { return XCTFail("\(e)") }
            XCTAssertTrue(message.contains("in use by another process"), message)
        }
        _ = try first!.add([StoredDocument(id: "a", signature: [1, 2], bandKeys: [7])], to: "c", nowUnixMs: 0)
        first = nil
        let second = try store()
        XCTAssertEqual(try second.candidates(in: "c", bandKeys: [7]), [Candidate(id: "a", signature: [1, 2])])
    }

    func testBadInput() throws {
        let c = Collections(store: try store(), sketcher: Sketcher())
        func code(_ body: () throws -> Any) -> DedupError.Code? {
            do { _ = try body(); return nil } catch { return (error as? DedupError)?.code }
        }
        let text = Fixtures.articles[0]
        for bad in ["", "-leading", "has space", "slash/name", "ünïcode", String(repeating: "x", count: 65)] {
            XCTAssertEqual(code { try c.add([(id: "a", text: text)], to: bad) }, .invalidArgument, bad)
            XCTAssertEqual(code { try c.query(text, in: bad) }, .invalidArgument, bad)
        }
        XCTAssertNil(code { try c.add([(id: "a", text: text)], to: "Good.name_1-x") })
        XCTAssertEqual(code { try c.add([], to: "n") }, .invalidArgument)
        XCTAssertEqual(code { try c.add([(id: "", text: text)], to: "n") }, .invalidArgument)
        XCTAssertEqual(code { try c.add([(id: String(repeating: "i", count: 257), text: text)], to: "n") }, .invalidArgument)
        XCTAssertEqual(code { try c.add([(id: "a", text: text), (id: "a", text: text)], to: "n") }, .invalidArgument)
        XCTAssertEqual(code { try c.add([(id: "a", text: " -- \n ")], to: "n") }, .invalidArgument)
        XCTAssertEqual(code { try c.query("", in: "Good.name_1-x") }, .invalidArgument)
        XCTAssertEqual(code { try c.query(text, in: "Good.name_1-x", minSimilarity: 0.3) }, .invalidArgument)
        XCTAssertEqual(code { try c.query(text, in: "Good.name_1-x", limit: 0) }, .invalidArgument)
        XCTAssertEqual(code { try c.query(text, in: "unknown") }, .notFound)
        XCTAssertEqual(code { try c.remove(["a"], from: "unknown") }, .notFound)
        XCTAssertEqual(code { try c.remove([], from: "Good.name_1-x") }, .invalidArgument)
        XCTAssertEqual(code { try c.stats("unknown") }, .notFound)
        XCTAssertEqual(code { try c.drop("unknown") }, .notFound)
        // A failed add stored nothing.
        XCTAssertEqual(try c.stats("Good.name_1-x").first?.documents, 1)
    }

    /// Many threads adding and querying at once, each through the same store: every add lands,
    /// every query sees its own thread's earlier adds.
    func testConcurrentAddsAndQueries() throws {
        let collections = Collections(store: try store(), sketcher: Sketcher())
        _ = try collections.add([(id: "seed", text: Fixtures.articles[0])], to: "busy")
        let threads = 8, perThread = 15
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var g = SplitMix64(seed: UInt64(t))
            for i in 0..<perThread {
                let text = Perturb.editWords(Fixtures.articles[t % Fixtures.articles.count], fraction: 0.3 + 0.01 * Double(i), &g)
                    + "\nthread \(t) document \(i) " + (0..<20).map { _ in Fixtures.replacements.randomElement(using: &g)! }.joined(separator: " ")
                do {
                    _ = try collections.add([(id: "t\(t)-\(i)", text: text)], to: "busy")
                    let found = try collections.query(text, in: "busy")
                    if !found.contains(where: { $0.id == "t\(t)-\(i)" }) { failures.add("t\(t)-\(i) not found by its own query") }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.list, [])
        XCTAssertEqual(try collections.stats("busy").first?.documents, 1 + threads * perThread)
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var list: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
