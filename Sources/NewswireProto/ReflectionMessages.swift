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
            ListServicesResponse(services: array(p.pointee.services, p.pointee.n_services) { s in
                ServiceInfo(
                    name: string(s.pointee.name),
                    methods: array(s.pointee.methods, s.pointee.n_methods) { m in
                        MethodInfo(name: string(m.pointee.name), path: string(m.pointee.path),
                                   kind: MethodKind(rawValue: m.pointee.kind.rawValue) ?? .unary,
                                   requestType: string(m.pointee.request_type), responseType: string(m.pointee.response_type))
                    },
                    provider: string(s.pointee.provider))
            })
        }
    }

    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Reflection__V1__ListServicesResponse> = a.message(newswire__reflection__v1__list_services_response__init)
        let services = services.map { s in
            let sp: UnsafeMutablePointer<Newswire__Reflection__V1__ServiceInfo> = a.message(newswire__reflection__v1__service_info__init)
            sp.pointee.name = a.string(s.name)
            sp.pointee.provider = a.string(s.provider)
            let methods = s.methods.map { mi in
                let mp: UnsafeMutablePointer<Newswire__Reflection__V1__MethodInfo> = a.message(newswire__reflection__v1__method_info__init)
                mp.pointee.name = a.string(mi.name)
                mp.pointee.path = a.string(mi.path)
                mp.pointee.kind = Newswire__Reflection__V1__MethodKind(rawValue: mi.kind.rawValue)
                mp.pointee.request_type = a.string(mi.requestType)
                mp.pointee.response_type = a.string(mi.responseType)
                return mp
            }
            sp.pointee.n_methods = methods.count
            sp.pointee.methods = a.pointers(methods)
            return sp
        }
        m.pointee.n_services = services.count
        m.pointee.services = a.pointers(services)
        return pack(m)
    }
}
