// A fixed set of worker threads taking jobs from one queue.

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
public final class SerialJobQueue: @unchecked Sendable {
    private let pool: WorkerPool
    private let lock = ConditionLock()
    private var pending: [WorkerPool.Job] = []   // guarded by lock
    private var scheduled = false                 // guarded by lock

    public init(pool: WorkerPool) { self.pool = pool }

    public func submit(_ job: @escaping WorkerPool.Job) {
        let start: Bool = lock.withLock {
            pending.append(job)
            if scheduled { return false }
            scheduled = true
            return true
        }
        if start { pool.submit { [self] in drain() } }
    }

    private func drain() {
        while true {
            let batch: [WorkerPool.Job] = lock.withLock {
                let b = pending
                pending.removeAll()
                if b.isEmpty { scheduled = false }
                return b
            }
            if batch.isEmpty { return }
            for job in batch { job() }
        }
    }
}
