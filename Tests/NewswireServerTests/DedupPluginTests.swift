// The dedup plugin (the real .so) through a real server: repeated passages through Analysis,
// batch clusters through Analysis/Analyze and Dedup/Cluster, collections (add, query, remove,
// stats, restart), many connections at once, bad input, and acknowledged adds surviving
// kill -9 of the real newswired binary.
import Foundation
import XCTest
import NewswireClient
import NewswireInterop
@testable import NewswireServer
import NewswireText

final class DedupPluginTests: XCTestCase {
    static let dedup = "/newswire.dedup.v1.Dedup/"

    var so: String { productsDirectory() + "/libnewswire-dedup.so" }

    func server(data: String = makeTempDirectory(), workers: Int = 2) throws -> TestServer {
        try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
        var o = PluginOptions()
        o.paths = [so]
        o.dataDirectory = data
        return try TestServer(plugins: try PluginSet.load(o, logger: quietLogger)) { $0.workers = workers }
    }

    /// Our own article with repeats: a headline three times, a paragraph twice.
    static let article = """
        Harbour tunnel plan wins final vote in the assembly
        Harbour tunnel plan wins final vote in the assembly
        The regional assembly approved the harbour tunnel on Thursday after a debate that lasted late into the night.
        "This tunnel will carry our trade for a century," said the transport minister, Lena Falk.
        Critics said the budget had doubled since the plan was first drawn up, and the opposition promised a review.
        \u{201C}This tunnel will carry our trade for a century,\u{201D} said the transport minister, Lena Falk.
        Harbour tunnel plan wins final vote in the assembly
        """

    /// A distinct article on another subject.
    static let other = """
        Night buses return to the northern suburbs
        Night bus services linking the city centre with the northern suburbs will return next month, two years after they were cut to save money.
        Three routes will run every thirty minutes between midnight and five in the morning on Fridays and Saturdays, and every hour on other nights.
        The transport authority said many hospital staff and cleaners had been paying for taxis they could not afford after late shifts.
        """

    /// A syndicated copy of `article`: a masthead, a footer, one word changed.
    static var copy: String {
        "THE EASTMERE COURIER\n" + article.replacingOccurrences(of: "late into the night", with: "late into the evening") + "\nShare this article"
    }

    func testAnalyzeReportsRepeatedParagraphsAndHeadlines() async throws {
        let s = try server()
        let c = s.client()
        let r: AnalyzeResponse = try await c.unary("/newswire.analysis.v1.Analysis/Analyze",
                                                   AnalyzeRequest(documents: [Document(id: "t1", text: Self.article)], analyzers: ["dedup"]))
        let result = try XCTUnwrap(r.results.first)
        XCTAssertEqual(result.errors, [])
        let passages = try XCTUnwrap(result.duplicates).passages
        XCTAssertEqual(passages.map(\.kind), [.headline, .paragraph])
        XCTAssertEqual(passages[0].spans.map { Render.slice(Self.article, $0) }, Array(repeating: "Harbour tunnel plan wins final vote in the assembly", count: 3))
        XCTAssertEqual(passages[0].similarity, 1)
        XCTAssertEqual(passages[1].spans.count, 2)
        XCTAssertTrue(passages[1].spans.allSatisfy { Render.slice(Self.article, $0).hasSuffix("said the transport minister, Lena Falk.") })
        XCTAssertEqual(passages[1].similarity, 1)

        // The same through the plugin's own path; a clean article has an empty result, not none.
        let direct: DocumentAnalysis = try await c.unary(Self.dedup + "Analyze", AnalyzerRequest(document: Document(text: Self.article)))
        XCTAssertEqual(direct.duplicates, result.duplicates)
        let clean: DocumentAnalysis = try await c.unary(Self.dedup + "Analyze", AnalyzerRequest(document: Document(text: Self.other)))
        XCTAssertEqual(clean.duplicates, DuplicatesResult(passages: []))
        c.close(); s.stop()
    }

