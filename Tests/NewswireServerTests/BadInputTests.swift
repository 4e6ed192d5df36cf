// Malformed input: each gets a clear error or a closed connection, the server
// keeps serving others, and its counts return to zero.
import XCTest
import NewswireInterop
@testable import NewswireServer
#if canImport(Glibc)
import Glibc
#endif

final class BadInputTests: XCTestCase {
    var server: TestServer!
    var bystander: NewswireClient!

    override func setUp() async throws {
        server = try TestServer()
        bystander = server.client()
        _ = try await bystander.unary(testService + "EmptyCall", request: [])
    }

    override func tearDown() async throws {
        // Another connection was served throughout, and is still served.
        let r: TestMessages.SimpleResponse = try await bystander.unary(testService + "UnaryCall", TestMessages.SimpleRequest(responseSize: 3))
        XCTAssertEqual(r.payload.count, 3)
        bystander.close()
        server.waitForIdle()
        server.stop()
    }

    /// The server's preface, then a GOAWAY, then EOF.
    func expectGoAway(_ sock: RawSocket, code: StatusCode, mentioning text: String, file: StaticString = #filePath, line: UInt = #line) {
        guard case .preface(let p)? = sock.next() else { return XCTFail("no server preface", file: file, line: line) }
        XCTAssertEqual(p, Preface.current, file: file, line: line)
        let frames = sock.readUntilClosed()
        guard let g = frames.last?.goAway else { return XCTFail("no GOAWAY; got \(frames.map(\.type))", file: file, line: line) }
        XCTAssertEqual(g.code, code.rawValue, g.message, file: file, line: line)
        XCTAssertTrue(g.message.contains(text), "\"\(g.message)\" does not mention \"\(text)\"", file: file, line: line)
    }

    func testRandomBytes() throws {
        let sock = try RawSocket(port: server.port)
        var rng = SystemRandomNumberGenerator()
        var junk = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        junk[0] = 0x17   // not "N"
        sock.send(junk)
        expectGoAway(sock, code: .internal, mentioning: "bad preface")
    }

    func testWrongMagic() throws {
        let sock = try RawSocket(port: server.port)
        sock.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        expectGoAway(sock, code: .internal, mentioning: "expected magic 4E575250")
    }

    func testWrongMajorVersion() throws {
        let sock = try RawSocket(port: server.port)
        sock.send(Preface(major: 2, minor: 0).bytes)
        expectGoAway(sock, code: .failedPrecondition, mentioning: "protocol 2.0")
    }

