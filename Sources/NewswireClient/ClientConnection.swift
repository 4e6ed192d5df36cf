// One connection to a server, on the client's loop thread: preface, frames,
// and the state of each call.
import NewswireLoop

final class ClientCallState {
    /// Where a call's results go: to async code (a stream and two promises),
    /// or, for a unary call started with a completion, to that completion on
    /// the loop thread.
    enum Delivery {
        case stream(responses: AsyncThrowingStream<[UInt8], any Error>.Continuation,
                    headers: Promise<Metadata>, status: Promise<CallStatus>)
        case completion((Result<[UInt8], RPCError>) -> Void)
    }

    let id: UInt32
    var machine: CallStateMachine
    let delivery: Delivery
    /// The response of a `.completion` call, kept until its trailers.
    var response: [UInt8]?
    var deadlineTimer: Timer?

    init(id: UInt32, kind: MethodKind, delivery: Delivery) {
        self.id = id; machine = CallStateMachine(kind: kind); self.delivery = delivery
    }

    convenience init(id: UInt32, kind: MethodKind, responses: AsyncThrowingStream<[UInt8], any Error>.Continuation,
                     headers: Promise<Metadata>, status: Promise<CallStatus>) {
        self.init(id: id, kind: kind, delivery: .stream(responses: responses, headers: headers, status: status))
    }

    func headersArrived(_ md: Metadata) {
        if case .stream(_, let headers, _) = delivery { headers.fulfil(md) }
    }

    func messageArrived(_ m: [UInt8]) {
        switch delivery {
        case .stream(let responses, let headers, _):
            headers.fulfil(Metadata())
            responses.yield(m)
        case .completion:
            response = m
        }
    }

    func ended(_ status: CallStatus) {
        switch delivery {
        case .stream(let responses, let headers, let promise):
            headers.fulfil(Metadata())
            promise.fulfil(status)
            if let e = status.error { responses.finish(throwing: e) } else { responses.finish() }
        case .completion(let done):
            if let e = status.error { done(.failure(e)) } else { done(.success(response ?? [])) }
            response = nil
        }
    }
}

final class ClientConnection {
    enum State { case connecting, ready, closed(RPCError) }

    let loop: EventLoop
    let address: SocketAddress
    let config: ClientConfig
    private(set) var state: State = .connecting
    private var stream: Stream?
    private var out: [UInt8] = Preface.current.bytes
    private var flushScheduled = false
    private var decoder: FrameDecoder
    private var calls: [UInt32: ClientCallState] = [:]
    private var nextCallID: UInt32 = 1
    private(set) var goAwayReceived = false
    private var drainWaiters: [() -> Void] = []
    private var connectTimer: Timer?
    /// Keepalive (section 14 of PROTOCOL.md): when bytes last arrived
    /// (loop.now), when the unanswered PING went out, and the one timer.
    private var lastReadAt: UInt64 = 0
    private var pingSentAt: UInt64?
    private var keepaliveTimer: Timer?
    /// Keepalive PINGs sent on this connection; the next one's payload is this + 1.
    private(set) var keepalivePingsSent: UInt64 = 0

    init(loop: EventLoop, address: SocketAddress, config: ClientConfig) {
        self.loop = loop; self.address = address; self.config = config
        let maxMessage = config.maxReceiveMessageSize
        decoder = FrameDecoder(expectPreface: true) { h in
            switch h.type {
            case .message: maxMessage
            case .ping: 8
            case .halfClose, .cancel: 0
            default: 1 << 20
            }
        }
    }

    /// Whether new calls may use this connection.
    var acceptsCalls: Bool {
        if goAwayReceived { return false }
        if case .closed = state { return false }
        return true
    }

