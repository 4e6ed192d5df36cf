// Sixteen bytes at a time with SSE2 (which every x86-64 processor has), through clang's intrinsics
// module (and sixty-four, four loads, for `WordChunk`). Other architectures do without: the
// callers keep their eight-byte SWAR paths or byte loops for them, and `ByteClasses.of` and
// `WordChunk.of` compute the same masks one byte at a time.
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Which of sixteen bytes are what, as bit masks: bit k for byte k.
public struct ByteClasses: Equatable, Sendable {
    /// A-Z
    public var upper: UInt32
    /// a-z
    public var lower: UInt32
    /// 0-9
    public var digits: UInt32
    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    public var blanks: UInt32
    /// 0x80 and above: the bytes of characters beyond ASCII.
    public var nonASCII: UInt32

    @inline(__always) public var letters: UInt32 { upper | lower }
    /// Letters and digits.
    @inline(__always) public var alnum: UInt32 { upper | lower | digits }

    /// The classes of the sixteen bytes at `p` (all sixteen must be readable).
    @inline(__always)
    public static func of(_ p: UnsafeRawPointer) -> ByteClasses {
        #if arch(x86_64)
        let v = _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
        // Signed compares: bytes of 0x80 and above are negative, so never inside an ASCII range.
        @inline(__always) func within(_ lo: Int8, _ hi: Int8) -> UInt32 {
            let m = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(lo &- 1)), _mm_cmpgt_epi8(_mm_set1_epi8(hi &+ 1), v))
            return UInt32(truncatingIfNeeded: _mm_movemask_epi8(m))
        }
        let space = UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20))))
        return ByteClasses(upper: within(0x41, 0x5A), lower: within(0x61, 0x7A), digits: within(0x30, 0x39),
                           blanks: space | within(0x09, 0x0D), nonASCII: UInt32(truncatingIfNeeded: _mm_movemask_epi8(v)))
        #else
        return scalar(p)
        #endif
    }

    /// The same, one byte at a time (the reference the vector path is tested against).
    public static func scalar(_ p: UnsafeRawPointer) -> ByteClasses {
        var c = ByteClasses(upper: 0, lower: 0, digits: 0, blanks: 0, nonASCII: 0)
        for k in 0..<16 {
            let b = p.load(fromByteOffset: k, as: UInt8.self), bit = UInt32(1) << UInt32(k)
            switch b {
            case 0x41...0x5A: c.upper |= bit
            case 0x61...0x7A: c.lower |= bit
            case 0x30...0x39: c.digits |= bit
            case 0x20, 0x09...0x0D: c.blanks |= bit
            case 0x80...: c.nonASCII |= bit
            default: break
            }
        }
        return c
    }
}

#if arch(x86_64)
enum Vector16 {
    /// A mask of the sixteen bytes at `p` (bit k for byte k) that `SentenceSplitter` must look at:
    /// non-ASCII bytes and ". ! ? \n \r", and with them the other control bytes below 0x0E (tab,
    /// vertical tab, form feed, ...), which it steps over as it would have without looking. (One
    /// signed compare finds the bytes below 0x0E and those of 0x80 and above, which are negative:
    /// four compares in all, not six.)
    @inline(__always)
    static func sentenceBytes(_ p: UnsafeRawPointer) -> UInt32 {
        let v = _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
        var m = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x0E)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x2E)))
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x21)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x3F))))
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(m))
    }
}
#endif

/// Which of sixty-four bytes are ASCII letters, lower-case ASCII letters and spaces (0x20), as
/// bit masks (bit k for byte k): what `Finder.chunkWords` needs to find the words, punctuation
/// and spaces of a stretch of text at once.
struct WordChunk: Equatable {
    /// A-Z and a-z
    var letters: UInt64
    /// a-z
    var lower: UInt64
    /// 0x20 (other blanks are not counted here)
    var spaces: UInt64

    /// The masks of the sixty-four bytes at `p` (all must be readable).
    @inline(__always)
    static func of(_ p: UnsafeRawPointer) -> WordChunk {
        #if arch(x86_64)
        @inline(__always) func quarter(_ q: UnsafeRawPointer) -> (UInt64, UInt64, UInt64) {
            let v = _mm_loadu_si128(q.assumingMemoryBound(to: __m128i.self))
            // A byte within 0x61...0x7A, moved up by 0x1F (mod 256), lands in 0x80...0x99: the
            // smallest signed values, below -102; every other byte lands elsewhere. (v | 0x20
            // folds A-Z onto a-z and no other byte onto them.)
            let bias = _mm_set1_epi8(0x1F), bound = _mm_set1_epi8(-102)
            let letters = _mm_cmpgt_epi8(bound, _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), bias))
            let lower = _mm_cmpgt_epi8(bound, _mm_add_epi8(v, bias))
            let spaces = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x20))
            return (UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(letters))),
                    UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(lower))),
                    UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(spaces))))
        }
        let a = quarter(p), b = quarter(p + 16), c = quarter(p + 32), d = quarter(p + 48)
        return WordChunk(letters: a.0 | b.0 << 16 | c.0 << 32 | d.0 << 48,
                         lower: a.1 | b.1 << 16 | c.1 << 32 | d.1 << 48,
                         spaces: a.2 | b.2 << 16 | c.2 << 32 | d.2 << 48)
        #else
        return scalar(p)
        #endif
    }

    /// The same, one byte at a time (the reference the vector path is tested against).
    static func scalar(_ p: UnsafeRawPointer) -> WordChunk {
        var c = WordChunk(letters: 0, lower: 0, spaces: 0)
        for k in 0..<64 {
            let b = p.load(fromByteOffset: k, as: UInt8.self), bit = UInt64(1) << UInt64(k)
            if b.isASCIILetter { c.letters |= bit }
            if b.isASCIILower { c.lower |= bit }
            if b == 0x20 { c.spaces |= bit }
        }
        return c
    }
}
