// A connected TCP or Unix-domain stream: reads, writes, connect.
import CLibUV
#if canImport(Glibc)
import Glibc
#endif

public final class Stream: Handle {
    public let isPipe: Bool
    private var onRead: ((UnsafeRawBufferPointer) -> Void)?
    private var onEnd: ((LoopError?) -> Void)?
    /// Called when every queued write has reached the kernel.
    public var onDrain: (() -> Void)?
    /// Bytes handed to `write` that the kernel has not taken yet.
    public private(set) var pendingWriteBytes = 0
    public private(set) var isReading = false
    private var ended = false

    init(_ loop: EventLoop, pipe: Bool) {
        isPipe = pipe
        super.init(loop: loop, type: pipe ? UV_NAMED_PIPE : UV_TCP)
        if pipe { uv_pipe_init(loop.uv, typed(uv_pipe_t.self), 0) } else { uv_tcp_init(loop.uv, typed(uv_tcp_t.self)) }
        retainWhileOpen()
        if !pipe { uv_tcp_nodelay(typed(uv_tcp_t.self), 1) }
    }

    var stream: UnsafeMutablePointer<uv_stream_t> { typed(uv_stream_t.self) }

    /// Delivers received bytes to `onRead` (valid only during the call) and
    /// the end of the stream to `onEnd`: nil for EOF, or the error.
    public func startReading(onRead: @escaping (UnsafeRawBufferPointer) -> Void, onEnd: @escaping (LoopError?) -> Void) {
        self.onRead = onRead
        self.onEnd = onEnd
        resumeReading()
    }

    public func resumeReading() {
        guard !isClosed, !isReading, !ended, onRead != nil else { return }
        isReading = true
        uv_read_start(stream, { h, _, buf in
            let s = Handle.object(h, as: Stream.self)
            buf!.pointee.base = s.loop.readBuffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            buf!.pointee.len = s.loop.readBuffer.count
        }, { h, n, buf in
            let s = Handle.object(h, as: Stream.self)
            if n > 0 {
                s.onRead?(UnsafeRawBufferPointer(start: buf!.pointee.base, count: n))
            } else if n < 0 {
                s.finish(n == Int(UV_EOF.rawValue) ? nil : LoopError(Int32(n), "read"))
            }
        })
    }

    public func pauseReading() {
        guard isReading, !isClosed else { return }
        isReading = false
        uv_read_stop(stream)
    }

    private func finish(_ error: LoopError?) {
        guard !ended else { return }
        ended = true
        pauseReading()
        let cb = onEnd
        onEnd = nil
        cb?(error)
    }

    /// Queues `bytes`; tries to write them at once and copies only what the kernel did not take.
    public func write(_ bytes: [UInt8]) {
        guard !isClosed, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { src in
            var offset = 0
            if pendingWriteBytes == 0 {
                var buf = uv_buf_t(base: UnsafeMutableRawPointer(mutating: src.baseAddress!).assumingMemoryBound(to: CChar.self), len: src.count)
                let n = uv_try_write(stream, &buf, 1)
                if n > 0 { offset = Int(n) }
                if n == src.count { return }
                if n < 0 && n != UV_EAGAIN.rawValue { finish(LoopError(n, "write")); return }
            }
            let remaining = src.count - offset
            let header = MemoryLayout<uv_write_t>.stride + MemoryLayout<Int>.stride
            let block = malloc(header + remaining)!
            let req = block.assumingMemoryBound(to: uv_write_t.self)
            (block + MemoryLayout<uv_write_t>.stride).storeBytes(of: remaining, as: Int.self)
            let data = block + header
            data.copyMemory(from: src.baseAddress! + offset, byteCount: remaining)
            var buf = uv_buf_t(base: data.assumingMemoryBound(to: CChar.self), len: remaining)
            pendingWriteBytes += remaining
            let rc = uv_write(req, stream, &buf, 1) { req, status in
                let block = UnsafeMutableRawPointer(req!)
                let n = (block + MemoryLayout<uv_write_t>.stride).load(as: Int.self)
                let s = Handle.object(req!.pointee.handle, as: Stream.self)
                free(block)
                s.pendingWriteBytes -= n
                if status < 0 { s.finish(LoopError(status, "write")); return }
                if s.pendingWriteBytes == 0 { s.onDrain?() }
            }
            if rc < 0 {
                pendingWriteBytes -= remaining
                free(block)
                finish(LoopError(rc, "write"))
            }
        }
    }

