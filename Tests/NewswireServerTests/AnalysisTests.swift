// The Analysis service's fan-out, merging and error reporting, with a real
// analyzer plugin (the C fixture) loaded into a real server.
import XCTest
import NewswireInterop
@testable import NewswireServer

final class AnalysisTests: XCTestCase {
    static let dir = makeTempDirectory()
    static let fixture = try! buildFixture("analyzer", in: dir, defines: ["FIXTURE_NAME=\"fixture\""])
    static let second = try! buildFixture("analyzer2", in: dir, defines: ["FIXTURE_NAME=\"second\"", "FIXTURE_SERVICE=\"fixture.v1.Second\""])

    func server() throws -> TestServer {
        var o = PluginOptions()
        o.paths = [AnalysisTests.fixture, AnalysisTests.second]
        o.dataDirectory = AnalysisTests.dir + "/data"
        return try TestServer(plugins: try PluginSet.load(o, logger: quietLogger))
    }

    let analyze = "/newswire.analysis.v1.Analysis/Analyze"

    func testAnalyzersAreListed() async throws {
        let s = try server()
        let c = s.client()
        let r: ListAnalyzersResponse = try await c.unary("/newswire.analysis.v1.Analysis/ListAnalyzers", ListAnalyzersRequest())
        XCTAssertEqual(r.analyzers.map(\.name), ["fixture", "second"])
        XCTAssertEqual(r.analyzers.first?.method, "/fixture.v1.Fixture/Analyze")
        XCTAssertEqual(r.analyzers.first?.batchMethod, "/fixture.v1.Fixture/AnalyzeBatch")
        c.close(); s.stop()
    }