    func connect() {
        let t = Timer(loop)
        connectTimer = t
        t.start(afterMillis: UInt64(config.connectTimeoutSeconds * 1000)) { [unowned self] in
            fail(RPCError(.unavailable, "cannot connect to \(address): timed out after \(config.connectTimeoutSeconds) s"))
        }
        Stream.connect(to: address, loop: loop) { [self] result in
            connectTimer?.close(); connectTimer = nil
            switch result {
            case .failure(let e):
                var hint = ""
                if e.isConnectionRefused || e.name == "ENOENT" { hint = " — is newswired running? Start it with: newswired --listen \(address)" }
                fail(RPCError(.unavailable, "cannot connect to \(address): \(e.reason)\(hint)"))
            case .success(let s):
                if case .closed = state { s.close(); return }
                stream = s
                state = .ready
                s.onDrain = { [unowned self] in self.resumeSenders() }
                s.startReading(onRead: { [unowned self] in self.received($0) }, onEnd: { [unowned self] err in
                    self.fail(RPCError(.unavailable, "connection to \(self.address) lost\(err.map { ": \($0.reason)" } ?? ": the server closed it")"))
                })
                flush()
                startKeepalive()
            }
        }
    }

    // MARK: Calls

    func open(path: String, kind: MethodKind, options: CallOptions, state call: ClientCallState, endStream: Bool, firstMessage: [UInt8]?) {
        calls[call.id] = call
        // Clamped to ten years: a huge or infinite timeout must not trap.
        let micros = options.timeout.map { UInt64(min(max(0, $0), 315_360_000) * 1_000_000) } ?? 0
        if options.timeout != nil {
            let t = Timer(loop)
            call.deadlineTimer = t
            t.start(afterMillis: max(1, (micros + 999) / 1000)) { [unowned self] in
                self.cancel(call.id, RPCError(.deadlineExceeded, "deadline of \(options.timeout ?? 0) s exceeded"))
            }
        }
        let headers = RequestHeadersMessage(method: path, timeoutMicros: max(micros, options.timeout == nil ? 0 : 1), metadata: options.metadata.entries)
        queue(Frame(.headers, flags: firstMessage == nil && endStream ? .endStream : [], callID: call.id, payload: encoded(headers)))
        if let m = firstMessage {
            try? call.machine.requestMessage()
            queueMessage(m, flags: endStream ? .endStream : [], callID: call.id)
        }
        if endStream { try? call.machine.halfClose() }
    }

    /// The last HEADERS payload encoded: calls that repeat a method with the same
    /// timeout and metadata (as a load generator's do) reuse its bytes.
    private var lastHeaders: (message: RequestHeadersMessage, bytes: [UInt8])?

    private func encoded(_ headers: RequestHeadersMessage) -> [UInt8] {
        if let last = lastHeaders, last.message == headers { return last.bytes }
        let bytes = headers.protobuf()
        lastHeaders = (headers, bytes)
        return bytes
    }

    func allocateCallID() -> UInt32 {
        defer { nextCallID += 1 }
        return nextCallID
    }

    /// Sends one message; resumes `done` once the bytes are queued under the send limit.
    func send(_ id: UInt32, _ bytes: [UInt8], endStream: Bool) -> Bool {
        guard let call = calls[id] else { return false }
        do throws(RPCError) { try call.machine.requestMessage() } catch { return false }
        queueMessage(bytes, flags: endStream ? .endStream : [], callID: id)
        if endStream { try? call.machine.halfClose() }
        return true
    }

    var sendBufferFull: Bool { (stream?.pendingWriteBytes ?? 0) + out.count > config.sendBufferLimit }

    /// Runs `resume` now, or once the send buffer has drained.
    func waitForDrain(_ resume: @escaping () -> Void) {
        if sendBufferFull, case .ready = state { drainWaiters.append(resume) } else { resume() }
    }

    private func resumeSenders() {
        let w = drainWaiters
        drainWaiters.removeAll()
        for resume in w { resume() }
    }

    func halfClose(_ id: UInt32) {
        guard let call = calls[id], !call.machine.requestClosed else { return }
        try? call.machine.halfClose()
        queue(Frame(.halfClose, callID: id))
    }

    /// Ends a call locally with `error` and tells the server.
    func cancel(_ id: UInt32, _ error: RPCError) {
        guard let call = calls[id] else { return }
        queue(Frame(.cancel, callID: id))
        end(call, CallStatus(code: error.code, message: error.message, trailers: error.trailers))
    }

    private func end(_ call: ClientCallState, _ status: CallStatus) {
        guard call.machine.finish() else { return }
        calls[call.id] = nil
        call.deadlineTimer?.close()
        call.ended(status)
        if goAwayReceived && calls.isEmpty { close() }
    }

