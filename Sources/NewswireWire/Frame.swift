// Frames as bytes <-> values. See docs/PROTOCOL.md, "Framing".

/// The 8-byte preface each side sends first: "NWRP", then the protocol
/// version as two big-endian UInt16s (major, minor).
public struct Preface: Sendable, Equatable {
    public static let size = 8
    public static let magic: [UInt8] = Array("NWRP".utf8)
    /// The version this implementation speaks.
    public static let current = Preface(major: 1, minor: 0)

    public var major: UInt16
    public var minor: UInt16
    public init(major: UInt16, minor: UInt16) { self.major = major; self.minor = minor }

    public var bytes: [UInt8] {
        Preface.magic + [UInt8(major >> 8), UInt8(major & 0xFF), UInt8(minor >> 8), UInt8(minor & 0xFF)]
    }

    /// Parses 8 bytes; throws `WireError.badMagic` for anything that is not a Newswire preface.
    public init<C: Collection>(parsing b: C) throws(WireError) where C.Element == UInt8 {
        let a = Array(b.prefix(Preface.size))
        guard a.count == Preface.size, Array(a[0..<4]) == Preface.magic else { throw .badMagic(Array(a.prefix(4))) }
        major = UInt16(a[4]) << 8 | UInt16(a[5])
        minor = UInt16(a[6]) << 8 | UInt16(a[7])
    }
}

public enum FrameType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Client: opens a call (RequestHeaders). Server: response headers (ResponseHeaders).
    case headers = 0x01
    /// One message, raw protobuf bytes.
    case message = 0x02
    /// Client: no more request messages.
    case halfClose = 0x03
    /// Server: ends the call with a status (Trailers).
    case trailers = 0x04
    /// Client: cancel the call.
    case cancel = 0x05
    /// Either side, call id 0, 8 opaque bytes; answered with the ACK flag.
    case ping = 0x06
    /// Server, call id 0: the connection is closing (GoAway).
    case goAway = 0x07

    /// The name the protocol document uses: "HEADERS", "HALF_CLOSE", "GOAWAY".
    public var description: String {
        switch self {
        case .headers: "HEADERS"
        case .message: "MESSAGE"
        case .halfClose: "HALF_CLOSE"
        case .trailers: "TRAILERS"
        case .cancel: "CANCEL"
        case .ping: "PING"
        case .goAway: "GOAWAY"
        }
    }
}

public struct FrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// On a client HEADERS or MESSAGE frame: the client sends nothing more on this call.
    public static let endStream = FrameFlags(rawValue: 0x01)
    /// On a PING frame: this is the answer.
    public static let ack = FrameFlags(rawValue: 0x01)
}

/// The 12-byte frame header: payload length (UInt32), type (UInt8), flags
/// (UInt8), reserved (UInt16, sent as 0, ignored), call id (UInt32); all big-endian.
public struct FrameHeader: Sendable, Equatable {
    public static let size = 12
    public var length: UInt32
    public var type: FrameType
    public var flags: FrameFlags
    public var callID: UInt32

    public init(length: UInt32, type: FrameType, flags: FrameFlags = [], callID: UInt32) {
        self.length = length; self.type = type; self.flags = flags; self.callID = callID
    }
}

public struct Frame: Sendable, Equatable {
    public var type: FrameType
    public var flags: FrameFlags
    public var callID: UInt32
    public var payload: [UInt8]

    public init(_ type: FrameType, flags: FrameFlags = [], callID: UInt32, payload: [UInt8] = []) {
        self.type = type; self.flags = flags; self.callID = callID; self.payload = payload
    }

    /// Appends the frame's bytes to `out`.
    public func encode(into out: inout [UInt8]) {
        Frame.encodeHeader(FrameHeader(length: UInt32(payload.count), type: type, flags: flags, callID: callID), into: &out)
        out.append(contentsOf: payload)
    }

    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(FrameHeader.size + payload.count)
        encode(into: &out)
        return out
    }

    public static func encodeHeader(_ h: FrameHeader, into out: inout [UInt8]) {
        let l = h.length, c = h.callID
        out.append(contentsOf: [
            UInt8(truncatingIfNeeded: l >> 24), UInt8(truncatingIfNeeded: l >> 16), UInt8(truncatingIfNeeded: l >> 8), UInt8(truncatingIfNeeded: l),
            h.type.rawValue, h.flags.rawValue, 0, 0,
            UInt8(truncatingIfNeeded: c >> 24), UInt8(truncatingIfNeeded: c >> 16), UInt8(truncatingIfNeeded: c >> 8), UInt8(truncatingIfNeeded: c),
        ])
    }
}

public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The peer's first bytes are not a Newswire preface.
    case badMagic([UInt8])
    /// A frame type this version does not define.
    case unknownFrameType(UInt8)

    public var description: String {
        switch self {
        case .badMagic(let got):
            let hex = got.map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
            let ascii = String(decoding: got.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
            return "bad preface: expected magic 4E575250 (\"NWRP\"), got \(hex) (\"\(ascii)\"); is the peer a Newswire endpoint?"
        case .unknownFrameType(let t):
            return "unknown frame type 0x\(String(t, radix: 16))"
        }
    }
}
