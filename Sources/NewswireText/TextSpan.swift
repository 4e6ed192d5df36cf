// Spans of text by UTF-8 byte offsets, as the protocol carries them.

/// A half-open range `[start, end)` of UTF-8 byte offsets into a text.
public struct TextSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) { self.start = start; self.end = end }
    /// The number of UTF-8 bytes covered.
    public var length: Int { end - start }
    public var description: String { "[\(start), \(end))" }
}

extension String {
    /// The text of `span`, by UTF-8 offsets. Offsets are clamped to the string; an offset
    /// that falls inside a multi-byte character is moved back to that character's first byte.
    /// O(1) for native strings.
    public func slice(_ span: TextSpan) -> Substring {
        let u = utf8
        let n = u.count
        var s = Swift.max(0, Swift.min(span.start, n))
        var e = Swift.max(s, Swift.min(span.end, n))
        var si = u.index(u.startIndex, offsetBy: s)
        var ei = u.index(u.startIndex, offsetBy: e)
        while s > 0 && s < n && u[si] & 0xC0 == 0x80 { s -= 1; si = u.index(before: si) }
        while e > s && e < n && u[ei] & 0xC0 == 0x80 { e -= 1; ei = u.index(before: ei) }
        return self[si..<ei]
    }
}
