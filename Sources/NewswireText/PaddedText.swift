// A copy of a text's UTF-8 bytes followed by zero bytes, so that scanning code can read 16 bytes
// at a time from any offset inside the text without checking for its end.

/// The UTF-8 bytes of a text, with at least `PaddedText.padding` readable zero bytes after them.
/// `bytes.count` is the text's length; the padding is never part of it.
final class PaddedText {
    static let padding = 32

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
