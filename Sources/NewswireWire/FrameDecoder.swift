// Turns a byte stream into a preface and frames. Pure: bytes in, values out.

public enum DecodedFrame: Sendable, Equatable {
    case preface(Preface)
    case frame(Frame)
    /// A frame whose payload is over the limit the caller set for its type.
    /// Its payload is skipped as it arrives, never buffered.
    case oversized(FrameHeader)
}

public struct FrameDecoder {
    /// The largest payload to buffer for a frame with this header.
    public typealias PayloadLimit = (FrameHeader) -> Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var expectPreface: Bool
    private var skipRemaining: UInt64 = 0
    private let payloadLimit: PayloadLimit

    /// `expectPreface`: the stream starts with the peer's 8-byte preface.
    public init(expectPreface: Bool = true, payloadLimit: @escaping PayloadLimit) {
        self.expectPreface = expectPreface
        self.payloadLimit = payloadLimit
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var bytes = bytes
        if skipRemaining > 0 {
            let n = Int(min(UInt64(bytes.count), skipRemaining))
            skipRemaining -= UInt64(n)
            bytes = UnsafeRawBufferPointer(rebasing: bytes[n...])
        }
        guard !bytes.isEmpty else { return }
        if readIndex > 0 && readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next complete item, or nil when more bytes are needed.
    public mutating func next() throws(WireError) -> DecodedFrame? {
        if skipRemaining > 0 { return nil }
        let available = buffer.count - readIndex
        if expectPreface {
            // A wrong magic is reported as soon as 4 bytes are in.
            if available >= 4, Array(buffer[readIndex..<readIndex + 4]) != Preface.magic {
                throw .badMagic(Array(buffer[readIndex..<readIndex + 4]))
            }
            guard available >= Preface.size else { return nil }
            let p = try Preface(parsing: buffer[readIndex..<readIndex + Preface.size])
            readIndex += Preface.size
            expectPreface = false
            return .preface(p)
        }
        guard available >= FrameHeader.size else { return nil }
        let header = try parseHeader(at: readIndex)
        if Int(header.length) > payloadLimit(header) {
            readIndex += FrameHeader.size
            let inBuffer = min(buffer.count - readIndex, Int(header.length))
            readIndex += inBuffer
            skipRemaining = UInt64(header.length) - UInt64(inBuffer)
            if readIndex == buffer.count { buffer.removeAll(keepingCapacity: true); readIndex = 0 }
            return .oversized(header)
        }
        let total = FrameHeader.size + Int(header.length)
        guard available >= total else {
            buffer.reserveCapacity(readIndex + total)
            return nil
        }
        let start = readIndex + FrameHeader.size
        let payload = Array(buffer[start..<start + Int(header.length)])
        readIndex += total
        if readIndex == buffer.count { buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16); readIndex = 0 }
        return .frame(Frame(header.type, flags: header.flags, callID: header.callID, payload: payload))
    }

    private func parseHeader(at i: Int) throws(WireError) -> FrameHeader {
        func u32(_ o: Int) -> UInt32 {
            UInt32(buffer[o]) << 24 | UInt32(buffer[o + 1]) << 16 | UInt32(buffer[o + 2]) << 8 | UInt32(buffer[o + 3])
        }
        guard let type = FrameType(rawValue: buffer[i + 4]) else { throw .unknownFrameType(buffer[i + 4]) }
        return FrameHeader(length: u32(i), type: type, flags: FrameFlags(rawValue: buffer[i + 5]), callID: u32(i + 8))
    }
}
