// Health, reflection, limits, deadlines and shutdown, through a real server.
import XCTest
import NewswireInterop
@testable import NewswireServer
#if canImport(Glibc)
import Glibc
#endif

final class ServerBehaviourTests: XCTestCase {
    typealias T = TestMessages

    func testHealthCheck() async throws {
        let s = try TestServer()
        let c = s.client()
        let all: HealthCheckResponse = try await c.unary("/newswire.health.v1.Health/Check", HealthCheckRequest())
        XCTAssertEqual(all.status, .serving)
        let one: HealthCheckResponse = try await c.unary("/newswire.health.v1.Health/Check", HealthCheckRequest(service: "newswire.testing.v1.TestService"))
        XCTAssertEqual(one.status, .serving)
        do {
            let _: HealthCheckResponse = try await c.unary("/newswire.health.v1.Health/Check", HealthCheckRequest(service: "no.such.Service"))
            XCTFail("expected NOT_FOUND")
        } catch {
            XCTAssertEqual(error.code, .notFound)
        }
        c.close()
        s.stop()
    }

    func testHealthWatchSeesChanges() async throws {
        let s = try TestServer()
        let c = s.client()
        let svc = "newswire.testing.v1.TestService"
        let call = c.makeCall("/newswire.health.v1.Health/Watch", kind: .serverStreaming,
                              firstMessage: HealthCheckRequest(service: svc).protobuf(), endStream: true)
        var it = call.responses.makeAsyncIterator()
        let first = try await it.next().map { try HealthCheckResponse(protobuf: $0) }
        XCTAssertEqual(first?.status, .serving)
        s.server.health.set(svc, .notServing)
        let second = try await it.next().map { try HealthCheckResponse(protobuf: $0) }
        XCTAssertEqual(second?.status, .notServing)
        call.cancel()
        let status = await call.status
        XCTAssertEqual(status.code, .cancelled)
        c.close()
        s.waitForIdle()
        s.stop()
    }

    func testReflectionListsServicesAndMethods() async throws {
        let s = try TestServer()
        let c = s.client()
        let r: ListServicesResponse = try await c.unary("/newswire.reflection.v1.ServerReflection/ListServices", ListServicesRequest())
        let names = r.services.map(\.name)
        XCTAssertEqual(names, ["newswire.health.v1.Health", "newswire.testing.v1.TestService", "newswire.analysis.v1.Analysis",
                               "newswire.reflection.v1.ServerReflection"])
        let test = try XCTUnwrap(r.services.first { $0.name == "newswire.testing.v1.TestService" })
        let duplex = try XCTUnwrap(test.methods.first { $0.name == "FullDuplexCall" })
        XCTAssertEqual(duplex.kind, .bidiStreaming)
        XCTAssertEqual(duplex.path, "/newswire.testing.v1.TestService/FullDuplexCall")
        XCTAssertEqual(duplex.requestType, "newswire.testing.v1.StreamingOutputCallRequest")
        XCTAssertEqual(test.methods.first { $0.name == "StreamingInputCall" }?.kind, .clientStreaming)
        XCTAssertEqual(test.methods.first { $0.name == "StreamingOutputCall" }?.kind, .serverStreaming)
        XCTAssertEqual(test.methods.first { $0.name == "UnaryCall" }?.kind, .unary)
        c.close()
        s.stop()
    }

    func testTestServiceIsOffByDefault() async throws {
        let s = try TestServer { $0.enableTestService = false }
        let c = s.client()
        do {
            _ = try await c.unary(testService + "EmptyCall", request: [])
            XCTFail("expected UNIMPLEMENTED")
        } catch {
            XCTAssertEqual(error.code, .unimplemented)
            XCTAssertTrue(error.message.contains("unknown service"), error.message)
        }
        c.close()
        s.stop()
    }

