// newswire.testing.v1.TestService: the interop cases' server side. Off unless
// the server is started with --enable-test-service.
#if canImport(Glibc)
import Glibc
#endif

enum TestService {
    static let name = "newswire.testing.v1.TestService"
    static let echoInitialKey = "x-newswire-test-echo-initial"
    static let echoTrailingKey = "x-newswire-test-echo-trailing-bin"
    typealias T = TestMessages

    static let definition = ServiceDefinition(name: name, methods: [
        // The calls that never wait run on the loop thread (MethodHandler.runsOnLoop); the streaming ones sleep.
        .unary(name, "EmptyCall", runsOnLoop: true) { (_: T.Empty, _) throws(RPCError) in T.Empty() },
        .custom(name, "UnaryCall", .unary, T.SimpleRequest.self, T.SimpleResponse.self, runsOnLoop: true) { UnaryCall() },
        .custom(name, "StreamingInputCall", .clientStreaming, T.StreamingInputCallRequest.self, T.StreamingInputCallResponse.self) { StreamingInput() },
        .serverStreaming(name, "StreamingOutputCall", response: T.StreamingOutputCallResponse.self) { (req: T.StreamingOutputCallRequest, call) throws(RPCError) in
            try respond(req, call)
        },
        .custom(name, "FullDuplexCall", .bidiStreaming, T.StreamingOutputCallRequest.self, T.StreamingOutputCallResponse.self) { FullDuplex() },
        .unary(name, "UnimplementedCall", runsOnLoop: true) { (_: T.Empty, _) throws(RPCError) -> T.Empty in
            throw RPCError(.unimplemented, "UnimplementedCall is never implemented")
        },
    ])

    /// Echoes the initial metadata into the response headers; returns the trailers to echo.
    static func echoMetadata(_ call: ServerCall) -> Metadata {
        if let v = call.requestMetadata[echoInitialKey] {
            var h = Metadata()
            h.add(echoInitialKey, bytes: v)
            call.sendHeaders(h)
        }
        var t = Metadata()
        if let v = call.requestMetadata[echoTrailingKey] { t.add(echoTrailingKey, bytes: v) }
        return t
    }

    static func status(_ s: T.EchoStatus?) -> RPCError? {
        guard let s, s.code != 0 else { return nil }
        return RPCError(StatusCode(rawValue: s.code), s.message)
    }

    /// Sends one response per parameter, sleeping its interval first; stops if the call is cancelled.
    static func respond(_ req: T.StreamingOutputCallRequest, _ call: ServerCall) throws(RPCError) {
        for p in req.responseParameters {
            if p.intervalMicros > 0 { usleep(p.intervalMicros) }
            if call.isCancelled { return }
            call.send(T.StreamingOutputCallResponse(payload: [UInt8](repeating: 0, count: Int(p.size))))
        }
        if let e = status(req.responseStatus) { throw e }
    }

    final class UnaryCall: CallHandler {
        var request: T.SimpleRequest?
        func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) { request = try decode(T.SimpleRequest.self, message) }
        func onHalfClose(call: ServerCall) throws(RPCError) {
            guard let req = request else { return }
            let trailers = echoMetadata(call)
            if let e = status(req.responseStatus) {
                call.finish(e, trailers: trailers)
                return
            }
            call.send(T.SimpleResponse(payload: [UInt8](repeating: 0, count: Int(req.responseSize))))
            call.finish(trailers: trailers)
        }
    }

    final class StreamingInput: CallHandler {
        var total: UInt64 = 0
        func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) {
            total += UInt64(try decode(T.StreamingInputCallRequest.self, message).payload.count)
        }
        func onHalfClose(call: ServerCall) throws(RPCError) {
            call.send(T.StreamingInputCallResponse(aggregatedPayloadSize: total))
            call.finish()
        }
    }

    final class FullDuplex: CallHandler {
        var trailers: Metadata?
        func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) {
            if trailers == nil { trailers = echoMetadata(call) }
            try respond(try decode(T.StreamingOutputCallRequest.self, message), call)
        }
        func onHalfClose(call: ServerCall) throws(RPCError) {
            call.finish(trailers: trailers ?? echoMetadata(call))
        }
    }
}
