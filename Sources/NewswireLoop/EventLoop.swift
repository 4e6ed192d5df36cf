// The libuv loop, and the one way other threads reach it: a job queue drained
// by a uv_async_t wake-up.
import CLibUV
import NewswireThreads
#if canImport(Glibc)
import Glibc
#endif

public struct LoopError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A negative libuv error code, e.g. UV_ECONNREFUSED.
    public let code: Int32
    public let context: String
    public init(_ code: Int32, _ context: String) { self.code = code; self.context = context }
    public var name: String { String(cString: uv_err_name(code)) }
    public var reason: String { String(cString: uv_strerror(code)) }
    public var description: String { "\(context): \(reason)" }
    public var isConnectionRefused: Bool { code == UV_ECONNREFUSED.rawValue }
}

@inline(__always) func check(_ rc: Int32, _ context: @autoclosure () -> String) throws(LoopError) {
    if rc < 0 { throw LoopError(rc, context()) }
}

/// One libuv loop, run by one thread. Everything but `execute` must be called on that thread.
public final class EventLoop: @unchecked Sendable {
    /// A write to a socket whose peer has gone raises SIGPIPE, whose default
    /// action ends the process; libuv leaves that to the application. A loop
    /// must see EPIPE on that one stream instead, so the first loop of the
    /// process ignores SIGPIPE, unless the host program has a handler of its own.
    private static let ignoreBrokenPipes: Void = {
        var current = sigaction()
        if sigaction(SIGPIPE, nil, &current) == 0, current.__sigaction_handler.sa_handler == nil {
            signal(SIGPIPE, SIG_IGN)
        }
    }()

    let uv: UnsafeMutablePointer<uv_loop_t>
    private let wakeup: UnsafeMutablePointer<uv_async_t>
    private let queueLock = ConditionLock()
    private var queue: [@Sendable () -> Void] = []   // guarded by queueLock
    private var thread: pthread_t? = nil
    private let check: UnsafeMutablePointer<uv_check_t>
    private let idle: UnsafeMutablePointer<uv_idle_t>
    private var afterIOActions: [() -> Void] = []
    /// Shared read buffer: libuv fills it and the read callback consumes it at once.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)

    public init() {
        EventLoop.ignoreBrokenPipes
        uv = .allocate(capacity: 1)
        precondition(uv_loop_init(uv) == 0, "uv_loop_init failed")
        wakeup = .allocate(capacity: 1)
        check = .allocate(capacity: 1)
        // Started while after-I/O actions are pending, so that the poll does not block before they run.
        idle = .allocate(capacity: 1)
        let me = Unmanaged.passUnretained(self).toOpaque()
        uv_async_init(uv, wakeup) { handle in
            Unmanaged<EventLoop>.fromOpaque(handle!.pointee.data).takeUnretainedValue().drainQueue()
        }
        wakeup.pointee.data = me
        uv_check_init(uv, check)
        check.pointee.data = me
        uv_check_start(check) { handle in
            Unmanaged<EventLoop>.fromOpaque(handle!.pointee.data).takeUnretainedValue().runAfterIO()
        }
        check.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_unref($0) }
        uv_idle_init(uv, idle)
    }

    /// Runs `action` once this loop iteration's I/O and wake-ups are done:
    /// how a connection coalesces the frames of one iteration into one write.
    public func afterIO(_ action: @escaping () -> Void) {
        if afterIOActions.isEmpty { uv_idle_start(idle) { _ in } }
        afterIOActions.append(action)
    }

    private func runAfterIO() {
        uv_idle_stop(idle)
        while !afterIOActions.isEmpty {
            let actions = afterIOActions
            afterIOActions.removeAll(keepingCapacity: true)
            for a in actions { a() }
        }
    }

    deinit {
        uv_loop_close(uv)
        uv.deallocate()
        wakeup.deallocate()
        check.deallocate()
        idle.deallocate()
        readBuffer.deallocate()
    }

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        thread = pthread_self()
        uv_run(uv, UV_RUN_DEFAULT)
        // Close whatever is left and let the close callbacks run.
        uv_walk(uv, { h, _ in if uv_is_closing(h) == 0 { uv_close(h, nil) } }, nil)
        uv_run(uv, UV_RUN_DEFAULT)
        thread = nil
    }

    /// Ends `run()` after the current iteration. Loop thread only.
    public func stop() { uv_stop(uv) }

    public var inLoopThread: Bool {
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// Runs `job` on the loop thread, soon. Any thread.
    public func execute(_ job: @escaping @Sendable () -> Void) {
        queueLock.withLock { queue.append(job) }
        uv_async_send(wakeup)
    }

    private func drainQueue() {
        while true {
            let jobs = queueLock.withLock { () -> [@Sendable () -> Void] in
                let j = queue
                queue.removeAll(keepingCapacity: true)
                return j
            }
            if jobs.isEmpty { return }
            for job in jobs { job() }
        }
    }

    /// Milliseconds on the loop's cached clock.
    public var now: UInt64 { uv_now(uv) }

    /// Lets `run()` return while the wake-up handle is open but nothing else is.
    public func unrefWakeup() { wakeup.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_unref($0) } }
}

/// A value owned by the loop thread, carried through Sendable closures. Access
/// is checked: touching it on another thread is a programming error.
public struct LoopBound<Value>: @unchecked Sendable {
    private let _value: Value
    public let loop: EventLoop
    public init(_ value: Value, loop: EventLoop) { _value = value; self.loop = loop }
    public var value: Value {
        precondition(loop.inLoopThread, "LoopBound value touched off the loop thread")
        return _value
    }
}
