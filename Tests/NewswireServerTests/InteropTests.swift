// gRPC's interop cases against a real server, over TCP and a Unix socket.
import XCTest
import NewswireInterop
@testable import NewswireServer

final class InteropTests: XCTestCase {
    func runAll(_ address: SocketAddress, server: TestServer) async {
        let client = NewswireClient(address: address)
        let results = await Interop.run(client)
        XCTAssertEqual(results.count, Interop.cases.count)
        for r in results { XCTAssertNil(r.failure, "\(r.name): \(r.failure ?? "")") }
        client.close()
        server.waitForIdle()
    }

    func testAllCasesOverTCP() async throws {
        let s = try TestServer()
        await runAll(s.tcp, server: s)
        s.stop()
    }

    func testAllCasesOverUnixSocket() async throws {
        let s = try TestServer()
        await runAll(s.unix, server: s)
        s.stop()
    }

    /// Many calls in flight at once on several connections, each answered correctly.
    func testConcurrentCallsFromSeveralConnections() async throws {
        let s = try TestServer()
        let clients = (0..<4).map { _ in s.client() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (ci, c) in clients.enumerated() {
                for i in 0..<50 {
                    group.addTask {
                        let size = UInt32(ci * 1000 + i)
                        let r: TestMessages.SimpleResponse = try await c.unary(testService + "UnaryCall", TestMessages.SimpleRequest(responseSize: size))
                        XCTAssertEqual(r.payload.count, Int(size))
                    }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertGreaterThanOrEqual(s.server.stats.totalCalls, 200)
        for c in clients { c.close() }
        s.waitForIdle()
        s.stop()
    }
}
