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
    public static func withDocumentText<R>(protobuf bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(ProtoDecodingError) -> R {
        try unpack(bytes, as: protoName, newswire__analysis__v1__analyzer_request__unpack,
                   newswire__analysis__v1__analyzer_request__free_unpacked) { p in
            withRequestText(p.pointee.document?.pointee.text, body)
        }
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
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))
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
