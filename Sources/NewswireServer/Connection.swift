// One client connection, on the loop thread: preface, frames, calls, limits,
// backpressure and the way out (GOAWAY, drain, close).
import NewswireLoop
import NewswireThreads
import Logging

/// A handler, touched only from its call's serial job queue.
final class HandlerBox: @unchecked Sendable {
    let handler: any CallHandler
    init(_ h: any CallHandler) { handler = h }
}

/// A call as the connection tracks it.
final class ActiveCall {
    let context: ServerCall
    var machine: CallStateMachine
    let handler: HandlerBox
    /// The call's events in order on the worker pool; nil for a method that runs on the loop thread.
    let jobs: SerialJobQueue?
    var deadlineTimer: Timer?

    init(context: ServerCall, handler: HandlerBox, jobs: SerialJobQueue?) {
        self.context = context; self.handler = handler; self.jobs = jobs
        machine = CallStateMachine(kind: context.kind)
    }

    /// Runs one of the handler's events: queued for a worker, or here and now on the loop thread.
    func run(_ event: @escaping @Sendable () -> Void) {
        if let jobs { jobs.submit(event) } else { event() }
    }
}

final class Connection {
    /// Longer timeouts are treated as this (ten years): no overflow, no surprise.
    static let maxTimeoutMicros: UInt64 = 10 * 365 * 86_400 * 1_000_000
    /// Messages this large are handed to the stream directly instead of being copied into the output buffer.
    static let directWriteSize = 64 * 1024
    let id: Int
    let stream: Stream
    unowned let server: ServerCore
    var config: ServerConfig { server.config }
    var logger: Logger
    private var decoder: FrameDecoder
    private var out: [UInt8] = []
    private var flushScheduled = false
    private var postedInBuffer = 0
    private var calls: [UInt32: ActiveCall] = [:]
    private var lastCallID: UInt32 = 0
    /// The last HEADERS payload decoded, and what it said.
    private var lastHeaders: (bytes: [UInt8], message: RequestHeadersMessage)?
    private var prefaceReceived = false
    private(set) var goAwaySent = false
    private var closing = false
    private var pausedForBackpressure = false
    let gauge: ConnectionGauge
    private let openedAt: UInt64
    private var lastReadAt: UInt64
    private var idleSince: UInt64
    private var pingSentAt: UInt64?

    var callCount: Int { calls.count }

    init(id: Int, stream: Stream, server: ServerCore) {
        self.id = id
        self.stream = stream
        self.server = server
        var l = server.logger
        l[metadataKey: "conn"] = "\(id)"
        logger = l
        let cfg = server.config
        gauge = ConnectionGauge(outboundLimit: cfg.connectionBufferLimit, loop: stream.loop)
        decoder = FrameDecoder(expectPreface: true) { h in
            switch h.type {
            case .message: cfg.maxReceiveMessageSize
            case .headers, .trailers, .goAway: cfg.maxMetadataSize
            case .ping: 8
            case .halfClose, .cancel: 0
            }
        }
        openedAt = stream.loop.now
        lastReadAt = openedAt
        idleSince = openedAt
    }

    private var loop: EventLoop { stream.loop }

    func start() {
        out.append(contentsOf: Preface.current.bytes)
        scheduleFlush()
        stream.onDrain = { [unowned self] in self.drained() }
        stream.startReading(onRead: { [unowned self] in self.received($0) },
                            onEnd: { [unowned self] err in self.peerClosed(err) })
    }

    // MARK: Reading

    private func received(_ bytes: UnsafeRawBufferPointer) {
        guard !closing else { return }
        lastReadAt = loop.now
        pingSentAt = nil
        decoder.append(bytes)
        do throws(WireError) {
            while !closing, let item = try decoder.next() {
                switch item {
                case .preface(let p): handlePreface(p)
                case .frame(let f): handleFrame(f)
                case .oversized(let h): handleOversized(h)
                }
            }
        } catch {
            fail(.internal, error.description)
        }
        updateReadInterest()
    }

