// A fixed set of worker threads taking jobs from one queue.
import Synchronization

public final class WorkerPool: @unchecked Sendable {
    public typealias Job = @Sendable () -> Void

    private let lock = ConditionLock()
    private var jobs: [Job] = []        // guarded by lock
    private var head = 0                // guarded by lock
    private var stopping = false        // guarded by lock
    private var running = 0             // guarded by lock
    public let threadCount: Int

    public init(threads: Int, name: String = "worker") {
        threadCount = max(1, threads)
        running = threadCount
        for i in 0..<threadCount {
            startThread(name: "\(name)-\(i)") { [self] in work() }
        }
    }

    public func submit(_ job: @escaping Job) {
        lock.withLock {
            jobs.append(job)
            lock.signal()
        }
    }

    /// Jobs waiting for a thread.
    public var queuedCount: Int { lock.withLock { jobs.count - head } }

    /// Lets queued jobs finish, then ends the threads; waits for them.
    public func shutdown() {
        lock.withLock {
            stopping = true
            lock.broadcast()
            while running > 0 { lock.wait() }
        }
    }

    private func work() {
        while true {
            let job: Job? = lock.withLock {
                while head == jobs.count && !stopping { lock.wait() }
                if head == jobs.count { running -= 1; lock.broadcast(); return nil }
                let j = jobs[head]
                head += 1
                if head > 1024 && head * 2 > jobs.count { jobs.removeSubrange(0..<head); head = 0 }
                return j
            }
            guard let job else { return }
            job()
        }
    }
}

/// Runs jobs one at a time, in order, on a worker pool: the events of one call.
public final class SerialJobQueue: Sendable {
    private struct State { var pending: [WorkerPool.Job] = []; var scheduled = false }
    private let pool: WorkerPool
    /// A Mutex, not a ConditionLock: nothing waits on it, and there is one queue per call.
    private let state = Mutex(State())

    public init(pool: WorkerPool) { self.pool = pool }

    public func submit(_ job: @escaping WorkerPool.Job) {
        let start: Bool = state.withLock {
            $0.pending.append(job)
            if $0.scheduled { return false }
            $0.scheduled = true
            return true
        }
        if start { pool.submit { [self] in drain() } }
    }

    private func drain() {
        while true {
            let batch: [WorkerPool.Job] = state.withLock {
                let b = $0.pending
                $0.pending.removeAll()
                if b.isEmpty { $0.scheduled = false }
                return b
            }
            if batch.isEmpty { return }
            for job in batch { job() }
        }
    }
}