    func testAnalyzeBatchClustersNearDuplicateDocuments() async throws {
        let s = try server()
        let c = s.client()
        let list: ListAnalyzersResponse = try await c.unary("/newswire.analysis.v1.Analysis/ListAnalyzers", ListAnalyzersRequest())
        XCTAssertEqual(list.analyzers.first { $0.name == "dedup" }?.batchMethod, Self.dedup + "AnalyzeBatch")
        let docs = [Document(id: "a", text: Self.article), Document(id: "b", text: Self.other), Document(id: "c", text: Self.copy),
                    Document(id: "d", text: Self.article)]
        let r: AnalyzeResponse = try await c.unary("/newswire.analysis.v1.Analysis/Analyze", AnalyzeRequest(documents: docs, analyzers: ["dedup"]))
        XCTAssertEqual(r.results.count, 4)
        let batch = try XCTUnwrap(r.batch)
        XCTAssertEqual(batch.errors, [])
        XCTAssertEqual(batch.duplicateClusters.count, 1)
        let members = try XCTUnwrap(batch.duplicateClusters.first).members
        XCTAssertEqual(members.map(\.document), [0, 2, 3])
        XCTAssertEqual(members.map(\.documentID), ["a", "c", "d"])
        XCTAssertEqual(members[0].similarity, 1)
        XCTAssertGreaterThan(members[1].similarity, 0.7)
        XCTAssertLessThan(members[1].similarity, 1)
        XCTAssertEqual(members[2].similarity, 1)

        // Dedup/Cluster directly, with each document's passages.
        let direct: DedupClusterResponse = try await c.unary(Self.dedup + "Cluster", DedupClusterRequest(documents: docs, passages: true))
        XCTAssertEqual(direct.clusters, batch.duplicateClusters)
        XCTAssertEqual(direct.passages.map(\.passages.count), [2, 0, 2, 2])
        // A stricter threshold leaves the edited copy out.
        let strict: DedupClusterResponse = try await c.unary(Self.dedup + "Cluster", DedupClusterRequest(documents: docs, minSimilarity: 0.99))
        XCTAssertEqual(strict.clusters.first?.members.map(\.documentID), ["a", "d"])
        XCTAssertEqual(strict.passages, [])
        c.close(); s.stop()
    }

    func testCollectionsAddQueryRemoveStatsAndRestart() async throws {
        let data = makeTempDirectory()
        var s = try server(data: data)
        var c = s.client()
        let add: DedupAddResponse = try await c.unary(Self.dedup + "Add", DedupAddRequest(collection: "wire", documents: [
            Document(id: "a", text: Self.article), Document(id: "b", text: Self.other)]))
        XCTAssertEqual(add, DedupAddResponse(added: 2, replaced: 0))
        let q: DedupQueryResponse = try await c.unary(Self.dedup + "Query", DedupQueryRequest(collection: "wire", document: Document(text: Self.copy)))
        XCTAssertEqual(q.matches.map(\.documentID), ["a"])
        XCTAssertGreaterThan(q.matches[0].similarity, 0.7)
        let again: DedupAddResponse = try await c.unary(Self.dedup + "Add", DedupAddRequest(collection: "wire", documents: [Document(id: "b", text: Self.other)]))
        XCTAssertEqual(again, DedupAddResponse(added: 0, replaced: 1))
        _ = try await c.unary(Self.dedup + "Add", DedupAddRequest(collection: "archive", documents: [Document(id: "x", text: Self.other)]), as: DedupAddResponse.self)

        // After a restart on the same data directory, everything is there.
        c.close(); s.stop()
        s = try server(data: data)
        c = s.client()
        let stats: DedupStatsResponse = try await c.unary(Self.dedup + "Stats", DedupStatsRequest())
        XCTAssertEqual(stats.collections.map(\.name), ["archive", "wire"])
        XCTAssertEqual(stats.collections.map(\.documents), [1, 2])
        XCTAssertEqual(stats.parameters, .init(shingleWords: 3, headlineCharacters: 5, permutations: 128, bands: 32, rows: 4, threshold: 0.7))
        XCTAssertGreaterThan(stats.databaseBytes, 0)
        let list: DedupListCollectionsResponse = try await c.unary(Self.dedup + "ListCollections", DedupListCollectionsRequest())
        XCTAssertEqual(list.collections, stats.collections)
        let q2: DedupQueryResponse = try await c.unary(Self.dedup + "Query", DedupQueryRequest(collection: "wire", document: Document(text: Self.other)))
        XCTAssertEqual(q2.matches, [DedupMatch(documentID: "b", similarity: 1)])

        let removed: DedupRemoveResponse = try await c.unary(Self.dedup + "Remove", DedupRemoveRequest(collection: "wire", documentIDs: ["b", "nope"]))
        XCTAssertEqual(removed.removed, 1)
        let q3: DedupQueryResponse = try await c.unary(Self.dedup + "Query", DedupQueryRequest(collection: "wire", document: Document(text: Self.other)))
        XCTAssertEqual(q3.matches, [])
        let one: DedupStatsResponse = try await c.unary(Self.dedup + "Stats", DedupStatsRequest(collection: "wire"))
        XCTAssertEqual(one.collections.map(\.documents), [1])
        _ = try await c.unary(Self.dedup + "DropCollection", DedupDropCollectionRequest(collection: "archive"), as: DedupDropCollectionResponse.self)
        let after: DedupListCollectionsResponse = try await c.unary(Self.dedup + "ListCollections", DedupListCollectionsRequest())
        XCTAssertEqual(after.collections.map(\.name), ["wire"])
        c.close(); s.stop()
    }