    private func handlePreface(_ p: Preface) {
        guard p.major == Preface.current.major else {
            fail(.failedPrecondition, "client speaks protocol \(p.major).\(p.minor); this server speaks \(Preface.current.major).\(Preface.current.minor)")
            return
        }
        prefaceReceived = true
    }

    private func handleFrame(_ f: Frame) {
        if f.type != .ping { idleSince = loop.now }   // pings alone do not keep a connection from idling
        switch f.type {
        case .headers: openCall(f)
        case .message:
            guard let call = liveCall(f) else { return }
            do throws(RPCError) {
                try call.machine.requestMessage()
            } catch {
                finish(call, error)
                return
            }
            let box = call.handler, ctx = call.context, payload = f.payload
            let endStream = f.flags.contains(.endStream)
            guard let jobs = call.jobs else {   // runs on the loop: nothing is queued, nothing to count
                if !ctx.isOver {
                    do throws(RPCError) { try box.handler.onMessage(payload, call: ctx) } catch { ctx.finish(error) }
                }
                if endStream { halfClose(call) }
                return
            }
            let n = f.payload.count
            gauge.inboundQueued(n)
            let me = LoopBound(self, loop: loop)
            jobs.submit { [gauge] in
                if !ctx.isOver {
                    do throws(RPCError) { try box.handler.onMessage(payload, call: ctx) } catch { ctx.finish(error) }
                }
                // Wake the loop only when reading is paused and this made room.
                if gauge.inboundConsumed(n) { me.loop.execute { me.value.updateReadInterest() } }
            }
            if endStream { halfClose(call) }
        case .halfClose:
            guard let call = liveCall(f) else { return }
            halfClose(call)
        case .cancel:
            guard let call = liveCall(f) else { return }
            cancel(call, reply: nil)
        case .ping:
            guard f.callID == 0, f.payload.count == 8 else {
                fail(.internal, "PING frames carry 8 bytes on call id 0 (got \(f.payload.count) bytes on call id \(f.callID))")
                return
            }
            if f.flags.contains(.ack) { return }
            queue(Frame(.ping, flags: .ack, callID: 0, payload: f.payload))
        case .trailers, .goAway:
            fail(.internal, "a client may not send \(f.type) frames")
        }
    }

    /// The call a MESSAGE, HALF_CLOSE or CANCEL frame is for; nil if it has ended.
    private func liveCall(_ f: Frame) -> ActiveCall? {
        if let c = calls[f.callID] { return c }
        if f.callID == 0 || f.callID > lastCallID {
            fail(.internal, "\(f.type) frame for call \(f.callID), which was never opened")
        }
        return nil   // a call that already ended: the frame crossed our trailers
    }

    private func handleOversized(_ h: FrameHeader) {
        switch h.type {
        case .message:
            guard let call = calls[h.callID] else {
                if h.callID == 0 || h.callID > lastCallID { fail(.internal, "MESSAGE frame for call \(h.callID), which was never opened") }
                return
            }
            finish(call, RPCError(.resourceExhausted, "received message of \(h.length) bytes exceeds the server's limit of \(config.maxReceiveMessageSize) bytes"))
        case .headers:
            guard h.callID > lastCallID else { fail(.internal, "HEADERS frame reuses call id \(h.callID)"); return }
            lastCallID = h.callID
            sendTrailers(h.callID, RPCError(.resourceExhausted, "request headers of \(h.length) bytes exceed the server's limit of \(config.maxMetadataSize) bytes"))
        default:
            fail(.internal, "\(h.type) frame of \(h.length) bytes is over its size limit")
        }
    }

