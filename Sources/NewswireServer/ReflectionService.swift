// newswire.reflection.v1.ServerReflection: what this server serves.

enum ReflectionService {
    static let name = "newswire.reflection.v1.ServerReflection"

    static let listServices = MethodInfo(name: "ListServices", path: "/\(name)/ListServices", kind: .unary,
                                         requestType: ListServicesRequest.protoName, responseType: ListServicesResponse.protoName)

    static let info = ServiceInfo(name: name, methods: [listServices], provider: "builtin")

    static func definition(_ services: [ServiceInfo]) -> ServiceDefinition {
        let response = ListServicesResponse(services: services)
        return ServiceDefinition(name: name, methods: [
            .unary(name, "ListServices") { (_: ListServicesRequest, _) throws(RPCError) in response },
        ])
    }
}
