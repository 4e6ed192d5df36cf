// The server: listeners, connections, the worker pool, and shutdown.
import NewswireLoop
import NewswireThreads
import Logging
import Synchronization

/// Counts a test or an operator can read from any thread.
public struct ServerStats: Sendable, Equatable {
    public var openConnections: Int
    public var activeCalls: Int
    public var totalConnections: Int
    public var totalCalls: Int
    /// Times a connection stopped being read because its output or its queued requests were over the bound.
    public var backpressurePauses: Int
}

/// The loop-thread side of the server.
final class ServerCore {
    let config: ServerConfig
    let logger: Logger
    let loop: EventLoop
    let workers: WorkerPool
    let router: Router
    let health: HealthRegistry
    private var listeners: [Listener] = []
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var nextConnectionID = 1
    private var housekeeping: Timer?
    private var draining = false
    private var drainTimer: Timer?
    private var signalWatchers: [SignalWatcher] = []
    let counters: Mutex<ServerStats> = Mutex(ServerStats(openConnections: 0, activeCalls: 0, totalConnections: 0, totalCalls: 0, backpressurePauses: 0))
    var onStopped: (() -> Void)?

    init(config: ServerConfig, router: Router, health: HealthRegistry, workers: WorkerPool, logger: Logger, loop: EventLoop) {
        self.config = config; self.router = router; self.health = health; self.workers = workers; self.logger = logger; self.loop = loop
    }

    func listen() throws(LoopError) -> [SocketAddress] {
        for address in config.listen {
            let l = try Listener(loop, address: address) { [unowned self] stream in accepted(stream) }
            listeners.append(l)
        }
        let t = Timer(loop)
        t.start(afterMillis: 1000, repeatMillis: 1000) { [unowned self] in
            let now = loop.now
            for c in Array(connections.values) { c.tick(now: now) }
        }
        t.unref()
        housekeeping = t
        return listeners.map(\.address)
    }

    func handleSignals(_ signals: [Int32]) {
        for s in signals {
            signalWatchers.append(SignalWatcher(loop, signal: s) { [unowned self] in
                logger.notice("signal \(s): draining (up to \(config.drainTimeoutSeconds) s)")
                shutdown()
            })
        }
    }

    private func accepted(_ stream: Stream) {
        if draining || connections.count >= config.maxConnections {
            refuse(stream, draining ? .unavailable : .resourceExhausted,
                   draining ? "server is shutting down" : "server is at its connection limit of \(config.maxConnections)")
            return
        }
        let c = Connection(id: nextConnectionID, stream: stream, server: self)
        nextConnectionID += 1
        connections[ObjectIdentifier(c)] = c
        counters.withLock { $0.openConnections += 1; $0.totalConnections += 1 }
        c.start()
    }

    /// Preface and GOAWAY, then close once the client has read them: reading
    /// (and discarding) until its EOF, so that the close is not a reset.
    private func refuse(_ stream: Stream, _ code: StatusCode, _ why: String) {
        var out = Preface.current.bytes
        Frame(.goAway, callID: 0, payload: GoAwayMessage(lastCallID: 0, code: code.rawValue, message: why).protobuf()).encode(into: &out)
        stream.write(out)
        let timer = Timer(loop)
        let finish = { [unowned stream] in
            timer.close()
            stream.close()
        }
        stream.startReading(onRead: { _ in }, onEnd: { _ in finish() })
        timer.start(afterMillis: 2000) { finish() }
        logger.warning("refused a connection: \(why)")
    }

    func connectionClosed(_ c: Connection) {
        guard connections.removeValue(forKey: ObjectIdentifier(c)) != nil else { return }
        counters.withLock { $0.openConnections -= 1 }
        if draining && connections.isEmpty { stop() }
    }

    func callOpened() { counters.withLock { $0.activeCalls += 1; $0.totalCalls += 1 } }
    func callClosed() { counters.withLock { $0.activeCalls -= 1 } }

