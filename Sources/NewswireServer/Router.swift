// Method path -> handler, and the list reflection reports.

public struct Router: Sendable {
    private var services: [String: ServiceDefinition] = [:]
    private var order: [String] = []
    private var methods: [String: (path: MethodPath, handler: MethodHandler)] = [:]

    public init() {}

    public enum RegistrationError: Error, CustomStringConvertible {
        case duplicateService(String, existingProvider: String, newProvider: String)
        public var description: String {
            switch self {
            case .duplicateService(let s, let a, let b): "service \(s) is served by both \(a) and \(b)"
            }
        }
    }

    public mutating func register(_ service: ServiceDefinition) throws(RegistrationError) {
        if let existing = services[service.name] {
            throw .duplicateService(service.name, existingProvider: existing.provider, newProvider: service.provider)
        }
        services[service.name] = service
        order.append(service.name)
        for m in service.methods {
            if let path = MethodPath(m.info.path) { methods[m.info.path] = (path, m) }
        }
    }

    public enum Lookup { case found(MethodHandler), unknownService, unknownMethod }

    public func lookup(_ path: MethodPath) -> Lookup {
        if let m = methods[path.description] { return .found(m.handler) }
        return services[path.service] == nil ? .unknownService : .unknownMethod
    }

    /// A method by the path exactly as a request names it, parsed once at
    /// registration: the per-call path, with no parsing and no string building.
    public func lookup(exactly path: String) -> (path: MethodPath, handler: MethodHandler)? { methods[path] }

    public var serviceInfos: [ServiceInfo] { order.compactMap { services[$0]?.info } }
    public var serviceNames: [String] { order }
}
