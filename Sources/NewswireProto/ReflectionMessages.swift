// newswire.reflection.v1
import CProtobufC
import NewswireMessages

public enum MethodKind: UInt32, Sendable, CaseIterable {
    case unary = 0, clientStreaming = 1, serverStreaming = 2, bidiStreaming = 3

    public var clientStreams: Bool { self == .clientStreaming || self == .bidiStreaming }
    public var serverStreams: Bool { self == .serverStreaming || self == .bidiStreaming }
    public var name: String {
        switch self {
        case .unary: "unary"
        case .clientStreaming: "client-streaming"
        case .serverStreaming: "server-streaming"
        case .bidiStreaming: "bidi-streaming"
        }
    }
}

public struct MethodInfo: Sendable, Equatable {
    public var name: String
    public var path: String
    public var kind: MethodKind
    public var requestType: String
    public var responseType: String
    public init(name: String, path: String, kind: MethodKind, requestType: String, responseType: String) {
        self.name = name; self.path = path; self.kind = kind; self.requestType = requestType; self.responseType = responseType
    }
}

public struct ServiceInfo: Sendable, Equatable {
    public var name: String
    public var methods: [MethodInfo]
    public var provider: String
    public init(name: String, methods: [MethodInfo], provider: String) {
        self.name = name; self.methods = methods; self.provider = provider
    }
}

public struct ListServicesRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.reflection.v1.ListServicesRequest"
    public init() {}
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__reflection__v1__list_services_request__unpack, newswire__reflection__v1__list_services_request__free_unpacked) { _ in ListServicesRequest() }
    }
    public func protobuf() -> [UInt8] { [] }
}

public struct ListServicesResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.reflection.v1.ListServicesResponse"
    public var services: [ServiceInfo]
    public init(services: [ServiceInfo]) { self.services = services }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__reflection__v1__list_services_response__unpack, newswire__reflection__v1__list_services_response__free_unpacked) { p in
            ListServicesResponse(services: array(p.pointee.services, p.pointee.n_services, readService))
        }
    }

    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Reflection__V1__ListServicesResponse> = a.message(newswire__reflection__v1__list_services_response__init)
        let services = services.map { a.service($0) }
        m.pointee.n_services = services.count
        m.pointee.services = a.pointers(services)
        return pack(m)
    }
}

public struct PluginInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public var description: String
    public var abiMajor: UInt32
    public var abiMinor: UInt32
    public var path: String
    public var services: [ServiceInfo]
    public var serialized: Bool
    /// The .proto files that define its services (its descriptor_set's, or the server's own); empty if none.
    public var schemaFiles: [String]
    public init(name: String, version: String, description: String, abiMajor: UInt32, abiMinor: UInt32,
                path: String, services: [ServiceInfo], serialized: Bool, schemaFiles: [String] = []) {
        self.name = name; self.version = version; self.description = description; self.abiMajor = abiMajor
        self.abiMinor = abiMinor; self.path = path; self.services = services; self.serialized = serialized
        self.schemaFiles = schemaFiles
    }
}

public struct PluginLoadFailure: Sendable, Equatable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
}

public struct ListPluginsRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.reflection.v1.ListPluginsRequest"
    public init() {}
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__reflection__v1__list_plugins_request__unpack, newswire__reflection__v1__list_plugins_request__free_unpacked) { _ in ListPluginsRequest() }
    }
    public func protobuf() -> [UInt8] { [] }
}

public struct ListPluginsResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.reflection.v1.ListPluginsResponse"
    public var plugins: [PluginInfo]
    public var failures: [PluginLoadFailure]
    public init(plugins: [PluginInfo], failures: [PluginLoadFailure]) { self.plugins = plugins; self.failures = failures }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__reflection__v1__list_plugins_response__unpack, newswire__reflection__v1__list_plugins_response__free_unpacked) { p in
            ListPluginsResponse(
                plugins: array(p.pointee.plugins, p.pointee.n_plugins) { q in
                    PluginInfo(name: string(q.pointee.name), version: string(q.pointee.version), description: string(q.pointee.description),
                               abiMajor: q.pointee.abi_major, abiMinor: q.pointee.abi_minor, path: string(q.pointee.path),
                               services: array(q.pointee.services, q.pointee.n_services, readService), serialized: q.pointee.serialized != 0,
                               schemaFiles: (0..<q.pointee.n_schema_files).map { string(q.pointee.schema_files[$0]) })
                },
                failures: array(p.pointee.failures, p.pointee.n_failures) { f in
                    PluginLoadFailure(path: string(f.pointee.path), reason: string(f.pointee.reason))
                })
        }
    }

    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Reflection__V1__ListPluginsResponse> = a.message(newswire__reflection__v1__list_plugins_response__init)
        let ps = plugins.map { pi in
            let p: UnsafeMutablePointer<Newswire__Reflection__V1__PluginInfo> = a.message(newswire__reflection__v1__plugin_info__init)
            p.pointee.name = a.string(pi.name)
            p.pointee.version = a.string(pi.version)
            p.pointee.description = a.string(pi.description)
            p.pointee.abi_major = pi.abiMajor
            p.pointee.abi_minor = pi.abiMinor
            p.pointee.path = a.string(pi.path)
            let services = pi.services.map { a.service($0) }
            p.pointee.n_services = services.count
            p.pointee.services = a.pointers(services)
            p.pointee.serialized = pi.serialized ? 1 : 0
            if !pi.schemaFiles.isEmpty {
                let names = a.allocate(UnsafeMutablePointer<CChar>?.self, count: pi.schemaFiles.count)
                for (i, f) in pi.schemaFiles.enumerated() { names[i] = a.string(f) }
                p.pointee.n_schema_files = pi.schemaFiles.count
                p.pointee.schema_files = names
            }
            return p
        }
        m.pointee.n_plugins = ps.count
        m.pointee.plugins = a.pointers(ps)
        let fs = failures.map { fi in
            let f: UnsafeMutablePointer<Newswire__Reflection__V1__PluginLoadFailure> = a.message(newswire__reflection__v1__plugin_load_failure__init)
            f.pointee.path = a.string(fi.path)
            f.pointee.reason = a.string(fi.reason)
            return f
        }
        m.pointee.n_failures = fs.count
        m.pointee.failures = a.pointers(fs)
        return pack(m)
    }
}