    func testBadInputGetsClearErrors() async throws {
        let s = try server()
        let c = s.client()
        func expect<Req: ProtoMessage>(_ method: String, _ req: Req, _ code: StatusCode, containing text: String,
                                       file: StaticString = #filePath, line: UInt = #line) async {
            do {
                _ = try await c.unary(Self.dedup + method, request: req.protobuf())
                XCTFail("\(method): expected \(code)", file: file, line: line)
            } catch {
                XCTAssertEqual(error.code, code, error.message, file: file, line: line)
                XCTAssertTrue(error.message.contains(text), "\(error.message)", file: file, line: line)
            }
        }
        let doc = Document(id: "a", text: Self.article)
        await expect("Query", DedupQueryRequest(collection: "unknown", document: doc), .notFound, containing: "no collection named \"unknown\"")
        await expect("Remove", DedupRemoveRequest(collection: "unknown", documentIDs: ["a"]), .notFound, containing: "unknown")
        await expect("Stats", DedupStatsRequest(collection: "unknown"), .notFound, containing: "unknown")
        await expect("DropCollection", DedupDropCollectionRequest(collection: "unknown"), .notFound, containing: "unknown")
        await expect("Add", DedupAddRequest(collection: "bad name", documents: [doc]), .invalidArgument, containing: "invalid collection name")
        await expect("Add", DedupAddRequest(collection: "", documents: [doc]), .invalidArgument, containing: "collection name is required")
        await expect("Add", DedupAddRequest(collection: "ok", documents: [Document(id: "e", text: "")]), .invalidArgument, containing: "has no words")
        await expect("Add", DedupAddRequest(collection: "ok", documents: [Document(id: "", text: Self.other)]), .invalidArgument, containing: "id is required")
        await expect("Add", DedupAddRequest(collection: "ok", documents: []), .invalidArgument, containing: "no documents")
        await expect("Query", DedupQueryRequest(collection: "ok", document: Document(text: "")), .invalidArgument, containing: "no words")
        await expect("Cluster", DedupClusterRequest(documents: [doc], minSimilarity: 0.2), .invalidArgument, containing: "min_similarity")
        // Not a message of the method's type at all.
        do {
            _ = try await c.unary(Self.dedup + "Add", request: [0x0A, 0x09, 0x41])
            XCTFail("expected INVALID_ARGUMENT")
        } catch {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertTrue(error.message.contains("newswire.dedup.v1.AddRequest"), error.message)
        }
        // Nothing was created by the failed adds, and the server still answers.
        let stats: DedupStatsResponse = try await c.unary(Self.dedup + "Stats", DedupStatsRequest())
        XCTAssertEqual(stats.collections, [])
        c.close(); s.stop()
    }

