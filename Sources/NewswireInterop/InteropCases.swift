// gRPC's interop cases, ported to Newswire's protocol. They run against any
// server that serves newswire.testing.v1.TestService: from the tests, and from
// `newswire interop --server ADDR`.
@_exported import NewswireClient
#if canImport(Glibc)
import Glibc
#endif

public struct InteropFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

public struct InteropCase: Sendable {
    public let name: String
    public let run: @Sendable (NewswireClient) async throws -> Void
}

public struct InteropResult: Sendable {
    public let name: String
    public let failure: String?
    public let seconds: Double
    public var passed: Bool { failure == nil }
}

public enum Interop {
    public static let service = "newswire.testing.v1.TestService"
    static func path(_ m: String) -> String { "/\(service)/\(m)" }
    typealias T = TestMessages

    static func expect(_ ok: Bool, _ what: @autoclosure () -> String) throws {
        if !ok { throw InteropFailure(what()) }
    }

    static func expectStatus(_ call: ClientCall, _ code: StatusCode, message: String? = nil) async throws {
        let s = await call.status
        try expect(s.code == code, "expected status \(code), got \(s.code) \"\(s.message)\"")
        if let message { try expect(s.message == message, "expected message \(message.debugDescription), got \(s.message.debugDescription)") }
    }

    static func expectError(_ code: StatusCode, message: String? = nil, _ body: () async throws(RPCError) -> Void) async throws {
        do {
            try await body()
            throw InteropFailure("expected status \(code), but the call succeeded")
        } catch let e as RPCError {
            try expect(e.code == code, "expected status \(code), got \(e.code) \"\(e.message)\"")
            if let message { try expect(e.message == message, "expected message \(message.debugDescription), got \(e.message.debugDescription)") }
        }
    }

    static func zeros(_ n: Int) -> [UInt8] { [UInt8](repeating: 0, count: n) }

