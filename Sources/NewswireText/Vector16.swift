// Sixteen bytes at a time with SSE2 (which every x86-64 processor has), through clang's intrinsics
// module. Other architectures do without: the callers keep their eight-byte SWAR paths for them,
// and `ByteClasses.of` computes the same masks one byte at a time.
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