    override func willClose() {
        onRead = nil; onEnd = nil; onDrain = nil
        isReading = false
    }

    /// Connects to `address`; `completion` runs on the loop thread.
    public static func connect(to address: SocketAddress, loop: EventLoop,
                               _ completion: @escaping (Result<Stream, LoopError>) -> Void) {
        final class Pending { let stream: Stream; let done: (Result<Stream, LoopError>) -> Void
            init(_ s: Stream, _ d: @escaping (Result<Stream, LoopError>) -> Void) { stream = s; done = d } }
        let isPipe: Bool
        if case .unix = address { isPipe = true } else { isPipe = false }
        let s = Stream(loop, pipe: isPipe)
        let req = UnsafeMutablePointer<uv_connect_t>.allocate(capacity: 1)
        req.pointee.data = Unmanaged.passRetained(Pending(s, completion)).toOpaque()
        let cb: uv_connect_cb = { req, status in
            let pending = Unmanaged<Pending>.fromOpaque(req!.pointee.data).takeRetainedValue()
            req!.deallocate()
            if status < 0 {
                pending.stream.close()
                pending.done(.failure(LoopError(status, "connect")))
            } else {
                pending.done(.success(pending.stream))
            }
        }
        do throws(LoopError) {
            switch address {
            case .unix(let path):
                uv_pipe_connect(req, s.typed(uv_pipe_t.self), path, cb)
            case .tcp:
                try address.withSockaddr { (sa) throws(LoopError) in
                    try check(uv_tcp_connect(req, s.typed(uv_tcp_t.self), sa, cb), "connect to \(address)")
                }
            }
        } catch {
            Unmanaged<Pending>.fromOpaque(req.pointee.data).release()
            req.deallocate()
            s.close()
            completion(.failure(error))
        }
    }
}

public final class Listener: Handle {
    private var onConnection: ((Stream) -> Void)?
    public let isPipe: Bool
    public private(set) var address: SocketAddress

    /// Binds and listens; `onConnection` gets each accepted stream.
    public init(_ loop: EventLoop, address: SocketAddress, backlog: Int32 = 511,
                onConnection: @escaping (Stream) -> Void) throws(LoopError) {
        self.onConnection = onConnection
        self.address = address
        if case .unix = address { isPipe = true } else { isPipe = false }
        super.init(loop: loop, type: isPipe ? UV_NAMED_PIPE : UV_TCP)
        if isPipe { uv_pipe_init(loop.uv, typed(uv_pipe_t.self), 0) } else { uv_tcp_init(loop.uv, typed(uv_tcp_t.self)) }
        retainWhileOpen()
        do throws(LoopError) {
            switch address {
            case .unix(let path):
                var st = stat()
                if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }   // stale socket
                try check(uv_pipe_bind(typed(uv_pipe_t.self), path), "bind \(address)")
            case .tcp(let host, _):
                try address.withSockaddr { (sa) throws(LoopError) in
                    try check(uv_tcp_bind(typed(uv_tcp_t.self), sa, 0), "bind \(address)")
                }
                var storage = sockaddr_storage()
                var len = Int32(MemoryLayout<sockaddr_storage>.size)
                withUnsafeMutablePointer(to: &storage) { sp in
                    sp.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = uv_tcp_getsockname(typed(uv_tcp_t.self), $0, &len) }
                }
                let port = withUnsafePointer(to: &storage) { sp in
                    sp.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
                }
                self.address = .tcp(host: host, port: port)
            }
            try check(uv_listen(typed(uv_stream_t.self), backlog) { server, status in
                let l = Handle.object(server, as: Listener.self)
                guard status >= 0, !l.isClosed else { return }
                let client = Stream(l.loop, pipe: l.isPipe)
                if uv_accept(l.typed(uv_stream_t.self), client.stream) == 0 {
                    l.onConnection?(client)
                } else {
                    client.close()
                }
            }, "listen on \(address)")
        } catch {
            close()
            throw error
        }
    }

    override func willClose() {
        onConnection = nil
        if case .unix(let path) = address { unlink(path) }
    }
}
