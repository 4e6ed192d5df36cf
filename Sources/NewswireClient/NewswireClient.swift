// The Swift client: one connection, many concurrent calls, async/await.
@_exported import NewswireRPC
import NewswireLoop
@_exported import enum NewswireLoop.SocketAddress
import NewswireThreads

/// A client of one Newswire server. Calls share one connection, opened on
/// first use and opened again after the server closes it.
public final class NewswireClient: Sendable {
    public let address: SocketAddress
    public let config: ClientConfig
    /// The loop thread the connection lives on.
    public let loop: EventLoop
    private let ownsLoop: Bool
    private let connection: LoopBound<ConnectionSlot>

    final class ConnectionSlot { var current: ClientConnection? }

    /// A client with a loop thread of its own.
    public init(address: SocketAddress, config: ClientConfig = ClientConfig()) {
        self.address = address
        self.config = config
        loop = EventLoop()
        ownsLoop = true
        connection = LoopBound(ConnectionSlot(), loop: loop)
        startThread(name: "newswire-client") { [loop] in loop.run() }
    }

    /// A client on a loop the caller runs (`loop.run()` on a thread of its
    /// own), which may carry other clients' connections too: many
    /// connections on few threads, as a load generator wants.
    public init(address: SocketAddress, config: ClientConfig = ClientConfig(), on loop: EventLoop) {
        self.address = address
        self.config = config
        self.loop = loop
        ownsLoop = false
        connection = LoopBound(ConnectionSlot(), loop: loop)
    }

    /// Parses "HOST:PORT" or "unix:PATH".
    public convenience init(_ address: String, config: ClientConfig = ClientConfig()) throws(RPCError) {
        guard let a = SocketAddress(address) else {
            throw RPCError(.invalidArgument, "bad server address \"\(address)\": expected HOST:PORT or unix:PATH")
        }
        self.init(address: a, config: config)
    }

    deinit {
        let c = connection, l = loop, stop = ownsLoop
        l.execute { c.value.current?.close(); if stop { l.stop() } }
    }

    /// Closes the connection; calls still open fail with UNAVAILABLE.
    public func close() {
        let c = connection
        loop.execute { c.value.current?.close(); c.value.current = nil }
    }

    /// Keepalive PINGs sent on the current connection (0 if none is open). For tests.
    func keepalivePingsSent() async -> UInt64 {
        let c = connection
        return await withCheckedContinuation { k in
            loop.execute { k.resume(returning: c.value.current?.keepalivePingsSent ?? 0) }
        }
    }

    /// The connection for a new call, opened if needed. Loop thread.
    private func usableConnection() -> ClientConnection {
        let slot = connection.value
        if let c = slot.current, c.acceptsCalls { return c }
        let c = ClientConnection(loop: loop, address: address, config: config)
        slot.current = c
        c.connect()
        return c
    }

    /// Starts a call of any kind. Send with `send`, end the request stream with
    /// `closeSend`, read `responses`, and `status` tells how it ended.
    public func makeCall(_ path: String, kind: MethodKind, options: CallOptions = CallOptions(),
                         firstMessage: [UInt8]? = nil, endStream: Bool = false) -> ClientCall {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let headers = Promise<Metadata>()
        let status = Promise<CallStatus>()
        let call = ClientCall(path: path, loop: loop, responses: stream, headers: headers, status: status)
        loop.execute { [self] in
            let conn = usableConnection()
            let id = conn.allocateCallID()
            let state = ClientCallState(id: id, kind: kind, responses: continuation, headers: headers, status: status)
            call.bind(LoopBound(conn, loop: loop), id: id)
            if let err = conn.closedError {
                headers.fulfil(Metadata())
                status.fulfil(CallStatus(code: err.code, message: err.message, trailers: Metadata()))
                continuation.finish(throwing: err)
                return
            }
            conn.open(path: path, kind: kind, options: options, state: state, endStream: endStream, firstMessage: firstMessage)
        }
        return call
    }

    /// A unary call on raw bytes.
    public func unary(_ path: String, request: [UInt8], options: CallOptions = CallOptions()) async throws(RPCError) -> UnaryResponse {
        let call = makeCall(path, kind: .unary, options: options, firstMessage: request, endStream: true)
        let (message, status): ([UInt8]?, CallStatus) = await withTaskCancellationHandler {
            var message: [UInt8]?
            do {
                for try await m in call.responses { message = m }
            } catch {}
            return (message, await call.status)
        } onCancel: {
            call.cancel()
        }
        if let e = status.error { throw e }
        return UnaryResponse(message: message ?? [], headers: await call.headers, trailers: status.trailers)
    }

