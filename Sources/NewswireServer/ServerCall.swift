// A call as its handler sees it: thread-safe, and the only way a worker
// reaches the loop. Every send is posted to the loop thread's queue.
import NewswireThreads
import NewswireLoop
import Synchronization

/// What a handler asks of its call, delivered to the connection on the loop thread.
enum CallOutput: Sendable {
    case headers(Metadata)
    case message([UInt8])
    case finish(RPCError?, Metadata)
}

public final class ServerCall: @unchecked Sendable {
    public let id: UInt32
    public let path: MethodPath
    public let kind: MethodKind
    public let requestMetadata: Metadata
    public let deadline: Deadline?

    private struct Flags { var cancelled = false, finished = false, finishesLater = false }
    /// A Mutex, not a ConditionLock: nothing waits on it, and it costs no allocation per call.
    private let flags = Mutex(Flags())
    private let post: @Sendable (CallOutput) -> Void
    private let gauge: ConnectionGauge

    init(id: UInt32, path: MethodPath, kind: MethodKind, metadata: Metadata, deadline: Deadline?,
         gauge: ConnectionGauge, post: @escaping @Sendable (CallOutput) -> Void) {
        self.id = id; self.path = path; self.kind = kind; self.requestMetadata = metadata
        self.deadline = deadline; self.gauge = gauge; self.post = post
    }

    /// True once the call was cancelled, timed out or lost its connection.
    public var isCancelled: Bool { flags.withLock { $0.cancelled } }

    /// Set by a server-streaming body that keeps sending after it returns
    /// (Health.Watch, say); it then ends the call itself.
    public var finishesLater: Bool {
        get { flags.withLock { $0.finishesLater } }
        set { flags.withLock { $0.finishesLater = newValue } }
    }

    /// Sends the response headers; optional: the first message sends empty ones.
    public func sendHeaders(_ metadata: Metadata) {
        guard isLive else { return }
        post(.headers(metadata))
    }

    /// Sends one response message. On a streaming method it waits while the
    /// connection's unsent output is over its bound, so a fast producer cannot
    /// outrun a slow reader; cancellation ends the wait.
    public func send(_ message: [UInt8]) {
        guard isLive else { return }
        if kind.serverStreams {
            gauge.waitForOutboundRoom { self.isCancelled }
        }
        gauge.outboundPosted(message.count)
        post(.message(message))
    }

    public func send<M: ProtoMessage>(_ message: M) { send(message.protobuf()) }

    /// Ends the call: OK when `error` is nil.
    public func finish(_ error: RPCError? = nil, trailers: Metadata = Metadata()) {
        let first: Bool = flags.withLock {
            if $0.finished || $0.cancelled { return false }
            $0.finished = true
            return true
        }
        if first { post(.finish(error, trailers)) }
    }

    /// Whether the handler ended the call itself.
    var handlerFinished: Bool { flags.withLock { $0.finished } }

    /// Over for the handler: it finished the call, or the call was cancelled.
    /// Events still queued for it are not delivered.
    var isOver: Bool { flags.withLock { $0.finished || $0.cancelled } }

    private var isLive: Bool { flags.withLock { !$0.finished && !$0.cancelled } }

    /// Loop side: the call is over for the handler.
    func markCancelled() {
        flags.withLock { $0.cancelled = true }
        gauge.wakeWaiters()
    }
}

/// A connection's byte counts that workers and the loop both touch: request
/// bytes queued for handlers, and response bytes not yet taken by the kernel.
final class ConnectionGauge: @unchecked Sendable {
    private let lock = ConditionLock()
    private var inbound = 0          // guarded by lock
    private var posted = 0           // guarded by lock
    private var kernelPending = 0    // guarded by lock
    private var closed = false       // guarded by lock
    let outboundLimit: Int
    private let loop: EventLoop

    init(outboundLimit: Int, loop: EventLoop) { self.outboundLimit = outboundLimit; self.loop = loop }

    var inboundBytes: Int { lock.withLock { inbound } }
    var outboundBytes: Int { lock.withLock { posted + kernelPending } }

    func inboundQueued(_ n: Int) { lock.withLock { inbound += n } }

    private var readingPaused = false   // guarded by lock

    /// Loop side: whether the connection has stopped reading for backpressure.
    func setReadingPaused(_ paused: Bool) { lock.withLock { readingPaused = paused } }

    /// A handler consumed `n` request bytes. True when the loop should look
    /// again at reading: it is paused and the queue is down to half the bound.
    func inboundConsumed(_ n: Int) -> Bool {
        lock.withLock {
            inbound -= n
            return readingPaused && inbound <= outboundLimit / 2
        }
    }

    func outboundPosted(_ n: Int) { lock.withLock { posted += n } }

    /// Loop side: `n` posted bytes were handed to the stream, which now holds `pending` unsent bytes.
    func outboundWritten(_ n: Int, kernelPending pending: Int) {
        lock.withLock {
            posted -= n
            kernelPending = pending
            if posted + kernelPending <= outboundLimit { lock.broadcast() }
        }
    }

    func waitForOutboundRoom(cancelled: () -> Bool) {
        if loop.inLoopThread { return }   // only the loop makes room: never wait on it
        lock.withLock {
            while !closed && posted + kernelPending > outboundLimit {
                lock.unlock()
                let stop = cancelled()
                lock.lock()
                if stop { return }
                lock.wait(timeoutNanos: 50_000_000)
            }
        }
    }

    func wakeWaiters() { lock.withLock { lock.broadcast() } }

    func close() { lock.withLock { closed = true; lock.broadcast() } }
}