    private func openCall(_ f: Frame) {
        guard f.callID > lastCallID else {
            fail(.internal, "HEADERS frame for call \(f.callID): call ids must increase (last was \(lastCallID))")
            return
        }
        lastCallID = f.callID
        if goAwaySent {
            sendTrailers(f.callID, RPCError(.unavailable, "server is shutting down; retry on a new connection"))
            return
        }
        if calls.count >= config.maxConcurrentCallsPerConnection {
            sendTrailers(f.callID, RPCError(.resourceExhausted, "too many concurrent calls on this connection (limit \(config.maxConcurrentCallsPerConnection))"))
            return
        }
        let headers: RequestHeadersMessage
        if let last = lastHeaders, last.bytes == f.payload {
            headers = last.message   // a client repeating its call sends the same bytes: decoded once
        } else {
            do { headers = try RequestHeadersMessage(protobuf: f.payload) } catch {
                sendTrailers(f.callID, RPCError(.internal, "malformed request headers: not a valid RequestHeaders message (or its method is not UTF-8)"))
                return
            }
            lastHeaders = (f.payload, headers)
        }
        // A registered path matches exactly, already parsed; anything else is parsed to say what is wrong.
        let known = server.router.lookup(exactly: headers.method)
        guard let path = known?.path ?? MethodPath(headers.method) else {
            sendTrailers(f.callID, RPCError(.unimplemented, "malformed method path \"\(headers.method)\": expected /package.Service/Method"))
            return
        }
        let metadata = Metadata(headers.metadata)
        if let problem = metadata.validationError() {
            sendTrailers(f.callID, RPCError(.invalidArgument, problem))
            return
        }
        let method: MethodHandler
        switch known.map({ Router.Lookup.found($0.handler) }) ?? server.router.lookup(path) {
        case .found(let m): method = m
        case .unknownService:
            sendTrailers(f.callID, RPCError(.unimplemented, "unknown service \(path.service)"))
            return
        case .unknownMethod:
            sendTrailers(f.callID, RPCError(.unimplemented, "unknown method \(path.method) for service \(path.service)"))
            return
        }
        let timeoutMicros = min(headers.timeoutMicros, Connection.maxTimeoutMicros)
        let deadline = timeoutMicros > 0 ? Deadline.after(micros: timeoutMicros) : nil
        let me = LoopBound(self, loop: loop)
        let callID = f.callID
        // A handler on the loop thread hands its output over directly; one on a worker posts it to the loop.
        let post: @Sendable (CallOutput) -> Void
        if method.runsOnLoop {
            post = { output in me.value.handlerOutput(callID, output) }
        } else {
            post = { output in me.loop.execute { me.value.handlerOutput(callID, output) } }
        }
        let ctx = ServerCall(id: callID, path: path, kind: method.info.kind, metadata: metadata, deadline: deadline,
                             gauge: gauge, post: post)
        let call = ActiveCall(context: ctx, handler: HandlerBox(method.makeHandler()),
                              jobs: method.runsOnLoop ? nil : SerialJobQueue(pool: server.workers))
        calls[callID] = call
        server.callOpened()
        if timeoutMicros > 0 {
            let t = Timer(loop)
            call.deadlineTimer = t
            t.start(afterMillis: max(1, (timeoutMicros + 999) / 1000)) { [unowned self] in
                guard let c = self.calls[callID] else { return }
                self.cancel(c, reply: RPCError(.deadlineExceeded, "deadline exceeded after \(self.format(micros: timeoutMicros))"))
            }
        }
        if f.flags.contains(.endStream) { halfClose(call) }
    }

    private func format(micros: UInt64) -> String {
        micros >= 1_000_000 ? "\(Double(micros) / 1_000_000) s" : micros >= 1000 ? "\(micros / 1000) ms" : "\(micros) µs"
    }

    private func halfClose(_ call: ActiveCall) {
        do throws(RPCError) { try call.machine.halfClose() } catch {
            finish(call, error)
            return
        }
        let box = call.handler, ctx = call.context
        call.run {
            guard !ctx.isOver else { return }
            do throws(RPCError) { try box.handler.onHalfClose(call: ctx) } catch { ctx.finish(error) }
        }
    }

    // MARK: Output from handlers (via the loop's queue)

