// A copy of a text's UTF-8 bytes followed by zero bytes, so that scanning code can read 16 bytes
// (`Finder.chunkWords`: 64) at a time from any offset inside the text without checking for its end.

/// The UTF-8 bytes of a text, with at least `PaddedText.padding` readable zero bytes after them.
/// `bytes.count` is the text's length; the padding is never part of it.
final class PaddedText {
    static let padding = 64

    private let storage: UnsafeMutablePointer<UInt8>
    /// The text's bytes (readable up to `count + padding`).
    let bytes: Bytes

    init(_ source: Bytes) {
        let n = source.count
        storage = .allocate(capacity: n + PaddedText.padding)
        if n > 0 { storage.update(from: source.baseAddress!, count: n) }
        (storage + n).initialize(repeating: 0, count: PaddedText.padding)
        bytes = Bytes(start: storage, count: n)
    }

    deinit { storage.deallocate() }
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
