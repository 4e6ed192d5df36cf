// newswire.health.v1
import CProtobufC
import NewswireMessages

public enum ServingStatus: UInt32, Sendable {
    case unknown = 0, serving = 1, notServing = 2, serviceUnknown = 3
}

public struct HealthCheckRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.health.v1.HealthCheckRequest"
    public var service: String
    public init(service: String = "") { self.service = service }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__health__v1__health_check_request__unpack, newswire__health__v1__health_check_request__free_unpacked) {
            HealthCheckRequest(service: string($0.pointee.service))
        }
    }

    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Health__V1__HealthCheckRequest> = a.message(newswire__health__v1__health_check_request__init)
        m.pointee.service = a.string(service)
        return pack(m)
    }
}

public struct HealthCheckResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.health.v1.HealthCheckResponse"
    public var status: ServingStatus
    public init(status: ServingStatus) { self.status = status }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__health__v1__health_check_response__unpack, newswire__health__v1__health_check_response__free_unpacked) {
            HealthCheckResponse(status: ServingStatus(rawValue: $0.pointee.status.rawValue) ?? .unknown)
        }
    }

    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Health__V1__HealthCheckResponse> = a.message(newswire__health__v1__health_check_response__init)
        m.pointee.status = Newswire__Health__V1__HealthCheckResponse__ServingStatus(rawValue: status.rawValue)
        return pack(m)
    }
}