    private func handlerOutput(_ callID: UInt32, _ output: CallOutput) {
        if case .message(let m) = output {
            postedInBuffer += m.count
        }
        guard let call = calls[callID], !closing else {
            if case .message(let m) = output { postedInBuffer -= m.count; gauge.outboundWritten(m.count, kernelPending: stream.pendingWriteBytes) }
            return   // late: the call ended (deadline, cancel) and its answer is dropped
        }
        switch output {
        case .headers(let md):
            if call.machine.responseHeaders() {
                queue(Frame(.headers, callID: callID, payload: ResponseHeadersMessage(metadata: md.entries).protobuf()))
            }
        case .message(let bytes):
            if bytes.count > config.maxSendMessageSize {
                finish(call, RPCError(.resourceExhausted, "response message of \(bytes.count) bytes exceeds the server's send limit of \(config.maxSendMessageSize) bytes"))
                return
            }
            if call.machine.responseHeaders() {
                queue(Frame(.headers, callID: callID, payload: ResponseHeadersMessage().protobuf()))
            }
            do throws(RPCError) { try call.machine.responseMessage() } catch {
                finish(call, error)
                return
            }
            Frame.encodeHeader(FrameHeader(length: UInt32(bytes.count), type: .message, callID: callID), into: &out)
            if bytes.count >= Connection.directWriteSize && !stream.isClosed {
                // A large message goes to the stream as it is, after what is queued before it: a copy fewer.
                stream.write(out)
                out.removeAll(keepingCapacity: true)
                stream.write(bytes)
            } else {
                out.append(contentsOf: bytes)
            }
            scheduleFlush()
        case .finish(let error, let trailers):
            if error == nil, let problem = call.machine.checkOKResponseCount() {
                finish(call, problem)
            } else {
                finish(call, error, trailers: trailers)
            }
        }
    }

    // MARK: Ending calls

    /// Ends a call with trailers (OK when `error` is nil).
    private func finish(_ call: ActiveCall, _ error: RPCError?, trailers: Metadata = Metadata()) {
        guard call.machine.finish() else { return }
        let id = call.context.id
        sendTrailers(id, error, trailers: trailers)
        if !call.context.handlerFinished {
            // The server ended it (a limit, a protocol violation): the handler hears of it.
            call.context.markCancelled()
            let box = call.handler, ctx = call.context
            call.run { box.handler.onCancel(call: ctx) }
        }
        release(call)
    }

    /// Cancels a call: the handler hears of it; the client gets `reply` if there is one.
    private func cancel(_ call: ActiveCall, reply: RPCError?) {
        guard call.machine.finish() else { return }
        call.context.markCancelled()
        let box = call.handler, ctx = call.context
        call.run { box.handler.onCancel(call: ctx) }
        if let reply { sendTrailers(ctx.id, reply) }
        release(call)
    }

    private func release(_ call: ActiveCall) {
        call.deadlineTimer?.close()
        call.deadlineTimer = nil
        calls[call.context.id] = nil
        server.callClosed()
        if calls.isEmpty {
            idleSince = loop.now
            if goAwaySent { closeWhenFlushed() }
        }
    }

    private func sendTrailers(_ id: UInt32, _ error: RPCError?, trailers: Metadata = Metadata()) {
        let t = TrailersMessage(code: error?.code.rawValue ?? 0, message: error?.message ?? "",
                                metadata: (error.map { $0.trailers.entries } ?? []) + trailers.entries)
        queue(Frame(.trailers, callID: id, payload: t.protobuf()))
    }

    // MARK: Writing

    private func queue(_ f: Frame) {
        guard !stream.isClosed else { return }
        f.encode(into: &out)
        scheduleFlush()
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        loop.afterIO { [self] in flush() }
    }

    private func flush() {
        flushScheduled = false
        if !out.isEmpty && !stream.isClosed {
            stream.write(out)
            out.removeAll(keepingCapacity: out.capacity <= 1 << 20)
        }
        gauge.outboundWritten(postedInBuffer, kernelPending: stream.pendingWriteBytes)
        postedInBuffer = 0
        updateReadInterest()
    }

    private func drained() {
        gauge.outboundWritten(0, kernelPending: 0)
        if closing { stream.close { [self] in server.connectionClosed(self) } ; return }
        updateReadInterest()
    }