    // MARK: Frames from the server

    private func received(_ bytes: UnsafeRawBufferPointer) {
        // Any bytes are a sign of life, the answer to a keepalive PING among them (as on the server).
        if keepaliveTimer != nil {
            lastReadAt = loop.now
            pingSentAt = nil
        }
        decoder.append(bytes)
        do throws(WireError) {
            while let item = try decoder.next() {
                switch item {
                case .preface(let p):
                    if p.major != Preface.current.major {
                        fail(RPCError(.unavailable, "server at \(address) speaks protocol \(p.major).\(p.minor); this client speaks \(Preface.current.major).\(Preface.current.minor)"))
                        return
                    }
                case .frame(let f): handle(f)
                case .oversized(let h):
                    if h.type == .message, calls[h.callID] != nil {
                        cancel(h.callID, RPCError(.resourceExhausted, "received message of \(h.length) bytes exceeds the client's limit of \(config.maxReceiveMessageSize) bytes"))
                    } else if h.type == .message, h.callID != 0, h.callID < nextCallID {
                        // A call of ours that has already ended (cancelled, say): the decoder skips
                        // the payload and the frame is dropped, as any frame of an ended call is.
                    } else {
                        fail(RPCError(.internal, "server sent an oversized \(h.type) frame"))
                    }
                }
                if case .closed = state { return }
            }
        } catch {
            if case .badMagic = error {
                fail(RPCError(.unavailable, "\(address) did not answer with the Newswire preface; is it a Newswire server?"))
            } else {
                fail(RPCError(.internal, "protocol error from \(address): \(error)"))
            }
        }
    }

    private func handle(_ f: Frame) {
        switch f.type {
        case .headers:
            guard let call = calls[f.callID] else { return }
            if case .completion = call.delivery { return }   // nobody reads them: not decoded
            let md = (try? ResponseHeadersMessage(protobuf: f.payload))?.metadata ?? []
            call.headersArrived(Metadata(md))
        case .message:
            guard let call = calls[f.callID] else { return }
            do throws(RPCError) { try call.machine.responseMessage() } catch {
                cancel(call.id, error)
                return
            }
            call.messageArrived(f.payload)
        case .trailers:
            guard let call = calls[f.callID] else { return }
            guard let t = try? TrailersMessage(protobuf: f.payload) else {
                end(call, CallStatus(code: .internal, message: "malformed trailers from the server", trailers: Metadata()))
                return
            }
            var status = CallStatus(code: StatusCode(rawValue: t.code), message: t.message, trailers: Metadata(t.metadata))
            if status.code == .ok, let problem = call.machine.checkOKResponseCount() {
                status = CallStatus(code: problem.code, message: problem.message, trailers: status.trailers)
            }
            end(call, status)
        case .ping:
            if !f.flags.contains(.ack) { queue(Frame(.ping, flags: .ack, callID: 0, payload: f.payload)) }
        case .goAway:
            goAwayReceived = true
            let g = try? GoAwayMessage(protobuf: f.payload)
            let last = g?.lastCallID ?? 0
            let code = StatusCode(rawValue: g?.code ?? StatusCode.unavailable.rawValue)
            let reason = g?.message ?? "server sent GOAWAY"
            for call in Array(calls.values) where call.id > last {
                end(call, CallStatus(code: .unavailable, message: "server is going away: \(reason)", trailers: Metadata()))
            }
            if code != .ok {
                fail(RPCError(code == .resourceExhausted ? .resourceExhausted : .unavailable, "server closed the connection: \(reason)"))
            } else if calls.isEmpty {
                close()
            }
        case .halfClose, .cancel:
            fail(RPCError(.internal, "server sent a \(f.type) frame, which only clients send"))
        }
    }

    // MARK: Keepalive

    /// The keepalive PING: call id 0, 8 bytes, the count of PINGs sent so far
    /// on the connection (1 for the first), UInt64 big-endian.
    static func keepalivePing(_ number: UInt64) -> Frame {
        Frame(.ping, callID: 0, payload: (0..<8).map { UInt8(truncatingIfNeeded: number >> (56 - 8 * $0)) })
    }