    /// Stops accepting, announces GOAWAY, lets calls finish within the drain timeout.
    func shutdown() {
        guard !draining else { return }
        draining = true
        // On a worker: it sends to Watch calls, and a send may wait for room, which only this thread makes.
        workers.submit { [health] in health.shutDown() }
        for l in listeners { l.close() }
        listeners.removeAll()
        for c in Array(connections.values) { c.goAway(.ok, "server is shutting down") }
        if connections.isEmpty { stop(); return }
        let t = Timer(loop)
        drainTimer = t
        t.start(afterMillis: UInt64(config.drainTimeoutSeconds * 1000)) { [unowned self] in
            logger.warning("drain timeout: ending \(connections.count) connection(s)")
            for c in Array(connections.values) { c.abortCalls("server shut down before the call finished") }
        }
    }

    private func stop() {
        housekeeping?.close(); housekeeping = nil
        drainTimer?.close(); drainTimer = nil
        for s in signalWatchers { s.close() }
        signalWatchers.removeAll()
        loop.stop()
    }
}

/// A Newswire server. Build it with services and plugins, then `run()` on the
/// calling thread or `start()` on a thread of its own.
public final class Server: @unchecked Sendable {
    private let core: ServerCore
    public let loop: EventLoop
    private let done = ConditionLock()
    private var finished = false     // guarded by done
    public private(set) var addresses: [SocketAddress] = []
    public let health: HealthRegistry
    public let plugins: PluginSet

    /// Registers the built-in services, then `services`, then each plugin's.
    /// A plugin whose service is already served is rejected (and unloaded)
    /// unless it is required, which makes this throw.
    public init(config: ServerConfig, services: [ServiceDefinition] = [], plugins: PluginSet = PluginSet(),
                requiredPlugins: Set<String> = [], logger: Logger = Logger(label: "newswired")) throws {
        loop = EventLoop()
        health = HealthRegistry()
        self.plugins = plugins
        var router = Router()
        var builtin = [HealthService.definition(health)]
        if config.enableTestService { builtin.append(TestService.definition) }
        for s in builtin + services { try router.register(s) }
        let registeredLater = [AnalysisService.name, ReflectionService.name]
        for plugin in plugins.plugins {
            if let taken = plugin.services.first(where: { router.serviceNames.contains($0.name) || registeredLater.contains($0.name) }) {
                let reason = "serves \(taken.name), which the server already serves"
                if requiredPlugins.contains(plugin.name) { throw PluginLoadError(path: plugin.path, reason: reason) }
                logger.error("plugin \(plugin.path): \(reason)")
                plugins.reject(plugin, reason)
                continue
            }
            for d in plugin.serviceDefinitions() { try router.register(d) }
        }
        let workers = WorkerPool(threads: config.resolvedWorkers, name: "newswire-worker")
        let analyzers = Analyzer.discover(in: plugins.plugins)
        try router.register(AnalysisService.definition(analyzers: analyzers, workers: workers))
        try router.register(ReflectionService.definition(services: router.serviceInfos + [ReflectionService.info], plugins: plugins,
                                                         schemas: SchemaRegistry(plugins: plugins.plugins, logger: logger)))
        for name in router.serviceNames { health.set(name, .serving) }
        health.set("", .serving)
        core = ServerCore(config: config, router: router, health: health, workers: workers, logger: logger, loop: loop)
    }

    /// Binds every listen address; returns them with the ports the kernel chose.
    @discardableResult
    public func bind() throws -> [SocketAddress] {
        addresses = try core.listen()
        return addresses
    }

    /// Runs the loop on this thread until shutdown completes. SIGINT and SIGTERM drain.
    public func run(handleSignals: Bool = true) {
        if handleSignals { core.handleSignals([2, 15]) }
        loop.run()
        finishRun()
    }

    /// Runs the loop on a new thread.
    public func start() {
        startThread(name: "newswire-loop") { [self] in
            loop.run()
            finishRun()
        }
    }

    private func finishRun() {
        core.workers.shutdown()
        plugins.unloadAll()
        done.withLock { finished = true; done.broadcast() }
    }

    /// Graceful shutdown: GOAWAY, refuse new calls, drain. Any thread.
    public func shutdown() {
        loop.execute { [core = LoopBound(core, loop: loop)] in core.value.shutdown() }
    }

    /// Blocks until the loop has stopped.
    public func wait() {
        done.withLock { while !finished { done.wait() } }
    }

    public var stats: ServerStats { core.counters.withLock { $0 } }
}
