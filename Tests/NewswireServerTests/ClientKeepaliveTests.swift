// The Swift client's keepalive (PROTOCOL.md, section 14): PINGs after a silence,
// a connection given up when nothing answers, a new one for the next call.
import XCTest
import Foundation
import Synchronization
@testable import NewswireClient
import NewswireLoop
import NewswireInterop
#if canImport(Glibc)
import Glibc
#endif

final class ClientKeepaliveTests: XCTestCase {
    private func keepalive(_ interval: Double, timeout: Double) -> ClientConfig {
        var c = ClientConfig()
        c.keepaliveIntervalSeconds = interval
        c.keepaliveTimeoutSeconds = timeout
        return c
    }

    /// The frame as section 4 of PROTOCOL.md gives it: length 8, type 0x06, no flags,
    /// reserved 0, call id 0; the payload is the PING's number on the connection.
    func testKeepalivePingFrameIsAsTheProtocolSays() {
        XCTAssertEqual(ClientConnection.keepalivePing(1).encoded,
                       [0, 0, 0, 8, 0x06, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(ClientConnection.keepalivePing(0x0102_0304_0506_0708).encoded,
                       [0, 0, 0, 8, 0x06, 0x00, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    func testKeepaliveIsOffByDefault() async throws {
        XCTAssertNil(ClientConfig().keepaliveIntervalSeconds)
        XCTAssertEqual(ClientConfig().keepaliveTimeoutSeconds, 20)
        let peer = try SilentPeer()
        defer { peer.stop() }
        let c = NewswireClient(address: peer.address)
        defer { c.close() }
        // Without keepalive, only the deadline ends a call to a silent server.
        let r = try await finishes(within: 10) {
            await Result { () async throws(RPCError) in try await c.unary(testService + "EmptyCall", request: [], options: CallOptions(timeout: 1)) }
        }
        XCTAssertEqual(r.error?.code, .deadlineExceeded)
        XCTAssertEqual(peer.frames(0).filter { $0.type == .ping }.count, 0)
    }

    /// A real server answers the PINGs: the connection outlives many intervals
    /// of silence, with and without a call open, and calls go on succeeding on it.
    func testAnsweredPingsKeepTheConnection() async throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = NewswireClient(address: s.tcp, config: keepalive(0.2, timeout: 0.5))
        defer { c.close() }
        _ = try await c.unary(testService + "EmptyCall", request: [])
        // No call open, nothing to read: three times interval + timeout.
        try await Task.sleep(nanoseconds: 2_100_000_000)
        let idlePings = await c.keepalivePingsSent()
        XCTAssertGreaterThanOrEqual(idlePings, 2)
        _ = try await c.unary(testService + "EmptyCall", request: [])
        // A call open and quiet for longer than interval + timeout: the server's answers keep it.
        let req = TestMessages.StreamingOutputCallRequest(responseParameters: [
            TestMessages.ResponseParameters(size: 3, intervalMicros: 1_500_000)])
        let call = c.makeCall(testService + "StreamingOutputCall", kind: .serverStreaming, firstMessage: req.protobuf(), endStream: true)
        var sizes: [Int] = []
        for try await m in call.responses { sizes.append(try TestMessages.StreamingOutputCallResponse(protobuf: m).payload.count) }
        let status = await call.status
        XCTAssertEqual(status.code, .ok, status.message)
        XCTAssertEqual(sizes, [3])
        let pings = await c.keepalivePingsSent()
        XCTAssertGreaterThan(pings, idlePings)
        XCTAssertEqual(s.server.stats.totalConnections, 1)
    }

    /// A peer that completes the handshake (its preface) and then says nothing:
    /// a call without a deadline fails with UNAVAILABLE once the PING goes
    /// unanswered, the client closes the socket, and the next call opens a new connection.
    func testSilentServerFailsCallsWithUnavailable() async throws {
        let peer = try SilentPeer()
        defer { peer.stop() }
        let c = NewswireClient(address: peer.address, config: keepalive(0.2, timeout: 0.3))
        defer { c.close() }
        for attempt in 1...2 {
            let r = try await finishes(within: 10) {
                await Result { () async throws(RPCError) in try await c.unary(testService + "EmptyCall", request: []) }
            }
            XCTAssertEqual(r.error?.code, .unavailable)
            let message = r.error?.message ?? ""
            XCTAssertTrue(message.contains("keepalive ping not answered within 0.3 s"), message)
            XCTAssertTrue(message.contains("\(peer.address)"), message)
            XCTAssertEqual(peer.acceptedConnections, attempt)
            XCTAssertTrue(peer.waitForClose(attempt - 1), "the client did not close connection \(attempt)")
            // The call's HEADERS and MESSAGE, then one PING, exactly as PROTOCOL.md says; no more.
            let frames = peer.frames(attempt - 1)
            XCTAssertEqual(frames.map(\.type), [.headers, .message, .ping])
            XCTAssertEqual(frames.last?.encoded, [0, 0, 0, 8, 0x06, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        }
    }

    /// Every call open on the connection fails, streaming ones included.
    func testSilentServerFailsEveryOpenCall() async throws {
        let peer = try SilentPeer()
        defer { peer.stop() }
        let c = NewswireClient(address: peer.address, config: keepalive(0.2, timeout: 0.3))
        defer { c.close() }
        let stream = c.makeCall(testService + "FullDuplexCall", kind: .bidiStreaming)
        let r = try await finishes(within: 10) {
            await Result { () async throws(RPCError) in try await c.unary(testService + "EmptyCall", request: []) }
        }
        XCTAssertEqual(r.error?.code, .unavailable)
        let status = try await finishes(within: 10) { await stream.status }
        XCTAssertEqual(status.code, .unavailable)
        XCTAssertTrue(status.message.contains("keepalive ping not answered within 0.3 s"), status.message)
        XCTAssertEqual(peer.acceptedConnections, 1)
    }

    /// Any bytes are an answer, not only a PING ACK: a peer that answers the
    /// client's first two PINGs with PINGs of its own (never an ACK) keeps the
    /// connection through them; the third goes unanswered and ends it.
    func testAnyBytesCountAsAnAnswer() async throws {
        let peer = try SilentPeer(answeringPings: 2)
        defer { peer.stop() }
        let c = NewswireClient(address: peer.address, config: keepalive(0.2, timeout: 1))
        defer { c.close() }
        let r = try await finishes(within: 15) {
            await Result { () async throws(RPCError) in try await c.unary(testService + "EmptyCall", request: []) }
        }
        XCTAssertEqual(r.error?.code, .unavailable)
        XCTAssertTrue(r.error?.message.contains("keepalive ping not answered within 1 s") ?? false, r.error?.message ?? "")
        XCTAssertTrue(peer.waitForClose(0))
        let pings = peer.frames(0).filter { $0.type == .ping }
        // The client's own PINGs, numbered 1, 2, 3; and its ACKs of the peer's two.
        XCTAssertEqual(pings.filter { !$0.flags.contains(.ack) }.map(\.payload.last), [1, 2, 3])
        XCTAssertEqual(pings.filter { $0.flags.contains(.ack) }.map(\.payload), [SilentPeer.pingPayload, SilentPeer.pingPayload])
        XCTAssertEqual(peer.acceptedConnections, 1)
    }

    /// Runs `body`, failing the test (instead of hanging it) after `seconds`:
    /// a guard against hanging, not a measurement.
    private func finishes<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () async -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)); return nil }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                XCTFail("still waiting after \(seconds) s")
                throw CancellationError()
            }
            return value
        }
    }
}

