// Test support: a real server on loopback, and a raw socket that speaks frames.
import XCTest
import Logging
@testable import NewswireServer
import NewswireClient
import NewswireInterop
import NewswireLoop
#if canImport(Glibc)
import Glibc
#endif

/// A real server on 127.0.0.1 (a port the kernel picks) and on a Unix socket.
final class TestServer {
    let server: Server
    let tcp: SocketAddress
    let unix: SocketAddress
    private var stopped = false

    init(plugins: PluginSet = PluginSet(), configure: (inout ServerConfig) -> Void = { _ in }) throws {
        var config = ServerConfig()
        let sock = "/tmp/newswire-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        config.listen = [.tcp(host: "127.0.0.1", port: 0), .unix(path: sock)]
        config.enableTestService = true
        config.workers = 2
        configure(&config)
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        server = try Server(config: config, plugins: plugins, logger: logger)
        let addrs = try server.bind()
        tcp = addrs[0]
        unix = addrs.count > 1 ? addrs[1] : addrs[0]
        server.start()
    }

    var port: Int { if case .tcp(_, let p) = tcp { p } else { 0 } }

    func client() -> NewswireClient { NewswireClient(address: tcp) }

    /// Waits until no connection and no call is open (or fails after `seconds`).
    func waitForIdle(_ seconds: Double = 5, file: StaticString = #filePath, line: UInt = #line) {
        let end = Deadline.after(seconds: seconds)
        while !end.hasPassed {
            let s = server.stats
            if s.openConnections == 0 && s.activeCalls == 0 { return }
            usleep(10_000)
        }
        XCTFail("server did not return to idle: \(server.stats)", file: file, line: line)
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        server.shutdown()
        server.wait()
    }

    deinit { stop() }
}

/// A blocking TCP socket for sending hand-made bytes.
final class RawSocket {
    let fd: Int32
    var decoder = FrameDecoder(expectPreface: true) { _ in Int(Int32.max) }

    init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { throw InteropFailure("connect failed: errno \(errno)") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            off += n
        }
    }

    func send(_ frame: Frame) { send(frame.encoded) }

    /// Sends our preface.
    func handshake() { send(Preface.current.bytes) }

    /// Opens a call with HEADERS.
    func open(_ id: UInt32, _ method: String, timeoutMicros: UInt64 = 0, endStream: Bool = false) {
        send(Frame(.headers, flags: endStream ? .endStream : [], callID: id,
                   payload: RequestHeadersMessage(method: method, timeoutMicros: timeoutMicros).protobuf()))
    }

    /// The next preface or frame; nil on EOF or timeout.
    func next() -> DecodedFrame? {
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            if let item = try? decoder.next() { return item }
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            buf.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    /// The next frame, skipping the preface and PINGs.
    func nextFrame() -> Frame? {
        while let item = next() {
            if case .frame(let f) = item, f.type != .ping { return f }
        }
        return nil
    }

    /// Reads until the server closes the connection; returns every frame seen.
    func readUntilClosed() -> [Frame] {
        var frames: [Frame] = []
        while let item = next() { if case .frame(let f) = item { frames.append(f) } }
        return frames
    }

    /// True once the server has closed its side (EOF), within the receive timeout.
    func isClosedByServer() -> Bool {
        var b = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = b.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return false }
        }
    }
}

extension Frame {
    var trailers: TrailersMessage? { type == .trailers ? try? TrailersMessage(protobuf: payload) : nil }
    var goAway: GoAwayMessage? { type == .goAway ? try? GoAwayMessage(protobuf: payload) : nil }
}

let testService = "/newswire.testing.v1.TestService/"
