// The load itself: loop threads carrying the connections, each call started
// from the previous one's completion on the same thread, no task or thread
// hop per call (NewswireClient's completion API).
import NewswireClient
import NewswireLoop
import NewswireThreads
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public enum LoadEngine {
    /// Runs the warm-up (if any), then the measured load; returns what the measured part saw.
    public static func run(_ plan: LoadPlan, config: ClientConfig = ClientConfig()) -> BenchReport {
        let threads = plan.resolvedThreads(cores: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let loops = (0..<threads).map { _ in EventLoop() }
        for (i, loop) in loops.enumerated() { startThread(name: "bench-\(i)") { loop.run() } }
        let clients = (0..<plan.connections).map { NewswireClient(address: plan.address, config: config, on: loops[$0 % threads]) }

        if let warmup = plan.warmup, warmup != .total(0), warmup != .duration(0) {
            _ = Phase(plan: plan, stop: warmup, clients: clients, loops: loops, record: false).run()
        }
        let cpu0 = cpuSeconds()
        var report = Phase(plan: plan, stop: plan.stop, clients: clients, loops: loops, record: true).run()
        report.clientCPUSeconds = cpuSeconds() - cpu0
        report.connections = plan.connections
        report.concurrency = plan.concurrency
        report.threads = threads
        report.method = plan.method
        report.rps = plan.rps

        for c in clients { c.close() }
        let done = ConditionLock()
        nonisolated(unsafe) var stopped = 0
        for loop in loops {
            loop.execute {
                loop.stop()
                done.withLock { stopped += 1; done.signal() }
            }
        }
        done.withLock { while stopped < loops.count { done.wait() } }
        return report
    }

    /// User + system CPU time of this process, in seconds.
    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }
}

/// One run of the load (warm-up or measured) over the same connections.
final class Phase: @unchecked Sendable {
    let plan: LoadPlan
    let stop: StopCondition
    let record: Bool
    let options: CallOptions
    /// Calls not yet started, for a `.total` stop.
    let remaining: Atomic<Int>
    let startNanos: UInt64
    let endNanos: UInt64
    private let lock = ConditionLock()
    private var runnersLeft: Int              // guarded by lock
    private var merged = BenchReport()        // guarded by lock
    private var lastEnd: UInt64 = 0           // guarded by lock
    private var runners: [LoopBound<Runner>] = []

    init(plan: LoadPlan, stop: StopCondition, clients: [NewswireClient], loops: [EventLoop], record: Bool) {
        self.plan = plan; self.stop = stop; self.record = record
        options = CallOptions(timeout: plan.timeout, metadata: plan.metadata)
        if case .total(let n) = stop { remaining = Atomic(n) } else { remaining = Atomic(Int.max) }
        startNanos = monotonicNanos()
        if case .duration(let s) = stop { endNanos = startNanos + UInt64(s * 1e9) } else { endNanos = .max }
        runnersLeft = loops.count
        // Slots: connection i carries plan.slots(onConnection: i) calls in flight.
        var slotsByLoop = [[NewswireClient]](repeating: [], count: loops.count)
        for (i, c) in clients.enumerated() {
            for _ in 0..<plan.slots(onConnection: i) { slotsByLoop[i % loops.count].append(c) }
        }
        let paced = plan.rps.map { rps in Pacer(callsPerSecond: rps / Double(loops.count)) }
        for (i, loop) in loops.enumerated() {
            runners.append(LoopBound(Runner(phase: self, loop: loop, slots: slotsByLoop[i], pacer: paced), loop: loop))
        }
    }

    /// Starts every slot and waits for the last call to end.
    func run() -> BenchReport {
        for r in runners { r.loop.execute { r.value.start() } }
        lock.withLock { while runnersLeft > 0 { lock.wait() } }
        var report = merged
        report.seconds = lastEnd > startNanos ? Double(lastEnd - startNanos) / 1e9 : 0
        return report
    }

