// Shingles: the overlapping pieces a text is compared by, each as a 32-bit hash.
//
// - Word shingles (documents and paragraphs): every run of k consecutive normalised words.
//   A text of fewer than k words (but at least one) is one shingle of all its words.
// - Character shingles (headlines): every run of n consecutive scalars of the normalised text
//   (words joined by single spaces). Short lines have too few words for word shingles, and
//   character shingles also see through words glued together ("HomeWorldAsiaRussia-North").
//
// The Jaccard similarity of two texts is that of their shingle sets: |A ∩ B| / |A ∪ B|.

public enum Shingles {
    /// The word k-shingles of `words` (with repeats, in order).
    public static func words(_ words: [UInt64], k: Int) -> [UInt32] {
        precondition(k >= 1)
        if words.isEmpty { return [] }
        if words.count < k { return [combine(words[...])] }
        var out = [UInt32](repeating: 0, count: words.count - k + 1)
        words.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<o.count { o[i] = combine(w[i..<i + k]) }
            }
        }
        return out
    }

    /// The character n-shingles of `scalars` (with repeats, in order); one shingle of everything
    /// when shorter than n.
    public static func characters(_ scalars: [UInt32], n: Int) -> [UInt32] {
        precondition(n >= 1)
        if scalars.isEmpty { return [] }
        let width = min(n, scalars.count)
        var out = [UInt32](repeating: 0, count: scalars.count - width + 1)
        scalars.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<o.count {
                    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
                    for j in i..<i + width { h = (h ^ UInt64(s[j])) &* 0xBF58_476D_1CE4_E5B9 }
                    o[i] = fold(h)
                }
            }
        }
        return out
    }

    /// Sorted, without repeats: the shingle set.
    public static func set(_ shingles: [UInt32]) -> [UInt32] {
        if shingles.count < 2 { return shingles }
        var s = shingles
        s.sort()
        var w = 1
        s.withUnsafeMutableBufferPointer { p in
            for r in 1..<p.count where p[r] != p[w - 1] { p[w] = p[r]; w += 1 }
        }
        s.removeLast(s.count - w)
        return s
    }

    /// The Jaccard similarity of two shingle sets (sorted, without repeats). Two empty sets: 0.
    public static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        var i = 0, j = 0, common = 0
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                while i < x.count && j < y.count {
                    if x[i] == y[j] { common += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
                }
            }
        }
        return Double(common) / Double(a.count + b.count - common)
    }

    /// An order-sensitive hash of a few words, folded to 32 bits.
    @inline(__always)
    static func combine<C: Collection>(_ words: C) -> UInt32 where C.Element == UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for w in words { h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9; h ^= h >> 29 }
        return fold(h)
    }

    /// MurmurHash3's 64-bit finaliser, then the high and low halves xored.
    @inline(__always)
    static func fold(_ x: UInt64) -> UInt32 {
        var h = x
        h ^= h >> 33; h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}