    static func collect(_ call: ClientCall) async throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        do { for try await m in call.responses { out.append(m) } } catch {}
        return out
    }

    public static let specialMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n"
    static let requestSizes = [27182, 8, 1828, 45904]
    static let responseSizes = [31415, 9, 2653, 58979]

    public static let cases: [InteropCase] = [
        InteropCase(name: "empty_unary") { c in
            let r = try await c.unary(path("EmptyCall"), request: [])
            try expect(r.message.isEmpty, "expected an empty response, got \(r.message.count) bytes")
        },
        InteropCase(name: "large_unary") { c in
            let r: T.SimpleResponse = try await c.unary(path("UnaryCall"), T.SimpleRequest(responseSize: 314_159, payload: zeros(271_828)))
            try expect(r.payload.count == 314_159, "expected a 314159-byte payload, got \(r.payload.count)")
        },
        InteropCase(name: "client_streaming") { c in
            let call = c.makeCall(path("StreamingInputCall"), kind: .clientStreaming)
            for n in requestSizes { try await call.send(T.StreamingInputCallRequest(payload: zeros(n))) }
            call.closeSend()
            let msgs = try await collect(call)
            try await expectStatus(call, .ok)
            try expect(msgs.count == 1, "expected one response, got \(msgs.count)")
            let r = try T.StreamingInputCallResponse(protobuf: msgs[0])
            try expect(r.aggregatedPayloadSize == 74_922, "expected aggregate 74922, got \(r.aggregatedPayloadSize)")
        },
        InteropCase(name: "server_streaming") { c in
            let req = T.StreamingOutputCallRequest(responseParameters: responseSizes.map { T.ResponseParameters(size: UInt32($0)) })
            let call = c.makeCall(path("StreamingOutputCall"), kind: .serverStreaming, firstMessage: req.protobuf(), endStream: true)
            let sizes = try await collect(call).map { try T.StreamingOutputCallResponse(protobuf: $0).payload.count }
            try await expectStatus(call, .ok)
            try expect(sizes == responseSizes, "expected sizes \(responseSizes), got \(sizes)")
        },
        InteropCase(name: "ping_pong") { c in
            let call = c.makeCall(path("FullDuplexCall"), kind: .bidiStreaming)
            var it = call.responses.makeAsyncIterator()
            for (req, resp) in zip(requestSizes, responseSizes) {
                try await call.send(T.StreamingOutputCallRequest(responseParameters: [T.ResponseParameters(size: UInt32(resp))], payload: zeros(req)))
                guard let m = try await it.next() else { throw InteropFailure("stream ended before the response to a \(req)-byte request") }
                let got = try T.StreamingOutputCallResponse(protobuf: m).payload.count
                try expect(got == resp, "expected a \(resp)-byte response, got \(got)")
            }
            call.closeSend()
            let extra = try await it.next()
            try expect(extra == nil, "expected the stream to end after four responses")
            try await expectStatus(call, .ok)
        },
        InteropCase(name: "empty_stream") { c in
            let call = c.makeCall(path("FullDuplexCall"), kind: .bidiStreaming, endStream: true)
            let msgs = try await collect(call)
            try await expectStatus(call, .ok)
            try expect(msgs.isEmpty, "expected no responses, got \(msgs.count)")
        },
        InteropCase(name: "custom_metadata") { c in
            let initialKey = "x-newswire-test-echo-initial", trailingKey = "x-newswire-test-echo-trailing-bin"
            var md = Metadata()
            md.add(initialKey, "test_initial_metadata_value")
            md.add(trailingKey, bytes: [0xAB, 0xAB, 0xAB])
            // Unary.
            let r = try await c.unary(path("UnaryCall"), request: T.SimpleRequest(responseSize: 314_159, payload: zeros(271_828)).protobuf(),
                                      options: CallOptions(metadata: md))
            try expect(r.headers.string(initialKey) == "test_initial_metadata_value", "unary: initial metadata not echoed in the headers")
            try expect(r.trailers[trailingKey] == [0xAB, 0xAB, 0xAB], "unary: -bin metadata not echoed in the trailers")
            // Full duplex.
            let call = c.makeCall(path("FullDuplexCall"), kind: .bidiStreaming, options: CallOptions(metadata: md))
            try await call.send(T.StreamingOutputCallRequest(responseParameters: [T.ResponseParameters(size: 314_159)], payload: zeros(271_828)))
            call.closeSend()
            let msgs = try await collect(call)
            try expect(msgs.count == 1, "full duplex: expected one response, got \(msgs.count)")
            let s = await call.status
            try expect(s.code == .ok, "full duplex: status \(s.code) \(s.message)")
            try expect(await call.headers.string(initialKey) == "test_initial_metadata_value", "full duplex: initial metadata not echoed")
            try expect(s.trailers[trailingKey] == [0xAB, 0xAB, 0xAB], "full duplex: -bin metadata not echoed in the trailers")
        },
        InteropCase(name: "status_code_and_message") { c in
            let status = T.EchoStatus(code: 2, message: "test status message")
            try await expectError(.unknown, message: "test status message") { () async throws(RPCError) in
                _ = try await c.unary(path("UnaryCall"), request: T.SimpleRequest(responseStatus: status).protobuf())
            }
            let call = c.makeCall(path("FullDuplexCall"), kind: .bidiStreaming,
                                  firstMessage: T.StreamingOutputCallRequest(responseStatus: status).protobuf(), endStream: true)
            _ = try await collect(call)
            try await expectStatus(call, .unknown, message: "test status message")
        },
        InteropCase(name: "special_status_message") { c in
            try await expectError(.unknown, message: specialMessage) { () async throws(RPCError) in
                _ = try await c.unary(path("UnaryCall"), request: T.SimpleRequest(responseStatus: T.EchoStatus(code: 2, message: specialMessage)).protobuf())
            }
        },
        InteropCase(name: "unimplemented_method") { c in
            try await expectError(.unimplemented) { () async throws(RPCError) in _ = try await c.unary(path("UnimplementedCall"), request: []) }
        },
        InteropCase(name: "unimplemented_service") { c in
            try await expectError(.unimplemented) { () async throws(RPCError) in
                _ = try await c.unary("/newswire.testing.v1.UnimplementedService/UnimplementedCall", request: [])
            }
        },
        InteropCase(name: "cancel_after_begin") { c in
            let call = c.makeCall(path("StreamingInputCall"), kind: .clientStreaming)
            call.cancel()
            try await expectStatus(call, .cancelled)
        },
        InteropCase(name: "cancel_after_first_response") { c in
            let call = c.makeCall(path("FullDuplexCall"), kind: .bidiStreaming)
            try await call.send(T.StreamingOutputCallRequest(responseParameters: [T.ResponseParameters(size: 31415)], payload: zeros(27182)))
            var it = call.responses.makeAsyncIterator()
            let first = try await it.next()
            try expect(first != nil, "no first response")
            call.cancel()
            try await expectStatus(call, .cancelled)
        },
        InteropCase(name: "timeout_on_sleeping_server") { c in
            let call = c.makeCall(path("FullDuplexCall"), kind: .bidiStreaming, options: CallOptions(timeout: 0.001))
            try? await call.send(T.StreamingOutputCallRequest(payload: zeros(27182)))
            _ = try await collect(call)
            try await expectStatus(call, .deadlineExceeded)
        },
    ]

    /// Runs the named cases (all when `only` is empty), in order.
    public static func run(_ client: NewswireClient, only: [String] = []) async -> [InteropResult] {
        var results: [InteropResult] = []
        for c in cases where only.isEmpty || only.contains(c.name) {
            let start = Deadline.now()
            var failure: String?
            do { try await c.run(client) } catch { failure = "\(error)" }
            let secs = Double(Deadline.now().uptimeNanos - start.uptimeNanos) / 1e9
            results.append(InteropResult(name: c.name, failure: failure, seconds: secs))
        }
        return results
    }
}
