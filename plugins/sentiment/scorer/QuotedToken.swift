// Tokens with curly quotes, sixteen bytes at a time (SSE2 on x86-64, through clang's intrinsics
// module). News text quotes with U+2018, U+2019, U+201C and U+201D: “word, word”, word’s. Such a
// token is never a word of the table (no key holds a curly quote: checked when the analyzer is
// built), and a curly quote is neither whitespace nor an emoji, so what the rules need of it is
// what its ASCII bytes say: ALL CAPS, "n't", ! and ?. Without that, each of these tokens would take
// the byte-by-byte path (`slowToken`) and the look for emojis from its first byte to the text's
// end.
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The bits set in `m`, most often none (no popcnt instruction in baseline x86-64: the count is
/// a dozen instructions, worth skipping).
@inline(__always)
private func count(_ m: UInt32) -> Int { m == 0 ? 0 : m.nonzeroBitCount }

/// What `QuotedToken.scan` found: a token of printable ASCII and curly quotes.
struct QuotedToken {
    /// Its length in bytes (the whitespace byte after it not included).
    var length: Int
    /// Python str.isupper(): ASCII upper-case letters and no lower-case one (curly quotes are not cased).
    var isUpper: Bool
    /// Contains "n't" (ASCII apostrophe, any case).
    var negates: Bool
    var exclamations: Int
    var questions: Int

    /// The token starting at `p` (sixteen bytes readable) if it is at most 15 bytes of printable
    /// ASCII (0x21...0x7E) and curly quotes, with at least one curly quote; the caller checks
    /// that whitespace follows. Nil otherwise (and always on architectures without SSE2 here: the
    /// general path gives the same tokens).
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>) -> QuotedToken? {
        #if arch(x86_64)
        let v = _mm_loadu_si128(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self))
        @inline(__always) func bits(_ m: __m128i) -> UInt32 { UInt32(truncatingIfNeeded: _mm_movemask_epi8(m)) }
        @inline(__always) func equal(_ x: __m128i, _ c: UInt8) -> UInt32 {
            bits(_mm_cmpeq_epi8(x, _mm_set1_epi8(Int8(bitPattern: c))))
        }
        // Signed compares: bytes of 0x80 and above are negative, never inside an ASCII range.
        @inline(__always) func within(_ x: __m128i, _ lo: Int8, _ hi: Int8) -> UInt32 {
            bits(_mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(lo &- 1)), _mm_cmpgt_epi8(_mm_set1_epi8(hi &+ 1), x)))
        }
        // E2 80 98, E2 80 99, E2 80 9C, E2 80 9D: the third byte is 0x98 with bits 0 and 2 free.
        let third = bits(_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(Int8(bitPattern: 0xFA))),
                                        _mm_set1_epi8(Int8(bitPattern: 0x98))))
        let quotes = equal(v, 0xE2) & (equal(v, 0x80) >> 1) & (third >> 2)
        if quotes == 0 { return nil }
        let quoteBytes = quotes | quotes << 1 | quotes << 2
        let printable = within(v, 0x21, 0x7E)
        let length = (~(printable | quoteBytes)).trailingZeroBitCount
        if length >= 16 { return nil }
        let token: UInt32 = (1 &<< UInt32(length)) &- 1
        if quotes & token == 0 { return nil }
        // (b | 0x20) is a lower-case letter exactly when b is a letter; likewise for n and t.
        let folded = _mm_or_si128(v, _mm_set1_epi8(0x20))
        let letters = within(folded, 0x61, 0x7A) & token
        let upper = within(v, 0x41, 0x5A) & token
        var negates = false
        let apostrophes = equal(v, 0x27) & token
        if apostrophes != 0 {
            negates = equal(folded, 0x6E) & (apostrophes >> 1) & (equal(folded, 0x74) >> 2) & (token >> 2) != 0
        }
        return QuotedToken(length: length, isUpper: upper != 0 && letters & ~upper == 0, negates: negates,
                           exclamations: count(equal(v, 0x21) & token), questions: count(equal(v, 0x3F) & token))
        #else
        return nil
        #endif
    }

    /// Whether `bytes` hold a curly quote (E2 80 98/99/9C/9D).
    static func hasCurlyQuote(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count < 3 { return false }
        for k in 0..<(bytes.count - 2) where bytes[k] == 0xE2 && bytes[k + 1] == 0x80 {
            if [0x98, 0x99, 0x9C, 0x9D].contains(bytes[k + 2]) { return true }
        }
        return false
    }
}


