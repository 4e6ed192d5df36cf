// Where to listen or connect: "HOST:PORT", "[IPV6]:PORT" or "unix:PATH".
import CLibUV
#if canImport(Glibc)
import Glibc
#endif

public enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// Parses "HOST:PORT", "[IPV6]:PORT", "PORT" (127.0.0.1) or "unix:PATH".
    public init?(_ text: String) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { return nil }
            self = .unix(path: path)
            return
        }
        var host = "127.0.0.1", portText = Substring(text)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
            if host.isEmpty { host = "127.0.0.1" }
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else { return nil }
        self = .tcp(host: host, port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// Resolves a TCP address to a sockaddr; names go through getaddrinfo (start-up and connect only).
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>) throws(LoopError) -> R) throws(LoopError) -> R {
        guard case .tcp(let host, let port) = self else { preconditionFailure("not a TCP address") }
        var storage = sockaddr_storage()
        let ok: Bool = withUnsafeMutablePointer(to: &storage) { sp in
            sp.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { uv_ip4_addr(host, Int32(port), $0) == 0 }
                || sp.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { uv_ip6_addr(host, Int32(port), $0) == 0 }
        }
        if !ok {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var res: UnsafeMutablePointer<addrinfo>? = nil
            let rc = getaddrinfo(host, String(port), &hints, &res)
            guard rc == 0, let first = res else {
                throw LoopError(UV_EAI_NONAME.rawValue, "cannot resolve host \"\(host)\"")
            }
            defer { freeaddrinfo(res) }
            withUnsafeMutableBytes(of: &storage) { dst in
                dst.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
            }
        }
        return try withUnsafePointer(to: &storage) { sp throws(LoopError) -> R in
            try sp.withMemoryRebound(to: sockaddr.self, capacity: 1) { (p) throws(LoopError) -> R in try body(p) }
        }
    }
}
