// The pure parts of `newswire bench`: spellings, plan checks, pacing, payload sizes, the report.
import XCTest
import NewswireBench
import NewswireProto
import NewswireWire
import NewswireLoop

final class PlanTests: XCTestCase {
    let addr = SocketAddress("127.0.0.1:7411")!

    func testMethodSpellings() {
        XCTAssertEqual(BenchSyntax.methodPath("newswire.testing.v1.TestService/EmptyCall"), "/newswire.testing.v1.TestService/EmptyCall")
        XCTAssertEqual(BenchSyntax.methodPath("/newswire.testing.v1.TestService/EmptyCall"), "/newswire.testing.v1.TestService/EmptyCall")
        XCTAssertEqual(BenchSyntax.methodPath("newswire.testing.v1.TestService.EmptyCall"), "/newswire.testing.v1.TestService/EmptyCall")
        XCTAssertNil(BenchSyntax.methodPath("EmptyCall"))
        XCTAssertNil(BenchSyntax.methodPath("a/b/c"))
        XCTAssertNil(BenchSyntax.methodPath("svc/"))
        XCTAssertNil(BenchSyntax.methodPath("svc.Method."))
        XCTAssertNil(BenchSyntax.methodPath("my svc/Method"))
    }

    func testDurations() {
        XCTAssertEqual(BenchSyntax.seconds("10s"), 10)
        XCTAssertEqual(BenchSyntax.seconds("500ms"), 0.5)
        XCTAssertEqual(BenchSyntax.seconds("2m"), 120)
        XCTAssertEqual(BenchSyntax.seconds("1.5"), 1.5)
        XCTAssertEqual(BenchSyntax.seconds("250us")!, 0.00025, accuracy: 1e-12)
        XCTAssertNil(BenchSyntax.seconds("ten"))
        XCTAssertNil(BenchSyntax.seconds("-1s"))
        XCTAssertNil(BenchSyntax.seconds("5x"))
        XCTAssertEqual(BenchSyntax.warmup("1000"), .total(1000))
        XCTAssertEqual(BenchSyntax.warmup("2s"), .duration(2))
        XCTAssertNil(BenchSyntax.warmup("-3"))
    }

    func testHexAndMetadata() {
        XCTAssertEqual(BenchSyntax.hexBytes("0a02 08:01"), [0x0a, 0x02, 0x08, 0x01])
        XCTAssertEqual(BenchSyntax.hexBytes("0xFF00"), [0xff, 0x00])
        XCTAssertEqual(BenchSyntax.hexBytes(""), [])
        XCTAssertNil(BenchSyntax.hexBytes("abc"))
        XCTAssertNil(BenchSyntax.hexBytes("zz"))
        XCTAssertEqual(BenchSyntax.metadataEntry("x-team=news").map { [$0.0: $0.1] }, ["x-team": Array("news".utf8)])
        XCTAssertEqual(BenchSyntax.metadataEntry("trace-bin=0102").map { $0.1 }, [1, 2])
        XCTAssertNil(BenchSyntax.metadataEntry("novalue"))
        XCTAssertNil(BenchSyntax.metadataEntry("k-bin=xyz"))
    }

    func testPlanChecks() {
        var p = LoadPlan(address: addr, method: "/newswire.testing.v1.TestService/EmptyCall")
        XCTAssertNil(p.problem())
        p.connections = 4; p.concurrency = 2
        XCTAssertEqual(p.problem(), "--concurrency 2 is below --connections 4: each connection needs at least one call in flight")
        p.concurrency = 256
        XCTAssertNil(p.problem())
        p.stop = .total(0)
        XCTAssertEqual(p.problem(), "--total must be at least 1 (got 0)")
        p.stop = .duration(0)
        XCTAssertEqual(p.problem(), "--duration must be more than 0 seconds")
        p.stop = .duration(1)
        p.rps = 0
        XCTAssertEqual(p.problem(), "--rps must be more than 0 (got 0.0)")
        p.rps = 100
        p.timeout = -1
        XCTAssertEqual(p.problem(), "--timeout must be more than 0 seconds")
        p.timeout = nil
        p.method = "nope"
        XCTAssertEqual(p.problem(), "bad method \"nope\": expected package.Service/Method")
        p.method = "/s.S/M"
        p.metadata.add("Bad Key", "v")
        XCTAssertNotNil(p.problem())
    }

    func testSlotsSpreadEvenly() {
        var p = LoadPlan(address: addr, method: "/s.S/M")
        p.connections = 4; p.concurrency = 10
        XCTAssertEqual((0..<4).map { p.slots(onConnection: $0) }, [3, 3, 2, 2])
        p.concurrency = 256
        XCTAssertEqual((0..<4).map { p.slots(onConnection: $0) }, [64, 64, 64, 64])
        XCTAssertEqual(p.resolvedThreads(cores: 2), 2)
        p.connections = 1
        XCTAssertEqual(p.resolvedThreads(cores: 2), 1)
        p.connections = 8; p.threads = 3
        XCTAssertEqual(p.resolvedThreads(cores: 2), 3)
    }

