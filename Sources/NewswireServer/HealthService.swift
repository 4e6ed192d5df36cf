// newswire.health.v1.Health: SERVING / NOT_SERVING per service and for the server ("").
import NewswireThreads

public final class HealthRegistry: @unchecked Sendable {
    private let lock = ConditionLock()
    private var statuses: [String: ServingStatus] = [:]                          // guarded by lock
    private var watchers: [String: [Int: (ServingStatus) -> Void]] = [:]         // guarded by lock
    private var watchCalls: [Int: ServerCall] = [:]                              // guarded by lock
    private var nextWatcher = 0                                                  // guarded by lock
    private var shuttingDown = false                                             // guarded by lock

    init() {}

    public func status(_ service: String) -> ServingStatus? { lock.withLock { statuses[service] } }

    /// Sets a service's status and tells its watchers.
    public func set(_ service: String, _ status: ServingStatus) {
        let notify: [(ServingStatus) -> Void] = lock.withLock {
            guard !shuttingDown || status == .notServing, statuses[service] != status else { return [] }
            statuses[service] = status
            return Array((watchers[service] ?? [:]).values)
        }
        for n in notify { n(status) }
    }

    /// Everything NOT_SERVING; open Watch calls end with UNAVAILABLE.
    func shutDown() {
        let services = lock.withLock { () -> [String] in shuttingDown = true; return Array(statuses.keys) }
        for s in services { set(s, .notServing) }
        let calls = lock.withLock { () -> [ServerCall] in let c = Array(watchCalls.values); watchCalls.removeAll(); return c }
        for c in calls { c.finish(RPCError(.unavailable, "server is shutting down")) }
    }

    /// Registers a watcher; nil once shutdown has begun (the call should end).
    func watch(_ service: String, call: ServerCall, _ onChange: @escaping (ServingStatus) -> Void) -> (Int, ServingStatus)? {
        lock.withLock {
            if shuttingDown { return nil }
            let id = nextWatcher
            nextWatcher += 1
            watchers[service, default: [:]][id] = onChange
            watchCalls[id] = call
            return (id, statuses[service] ?? .serviceUnknown)
        }
    }

    func unwatch(_ service: String, _ id: Int) {
        lock.withLock { watchers[service]?[id] = nil; watchCalls[id] = nil }
    }
}

enum HealthService {
    static let name = "newswire.health.v1.Health"

    static func definition(_ registry: HealthRegistry) -> ServiceDefinition {
        ServiceDefinition(name: name, methods: [
            .unary(name, "Check", runsOnLoop: true) { (req: HealthCheckRequest, _) throws(RPCError) -> HealthCheckResponse in
                guard let s = registry.status(req.service) else { throw RPCError(.notFound, "unknown service \"\(req.service)\"") }
                return HealthCheckResponse(status: s)
            },
            .custom(name, "Watch", .serverStreaming, HealthCheckRequest.self, HealthCheckResponse.self) {
                WatchHandler(registry)
            },
        ])
    }

    final class WatchHandler: CallHandler {
        let registry: HealthRegistry
        var watching: (String, Int)?
        init(_ r: HealthRegistry) { registry = r }

        func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) {
            let req = try decode(HealthCheckRequest.self, message)
            guard let (id, current) = registry.watch(req.service, call: call, { call.send(HealthCheckResponse(status: $0)) }) else {
                call.send(HealthCheckResponse(status: .notServing))
                throw RPCError(.unavailable, "server is shutting down")
            }
            watching = (req.service, id)
            call.send(HealthCheckResponse(status: current))
        }

        func onHalfClose(call: ServerCall) throws(RPCError) {}

        func onCancel(call: ServerCall) {
            if let (s, id) = watching { registry.unwatch(s, id) }
        }
    }
}