/// What `ASCIIToken.scan` found: a token of printable ASCII, stripped and lower-cased.
struct ASCIIToken {
    /// Its length in bytes.
    var length: Int
    /// The key: the token stripped of punctuation at both ends (unless that leaves two bytes or
    /// fewer: then the token whole), lower-cased, as `FrozenWordTable.keyWords` gives it.
    var key0: UInt64
    var key1: UInt64
    var keyLength: Int
    /// Python str.isupper() of the key.
    var isUpper: Bool
    /// An ASCII apostrophe in the key (it may contain "n't").
    var apostrophe: Bool
    var exclamations: Int
    var questions: Int

    /// Whether `scan` takes tokens here (SSE2), rather than always answering nil.
    static var vectorised: Bool {
        #if arch(x86_64)
        return true
        #else
        return false
        #endif
    }

    /// The token at `p` (sixteen bytes readable) if its bytes are printable ASCII (0x21...0x7E)
    /// and fewer than sixteen; the caller checks that the byte after it is whitespace. `lower`
    /// is working memory for 32 bytes. Nil otherwise, and always without SSE2 (the caller's
    /// eight-byte path gives the same).
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, lower: UnsafeMutablePointer<UInt8>) -> ASCIIToken? {
        #if arch(x86_64)
        let v = _mm_loadu_si128(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self))
        @inline(__always) func bits(_ m: __m128i) -> UInt32 { UInt32(truncatingIfNeeded: _mm_movemask_epi8(m)) }
        @inline(__always) func equal(_ c: UInt8) -> UInt32 { bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(Int8(bitPattern: c)))) }
        // Signed compares: bytes of 0x80 and above are negative, never inside an ASCII range.
        @inline(__always) func within(_ lo: Int8, _ hi: Int8) -> __m128i {
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(lo &- 1)), _mm_cmpgt_epi8(_mm_set1_epi8(hi &+ 1), v))
        }
        let length = (~bits(within(0x21, 0x7E))).trailingZeroBitCount
        if length == 0 || length >= 16 { return nil }
        let token: UInt32 = (1 &<< UInt32(length)) &- 1
        let upperBytes = within(0x41, 0x5A)
        let upper = bits(upperBytes) & token
        let lowerCase = bits(within(0x61, 0x7A)) & token
        // Strip string.punctuation (every printable ASCII byte that is not a letter or digit)
        // from both ends, unless that leaves two characters or fewer.
        let kept = upper | lowerCase | (bits(within(0x30, 0x39)) & token)
        var s = 0, e = length
        if kept != 0 {
            let ks = kept.trailingZeroBitCount, ke = 32 - kept.leadingZeroBitCount
            if ke - ks > 2 { s = ks; e = ke }
        }
        let keyLength = e - s
        let range: UInt32 = ((1 &<< UInt32(keyLength)) &- 1) &<< UInt32(s)
        // Lower-cased (0x20 added to the capitals), then zeros: the key is read from offset s.
        let lowered = _mm_or_si128(v, _mm_and_si128(upperBytes, _mm_set1_epi8(0x20)))
        let raw = UnsafeMutableRawPointer(lower)
        _mm_storeu_si128(raw.assumingMemoryBound(to: __m128i.self), lowered)
        _mm_storeu_si128((raw + 16).assumingMemoryBound(to: __m128i.self), _mm_setzero_si128())
        var k0 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: s, as: UInt64.self))
        var k1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: s + 8, as: UInt64.self))
        if keyLength < 8 { k0 &= (1 &<< UInt64(8 &* keyLength)) &- 1; k1 = 0 }
        else { k1 &= (1 &<< UInt64(8 &* (keyLength &- 8))) &- 1 }
        return ASCIIToken(length: length, key0: k0, key1: k1, keyLength: keyLength,
                          isUpper: upper & range != 0 && lowerCase & range == 0,
                          apostrophe: equal(0x27) & range != 0,
                          exclamations: count(equal(0x21) & token), questions: count(equal(0x3F) & token))
        #else
        return nil
        #endif
    }
}
