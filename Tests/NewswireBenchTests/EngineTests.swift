// The load engine against a real server on loopback.
import XCTest
import Logging
import NewswireBench
import NewswireServer
import NewswireLoop
import NewswireProto

final class EngineTests: XCTestCase {
    var server: Server!
    var address: SocketAddress!

    override func setUpWithError() throws {
        var config = ServerConfig()
        config.listen = [.tcp(host: "127.0.0.1", port: 0)]
        config.enableTestService = true
        config.workers = 2
        var logger = Logger(label: "bench-test")
        logger.logLevel = .warning
        server = try Server(config: config, logger: logger)
        address = try server.bind()[0]
        server.start()
    }

    override func tearDown() {
        server.shutdown()
        server.wait()
    }

    func testTotalOverSeveralConnections() {
        var p = LoadPlan(address: address, method: EchoPayload.method, payload: EchoPayload.request(encodedSize: 64)!)
        p.connections = 3; p.concurrency = 8; p.stop = .total(500)
        let r = LoadEngine.run(p)
        XCTAssertEqual(r.count, 500)
        XCTAssertEqual(r.statusCounts, ["OK": 500])
        XCTAssertEqual(r.errorCounts, [:])
        XCTAssertEqual(r.requestBytes, 500 * 64)
        XCTAssertEqual(r.responseBytes, 500 * 64)
        XCTAssertEqual(r.latencies.totalCount, 500)
        XCTAssertEqual(r.connections, 3)
        XCTAssertGreaterThan(r.seconds, 0)
        XCTAssertEqual(server.stats.totalConnections, 3)
    }

    func testWarmupRunsFirstAndIsNotRecorded() {
        var p = LoadPlan(address: address, method: "/newswire.testing.v1.TestService/EmptyCall")
        p.concurrency = 4; p.warmup = .total(50); p.stop = .total(120)
        let r = LoadEngine.run(p)
        XCTAssertEqual(r.count, 120)
        XCTAssertEqual(server.stats.totalCalls, 170)
        XCTAssertEqual(server.stats.totalConnections, 1, "warm-up and measured calls share the connection")
    }

    func testDurationEnds() {
        var p = LoadPlan(address: address, method: "/newswire.testing.v1.TestService/EmptyCall")
        p.concurrency = 2; p.stop = .duration(0.2)
        let r = LoadEngine.run(p)
        XCTAssertGreaterThan(r.count, 0)
        XCTAssertEqual(r.okCount, r.count)
        XCTAssertEqual(UInt64(r.count), r.latencies.totalCount)
    }

    func testPacingNeverRunsAhead() {
        var p = LoadPlan(address: address, method: "/newswire.testing.v1.TestService/EmptyCall")
        p.connections = 2; p.concurrency = 4; p.rps = 200; p.stop = .duration(0.3)
        let r = LoadEngine.run(p)
        XCTAssertGreaterThan(r.count, 0)
        // Each loop thread starts call k no earlier than k / (rps / threads) seconds in.
        XCTAssertLessThanOrEqual(Double(r.count), 200 * r.seconds + Double(r.threads))
    }

    func testStatusAndErrorDistribution() {
        var p = LoadPlan(address: address, method: "/newswire.testing.v1.TestService/UnimplementedCall")
        p.concurrency = 3; p.stop = .total(30)
        let r = LoadEngine.run(p)
        XCTAssertEqual(r.statusCounts, ["UNIMPLEMENTED": 30])
        XCTAssertEqual(r.errorCounts, ["UNIMPLEMENTED: UnimplementedCall is never implemented": 30])
        XCTAssertEqual(r.okCount, 0)
    }

    func testNoServerThere() {
        server.shutdown()
        server.wait()
        var p = LoadPlan(address: address, method: "/newswire.testing.v1.TestService/EmptyCall")
        p.concurrency = 2; p.stop = .total(10)
        let r = LoadEngine.run(p)
        XCTAssertEqual(r.count, 10)
        XCTAssertEqual(r.statusCounts, ["UNAVAILABLE": 10])
    }
}
