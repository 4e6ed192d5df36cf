// The text of an analysis request, read without building Swift values for the whole message: the
// hot path of an analyzer plugin (one request per document).
import CProtobufC
import NewswireMessages
#if canImport(Glibc)
import Glibc
#endif
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

extension AnalyzerRequest {
    /// Parses `bytes` as an AnalyzerRequest (with protobuf-c, as `init(protobuf:)` does) and calls
    /// `body` with the UTF-8 bytes of its document's text: the bytes of `document.text` as
    /// `init(protobuf:)` would have made it (up to a NUL byte, invalid UTF-8 repaired with U+FFFD;
    /// empty when there is no document). The bytes are valid only inside `body`.
    ///
    /// A request in the form clients write (see `AnalyzerRequestScan`) is read in place, without
    /// protobuf-c's copies; any other goes through protobuf-c.
    public static func withDocumentText<R>(protobuf bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(ProtoDecodingError) -> R {
        if let answer = bytes.withUnsafeBufferPointer({ m in
            AnalyzerRequestScan.documentText(m).map { withValidText($0, body) }
        }) { return answer }
        return try unpack(bytes, as: protoName, newswire__analysis__v1__analyzer_request__unpack,
                          newswire__analysis__v1__analyzer_request__free_unpacked) { p in
            withRequestText(p.pointee.document?.pointee.text, body)
        }
    }
}

/// The document text of an AnalyzerRequest in the form clients write it, read in place: the
/// request is the document field alone (once), and the document holds fields 1 to 7 only, each
/// once, with their own wire types (a string's length in at most five bytes; the int64 in at most
/// nine), its text among them. Such a request is one protobuf-c unpacks (protobuf-c checks no
/// UTF-8), and the text is the bytes it would copy, up to the first NUL (as `strlen` reads the
/// copy). Anything else (unknown or repeated fields, other encodings, errors) gives nil, for
/// protobuf-c to decide.
enum AnalyzerRequestScan {
    static func documentText(_ m: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let base = m.baseAddress, m.count >= 2, m[0] == 1 << 3 | 2 else { return nil }
        var i = 1
        guard let documentLength = length(m, &i), documentLength == m.count - i else { return nil }
        var seen: UInt8 = 0
        var text: UnsafeBufferPointer<UInt8>? = nil
        while i < m.count {
            let tag = m[i]
            i += 1
            let field = tag >> 3, wireType = tag & 7
            guard field >= 1 && field <= 7 else { return nil }   // (one-byte tags only: 0x80 and above is field 16 or more)
            let bit: UInt8 = 1 << (field - 1)
            guard seen & bit == 0 else { return nil }
            seen |= bit
            if field == 6 {   // published_unix_ms, a varint
                guard wireType == 0 else { return nil }
                var bytes = 0
                while true {
                    guard i < m.count, bytes < 9 else { return nil }
                    let b = m[i]
                    i += 1; bytes += 1
                    if b < 0x80 { break }
                }
            } else {          // strings
                guard wireType == 2, let n = length(m, &i), n <= m.count - i else { return nil }
                if field == 3 { text = UnsafeBufferPointer(start: base + i, count: n) }
                i += n
            }
        }
        guard let text else { return nil }
        guard let start = text.baseAddress, !text.isEmpty,
              let nul = memchr(start, 0, text.count) else { return text }
        return UnsafeBufferPointer(start: start, count: UnsafeRawPointer(nul) - UnsafeRawPointer(start))
    }

    /// A length at `i` (a varint of at most five bytes, below 2^31), `i` moved past it; nil when
    /// there is none such.
    static func length(_ m: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int? {
        var v = 0, shift = 0
        while i < m.count && shift < 35 {
            let b = m[i]
            i += 1
            v |= Int(b & 0x7F) << shift
            if b < 0x80 { return v < 0x7FFF_FFFF ? v : nil }
            shift += 7
        }
        return nil
    }
}

extension SentimentScoreRequest {
    /// As `AnalyzerRequest.withDocumentText`, for the `text` of a ScoreRequest; `body` is also
    /// told the request's `skip_entities`.
    public static func withText<R>(protobuf bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, _ skipEntities: Bool) -> R) throws(ProtoDecodingError) -> R {
        try unpack(bytes, as: protoName, newswire__sentiment__v1__score_request__unpack,
                   newswire__sentiment__v1__score_request__free_unpacked) { p in
            let skip = p.pointee.skip_entities != 0
            return withRequestText(p.pointee.text) { body($0, skip) }
        }
    }
}

/// The bytes `string(p)` would hold: valid UTF-8 as it is, anything else repaired by `String`.
private func withRequestText<R>(_ p: UnsafeMutablePointer<CChar>?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    guard let p else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
    return withValidText(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)), body)
}

/// `bytes` if valid UTF-8, else the bytes of the String made of them (repaired).
private func withValidText<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if UTF8Validation.isValid(bytes) { return body(bytes) }
    var repaired = String(decoding: bytes, as: UTF8.self)
    return repaired.withUTF8(body)
}

/// UTF-8 validity as Unicode defines it (and `String(decoding:as:)` applies it): no overlong
/// forms, no surrogates, nothing above U+10FFFF, no truncated sequences. ASCII is checked sixteen
/// bytes at a time on x86-64 (SSE2), eight elsewhere.
public enum UTF8Validation {
    public static func isValid(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        guard n > 0, let base = p.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            #if arch(x86_64)
            // Sixteen bytes at once (SSE2): past them when all are ASCII (no top bit set), else
            // straight to the first that is not.
            // Thirty-two at once first, while there are as many left (the top bits of both halves
            // together: none set means all ASCII).
            if i + 32 <= n {
                let a = _mm_loadu_si128((raw + i).assumingMemoryBound(to: __m128i.self))
                let b = _mm_loadu_si128((raw + i + 16).assumingMemoryBound(to: __m128i.self))
                if _mm_movemask_epi8(_mm_or_si128(a, b)) == 0 { i += 32; continue }
            }
            let wide = i + 16 <= n
            if wide {
                let high = _mm_movemask_epi8(_mm_loadu_si128((raw + i).assumingMemoryBound(to: __m128i.self)))
                if high == 0 { i += 16; continue }
                i += Int(high.trailingZeroBitCount)
            }
            #else
            let wide = false
            #endif
            if !wide && i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b0 = p[i]
            if b0 < 0x80 { i += 1; continue }
            @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
            if b0 >= 0xC2 && b0 <= 0xDF {
                guard cont(1) else { return false }
                i += 2
            } else if b0 >= 0xE0 && b0 <= 0xEF {
                guard cont(1), cont(2) else { return false }
                let b1 = p[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return false }   // overlong
                if b0 == 0xED && b1 > 0x9F { return false }   // surrogates
                i += 3
            } else if b0 >= 0xF0 && b0 <= 0xF4 {
                guard cont(1), cont(2), cont(3) else { return false }
                let b1 = p[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return false }   // overlong
                if b0 == 0xF4 && b1 > 0x8F { return false }   // above U+10FFFF
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