    func testTheBatchStepSeesEveryDocumentAndTheAnalyzersOwnAnswers() async throws {
        let s = try server()
        let c = s.client()
        // The middle document makes the per-document step fail: its analysis arrives empty.
        let docs = [Document(id: "a", text: "one"), Document(id: "b", text: "please FAIL"), Document(id: "c", text: "three")]
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: docs))
        let batch = try XCTUnwrap(r.batch)
        XCTAssertEqual(batch.errors, [])
        // Each analyzer's batch step answered once, in analyzer order: 3 documents, 3 analyses, 1 empty.
        XCTAssertEqual(batch.extensions.map(\.analyzer), ["fixture", "second"])
        XCTAssertEqual(batch.extensions.map { String(decoding: $0.value, as: UTF8.self) }, ["3 3 1", "3 3 1"])
        XCTAssertEqual(r.results.map(\.documentID), ["a", "b", "c"])
        c.close(); s.stop()
    }

    func testNoBatchStepForOneDocumentAndAFailingBatchStepKeepsTheResults() async throws {
        let s = try server()
        let c = s.client()
        let one: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: [Document(id: "solo", text: "alone")]))
        XCTAssertNil(one.batch)
        XCTAssertEqual(one.results.first?.extensions.count, 2)

        let docs = [Document(id: "x", text: "NOBATCH here"), Document(id: "y", text: "fine")]
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: docs, analyzers: ["second"]))
        XCTAssertEqual(r.results.map { $0.extensions.count }, [1, 1], "the per-document results stand")
        XCTAssertEqual(r.batch?.errors, [AnalyzerError(analyzer: "second", code: StatusCode.failedPrecondition.rawValue, message: "the batch asked to fail")])
        XCTAssertEqual(r.batch?.extensions, [])
        c.close(); s.stop()
    }

    func testOneResultPerDocumentInOrderWithEveryAnalyzerMerged() async throws {
        let s = try server()
        let c = s.client()
        let docs = (0..<20).map { Document(id: "d\($0)", text: String(repeating: "word ", count: $0 + 1)) }
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: docs))
        XCTAssertEqual(r.results.map(\.documentID), docs.map(\.id))
        XCTAssertEqual(r.results.map(\.index), (0..<20).map(UInt32.init))
        for (i, result) in r.results.enumerated() {
            XCTAssertEqual(result.errors, [])
            XCTAssertEqual(result.extensions.map(\.analyzer).sorted(), ["fixture", "second"])
            let size = Int(String(decoding: result.extensions[0].value, as: UTF8.self))!
            XCTAssertEqual(size, AnalyzerRequest(document: docs[i]).protobuf().count, "the analyzer saw this document")
        }
        c.close(); s.stop()
    }

    func testAFailingAnalyzerIsReportedOnItsDocumentOnly() async throws {
        let s = try server()
        let c = s.client()
        let docs = [Document(id: "ok", text: "fine"), Document(id: "bad", text: "please FAIL"), Document(id: "junk", text: "GARBAGE")]
        let r: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: docs, analyzers: ["fixture"]))
        XCTAssertEqual(r.results.count, 3)
        XCTAssertEqual(r.results[0].errors, [])
        XCTAssertEqual(r.results[0].extensions.count, 1)
        XCTAssertEqual(r.results[1].errors, [AnalyzerError(analyzer: "fixture", code: 3, message: "the document asked to fail")])
        XCTAssertEqual(r.results[1].extensions, [])
        XCTAssertEqual(r.results[2].errors.first?.code, StatusCode.internal.rawValue)
        XCTAssertTrue(r.results[2].errors.first?.message.contains("malformed DocumentAnalysis") ?? false)
        c.close(); s.stop()
    }

    func testUnknownAnalyzerAndInvalidUTF8() async throws {
        let s = try server()
        let c = s.client()
        do {
            let _: AnalyzeResponse = try await c.unary(analyze, AnalyzeRequest(documents: [Document(text: "x")], analyzers: ["nope"]))
            XCTFail("expected INVALID_ARGUMENT")
        } catch {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertEqual(error.message, "unknown analyzer \"nope\"; this server has: fixture, second")
        }
        // A document whose text is not UTF-8: AnalyzeRequest{documents: [Document{id: "u", text: 0xC3 0x28}]}, by hand.
        let doc: [UInt8] = [0x0A, 0x01, 0x75, 0x1A, 0x02, 0xC3, 0x28]
        var req: [UInt8] = []
        ProtoWire.appendMessageField(1, doc, to: &req)
        ProtoWire.appendMessageField(1, Document(id: "fine", text: "ok").protobufForTest(), to: &req)
        let raw = try await c.unary(analyze, request: req)
        let r = try AnalyzeResponse(protobuf: raw.message)
        XCTAssertEqual(r.results.count, 2)
        XCTAssertEqual(r.results[0].errors.first?.code, StatusCode.invalidArgument.rawValue)
        XCTAssertTrue(r.results[0].errors.first?.message.contains("invalid UTF-8") ?? false)
        XCTAssertEqual(r.results[1].errors, [])
        c.close(); s.stop()
    }

    func testAnalyzeStreamAnswersEachDocumentAsItArrives() async throws {
        let s = try server()
        let c = s.client()
        let call = c.makeCall("/newswire.analysis.v1.Analysis/AnalyzeStream", kind: .bidiStreaming)
        var it = call.responses.makeAsyncIterator()
        for i in 0..<3 {
            try await call.send(AnalyzeStreamRequest(document: Document(id: "s\(i)", text: "text \(i)"), analyzers: i == 1 ? ["second"] : []))
            // The answer comes before the next document is sent.
            let m = try await it.next()
            let a = try DocumentAnalysis(protobuf: try XCTUnwrap(m))
            XCTAssertEqual(a.documentID, "s\(i)")
            XCTAssertEqual(a.index, UInt32(i))
            XCTAssertEqual(a.extensions.map(\.analyzer).sorted(), i == 1 ? ["second"] : ["fixture", "second"])
        }
        call.closeSend()
        let end = try await it.next()
        XCTAssertNil(end)
        let status = await call.status
        XCTAssertEqual(status.code, .ok)
        c.close(); s.stop()
    }
}

extension Document {
    func protobufForTest() -> [UInt8] {
        // Document is not a ProtoMessage on its own; take it out of an AnalyzerRequest (field 1).
        let wrapped = AnalyzerRequest(document: self).protobuf()
        return Array(wrapped.dropFirst(1 + (wrapped[1] < 0x80 ? 1 : 2)))
    }
}
