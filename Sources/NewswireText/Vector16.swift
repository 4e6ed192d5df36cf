// Sixteen bytes at a time with SSE2 (which every x86-64 processor has), through clang's intrinsics
// module. Other architectures do without: the callers keep their eight-byte SWAR paths for them.
#if arch(x86_64)
import _Builtin_intrinsics.intel

enum Vector16 {
    /// A mask of the sixteen bytes at `p` (bit k for byte k) that `SentenceSplitter` must look at:
    /// non-ASCII bytes and ". ! ? \n \r". Every other byte it would step over one by one.
    @inline(__always)
    static func sentenceBytes(_ p: UnsafeRawPointer) -> UInt32 {
        let v = _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
        var m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x2E)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x21)))
        m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x3F)))
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0A)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0D))))
        // The byte mask takes each byte's top bit: set for the matches (0xFF) and for non-ASCII bytes.
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_or_si128(m, v)))
    }
}
#endif