private func readService(_ s: UnsafeMutablePointer<Newswire__Reflection__V1__ServiceInfo>) -> ServiceInfo {
    ServiceInfo(
        name: string(s.pointee.name),
        methods: array(s.pointee.methods, s.pointee.n_methods) { m in
            MethodInfo(name: string(m.pointee.name), path: string(m.pointee.path),
                       kind: MethodKind(rawValue: m.pointee.kind.rawValue) ?? .unary,
                       requestType: string(m.pointee.request_type), responseType: string(m.pointee.response_type))
        },
        provider: string(s.pointee.provider))
}

extension Arena {
    fileprivate func service(_ s: ServiceInfo) -> UnsafeMutablePointer<Newswire__Reflection__V1__ServiceInfo> {
        let sp: UnsafeMutablePointer<Newswire__Reflection__V1__ServiceInfo> = message(newswire__reflection__v1__service_info__init)
        sp.pointee.name = string(s.name)
        sp.pointee.provider = string(s.provider)
        let methods = s.methods.map { mi in
            let mp: UnsafeMutablePointer<Newswire__Reflection__V1__MethodInfo> = message(newswire__reflection__v1__method_info__init)
            mp.pointee.name = string(mi.name)
            mp.pointee.path = string(mi.path)
            mp.pointee.kind = Newswire__Reflection__V1__MethodKind(rawValue: mi.kind.rawValue)
            mp.pointee.request_type = string(mi.requestType)
            mp.pointee.response_type = string(mi.responseType)
            return mp
        }
        sp.pointee.n_methods = methods.count
        sp.pointee.methods = pointers(methods)
        return sp
    }
}

// MARK: Schemas

/// The schemas of every file in proto/: a serialized google.protobuf.FileDescriptorSet
/// generated by scripts/gen-proto (Sources/NewswireMessages/descriptor_set.c).
public enum BuiltinSchemas {
    public static let descriptorSet: [UInt8] = {
        var n = 0
        let p = newswire_descriptor_set(&n)
        guard let p else { return [] }
        return Array(UnsafeBufferPointer(start: p, count: n))
    }()
}

public struct FileContainingSymbolRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.reflection.v1.FileContainingSymbolRequest"
    public var symbol: String
    public init(symbol: String) { self.symbol = symbol }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__reflection__v1__file_containing_symbol_request__unpack,
                          newswire__reflection__v1__file_containing_symbol_request__free_unpacked) {
            FileContainingSymbolRequest(symbol: string($0.pointee.symbol))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Reflection__V1__FileContainingSymbolRequest> = a.message(newswire__reflection__v1__file_containing_symbol_request__init)
        m.pointee.symbol = a.string(symbol)
        return pack(m)
    }
}

public struct FileByFilenameRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.reflection.v1.FileByFilenameRequest"
    public var filename: String
    public init(filename: String) { self.filename = filename }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__reflection__v1__file_by_filename_request__unpack,
                          newswire__reflection__v1__file_by_filename_request__free_unpacked) {
            FileByFilenameRequest(filename: string($0.pointee.filename))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Reflection__V1__FileByFilenameRequest> = a.message(newswire__reflection__v1__file_by_filename_request__init)
        m.pointee.filename = a.string(filename)
        return pack(m)
    }
}

/// Serialized google.protobuf.FileDescriptorProto messages: the file asked for, then its imports.
public struct FileDescriptorResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.reflection.v1.FileDescriptorResponse"
    public var fileDescriptorProtos: [[UInt8]]
    public init(fileDescriptorProtos: [[UInt8]]) { self.fileDescriptorProtos = fileDescriptorProtos }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__reflection__v1__file_descriptor_response__unpack,
                          newswire__reflection__v1__file_descriptor_response__free_unpacked) { p in
            FileDescriptorResponse(fileDescriptorProtos: (0..<p.pointee.n_file_descriptor_proto).map { bytes(p.pointee.file_descriptor_proto[$0]) })
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Reflection__V1__FileDescriptorResponse> = a.message(newswire__reflection__v1__file_descriptor_response__init)
        if !fileDescriptorProtos.isEmpty {
            let arr = a.allocate(ProtobufCBinaryData.self, count: fileDescriptorProtos.count)
            for (i, f) in fileDescriptorProtos.enumerated() { arr[i] = a.binary(f) }
            m.pointee.n_file_descriptor_proto = fileDescriptorProtos.count
            m.pointee.file_descriptor_proto = arr
        }
        return pack(m)
    }
}