    /// The one backpressure rule: stop reading while unsent output or queued
    /// request bytes are over the bound; read again once both are under half of it.
    func updateReadInterest() {
        guard !closing, !stream.isClosed else { return }
        let limit = config.connectionBufferLimit
        let outBytes = stream.pendingWriteBytes + out.count
        let inBytes = gauge.inboundBytes
        if outBytes > limit || inBytes > limit {
            if !pausedForBackpressure {
                pausedForBackpressure = true
                gauge.setReadingPaused(true)
                stream.pauseReading()
                server.counters.withLock { $0.backpressurePauses += 1 }
            }
        } else if pausedForBackpressure && outBytes <= limit / 2 && inBytes <= limit / 2 {
            pausedForBackpressure = false
            gauge.setReadingPaused(false)
            lastReadAt = loop.now
            pingSentAt = nil
            stream.resumeReading()
        }
    }

    // MARK: Closing

    /// A connection error: GOAWAY with the reason, cancel every call, close.
    func fail(_ code: StatusCode, _ message: String) {
        guard !closing else { return }
        logger.info("closing connection: \(message)")
        if !goAwaySent {
            goAwaySent = true
            queue(Frame(.goAway, callID: 0, payload: GoAwayMessage(lastCallID: lastCallID, code: code.rawValue, message: message).protobuf()))
        }
        for call in Array(calls.values) { cancel(call, reply: nil) }
        closeWhenFlushed()
    }

    /// Graceful: announce, refuse new calls, let open ones finish.
    func goAway(_ code: StatusCode, _ message: String) {
        guard !goAwaySent, !closing else { return }
        goAwaySent = true
        queue(Frame(.goAway, callID: 0, payload: GoAwayMessage(lastCallID: lastCallID, code: code.rawValue, message: message).protobuf()))
        if calls.isEmpty { closeWhenFlushed() }
    }

    /// Drain timeout: end what is left with UNAVAILABLE.
    func abortCalls(_ message: String) {
        for call in Array(calls.values) {
            sendTrailers(call.context.id, RPCError(.unavailable, message))
            cancel(call, reply: nil)
        }
        closeWhenFlushed()
    }

    private func closeWhenFlushed() {
        guard !closing else { return }
        if !out.isEmpty { flush() }
        closing = true
        stream.pauseReading()
        gauge.close()
        if stream.pendingWriteBytes == 0 {
            stream.close { [self] in server.connectionClosed(self) }
        }
        // else drained() closes it; the housekeeping tick ends a stuck write.
    }

    private func peerClosed(_ error: LoopError?) {
        if let error { logger.debug("connection ended: \(error)") }
        for call in Array(calls.values) { cancel(call, reply: nil) }
        closing = true
        gauge.close()
        stream.close { [self] in server.connectionClosed(self) }
    }

    /// Once a second: handshake timeout, idle timeout, keepalive.
    func tick(now: UInt64) {
        if closing {
            if now - lastReadAt > 5000 && !stream.isClosed { stream.close { [self] in server.connectionClosed(self) } }
            return
        }
        if !prefaceReceived {
            if now - openedAt >= config.handshakeTimeoutSeconds * 1000 { fail(.unavailable, "no preface within \(config.handshakeTimeoutSeconds) s") }
            return
        }
        if config.idleTimeoutSeconds > 0 && calls.isEmpty && now - idleSince >= config.idleTimeoutSeconds * 1000 {
            goAway(.ok, "idle for \(config.idleTimeoutSeconds) s")
            return
        }
        // While paused for backpressure we read nothing, so silence proves nothing.
        if config.keepaliveIntervalSeconds > 0 && !pausedForBackpressure {
            if let sent = pingSentAt {
                if now - sent >= config.keepaliveTimeoutSeconds * 1000 { fail(.unavailable, "keepalive ping not answered within \(config.keepaliveTimeoutSeconds) s") }
            } else if now - lastReadAt >= config.keepaliveIntervalSeconds * 1000 {
                pingSentAt = now
                queue(Frame(.ping, callID: 0, payload: [0, 0, 0, 0, 0, 0, 0, 1]))
            }
        }
    }
}