    /// Seconds as milliseconds for a timer: at least 1 (also for NaN), at most ten years.
    private static func millis(_ seconds: Double) -> UInt64 {
        UInt64((seconds >= 0.001 ? min(seconds, 315_360_000) : 0.001) * 1000)
    }

    /// "20" for 20.0, "0.3" for 0.3.
    private static func seconds(_ t: Double) -> String { t == t.rounded() && abs(t) < 1e15 ? "\(Int(t))" : "\(t)" }

    /// Starts the keepalive timer once connected, if the config asks for it.
    /// One timer per connection, started again for whichever comes next: the
    /// end of the interval since the last bytes arrived, or the PING's timeout.
    /// Reads only note the time; the timer looks at it when it fires.
    private func startKeepalive() {
        guard let interval = config.keepaliveIntervalSeconds, interval > 0 else { return }
        lastReadAt = loop.now
        let t = Timer(loop)
        t.unref()   // the stream keeps the loop alive while the connection is open; the timer need not
        keepaliveTimer = t
        scheduleKeepalive(afterMillis: Self.millis(interval))
    }

    private func scheduleKeepalive(afterMillis ms: UInt64) {
        // Weak: a connection nobody holds any more must not be kept by its timer, nor reached through it.
        guard let timer = keepaliveTimer else { return }
        timer.start(afterMillis: max(1, ms)) { [weak self, weak timer] in
            guard let self else { timer?.close(); return }
            self.keepaliveCheck()
        }
    }

    private func keepaliveCheck() {
        guard case .ready = state, let interval = config.keepaliveIntervalSeconds, interval > 0 else { return }
        let now = loop.now
        if let sent = pingSentAt {
            let timeout = config.keepaliveTimeoutSeconds
            let due = sent + Self.millis(timeout)
            if now >= due {
                fail(RPCError(.unavailable, "connection to \(address) closed: keepalive ping not answered within \(Self.seconds(timeout)) s"))
            } else {
                scheduleKeepalive(afterMillis: due - now)
            }
            return
        }
        let due = lastReadAt + Self.millis(interval)
        if now >= due {
            keepalivePingsSent += 1
            pingSentAt = now
            queue(Self.keepalivePing(keepalivePingsSent))
            scheduleKeepalive(afterMillis: Self.millis(config.keepaliveTimeoutSeconds))
        } else {
            scheduleKeepalive(afterMillis: due - now)
        }
    }

    // MARK: Writing and closing

    private func queue(_ f: Frame) {
        if case .closed = state { return }
        f.encode(into: &out)
        guard case .ready = state, !flushScheduled else { return }
        flushScheduled = true
        loop.afterIO { [self] in flush() }
    }

    /// A MESSAGE frame; a large payload goes to the stream as it is (after what is queued before it), a copy fewer.
    private func queueMessage(_ payload: [UInt8], flags: FrameFlags, callID: UInt32) {
        guard payload.count >= 64 * 1024, case .ready = state, let stream else {
            queue(Frame(.message, flags: flags, callID: callID, payload: payload))
            return
        }
        Frame.encodeHeader(FrameHeader(length: UInt32(payload.count), type: .message, flags: flags, callID: callID), into: &out)
        stream.write(out)
        out.removeAll(keepingCapacity: true)
        stream.write(payload)
    }

    private func flush() {
        flushScheduled = false
        guard let stream, !out.isEmpty else { return }
        stream.write(out)
        out.removeAll(keepingCapacity: out.capacity <= 1 << 20)
    }

    /// Fails every call and closes.
    func fail(_ error: RPCError) {
        if case .closed = state { return }
        state = .closed(error)
        connectTimer?.close(); connectTimer = nil
        keepaliveTimer?.close(); keepaliveTimer = nil
        for call in Array(calls.values) { end(call, CallStatus(code: error.code, message: error.message, trailers: Metadata())) }
        resumeSenders()
        stream?.close()
        stream = nil
    }

    func close() { fail(RPCError(.unavailable, "connection closed")) }

    var closedError: RPCError? { if case .closed(let e) = state { e } else { nil } }
}