    func testTruncatedFrameThenClose() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        let frame = Frame(.headers, callID: 1, payload: RequestHeadersMessage(method: testService + "EmptyCall").protobuf()).encoded
        sock.send(Array(frame.prefix(frame.count - 5)))
        shutdown(sock.fd, Int32(SHUT_WR))
        XCTAssertTrue(sock.isClosedByServer())
    }

    func testFourGiBMessageLengthFailsOnlyThatCall() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.open(1, testService + "FullDuplexCall")
        var header: [UInt8] = []
        Frame.encodeHeader(FrameHeader(length: UInt32.max, type: .message, callID: 1), into: &header)
        sock.send(header)
        let f = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(f.callID, 1)
        XCTAssertEqual(f.trailers?.code, StatusCode.resourceExhausted.rawValue)
        XCTAssertTrue(f.trailers?.message.contains("4294967295 bytes") ?? false, f.trailers?.message ?? "")
        XCTAssertTrue(f.trailers?.message.contains("4194304") ?? false)
    }

    func testFourGiBHeadersLengthFailsOnlyThatCall() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        var header: [UInt8] = []
        Frame.encodeHeader(FrameHeader(length: UInt32.max, type: .headers, callID: 1), into: &header)
        sock.send(header)
        let f = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(f.trailers?.code, StatusCode.resourceExhausted.rawValue)
    }

    func testFourGiBPingLengthClosesTheConnection() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        var header: [UInt8] = []
        Frame.encodeHeader(FrameHeader(length: UInt32.max, type: .ping, callID: 0), into: &header)
        sock.send(header)
        expectGoAway(sock, code: .internal, mentioning: "over its size limit")
    }

    func testFrameForUnknownCallID() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.send(Frame(.message, callID: 42, payload: [1, 2, 3]))
        expectGoAway(sock, code: .internal, mentioning: "call 42, which was never opened")
    }

    func testUnknownFrameType() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.send([0, 0, 0, 0, 0x7F, 0, 0, 0, 0, 0, 0, 1])
        expectGoAway(sock, code: .internal, mentioning: "unknown frame type 0x7f")
    }

    func testHugeTimeoutIsClamped() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.open(1, testService + "EmptyCall", timeoutMicros: UInt64.max)
        sock.send(Frame(.message, flags: .endStream, callID: 1))
        var last: Frame?
        while let f = sock.nextFrame() { last = f; if f.type == .trailers { break } }
        XCTAssertEqual(last?.trailers?.code, 0)
    }

    func testShortPingClosesTheConnection() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.send(Frame(.ping, callID: 0, payload: [1, 2, 3]))
        expectGoAway(sock, code: .internal, mentioning: "PING frames carry 8 bytes")
    }

    func testDecreasingCallIDClosesTheConnection() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.open(5, testService + "EmptyCall", endStream: true)
        sock.open(3, testService + "EmptyCall", endStream: true)
        expectGoAway(sock, code: .internal, mentioning: "call ids must increase")
    }

    func testMalformedRequestHeaders() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.send(Frame(.headers, callID: 1, payload: [0xFF, 0xFF, 0xFF]))
        let f = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(f.trailers?.code, StatusCode.internal.rawValue)
        XCTAssertTrue(f.trailers?.message.contains("malformed request headers") ?? false)
    }

    func testInvalidUTF8MethodName() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        // RequestHeaders{method: "/a\xFF/b"}, encoded by hand.
        let method: [UInt8] = [0x2F, 0x61, 0xFF, 0x2F, 0x62]
        sock.send(Frame(.headers, flags: .endStream, callID: 1, payload: [0x0A, UInt8(method.count)] + method))
        let f = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(f.trailers?.code, StatusCode.internal.rawValue)
        XCTAssertTrue(f.trailers?.message.contains("UTF-8") ?? false)
    }

    func testInvalidMetadataValue() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        let h = RequestHeadersMessage(method: testService + "EmptyCall", metadata: [MetadataEntry(key: "x-plain", value: [0x00, 0x01])])
        sock.send(Frame(.headers, flags: .endStream, callID: 1, payload: h.protobuf()))
        let f = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(f.trailers?.code, StatusCode.invalidArgument.rawValue)
        XCTAssertTrue(f.trailers?.message.contains("-bin") ?? false)
    }

    func testUndecodableRequestMessage() async throws {
        do {
            _ = try await bystander.unary(testService + "UnaryCall", request: [0xFF, 0xFF])
            XCTFail("expected INVALID_ARGUMENT")
        } catch {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertTrue(error.message.contains("newswire.testing.v1.SimpleRequest"), error.message)
        }
    }

    func testTwoMessagesOnAUnaryCall() throws {
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        sock.open(1, testService + "EmptyCall")
        sock.send(Frame(.message, callID: 1))
        sock.send(Frame(.message, callID: 1))
        let f = try XCTUnwrap(sock.nextFrame())
        XCTAssertEqual(f.trailers?.code, StatusCode.internal.rawValue)
        XCTAssertTrue(f.trailers?.message.contains("more than one request message") ?? false)
    }

    /// A client that sends faster than its handler works: the server stops reading once the queued
    /// request bytes pass the bound, reads again as the handler catches up, and loses nothing.
    func testFastSenderToASlowHandlerIsPausedAndResumed() async throws {
        bystander.close()
        server.stop()
        server = try TestServer { $0.connectionBufferLimit = 64 * 1024 }
        bystander = server.client()
        let c = server.client()
        let call = c.makeCall(testService + "FullDuplexCall", kind: .bidiStreaming, options: CallOptions(timeout: 20))
        let request = TestMessages.StreamingOutputCallRequest(
            responseParameters: [TestMessages.ResponseParameters(size: 1, intervalMicros: 1000)], payload: [UInt8](repeating: 1, count: 8192))
        let n = 200
        let sender = Task { for _ in 0..<n { try await call.send(request) }; call.closeSend() }
        var got = 0
        for try await _ in call.responses { got += 1 }
        try await sender.value
        let status = await call.status
        XCTAssertEqual(status.code, .ok, status.message)
        XCTAssertEqual(got, n, "every message was answered")
        XCTAssertGreaterThan(server.server.stats.backpressurePauses, 0, "1.6 MB sent to a handler taking 1 ms a message must pause reading")

        // A handler that answers nothing until the end: only its progress can restart reading.
        let input = c.makeCall(testService + "StreamingInputCall", kind: .clientStreaming, options: CallOptions(timeout: 20))
        let chunk = TestMessages.StreamingInputCallRequest(payload: [UInt8](repeating: 2, count: 8192))
        for _ in 0..<1000 { try await input.send(chunk) }
        input.closeSend()
        var sums: [UInt64] = []
        for try await m in input.responses { sums.append(try TestMessages.StreamingInputCallResponse(protobuf: m).aggregatedPayloadSize) }
        let inputStatus = await input.status
        XCTAssertEqual(inputStatus.code, .ok, inputStatus.message)
        XCTAssertEqual(sums, [8192 * 1000])
        c.close()
    }

    /// A client that sends calls but never reads cannot make the server buffer without bound:
    /// once the server's unsent output passes its bound it stops reading, so the client's writes stall.
    func testClientThatNeverReadsIsThrottled() async throws {
        bystander.close()
        server.stop()
        server = try TestServer { $0.connectionBufferLimit = 256 * 1024 }
        bystander = server.client()
        let sock = try RawSocket(port: server.port)
        sock.handshake()
        let flags = fcntl(sock.fd, F_GETFL)
        _ = fcntl(sock.fd, F_SETFL, flags | O_NONBLOCK)
        // Each request asks for a 64 KiB response; the client never reads.
        var id: UInt32 = 1, sent = 0
        var pending: [UInt8] = []
        var lastProgress = Deadline.now()
        let end = Deadline.after(seconds: 20)
        while !end.hasPassed && Deadline.now().uptimeNanos - lastProgress.uptimeNanos < 1_000_000_000 {
            if pending.isEmpty {
                let req = TestMessages.SimpleRequest(responseSize: 64 * 1024).protobuf()
                pending = Frame(.headers, callID: id, payload: RequestHeadersMessage(method: testService + "UnaryCall").protobuf()).encoded
                    + Frame(.message, flags: .endStream, callID: id, payload: req).encoded
                id += 2
            }
            let n = pending.withUnsafeBytes { Glibc.send(sock.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { sent += n; pending.removeFirst(n); lastProgress = Deadline.now() } else { usleep(1000) }
        }
        XCTAssertFalse(end.hasPassed, "the client's writes never stalled: the server kept reading (\(sent) bytes sent)")
        // Kernel socket buffers take some megabytes; the server itself holds about its bound.
        XCTAssertLessThan(sent, 64 * 1024 * 1024)
        XCTAssertGreaterThan(server.server.stats.totalCalls, 0)
    }
}