    /// A unary call whose `completion` runs on the client's loop thread, with
    /// no task and no thread hop in between: for code that makes calls by the
    /// hundred thousand, such as `newswire bench`. Called on the loop thread
    /// (from another completion, say), the call starts at once; from any other
    /// thread it starts on the loop soon after. The completion gets the
    /// response message, or the call's error.
    public func unary(_ path: String, request: [UInt8], options: CallOptions = CallOptions(),
                      completion: @escaping @Sendable (Result<[UInt8], RPCError>) -> Void) {
        if loop.inLoopThread {
            startUnary(path, request, options, completion)
        } else {
            loop.execute { [self] in startUnary(path, request, options, completion) }
        }
    }

    private func startUnary(_ path: String, _ request: [UInt8], _ options: CallOptions,
                            _ completion: @escaping (Result<[UInt8], RPCError>) -> Void) {
        let conn = usableConnection()
        if let err = conn.closedError { completion(.failure(err)); return }
        let state = ClientCallState(id: conn.allocateCallID(), kind: .unary, delivery: .completion(completion))
        conn.open(path: path, kind: .unary, options: options, state: state, endStream: true, firstMessage: request)
    }

    /// A unary call on protobuf messages.
    public func unary<Req: ProtoMessage, Resp: ProtoMessage>(_ path: String, _ request: Req, as: Resp.Type = Resp.self,
                                                            options: CallOptions = CallOptions()) async throws(RPCError) -> Resp {
        let r = try await unary(path, request: request.protobuf(), options: options)
        do { return try Resp(protobuf: r.message) } catch {
            throw RPCError(.internal, "cannot decode the response as \(Resp.protoName)")
        }
    }
}

/// One call in progress.
public final class ClientCall: Sendable {
    public let path: String
    /// Response messages; ends with the call, throwing its RPCError unless it ended OK.
    public let responses: AsyncThrowingStream<[UInt8], any Error>
    private let headersPromise: Promise<Metadata>
    private let statusPromise: Promise<CallStatus>
    private let loop: EventLoop
    private let binding: Promise<Binding>

    struct Binding: Sendable { let connection: LoopBound<ClientConnection>; let id: UInt32 }

    init(path: String, loop: EventLoop, responses: AsyncThrowingStream<[UInt8], any Error>,
         headers: Promise<Metadata>, status: Promise<CallStatus>) {
        self.path = path; self.loop = loop; self.responses = responses
        headersPromise = headers; statusPromise = status
        binding = Promise()
    }

    func bind(_ c: LoopBound<ClientConnection>, id: UInt32) { binding.fulfil(Binding(connection: c, id: id)) }

    /// Runs `body` on the loop thread once the call has its connection.
    private func onLoop(_ body: @escaping @Sendable (ClientConnection, UInt32) -> Void) {
        let b = binding
        loop.execute {
            if let bound = b.current { body(bound.connection.value, bound.id) }
        }
    }

    /// Response headers (empty if the call ended without any).
    public var headers: Metadata { get async { await headersPromise.value } }

    /// How the call ended; waits for the end.
    public var status: CallStatus { get async { await statusPromise.value } }

    /// Sends one request message; waits while the connection's send buffer is full.
    public func send(_ message: [UInt8], endStream: Bool = false) async throws(RPCError) {
        if let s = statusPromise.current { throw s.error ?? RPCError(.failedPrecondition, "the call has already ended") }
        let accepted: Bool = await withCheckedContinuation { c in
            onLoop { conn, id in
                guard conn.send(id, message, endStream: endStream) else { c.resume(returning: false); return }
                conn.waitForDrain { c.resume(returning: true) }
            }
        }
        if !accepted {
            let s = await statusPromise.value
            throw s.error ?? RPCError(.failedPrecondition, "the call has already ended")
        }
    }

    public func send<M: ProtoMessage>(_ message: M, endStream: Bool = false) async throws(RPCError) {
        try await send(message.protobuf(), endStream: endStream)
    }

    /// Ends the request stream (half-close).
    public func closeSend() { onLoop { conn, id in conn.halfClose(id) } }

    /// Cancels the call: it ends with CANCELLED, and the server is told.
    public func cancel() {
        onLoop { conn, id in conn.cancel(id, RPCError(.cancelled, "cancelled by the client")) }
    }
}

