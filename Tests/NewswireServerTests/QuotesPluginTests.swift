// The quotes plugin (the real .so) through a real server: Analyze, the batch
// step grouping the same remark across articles, Extract, and bad input.
import XCTest
import Foundation
import NewswireInterop
@testable import NewswireServer
#if canImport(Glibc)
import Glibc
#endif

final class QuotesPluginTests: XCTestCase {
    static let dir = makeTempDirectory()

    func server(_ names: [String] = ["quotes"]) throws -> TestServer {
        var o = PluginOptions()
        for n in names {
            let so = productsDirectory() + "/libnewswire-\(n).so"
            try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
            o.paths.append(so)
        }
        o.dataDirectory = QuotesPluginTests.dir
        return try TestServer(plugins: try PluginSet.load(o, logger: quietLogger))
    }

    let analyze = "/newswire.analysis.v1.Analysis/Analyze"

    /// Our own fixture articles: the same remark by one minister, reported by three outlets in other words.
    static let articles = [
        """
        Norland and Estmark sign fishing accord
        Prime Minister Anna Lindqvist of Norland met Estmark's president, Jonas Berg, in Halden on Monday.
        “The accord we reached this morning sets up, above all, joint patrols against illegal fishing in our waters,” Lindqvist said.
        “We waited ten years for this day,” she told reporters. “Now the work begins.”
        Berg called the accord a "fair compromise" for both fleets.
        """,
        """
        Fishing pact agreed
        The agreement reached this morning sets up joint patrols to stop illegal fishing in Norland's waters, Norwegian-born Prime Minister Anna Lindqvist said on Monday.
        “It is a good day for fishermen,” said Estmark president Jonas Berg.
        """,
        """
        Halden deal
        Ms. Lindqvist said the deal "sets up joint patrols against illegal fishing," calling it a "historic step."
        Critics called the talks a "tete-a-tete" between old friends.
        """,
    ]