    /// Eight connections add and query at once; every add lands and is found by its own query.
    func testConcurrentAddsAndQueriesFromManyConnections() async throws {
        let s = try server(workers: 4)
        let perClient = 12, clients = 8
        let address = s.tcp
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<clients {
                group.addTask {
                    let c = NewswireClient(address: address)
                    defer { c.close() }
                    for i in 0..<perClient {
                        let text = Self.randomArticle(seed: UInt64(k * 1000 + i))
                        let r: DedupAddResponse = try await c.unary(Self.dedup + "Add", DedupAddRequest(collection: "busy", documents: [Document(id: "c\(k)-\(i)", text: text)]))
                        XCTAssertEqual(r.added, 1)
                        let q: DedupQueryResponse = try await c.unary(Self.dedup + "Query", DedupQueryRequest(collection: "busy", document: Document(text: text)))
                        XCTAssertEqual(q.matches.map(\.documentID), ["c\(k)-\(i)"])
                    }
                }
            }
            try await group.waitForAll()
        }
        let c = s.client()
        let stats: DedupStatsResponse = try await c.unary(Self.dedup + "Stats", DedupStatsRequest(collection: "busy"))
        XCTAssertEqual(stats.collections.first?.documents, UInt64(clients * perClient))
        c.close(); s.stop()
    }

    /// The real newswired, killed with SIGKILL while adds are in flight: after a restart on the
    /// same data directory, every add it acknowledged is there.
    func testAcknowledgedAddsSurviveKill9() async throws {
        try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
        let data = makeTempDirectory()
        var daemon = try Daemon(data: data, plugin: so)
        let acknowledged = Acknowledged()
        let address = daemon.address
        let writers = Task.detached { await DedupPluginTests.addUntilGone(address: address, writers: 6, into: acknowledged) }
        // Let the writers get going, then kill the server in the middle of their adds.
        let start = Deadline.after(seconds: 20)
        while acknowledged.count < 60 && !start.hasPassed { usleep(5_000) }
        XCTAssertGreaterThanOrEqual(acknowledged.count, 60, "the adds did not get going")
        daemon.kill9()
        await writers.value
        let acked = acknowledged.all
        XCTAssertGreaterThan(acked.count, 0)

        daemon = try Daemon(data: data, plugin: so)
        defer { daemon.kill9() }
        let c = try NewswireClient(daemon.address)
        defer { c.close() }
        let stats: DedupStatsResponse = try await c.unary(Self.dedup + "Stats", DedupStatsRequest(collection: "durable"))
        XCTAssertGreaterThanOrEqual(stats.collections.first?.documents ?? 0, UInt64(acked.count))
        var missing: [String] = []
        for (id, seed) in acked {
            let q: DedupQueryResponse = try await c.unary(Self.dedup + "Query", DedupQueryRequest(collection: "durable", document: Document(text: Self.randomArticle(seed: seed))))
            if !q.matches.contains(where: { $0.documentID == id && $0.similarity == 1 }) { missing.append(id) }
        }
        XCTAssertEqual(missing, [], "acknowledged adds lost after kill -9 (\(acked.count) acknowledged)")
    }

    /// `writers` connections each adding one document per call, until the server goes away;
    /// every acknowledged add is recorded.
    static func addUntilGone(address: String, writers: Int, into acknowledged: Acknowledged) async {
        await withTaskGroup(of: Void.self) { group in
            for k in 0..<writers {
                group.addTask { await addUntilGone(address: address, writer: UInt64(k), into: acknowledged) }
            }
        }
    }

    static func addUntilGone(address: String, writer: UInt64, into acknowledged: Acknowledged) async {
        guard let c = try? NewswireClient(address) else { return }
        defer { c.close() }
        for i in 0..<UInt64(10_000) {
            let seed = writer << 32 | i
            let request = DedupAddRequest(collection: "durable", documents: [Document(id: "w\(writer)-\(i)", text: randomArticle(seed: seed))])
            do {
                let _: DedupAddResponse = try await c.unary(dedup + "Add", request, options: CallOptions(timeout: 10))
            } catch {
                return   // the server is gone
            }
            acknowledged.add("w\(writer)-\(i)", seed: seed)
        }
    }

    /// A distinct article of 80 words drawn from a vocabulary (the same text for the same seed).
    static func randomArticle(seed: UInt64) -> String {
        var g = SplitMix64(seed: seed)
        return (0..<80).map { i in
            let w = vocabulary[Int(g.next() % UInt64(vocabulary.count))]
            return i % 16 == 15 ? w + ".\n" : w
        }.joined(separator: " ")
    }

    static let vocabulary: [String] = {
        let a = ["har", "bel", "tor", "mik", "sal", "ven", "dro", "pas", "lu", "ker", "fin", "ost", "rad", "ul", "zem", "qua"]
        return a.flatMap { x in a.map { x + $0 } }
    }()
}

/// Acknowledged adds: ids and the seeds of their texts, from many tasks.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(String, UInt64)] = []
    func add(_ id: String, seed: UInt64) { lock.lock(); items.append((id, seed)); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return items.count }
    var all: [(String, UInt64)] { lock.lock(); defer { lock.unlock() }; return items }
}

/// The real newswired binary as a child process, with only the dedup plugin, on a port the
/// kernel picks (read from its log).
struct Daemon {
    let process: Process
    let address: String

    init(data: String, plugin: String) throws {
        let log = data + "/newswired-\(UInt32.random(in: 0...UInt32.max)).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: productsDirectory() + "/newswired")
        p.arguments = ["--listen", "127.0.0.1:0", "--plugin", plugin, "--data-dir", data, "--strict-plugins", "--log-level", "notice"]
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        process = p
        let deadline = Deadline.after(seconds: 20)
        var found: String?
        while found == nil && !deadline.hasPassed && p.isRunning {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let r = text.range(of: "listening on 127.0.0.1:") {
                found = "127.0.0.1:" + text[r.upperBound...].prefix { $0.isNumber }
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            p.terminate()
            throw InteropFailure("newswired did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
        address = found
    }

    func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