    func testOversizedMessageGetsResourceExhaustedAndConnectionLivesOn() async throws {
        let s = try TestServer { $0.maxReceiveMessageSize = 1024 }
        let c = s.client()
        do {
            _ = try await c.unary(testService + "UnaryCall", request: T.SimpleRequest(payload: [UInt8](repeating: 7, count: 5000)).protobuf())
            XCTFail("expected RESOURCE_EXHAUSTED")
        } catch {
            XCTAssertEqual(error.code, .resourceExhausted)
            XCTAssertTrue(error.message.contains("1024"), error.message)
            XCTAssertTrue(error.message.contains("500"), error.message)   // the size received
        }
        let ok: T.SimpleResponse = try await c.unary(testService + "UnaryCall", T.SimpleRequest(responseSize: 10))
        XCTAssertEqual(ok.payload.count, 10)
        XCTAssertEqual(s.server.stats.totalConnections, 1, "the connection survived")
        c.close()
        s.waitForIdle()
        s.stop()
    }

    func testCallsOverTheConcurrencyLimitAreRefused() async throws {
        let s = try TestServer { $0.maxConcurrentCallsPerConnection = 2 }
        let c = s.client()
        let a = c.makeCall(testService + "FullDuplexCall", kind: .bidiStreaming)
        let b = c.makeCall(testService + "FullDuplexCall", kind: .bidiStreaming)
        // Make sure both are open on the server before the third.
        for call in [a, b] {
            try await call.send(T.StreamingOutputCallRequest(responseParameters: [T.ResponseParameters(size: 1)]))
            var it = call.responses.makeAsyncIterator()
            _ = try await it.next()
        }
        do {
            _ = try await c.unary(testService + "EmptyCall", request: [])
            XCTFail("expected RESOURCE_EXHAUSTED")
        } catch {
            XCTAssertEqual(error.code, .resourceExhausted)
            XCTAssertTrue(error.message.contains("limit 2"), error.message)
        }
        a.closeSend(); b.closeSend()
        let sa = await a.status, sb = await b.status
        XCTAssertEqual(sa.code, .ok); XCTAssertEqual(sb.code, .ok)
        _ = try await c.unary(testService + "EmptyCall", request: [])
        c.close()
        s.waitForIdle()
        s.stop()
    }

    /// The server enforces the deadline itself: a raw client that sets one and never times out locally.
    func testServerEnforcesDeadline() throws {
        let s = try TestServer()
        let sock = try RawSocket(port: s.port)
        sock.handshake()
        sock.open(1, testService + "FullDuplexCall", timeoutMicros: 30_000)
        let start = Deadline.now()
        let f = try XCTUnwrap(sock.nextFrame())
        let elapsed = Double(Deadline.now().uptimeNanos - start.uptimeNanos) / 1e6
        XCTAssertEqual(f.callID, 1)
        XCTAssertEqual(f.trailers?.code, StatusCode.deadlineExceeded.rawValue)
        XCTAssertGreaterThanOrEqual(elapsed, 25)
        s.waitForIdleCalls()
        s.stop()
    }

    func testGracefulShutdownFinishesOpenCallsAndRefusesNewOnes() async throws {
        let s = try TestServer { $0.drainTimeoutSeconds = 10 }
        let sock = try RawSocket(port: s.port)
        sock.handshake()
        sock.open(1, testService + "FullDuplexCall")
        s.waitUntil { $0.activeCalls > 0 }
        s.server.shutdown()
        let g = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(g.type, .goAway)
        XCTAssertEqual(g.goAway?.lastCallID, 1)
        XCTAssertEqual(g.goAway?.code, 0)
        // A new call is refused with UNAVAILABLE.
        sock.open(3, testService + "EmptyCall")
        let refused = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(refused.callID, 3)
        XCTAssertEqual(refused.trailers?.code, StatusCode.unavailable.rawValue)
        // The open call still completes.
        sock.send(Frame(.message, callID: 1, payload: T.StreamingOutputCallRequest(responseParameters: [T.ResponseParameters(size: 4)]).protobuf()))
        sock.send(Frame(.halfClose, callID: 1))
        var got: [Frame] = []
        while let f = sock.nextFrame() { got.append(f); if f.type == .trailers { break } }
        XCTAssertEqual(got.map(\.type), [.headers, .message, .trailers])
        XCTAssertEqual(got.last?.trailers?.code, 0)
        XCTAssertTrue(sock.isClosedByServer())
        s.server.wait()
    }

