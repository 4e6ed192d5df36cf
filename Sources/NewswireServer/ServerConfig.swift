// The server's limits and timings. Defaults follow gRPC's where gRPC has one.
import NewswireLoop

public struct ServerConfig: Sendable {
    public static let defaultPort = 7411
    public var listen: [SocketAddress] = [.tcp(host: "127.0.0.1", port: ServerConfig.defaultPort)]
    /// Worker threads for handlers; 0 means one per core.
    public var workers = 0
    /// Largest request message accepted (gRPC's default: 4 MiB).
    public var maxReceiveMessageSize = 4 * 1024 * 1024
    /// Largest response message sent.
    public var maxSendMessageSize = Int(Int32.max)
    /// Largest HEADERS payload (method and metadata).
    public var maxMetadataSize = 16 * 1024
    /// Calls open at once on one connection (gRPC's default: 100).
    public var maxConcurrentCallsPerConnection = 100
    public var maxConnections = 10_000
    /// A connection with no call for this long is closed with GOAWAY; 0 disables.
    public var idleTimeoutSeconds: UInt64 = 300
    /// The peer's preface must arrive within this time.
    public var handshakeTimeoutSeconds: UInt64 = 10
    /// Ping a connection that has sent nothing for this long; 0 disables.
    public var keepaliveIntervalSeconds: UInt64 = 60
    /// Close it when the ping is not answered within this time.
    public var keepaliveTimeoutSeconds: UInt64 = 20
    /// On shutdown, how long in-flight calls have to finish.
    public var drainTimeoutSeconds: Double = 10
    /// Stop reading a connection while its unsent output or its queued request
    /// bytes are over this bound.
    public var connectionBufferLimit = 8 * 1024 * 1024
    /// Serve newswire.testing.v1.TestService.
    public var enableTestService = false

    public init() {}

    public var resolvedWorkers: Int {
        if workers > 0 { return workers }
        return max(1, Int(sysconfCores()))
    }
}

#if canImport(Glibc)
import Glibc
private func sysconfCores() -> Int { sysconf(Int32(_SC_NPROCESSORS_ONLN)) }
#endif