    func testPacerAgreesWithItself() {
        for rate in [1.0, 3.0, 7.5, 1000, 33_333, 1_000_000] {
            let pacer = Pacer(callsPerSecond: rate)
            XCTAssertEqual(pacer.due(atNanos: 0), 1, "call 0 is due at the start")
            for k in [1, 2, 3, 10, 999, 12_345] {
                let t = pacer.dueNanos(ofCall: k)
                XCTAssertEqual(pacer.due(atNanos: t), k + 1, "rate \(rate), call \(k) is due at \(t)")
                XCTAssertEqual(pacer.due(atNanos: t - 1), k, "rate \(rate), call \(k) not yet due just before \(t)")
            }
        }
        XCTAssertEqual(Pacer(callsPerSecond: 100).dueNanos(ofCall: 1), 10_000_000)
        XCTAssertEqual(Pacer(callsPerSecond: 100).due(atNanos: 1_000_000_000), 101)
    }

    func testEchoPayloadHasTheExactSize() throws {
        for n in [8, 9, 20, 64, 127, 128, 129, 200, 1000, 16_384, 16_385, 1 << 20] {
            let req = try XCTUnwrap(EchoPayload.request(encodedSize: n), "size \(n)")
            XCTAssertEqual(req.count, n)
            let decoded = try TestMessages.SimpleRequest(protobuf: req)
            let response = TestMessages.SimpleResponse(payload: [UInt8](repeating: 0, count: Int(decoded.responseSize)))
            XCTAssertEqual(response.protobuf().count, n, "the response asked for is \(n) bytes too")
        }
        XCTAssertEqual(EchoPayload.request(encodedSize: 0), [])
        XCTAssertNil(EchoPayload.request(encodedSize: 3))
        XCTAssertNil(EchoPayload.request(encodedSize: 130), "no SimpleResponse is 130 bytes: its length prefix grows at 128")
        XCTAssertEqual(EchoPayload.request(encodedSize: 131)?.count, 131)
        XCTAssertNil(EchoPayload.request(encodedSize: -1))
    }
}

final class ReportTests: XCTestCase {
    func sample() -> BenchReport {
        var r = BenchReport()
        r.method = "/s.S/M"; r.connections = 2; r.concurrency = 4; r.threads = 1
        for us in 1...100 { r.record(latencyNanos: UInt64(us) * 1000, status: .ok, requestBytes: 10, responseBytes: 20) }
        r.record(latencyNanos: 500_000, status: .unavailable, error: "UNAVAILABLE: gone", requestBytes: 10, responseBytes: 0)
        r.seconds = 0.5
        r.clientCPUSeconds = 0.0101
        return r
    }

    func testCountsAndMerge() {
        var r = sample()
        XCTAssertEqual(r.count, 101)
        XCTAssertEqual(r.okCount, 100)
        XCTAssertEqual(r.callsPerSecond, 202)
        XCTAssertEqual(r.requestBytes, 1010)
        XCTAssertEqual(r.responseBytes, 2000)
        r.merge(sample())
        XCTAssertEqual(r.count, 202)
        XCTAssertEqual(r.statusCounts, ["OK": 200, "UNAVAILABLE": 2])
        XCTAssertEqual(r.errorCounts, ["UNAVAILABLE: gone": 2])
        XCTAssertEqual(r.latencies.totalCount, 202)
    }

    func testText() {
        let t = sample().text
        XCTAssertTrue(t.contains("  Count:         101\n"), t)
        XCTAssertTrue(t.contains("  Total:         0.500 s\n"), t)
        XCTAssertTrue(t.contains("  Fastest:       0.001 ms\n"), t)
        XCTAssertTrue(t.contains("  Slowest:       0.500 ms\n"), t)
        XCTAssertTrue(t.contains("  Requests/sec:  202.00\n"), t)
        XCTAssertTrue(t.contains("  Client CPU:    100.00 µs per call\n"), t)
        XCTAssertTrue(t.contains("  50 %     in 0.051 ms\n"), t)
        XCTAssertTrue(t.contains("  [OK]                   100 responses\n  [UNAVAILABLE]          1 response\n"), t)
        XCTAssertTrue(t.hasSuffix("Error distribution:\n  [1]        UNAVAILABLE: gone"), t)
    }

    func testJSON() {
        let j = sample().json
        XCTAssertTrue(j.hasPrefix("{\"method\":\"/s.S/M\",\"connections\":2,\"concurrency\":4,\"threads\":1,\"rps_target\":null,\"count\":101,\"ok\":100,\"total_seconds\":0.500,\"rps\":202.000,"), j)
        XCTAssertTrue(j.contains("\"latency_us\":{\"fastest\":1.000,\"slowest\":500.223,"), j)
        XCTAssertTrue(j.contains("\"p50\":51.007,"), j)
        XCTAssertTrue(j.contains("\"status\":{\"OK\":100,\"UNAVAILABLE\":1},\"errors\":{\"UNAVAILABLE: gone\":1}"), j)
        XCTAssertTrue(j.hasSuffix("\"client_cpu_seconds\":0.010,\"client_cpu_us_per_call\":100.000}"), j)
        XCTAssertEqual(jsonQuote("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"")
    }

    func testEmptyReport() {
        let r = BenchReport()
        XCTAssertTrue(r.text.contains("Count:         0"))
        XCTAssertTrue(r.json.contains("\"latency_us\":{}"))
        XCTAssertTrue(r.json.contains("\"client_cpu_us_per_call\":null"))
    }
}
