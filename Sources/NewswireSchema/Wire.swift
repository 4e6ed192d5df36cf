// The protobuf wire format, read and written byte by byte. Standard library only.

/// A protobuf wire type: how a field's value is laid out after its tag.
public enum WireType: UInt8, Sendable {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
}

/// Bytes that are not valid protobuf, with where it went wrong.
public struct WireFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var offset: Int
    public init(_ reason: String, at offset: Int) { self.reason = reason; self.offset = offset }
    public var description: String { "\(reason) at byte \(offset)" }
}

/// Reads protobuf fields from a byte buffer.
public struct ProtoReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int
    public let end: Int

    public init(_ bytes: [UInt8]) { self.bytes = bytes; offset = 0; end = bytes.count }
    init(_ bytes: [UInt8], from start: Int, to end: Int) { self.bytes = bytes; offset = start; self.end = end }

    public var isAtEnd: Bool { offset >= end }

    public mutating func varint() throws(WireFormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while offset < end {
            let b = bytes[offset]
            offset += 1
            if shift == 63 && b > 1 { throw WireFormatError("varint overflows 64 bits", at: start) }
            value |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
            if shift > 63 { throw WireFormatError("varint longer than 10 bytes", at: start) }
        }
        throw WireFormatError("truncated varint", at: start)
    }

    /// The next field's number and wire type; nil at the end.
    public mutating func tag() throws(WireFormatError) -> (number: UInt32, wireType: WireType)? {
        if isAtEnd { return nil }
        let start = offset
        let key = try varint()
        guard let type = WireType(rawValue: UInt8(key & 7)) else { throw WireFormatError("unknown wire type \(key & 7)", at: start) }
        let number = key >> 3
        guard number >= 1 && number <= 536_870_911 else { throw WireFormatError("field number \(number) out of range", at: start) }
        return (UInt32(number), type)
    }

    public mutating func fixed32() throws(WireFormatError) -> UInt32 {
        guard end - offset >= 4 else { throw WireFormatError("truncated fixed32", at: offset) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    public mutating func fixed64() throws(WireFormatError) -> UInt64 {
        guard end - offset >= 8 else { throw WireFormatError("truncated fixed64", at: offset) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    /// The range of a length-delimited value; the reader moves past it.
    public mutating func lengthDelimitedRange() throws(WireFormatError) -> Range<Int> {
        let start = offset
        let n = try varint()
        guard n <= UInt64(end - offset) else { throw WireFormatError("length \(n) runs past the end of the message", at: start) }
        let r = offset..<(offset + Int(n))
        offset += Int(n)
        return r
    }

    public mutating func lengthDelimited() throws(WireFormatError) -> [UInt8] {
        Array(bytes[try lengthDelimitedRange()])
    }

    public mutating func string() throws(WireFormatError) -> String {
        String(decoding: bytes[try lengthDelimitedRange()], as: UTF8.self)
    }

    /// A reader over a length-delimited value (a nested message, a packed array).
    public mutating func nested() throws(WireFormatError) -> ProtoReader {
        let r = try lengthDelimitedRange()
        return ProtoReader(bytes, from: r.lowerBound, to: r.upperBound)
    }

    /// Skips a value of the given wire type (a whole group for startGroup).
    public mutating func skip(_ type: WireType, number: UInt32) throws(WireFormatError) {
        switch type {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimitedRange()
        case .startGroup:
            while true {
                guard let (n, t) = try tag() else { throw WireFormatError("unterminated group \(number)", at: offset) }
                if t == .endGroup {
                    guard n == number else { throw WireFormatError("group \(number) ended by end-group \(n)", at: offset) }
                    return
                }
                try skip(t, number: n)
            }
        case .endGroup: throw WireFormatError("unexpected end-group \(number)", at: offset)
        }
    }
}

/// Builds protobuf bytes.
public struct ProtoWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}

    public mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    public mutating func tag(_ number: UInt32, _ type: WireType) { varint(UInt64(number) << 3 | UInt64(type.rawValue)) }

    public mutating func fixed32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    public mutating func fixed64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }

    public mutating func lengthDelimited(_ b: [UInt8]) { varint(UInt64(b.count)); bytes += b }

    public mutating func field(_ number: UInt32, bytes b: [UInt8]) { tag(number, .lengthDelimited); lengthDelimited(b) }
    public mutating func field(_ number: UInt32, string s: String) { field(number, bytes: Array(s.utf8)) }
    public mutating func field(_ number: UInt32, varint v: UInt64) { tag(number, .varint); varint(v) }

    public mutating func append(_ raw: [UInt8]) { bytes += raw }
}

public enum ZigZag {
    public static func encode(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
    public static func decode(_ v: UInt64) -> Int64 { Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1) }
}