fileprivate extension Result where Failure == RPCError {
    init(_ body: () async throws(RPCError) -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
    var error: RPCError? { if case .failure(let e) = self { e } else { nil } }
}

/// A TCP listener on loopback that accepts connections, sends the Newswire
/// preface on each (the whole handshake: section 2) and then writes nothing,
/// except, if asked, a PING of its own (never an ACK) in answer to each of the
/// client's first `answeringPings` PINGs. It records what each connection sends.
/// Plain blocking sockets, a thread per connection.
final class SilentPeer: Sendable {
    static let pingPayload: [UInt8] = [0xAA, 0xBB, 0xCC, 0xDD, 0, 0, 0, 0]
    let address: SocketAddress
    private let listenFD: Int32
    private let answeringPings: Int
    private struct Conn { var fd: Int32; var open = true; var bytes: [UInt8] = [] }
    private let conns = Mutex<[Conn]>([])

    init(answeringPings: Int = 0) throws {
        self.answeringPings = answeringPings
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 16) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else { close(fd); throw InteropFailure("cannot listen on loopback: errno \(errno)") }
        listenFD = fd
        address = .tcp(host: "127.0.0.1", port: Int(UInt16(bigEndian: addr.sin_port)))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                close(listenFD)
                return
            }
            let index = conns.withLock { c in c.append(Conn(fd: fd)); return c.count - 1 }
            Thread.detachNewThread { [self] in serve(index, fd) }
        }
    }

    private func serve(_ index: Int, _ fd: Int32) {
        send(fd, Preface.current.bytes)
        var decoder = FrameDecoder(expectPreface: true) { _ in Int(Int32.max) }
        var answered = 0
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            conns.withLock { $0[index].bytes += buf[0..<n] }
            buf.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            while let item = try? decoder.next() {
                if case .frame(let f) = item, f.type == .ping, !f.flags.contains(.ack), answered < answeringPings {
                    answered += 1
                    send(fd, Frame(.ping, callID: 0, payload: Self.pingPayload).encoded)
                }
            }
        }
        conns.withLock { c in c[index].open = false; _ = close(fd) }
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    var acceptedConnections: Int { conns.withLock { $0.count } }

    /// The frames connection `index` has sent so far, after its preface.
    func frames(_ index: Int) -> [Frame] {
        let bytes = conns.withLock { $0.indices.contains(index) ? $0[index].bytes : [] }
        var decoder = FrameDecoder(expectPreface: true) { _ in Int(Int32.max) }
        bytes.withUnsafeBytes { decoder.append($0) }
        var frames: [Frame] = []
        while let item = try? decoder.next() { if case .frame(let f) = item { frames.append(f) } }
        return frames
    }

    /// Waits (up to 5 s) until the client has closed connection `index`.
    func waitForClose(_ index: Int) -> Bool {
        let end = Deadline.after(seconds: 5)
        while !end.hasPassed {
            if conns.withLock({ $0.indices.contains(index) && !$0[index].open }) { return true }
            usleep(5000)
        }
        return false
    }

    /// Stops accepting and ends every connection still open.
    func stop() {
        shutdown(listenFD, Int32(SHUT_RDWR))
        conns.withLock { c in for conn in c where conn.open { shutdown(conn.fd, Int32(SHUT_RDWR)) } }
    }
}
