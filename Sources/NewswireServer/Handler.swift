// What the server calls: a handler per call, whose events run one at a time
// on a worker thread, never on the loop thread.
@_exported import NewswireRPC

/// One call's handler. The server creates one per call and delivers its events
/// in order, one at a time, on worker threads. A handler ends the call with
/// `call.finish(...)`; throwing from an event ends it with that error.
public protocol CallHandler: AnyObject {
    func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError)
    func onHalfClose(call: ServerCall) throws(RPCError)
    /// The call was cancelled, timed out or lost its connection. Nothing sent now reaches the client.
    func onCancel(call: ServerCall)
}

extension CallHandler {
    public func onCancel(call: ServerCall) {}
}

/// A method: its description for routing and reflection, and how to make its handler.
public struct MethodHandler: Sendable {
    public let info: MethodInfo
    /// The handler's events run on the loop thread itself, as the frames
    /// arrive, with no hop to a worker and back: for built-in methods that
    /// never block and take microseconds (a health check, the test service's
    /// echo). Everything else, plugins included, runs on the worker pool.
    public let runsOnLoop: Bool
    public let makeHandler: @Sendable () -> any CallHandler

    public init(info: MethodInfo, runsOnLoop: Bool = false, makeHandler: @escaping @Sendable () -> any CallHandler) {
        self.info = info; self.runsOnLoop = runsOnLoop; self.makeHandler = makeHandler
    }

    static func info<Req: ProtoMessage, Resp: ProtoMessage>(_ service: String, _ name: String, _ kind: MethodKind, _: Req.Type, _: Resp.Type) -> MethodInfo {
        MethodInfo(name: name, path: "/\(service)/\(name)", kind: kind, requestType: Req.protoName, responseType: Resp.protoName)
    }

    /// One request, one response.
    public static func unary<Req: ProtoMessage, Resp: ProtoMessage>(
        _ service: String, _ name: String, runsOnLoop: Bool = false,
        _ body: @escaping @Sendable (Req, ServerCall) throws(RPCError) -> Resp
    ) -> MethodHandler {
        MethodHandler(info: info(service, name, .unary, Req.self, Resp.self), runsOnLoop: runsOnLoop) {
            SingleRequestHandler { (bytes, call) throws(RPCError) in
                let response = try body(try decode(Req.self, bytes), call)
                call.send(response.protobuf())
                call.finish()
            }
        }
    }

    /// One request, a stream of responses. The body sends with `call.send` and
    /// the call ends with OK when it returns, unless it finished the call itself
    /// or set `call.finishesLater`.
    public static func serverStreaming<Req: ProtoMessage, Resp: ProtoMessage>(
        _ service: String, _ name: String, response: Resp.Type,
        _ body: @escaping @Sendable (Req, ServerCall) throws(RPCError) -> Void
    ) -> MethodHandler {
        MethodHandler(info: info(service, name, .serverStreaming, Req.self, Resp.self)) {
            SingleRequestHandler { (bytes, call) throws(RPCError) in
                try body(try decode(Req.self, bytes), call)
                if !call.finishesLater { call.finish() }
            }
        }
    }

    /// A handler of any kind, written as a CallHandler class.
    public static func custom<Req: ProtoMessage, Resp: ProtoMessage>(
        _ service: String, _ name: String, _ kind: MethodKind, _ req: Req.Type, _ resp: Resp.Type,
        runsOnLoop: Bool = false, _ make: @escaping @Sendable () -> any CallHandler
    ) -> MethodHandler {
        MethodHandler(info: info(service, name, kind, req, resp), runsOnLoop: runsOnLoop, makeHandler: make)
    }
}

/// Decodes a request or fails the call with INVALID_ARGUMENT.
public func decode<M: ProtoMessage>(_ type: M.Type, _ bytes: [UInt8]) throws(RPCError) -> M {
    do { return try M(protobuf: bytes) } catch {
        throw RPCError(.invalidArgument, "cannot decode the request as \(M.protoName) (\(bytes.count) bytes)")
    }
}

/// Runs its body on the one request message, at half-close.
final class SingleRequestHandler: CallHandler {
    private let body: (([UInt8], ServerCall) throws(RPCError) -> Void)
    private var request: [UInt8]?
    init(_ body: @escaping ([UInt8], ServerCall) throws(RPCError) -> Void) { self.body = body }
    func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) { request = message }
    func onHalfClose(call: ServerCall) throws(RPCError) {
        guard let request else { return }   // the state machine already failed the call
        self.request = nil
        try body(request, call)
    }
}

/// A service: its name, provider and methods.
public struct ServiceDefinition: Sendable {
    public let name: String
    public let provider: String
    public let methods: [MethodHandler]
    public init(name: String, provider: String = "builtin", methods: [MethodHandler]) {
        self.name = name; self.provider = provider; self.methods = methods
    }
    public var info: ServiceInfo { ServiceInfo(name: name, methods: methods.map(\.info), provider: provider) }
}
