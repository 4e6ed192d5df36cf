// newswire.reflection.v1.ServerReflection: what this server serves, and the schemas of its messages.

enum ReflectionService {
    static let name = "newswire.reflection.v1.ServerReflection"

    static let listServices = MethodInfo(name: "ListServices", path: "/\(name)/ListServices", kind: .unary,
                                         requestType: ListServicesRequest.protoName, responseType: ListServicesResponse.protoName)

    static let listPlugins = MethodInfo(name: "ListPlugins", path: "/\(name)/ListPlugins", kind: .unary,
                                        requestType: ListPluginsRequest.protoName, responseType: ListPluginsResponse.protoName)

    static let fileContainingSymbol = MethodInfo(name: "FileContainingSymbol", path: "/\(name)/FileContainingSymbol", kind: .unary,
                                                 requestType: FileContainingSymbolRequest.protoName, responseType: FileDescriptorResponse.protoName)

    static let fileByFilename = MethodInfo(name: "FileByFilename", path: "/\(name)/FileByFilename", kind: .unary,
                                           requestType: FileByFilenameRequest.protoName, responseType: FileDescriptorResponse.protoName)

    static let info = ServiceInfo(name: name, methods: [listServices, listPlugins, fileContainingSymbol, fileByFilename], provider: "builtin")

    static func definition(services: [ServiceInfo], plugins: PluginSet, schemas: SchemaRegistry) -> ServiceDefinition {
        let servicesResponse = ListServicesResponse(services: services)
        let pluginsResponse = ListPluginsResponse(plugins: plugins.plugins.map { p in
                                                      var info = p.info
                                                      info.schemaFiles = schemas.fileNames(describing: p.services)
                                                      return info
                                                  },
                                                  failures: plugins.failures.map { PluginLoadFailure(path: $0.path, reason: $0.reason) })
        return ServiceDefinition(name: name, methods: [
            .unary(name, "ListServices") { (_: ListServicesRequest, _) throws(RPCError) in servicesResponse },
            .unary(name, "ListPlugins") { (_: ListPluginsRequest, _) throws(RPCError) in pluginsResponse },
            .unary(name, "FileContainingSymbol") { (r: FileContainingSymbolRequest, _) throws(RPCError) in
                FileDescriptorResponse(fileDescriptorProtos: try schemas.files(containing: r.symbol))
            },
            .unary(name, "FileByFilename") { (r: FileByFilenameRequest, _) throws(RPCError) in
                FileDescriptorResponse(fileDescriptorProtos: try schemas.files(named: r.filename))
            },
        ])
    }
}