    func testAnalyzeListsQuotationsWithTheirCanonicalSpeakers() async throws {
        let s = try server()
        let c = s.client()
        let text = Self.articles[0]
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: [Document(id: "n1", text: text)]))
        let result = try XCTUnwrap(r.results.first)
        XCTAssertEqual(result.documentID, "n1")
        XCTAssertEqual(result.errors, [])
        XCTAssertNil(r.batch, "one document: no batch step")
        let quotes = try XCTUnwrap(result.quotes)
        func quote(_ words: String) -> Quote? { quotes.quotes.first { $0.text.contains(words) } }
        let accord = try XCTUnwrap(quote("joint patrols"))
        XCTAssertEqual(accord.kind, .direct)
        XCTAssertEqual(quotes.speaker(of: accord)?.name, "Anna Lindqvist")
        XCTAssertEqual(quotes.speaker(of: accord)?.title, "Prime Minister")
        XCTAssertEqual(accord.cue, "said")
        XCTAssertEqual(Render.slice(text, accord.span), accord.text)
        XCTAssertEqual(accord.speakerMention.map { Render.slice(text, $0) }, "Lindqvist")
        XCTAssertGreaterThan(accord.confidence, 0.9)
        let waited = try XCTUnwrap(quote("waited ten years"))
        XCTAssertEqual(quotes.speaker(of: waited)?.name, "Anna Lindqvist")
        XCTAssertEqual(waited.speakerMention.map { Render.slice(text, $0) }, "she")
        let begins = try XCTUnwrap(quote("work begins"))
        XCTAssertEqual(begins.speaker, waited.speaker)
        XCTAssertTrue(begins.inherited)
        XCTAssertNil(begins.speakerMention)
        let fair = try XCTUnwrap(quote("fair compromise"))
        XCTAssertEqual(fair.kind, .partial)
        XCTAssertEqual(quotes.speaker(of: fair)?.name, "Jonas Berg")
        XCTAssertEqual(quotes.speakers.filter { $0.name == "Anna Lindqvist" }.count, 1)
        c.close(); s.stop()
    }

    func testAnalyzeOverSeveralArticlesGroupsTheSameRemark() async throws {
        let s = try server()
        let c = s.client()
        let docs = Self.articles.enumerated().map { Document(id: "outlet-\($0.offset)", text: $0.element) }
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: docs))
        XCTAssertEqual(r.results.map(\.documentID), ["outlet-0", "outlet-1", "outlet-2"])
        let batch = try XCTUnwrap(r.batch)
        XCTAssertEqual(batch.errors, [])
        XCTAssertEqual(batch.quoteGroups.count, 1, "\(batch.quoteGroups)")
        let group = try XCTUnwrap(batch.quoteGroups.first)
        XCTAssertEqual(group.speaker, "Anna Lindqvist")
        XCTAssertEqual(group.occurrences.map(\.document), [0, 1, 2])
        XCTAssertEqual(group.occurrences.map(\.documentID), ["outlet-0", "outlet-1", "outlet-2"])
        for o in group.occurrences {
            let q = try XCTUnwrap(r.results[Int(o.document)].quotes?.quotes[Int(o.quote)])
            XCTAssertTrue(q.text.contains("joint patrols"), q.text)
            XCTAssertTrue((0...1).contains(o.similarity))
        }
        // The representative wording is the longest one.
        XCTAssertTrue(group.text.hasPrefix("The accord we reached this morning sets up"), group.text)
        // Berg's two remarks are different remarks: no group.
        XCTAssertFalse(batch.quoteGroups.contains { $0.speaker == "Jonas Berg" })
        c.close(); s.stop()
    }

    func testListAnalyzersShowsTheBatchStep() async throws {
        let s = try server()
        let c = s.client()
        let r: ListAnalyzersResponse = try await c.unary("/newswire.analysis.v1.Analysis/ListAnalyzers", ListAnalyzersRequest())
        XCTAssertEqual(r.analyzers.map(\.name), ["quotes"])
        XCTAssertEqual(r.analyzers.first?.method, "/newswire.quotes.v1.Quotes/Analyze")
        XCTAssertEqual(r.analyzers.first?.batchMethod, "/newswire.quotes.v1.Quotes/AnalyzeBatch")
        c.close(); s.stop()
    }

    func testExtractAndAnalyzeBatchAreCallableDirectly() async throws {
        let s = try server()
        let c = s.client()
        let r: QuotesResult = try await c.unary("/newswire.quotes.v1.Quotes/Extract",
                                                QuotesExtractRequest(text: "“Zoë’s plan works,” said Renée Dubois."))
        XCTAssertEqual(r.quotes.map(\.text), ["Zoë’s plan works,"])
        XCTAssertEqual(r.speakers.map(\.name), ["Renée Dubois"])
        XCTAssertEqual(r.quotes.first?.span, Span(start: 3, end: UInt32(3 + "Zoë’s plan works,".utf8.count)))
        // The batch step on its own, with no per-document answers: it extracts them itself.
        let docs = Self.articles.prefix(2).enumerated().map { Document(id: "d\($0.offset)", text: $0.element) }
        let b: BatchAnalysis = try await c.unary("/newswire.quotes.v1.Quotes/AnalyzeBatch", AnalyzerBatchRequest(documents: Array(docs), analyses: []))
        XCTAssertEqual(b.quoteGroups.map(\.speaker), ["Anna Lindqvist"])
        XCTAssertEqual(b.quoteGroups.first?.occurrences.map(\.documentID), ["d0", "d1"])
        c.close(); s.stop()
    }

    func testBadInputGetsInvalidArgumentAndTheServerGoesOn() async throws {
        let s = try server()
        let c = s.client()
        for method in ["Extract", "Analyze", "AnalyzeBatch"] {
            do {
                _ = try await c.unary("/newswire.quotes.v1.Quotes/\(method)", request: [0x0A, 0x09, 0x41])
                XCTFail("\(method): expected INVALID_ARGUMENT")
            } catch {
                XCTAssertEqual(error.code, .invalidArgument, method)
            }
        }
        // Invalid UTF-8 in the text.
        do {
            _ = try await c.unary("/newswire.quotes.v1.Quotes/Extract", request: [0x0A, 0x04, 0x22, 0xFF, 0x22, 0x20])
            XCTFail("expected INVALID_ARGUMENT")
        } catch {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertTrue(error.message.contains("UTF-8"), error.message)
        }
        // Through Analysis, a bad document is that document's error; the others are analysed.
        let bad = String(decoding: [0x22, 0xFF, 0x22], as: UTF8.self)
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: [Document(id: "bad", text: bad), Document(id: "ok", text: Self.articles[1])]))
        XCTAssertEqual(r.results.first?.errors.first?.code, StatusCode.invalidArgument.rawValue)
        XCTAssertNotNil(r.results.last?.quotes)
        // Empty text and an empty request are fine: no quotations.
        let empty: QuotesResult = try await c.unary("/newswire.quotes.v1.Quotes/Extract", QuotesExtractRequest(text: ""))
        XCTAssertEqual(empty, QuotesResult())
        let none: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: [Document(id: "e", text: "")]))
        XCTAssertEqual(none.results.first?.quotes, QuotesResult())
        // Still serving.
        let again: QuotesResult = try await c.unary("/newswire.quotes.v1.Quotes/Extract", QuotesExtractRequest(text: "“Yes,” Berg said."))
        XCTAssertEqual(again.speakers.map(\.name), ["Berg"])
        c.close(); s.stop()
    }

    func testAnalyzeStreamCarriesQuotesAndSitsBesideSentiment() async throws {
        let s = try server(["quotes", "sentiment"])
        let c = s.client()
        let call = c.makeCall("/newswire.analysis.v1.Analysis/AnalyzeStream", kind: .bidiStreaming)
        try await call.send(AnalyzeStreamRequest(document: Document(id: "s0", text: Self.articles[2])))
        call.closeSend()
        var got: [DocumentAnalysis] = []
        for try await m in call.responses { got.append(try DocumentAnalysis(protobuf: m)) }
        XCTAssertEqual(got.count, 1)
        XCTAssertNotNil(got.first?.sentiment)
        let quotes = try XCTUnwrap(got.first?.quotes)
        XCTAssertEqual(quotes.quotes.first { $0.text.contains("tete-a-tete") }?.kind, .term)
        XCTAssertEqual(quotes.quotes.first { $0.text.contains("historic step") }.flatMap { quotes.speaker(of: $0) }?.name, "Lindqvist")
        c.close(); s.stop()
    }

    /// The five real articles of ../shared/corpus: the remark several outlets carry is grouped.
    func testTheCorpusGroupsTheSameRemarkAcrossOutlets() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        try XCTSkipIf(files.count < 2, "no corpus at \(corpus.path)")
        let docs = try files.map { Document(id: $0, text: try String(contentsOf: corpus.appendingPathComponent($0), encoding: .utf8)) }
        let s = try server()
        let c = s.client()
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: docs), options: CallOptions(timeout: 30))
        let groups = try XCTUnwrap(r.batch?.quoteGroups)
        XCTAssertFalse(groups.isEmpty)
        for g in groups {
            XCTAssertGreaterThanOrEqual(Set(g.occurrences.map(\.document)).count, 2)
            for o in g.occurrences {
                let q = try XCTUnwrap(r.results[Int(o.document)].quotes?.quotes[Int(o.quote)])
                XCTAssertTrue(QuotesPluginTests.sameName(r.results[Int(o.document)].quotes?.speaker(of: q)?.name, g.speaker))
            }
        }
        XCTAssertTrue(groups.contains { Set($0.occurrences.map(\.document)).count >= 3 }, "one remark in three outlets")
        c.close(); s.stop()
    }

    static func sameName(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        return a == b || b.hasSuffix(" " + a) || a.hasSuffix(" " + b)
    }
}
