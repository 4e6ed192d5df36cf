// The run of ASCII letters a token starts with, sixteen bytes at a time (SSE2 on x86-64, through
// clang's intrinsics module; eight-byte SWAR words elsewhere). The tokenizer's main loop asks this
// of almost every token: with SSE2 the answer is a handful of vector instructions whose constants
// stay in vector registers, where the SWAR test needs 64-bit constants that the loop, short of
// general registers, has to rebuild for every token.
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

enum LetterRun {
    /// The number of ASCII letters (A-Z, a-z) the sixteen bytes at `p` (all readable) start with:
    /// 0...16 (16: sixteen or more).
    @inline(__always)
    static func length(_ p: UnsafePointer<UInt8>) -> Int {
        #if arch(x86_64)
        let v = _mm_loadu_si128(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self))
        // (b | 0x20) is a lower-case letter exactly when b is a letter. Signed compares: bytes of
        // 0x80 and above are negative, never inside the range.
        let folded = _mm_or_si128(v, _mm_set1_epi8(0x20))
        let letters = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8(0x60)),
                                    _mm_cmpgt_epi8(_mm_set1_epi8(0x7B), folded))
        let mask = UInt32(truncatingIfNeeded: _mm_movemask_epi8(letters))
        return (~mask).trailingZeroBitCount
        #else
        return swar(p)
        #endif
    }

    /// The same, eight bytes at a time (the reference the vector path is tested against).
    @inline(__always)
    static func swar(_ p: UnsafePointer<UInt8>) -> Int {
        let raw = UnsafeRawPointer(p)
        let end0 = SWAR.nonLetters(UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)))
        if end0 != 0 { return end0.trailingZeroBitCount &>> 3 }
        let end1 = SWAR.nonLetters(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        return end1 != 0 ? 8 &+ end1.trailingZeroBitCount &>> 3 : 16
    }
}
