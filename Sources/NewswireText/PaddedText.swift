// A copy of a text's UTF-8 bytes followed by zero bytes, so that scanning code can read 16 bytes
// (`Finder.chunkWords`: 64) at a time from any offset inside the text without checking for its end.

/// The UTF-8 bytes of a text, with at least `PaddedText.padding` readable zero bytes after them.
/// `bytes.count` is the text's length; the padding is never part of it. One can be filled again
/// with another text (the entity finder's pooled `FinderStorage` keeps one for the next document):
/// `bytes` is valid while the `PaddedText` lives and until the next `fill`.
final class PaddedText {
    static let padding = 64

    private let buffer: Buffer<UInt8>
    private var count = 0

    /// Empty, with room for a text of `capacity` bytes.
    init(capacity: Int) {
        buffer = Buffer(capacity: capacity + PaddedText.padding)
        buffer.append(repeating: 0, count: PaddedText.padding)
    }

    convenience init(_ source: Bytes) {
        self.init(capacity: source.count)
        fill(source)
    }

    /// Holds `source` from now on (a copy), padded.
    func fill(_ source: Bytes) {
        buffer.removeAll()
        buffer.append(contentsOf: source)
        buffer.append(repeating: 0, count: PaddedText.padding)
        count = source.count
    }

    /// The text's bytes (readable up to `count + padding`).
    var bytes: Bytes {
        buffer.withUnsafeBufferPointer { Bytes(rebasing: $0[0..<count]) }
    }
}

/// Eight bytes at a time in a UInt64 (SWAR). Byte masks hold 0x80 in the bytes that match.
enum SWAR {
    static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let highs: UInt64 = 0x8080_8080_8080_8080
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Eight bytes at `p + i`, little-endian (byte i in the low bits). `p` must be readable there
    /// (a `PaddedText` is, up to its end).
    @inline(__always)
    static func load(_ p: Bytes, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    /// The bytes of `w` within `lo...hi` (both below 0x80); bytes of 0x80 and above never match.
    @inline(__always)
    static func inRange(_ w: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
        let x = w & low7
        let a = x &+ ((0x80 - UInt64(lo)) &* ones)
        let b = x &+ ((0x7F - UInt64(hi)) &* ones)
        return a & ~b & ~w & highs
    }
}
