// Per-call and per-client settings.

public struct CallOptions: Sendable {
    /// Time allowed for the call, in seconds; nil for none.
    public var timeout: Double?
    public var metadata: Metadata
    public init(timeout: Double? = nil, metadata: Metadata = Metadata()) {
        self.timeout = timeout; self.metadata = metadata
    }
}

public struct ClientConfig: Sendable {
    /// Largest response message accepted (gRPC's default: 4 MiB).
    public var maxReceiveMessageSize = 4 * 1024 * 1024
    public var connectTimeoutSeconds: Double = 10
    /// `send` waits while this many bytes are queued unsent.
    public var sendBufferLimit = 4 * 1024 * 1024
    /// Keepalive (gRPC's keepalive_time): after this many seconds without
    /// receiving a byte, the client sends a PING, whether or not calls are
    /// open. nil (the default, as in gRPC) or a value ≤ 0 sends none; the client still
    /// answers the server's PINGs. Turn it on to notice a server that has
    /// gone silent (host gone, network cut without a reset): without it, a
    /// call on such a connection waits for its deadline, or forever.
    public var keepaliveIntervalSeconds: Double? = nil
    /// Keepalive (gRPC's keepalive_timeout): when nothing at all arrives
    /// within this many seconds of a keepalive PING, the client closes the
    /// connection and its open calls fail with UNAVAILABLE. The server's
    /// value, 20 s, by default (at least 1 ms).
    public var keepaliveTimeoutSeconds: Double = 20
    public init() {}
}

/// A finished unary call.
public struct UnaryResponse: Sendable {
    public var message: [UInt8]
    public var headers: Metadata
    public var trailers: Metadata
}

/// How a call ended.
public struct CallStatus: Sendable, Equatable {
    public var code: StatusCode
    public var message: String
    public var trailers: Metadata
    public var error: RPCError? { code == .ok ? nil : RPCError(code, message, trailers: trailers) }
}