    func testDrainTimeoutEndsStuckCallsWithUnavailable() throws {
        let s = try TestServer { $0.drainTimeoutSeconds = 0.2 }
        let sock = try RawSocket(port: s.port)
        sock.handshake()
        sock.open(1, testService + "FullDuplexCall")
        s.waitUntil { $0.activeCalls > 0 }
        s.server.shutdown()
        let frames = sock.readUntilClosed()
        XCTAssertEqual(frames.first?.type, .goAway)
        XCTAssertEqual(frames.last?.trailers?.code, StatusCode.unavailable.rawValue)
        s.server.wait()
        XCTAssertEqual(s.server.stats.openConnections, 0)
        XCTAssertEqual(s.server.stats.activeCalls, 0)
    }

    func testPingIsAnswered() throws {
        let s = try TestServer()
        let sock = try RawSocket(port: s.port)
        sock.handshake()
        sock.send(Frame(.ping, callID: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8]))
        var ack: Frame?
        while let item = sock.next() {
            if case .frame(let f) = item, f.type == .ping { ack = f; break }
        }
        XCTAssertEqual(ack?.flags, .ack)
        XCTAssertEqual(ack?.payload, [1, 2, 3, 4, 5, 6, 7, 8])
        s.stop()
    }

    func testIdleConnectionIsClosedWithGoAway() throws {
        let s = try TestServer { $0.idleTimeoutSeconds = 1 }
        let sock = try RawSocket(port: s.port)
        sock.handshake()
        let frames = sock.readUntilClosed()
        XCTAssertEqual(frames.map(\.type), [.goAway])
        XCTAssertEqual(frames.first?.goAway?.code, 0)
        XCTAssertTrue(frames.first?.goAway?.message.contains("idle") ?? false)
        s.waitForIdle()
        s.stop()
    }

    func testConnectionsOverTheLimitAreRefused() async throws {
        let s = try TestServer { $0.maxConnections = 1 }
        let first = try RawSocket(port: s.port)
        first.handshake()
        s.waitUntil { $0.openConnections > 0 }
        let second = try RawSocket(port: s.port)
        second.handshake()
        let frames = second.readUntilClosed()
        XCTAssertEqual(frames.first?.goAway?.code, StatusCode.resourceExhausted.rawValue)
        XCTAssertTrue(frames.first?.goAway?.message.contains("connection limit of 1") ?? false)
        s.stop()
    }

    func testClientReportsARefusedConnectionClearly() async throws {
        // Bind and close a listener to find a port nobody serves.
        let s = try TestServer()
        let port = s.port
        s.stop()
        let c = NewswireClient(address: .tcp(host: "127.0.0.1", port: port))
        do {
            _ = try await c.unary("/newswire.health.v1.Health/Check", request: [])
            XCTFail("expected UNAVAILABLE")
        } catch {
            XCTAssertEqual(error.code, .unavailable)
            XCTAssertTrue(error.message.contains("cannot connect to 127.0.0.1:\(port)"), error.message)
            XCTAssertTrue(error.message.contains("is newswired running?"), error.message)
        }
        c.close()
    }

    func testClientReconnectsAfterGoAway() async throws {
        let s = try TestServer { $0.idleTimeoutSeconds = 1 }
        let c = s.client()
        _ = try await c.unary(testService + "EmptyCall", request: [])
        try await Task.sleep(nanoseconds: 2_500_000_000)   // the server closes the idle connection
        _ = try await c.unary(testService + "EmptyCall", request: [])
        XCTAssertEqual(s.server.stats.totalConnections, 2)
        c.close()
        s.stop()
    }
}

extension TestServer {
    /// Polls the server's counts until `condition` holds (or 5 s pass).
    func waitUntil(_ condition: (ServerStats) -> Bool) {
        let end = Deadline.after(seconds: 5)
        while !condition(server.stats) && !end.hasPassed { usleep(1000) }
    }

    func waitForIdleCalls() {
        waitUntil { $0.activeCalls == 0 }
        XCTAssertEqual(server.stats.activeCalls, 0)
    }
}
