// The sentiment plugin (the real .so) through a real server: Analyze,
// AnalyzeStream, Score, and sentiment per entity.
import XCTest
import NewswireInterop
@testable import NewswireServer
#if canImport(Glibc)
import Glibc
#endif

final class SentimentPluginTests: XCTestCase {
    static let dir = makeTempDirectory()

    func server() throws -> TestServer {
        let so = productsDirectory() + "/libnewswire-sentiment.so"
        try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
        var o = PluginOptions()
        o.paths = [so]
        o.dataDirectory = SentimentPluginTests.dir
        return try TestServer(plugins: try PluginSet.load(o, logger: quietLogger))
    }

    /// Our own fixture article: a praised mayor, a criticised councillor.
    static let article = """
        Harbour bridge approved
        Mayor Elena Ruiz won a wonderful victory on Tuesday. Ms. Ruiz thanked the brave volunteers who made it possible.
        Councillor Tomas Brandt suffered a painful defeat. Mr. Brandt called the plan a terrible, reckless waste.
        The vote took place at 6 p.m. in the old hall.
        """

    func testAnalyzeScoresSentencesDocumentAndEntities() async throws {
        let s = try server()
        let c = s.client()
        let r: AnalyzeResponse = try await c.unary("/newswire.analysis.v1.Analysis/Analyze",
                                                   AnalyzeRequest(documents: [Document(id: "a1", text: Self.article)]))
        let result = try XCTUnwrap(r.results.first)
        XCTAssertEqual(result.documentID, "a1")
        XCTAssertEqual(result.errors, [])
        let sentiment = try XCTUnwrap(result.sentiment)
        let texts = sentiment.sentences.map { Render.slice(Self.article, $0.span) }
        XCTAssertEqual(texts, [
            "Harbour bridge approved",
            "Mayor Elena Ruiz won a wonderful victory on Tuesday.",
            "Ms. Ruiz thanked the brave volunteers who made it possible.",
            "Councillor Tomas Brandt suffered a painful defeat.",
            "Mr. Brandt called the plan a terrible, reckless waste.",
            "The vote took place at 6 p.m. in the old hall.",
        ])
        XCTAssertGreaterThan(sentiment.sentences[1].score.compound, 0.5)
        XCTAssertLessThan(sentiment.sentences[4].score.compound, -0.5)
        XCTAssertEqual(sentiment.sentences[5].score.compound, 0)
        let mean = sentiment.sentences.map(\.score.compound).reduce(0, +) / Double(sentiment.sentences.count)
        XCTAssertEqual(sentiment.document.compound, mean, accuracy: 1e-9)

        let ruiz = try XCTUnwrap(sentiment.entities.first { $0.name == "Elena Ruiz" })
        XCTAssertEqual(ruiz.kind, .person)
        XCTAssertEqual(ruiz.title, "Mayor")
        XCTAssertEqual(ruiz.sentences, [1, 2])
        XCTAssertEqual(ruiz.mentions.map { Render.slice(Self.article, $0) }, ["Elena Ruiz", "Ruiz"])
        XCTAssertGreaterThan(ruiz.score.compound, 0.3)
        let brandt = try XCTUnwrap(sentiment.entities.first { $0.name == "Tomas Brandt" })
        XCTAssertEqual(brandt.sentences, [3, 4])
        XCTAssertLessThan(brandt.score.compound, -0.3)
        c.close(); s.stop()
    }

    func testAnalyzeStreamAnswersEachArticle() async throws {
        let s = try server()
        let c = s.client()
        let call = c.makeCall("/newswire.analysis.v1.Analysis/AnalyzeStream", kind: .bidiStreaming)
        let texts = ["What a great day.", "A horrible, sad loss.", "The meeting is at noon."]
        for (i, t) in texts.enumerated() { try await call.send(AnalyzeStreamRequest(document: Document(id: "n\(i)", text: t))) }
        call.closeSend()
        var got: [DocumentAnalysis] = []
        for try await m in call.responses { got.append(try DocumentAnalysis(protobuf: m)) }
        XCTAssertEqual(got.map(\.documentID), ["n0", "n1", "n2"])
        XCTAssertGreaterThan(got[0].sentiment?.document.compound ?? 0, 0)
        XCTAssertLessThan(got[1].sentiment?.document.compound ?? 0, 0)
        XCTAssertEqual(got[2].sentiment?.document.compound, 0)
        c.close(); s.stop()
    }

    func testScoreIsCallableDirectly() async throws {
        let s = try server()
        let c = s.client()
        let r: SentimentResult = try await c.unary("/newswire.sentiment.v1.Sentiment/Score", SentimentScoreRequest(text: "I love it! I hate it."))
        XCTAssertEqual(r.sentences.count, 2)
        XCTAssertGreaterThan(r.sentences[0].score.compound, 0)
        XCTAssertLessThan(r.sentences[1].score.compound, 0)
        do {
            _ = try await c.unary("/newswire.sentiment.v1.Sentiment/Score", request: [0x0A, 0x09, 0x41])
            XCTFail("expected INVALID_ARGUMENT")
        } catch {
            XCTAssertEqual(error.code, .invalidArgument)
        }
        c.close(); s.stop()
    }

    /// skip_entities: the same sentence and document scores, and no entities.
    func testScoreWithoutEntities() async throws {
        let s = try server()
        let c = s.client()
        let text = "Mayor Ada Quist opened the bridge. Critics said Quist ignored the cost, but Quist was delighted."
        let full: SentimentResult = try await c.unary("/newswire.sentiment.v1.Sentiment/Score", SentimentScoreRequest(text: text))
        let bare: SentimentResult = try await c.unary("/newswire.sentiment.v1.Sentiment/Score",
                                                      SentimentScoreRequest(text: text, skipEntities: true))
        XCTAssertFalse(full.entities.isEmpty)
        XCTAssertEqual(bare.entities, [])
        XCTAssertEqual(bare.sentences, full.sentences)
        XCTAssertEqual(bare.document, full.document)
        c.close(); s.stop()
    }

    /// Multibyte text: spans land on the right bytes.
    func testSpansAreUTF8ByteOffsets() async throws {
        let s = try server()
        let c = s.client()
        let text = "Zoë was delighted. “Naïve plans fail,” said Renée."
        let r: SentimentResult = try await c.unary("/newswire.sentiment.v1.Sentiment/Score", SentimentScoreRequest(text: text))
        XCTAssertEqual(r.sentences.map { Render.slice(text, $0.span) }, ["Zoë was delighted.", "“Naïve plans fail,” said Renée."])
        XCTAssertEqual(r.sentences.first?.span, Span(start: 0, end: UInt32("Zoë was delighted.".utf8.count)))
        c.close(); s.stop()
    }
}

enum Render {
    static func slice(_ text: String, _ span: Span) -> String {
        String(decoding: Array(text.utf8)[Int(span.start)..<Int(span.end)], as: UTF8.self)
    }
}
