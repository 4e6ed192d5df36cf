// gRPC's status codes and the error that carries one.
@_exported import NewswireProto

public struct StatusCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let ok = StatusCode(rawValue: 0)
    public static let cancelled = StatusCode(rawValue: 1)
    public static let unknown = StatusCode(rawValue: 2)
    public static let invalidArgument = StatusCode(rawValue: 3)
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    public static let notFound = StatusCode(rawValue: 5)
    public static let alreadyExists = StatusCode(rawValue: 6)
    public static let permissionDenied = StatusCode(rawValue: 7)
    public static let resourceExhausted = StatusCode(rawValue: 8)
    public static let failedPrecondition = StatusCode(rawValue: 9)
    public static let aborted = StatusCode(rawValue: 10)
    public static let outOfRange = StatusCode(rawValue: 11)
    public static let unimplemented = StatusCode(rawValue: 12)
    public static let `internal` = StatusCode(rawValue: 13)
    public static let unavailable = StatusCode(rawValue: 14)
    public static let dataLoss = StatusCode(rawValue: 15)
    public static let unauthenticated = StatusCode(rawValue: 16)

    static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ]

    /// "DEADLINE_EXCEEDED", or "CODE_42" for a code gRPC does not define.
    public var name: String { rawValue < StatusCode.names.count ? StatusCode.names[Int(rawValue)] : "CODE_\(rawValue)" }
    public var description: String { name }

    public init?(name: String) {
        guard let i = StatusCode.names.firstIndex(of: name.uppercased()) else { return nil }
        self.init(rawValue: UInt32(i))
    }
}

/// A call's final status; `code != .ok` is an error.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var trailers: Metadata

    public init(_ code: StatusCode, _ message: String = "", trailers: Metadata = Metadata()) {
        self.code = code; self.message = message; self.trailers = trailers
    }

    public var description: String { message.isEmpty ? code.name : "\(code.name): \(message)" }
}