    /// May another call start now? Takes one from the budget when it may.
    @inline(__always) func claim(now: UInt64) -> Bool {
        if now >= endNanos { return false }
        if case .total = stop {
            return remaining.subtract(1, ordering: .relaxed).newValue >= 0
        }
        return true
    }

    /// A runner has nothing in flight and will start nothing more.
    func finished(_ report: BenchReport, lastEnd end: UInt64) {
        lock.withLock {
            merged.merge(report)
            lastEnd = max(lastEnd, end)
            runnersLeft -= 1
            if runnersLeft == 0 { lock.signal() }
        }
    }
}

/// The calls of one loop thread. Touched only on that thread.
final class Runner {
    unowned let phase: Phase
    let loop: EventLoop
    let slots: [NewswireClient]
    let pacer: Pacer?
    var report = BenchReport()
    var active = 0
    var lastEnd: UInt64 = 0
    /// Paced: calls started so far, and the free slots waiting for their due time.
    var started = 0
    var idle: [Int] = []
    var timer: Timer?
    /// Completions that arrive while a call is being started (a connection
    /// that fails at once) defer the next call to the end of the loop turn.
    var starting = false

    init(phase: Phase, loop: EventLoop, slots: [NewswireClient], pacer: Pacer?) {
        self.phase = phase; self.loop = loop; self.slots = slots; self.pacer = pacer
    }

    func start() {
        active = slots.count
        if active == 0 { finish(); return }
        let now = monotonicNanos()
        for i in slots.indices { next(slot: i, now: now) }
    }

    /// Starts the next call on `slot`, or retires the slot.
    func next(slot: Int, now: UInt64) {
        if let pacer {
            let elapsed = now > phase.startNanos ? now - phase.startNanos : 0
            if pacer.due(atNanos: elapsed) <= started {
                if now >= phase.endNanos { retire(); return }
                idle.append(slot)
                armTimer(pacer)
                return
            }
        }
        guard phase.claim(now: now) else { retire(); return }
        started += 1
        send(slot: slot, at: now)
    }

    private func send(slot: Int, at t0: UInt64) {
        let me = LoopBound(self, loop: loop)
        let size = phase.plan.payload.count
        starting = true
        slots[slot].unary(phase.plan.method, request: phase.plan.payload, options: phase.options) { result in
            let r = me.value
            let t1 = monotonicNanos()
            r.ended(result, latency: t1 - t0, requestBytes: size)
            if r.starting {
                r.loop.afterIO { r.next(slot: slot, now: monotonicNanos()) }
            } else {
                r.next(slot: slot, now: t1)
            }
        }
        starting = false
    }

    private func ended(_ result: Result<[UInt8], RPCError>, latency: UInt64, requestBytes: Int) {
        guard phase.record else { return }
        switch result {
        case .success(let m):
            report.record(latencyNanos: latency, status: .ok, requestBytes: requestBytes, responseBytes: m.count)
        case .failure(let e):
            report.record(latencyNanos: latency, status: e.code, error: e.description, requestBytes: requestBytes, responseBytes: 0)
        }
    }

    private func armTimer(_ pacer: Pacer) {
        if timer == nil { timer = Timer(loop) }
        let now = monotonicNanos()
        let due = phase.startNanos + pacer.dueNanos(ofCall: started)
        let millis = due > now ? (due - now + 999_999) / 1_000_000 : 0
        timer!.start(afterMillis: millis) { [unowned self] in
            let now = monotonicNanos()
            let ready = idle
            idle.removeAll()
            for slot in ready { next(slot: slot, now: now) }
        }
    }

    private func retire() {
        active -= 1
        lastEnd = max(lastEnd, monotonicNanos())
        if active == 0 { finish() }
    }

    private func finish() {
        timer?.close()
        timer = nil
        phase.finished(report, lastEnd: lastEnd)
    }
}
