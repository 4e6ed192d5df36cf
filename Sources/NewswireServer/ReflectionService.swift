// newswire.reflection.v1.ServerReflection: what this server serves.

enum ReflectionService {
    static let name = "newswire.reflection.v1.ServerReflection"

    static let listServices = MethodInfo(name: "ListServices", path: "/\(name)/ListServices", kind: .unary,
                                         requestType: ListServicesRequest.protoName, responseType: ListServicesResponse.protoName)

    static let listPlugins = MethodInfo(name: "ListPlugins", path: "/\(name)/ListPlugins", kind: .unary,
                                        requestType: ListPluginsRequest.protoName, responseType: ListPluginsResponse.protoName)

    static let info = ServiceInfo(name: name, methods: [listServices, listPlugins], provider: "builtin")

    static func definition(services: [ServiceInfo], plugins: PluginSet) -> ServiceDefinition {
        let servicesResponse = ListServicesResponse(services: services)
        let pluginsResponse = ListPluginsResponse(plugins: plugins.plugins.map(\.info),
                                                  failures: plugins.failures.map { PluginLoadFailure(path: $0.path, reason: $0.reason) })
        return ServiceDefinition(name: name, methods: [
            .unary(name, "ListServices") { (_: ListServicesRequest, _) throws(RPCError) in servicesResponse },
            .unary(name, "ListPlugins") { (_: ListPluginsRequest, _) throws(RPCError) in pluginsResponse },
        ])
    }
}
