// MinHash signatures: a fixed-size sketch of a shingle set whose agreement with another
// signature estimates the Jaccard similarity of the two sets.
//
// The permutations are datasketch's "affine32" scheme (its default since 2.0.0), so that a
// signature here equals datasketch's for the same 32-bit shingle hashes and the same (a, b):
// each shingle hash h is mixed once with MurmurHash3's 32-bit finaliser, then permutation k
// maps it to a[k]·h + b[k] mod 2^32, with a[k] odd (a bijection of the 32-bit values). The
// signature's k-th value is the minimum over the set. The (a, b) pairs come from SplitMix64
// seeded with `seed`.
import DedupKernel
import NewswireText
//
// The estimate of J(A, B) is the fraction of positions where the signatures agree; with m
// permutations its standard error is sqrt(J(1 − J)/m): 0.035 at J = 0.8 with 128.

public struct MinHasher: Sendable, Equatable {
    public let permutations: Int
    public let seed: UInt64
    /// The multipliers (odd) and offsets of the permutations.
    public let a: [UInt32]
    public let b: [UInt32]

    public init(permutations: Int = 128, seed: UInt64 = 1) {
        precondition(permutations > 0)
        self.permutations = permutations
        self.seed = seed
        var g = SplitMix64(seed: seed)
        var a: [UInt32] = [], b: [UInt32] = []
        for _ in 0..<permutations {
            a.append(UInt32(truncatingIfNeeded: g.next()) | 1)
            b.append(UInt32(truncatingIfNeeded: g.next()))
        }
        self.a = a
        self.b = b
    }

    /// The signature of a set given by its shingle hashes (repeats are harmless). An empty set
    /// gives all 0xFFFFFFFF.
    public func signature(_ shingles: [UInt32]) -> [UInt32] {
        var sig = [UInt32](repeating: .max, count: permutations)
        shingles.withUnsafeBufferPointer { s in
            sig.withUnsafeMutableBufferPointer { out in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        MinHasher.update(out, a, b, s)
                    }
                }
            }
        }
        return sig
    }

    /// The inner loop is DedupKernel's `dedup_minhash_update` (C, compiled for AVX2, SSE4.1 and
    /// baseline x86-64, chosen at load time).
    @inline(__always)
    static func update(_ sig: UnsafeMutableBufferPointer<UInt32>, _ a: UnsafeBufferPointer<UInt32>,
                       _ b: UnsafeBufferPointer<UInt32>, _ shingles: UnsafeBufferPointer<UInt32>) {
        guard let sp = sig.baseAddress, let ap = a.baseAddress, let bp = b.baseAddress, let xp = shingles.baseAddress else { return }
        dedup_minhash_update(sp, ap, bp, sig.count, xp, shingles.count)
    }

    /// The estimated Jaccard similarity: the fraction of agreeing positions.
    public static func similarity(_ x: [UInt32], _ y: [UInt32]) -> Double {
        precondition(x.count == y.count && !x.isEmpty)
        var same = 0
        x.withUnsafeBufferPointer { p in
            y.withUnsafeBufferPointer { q in
                for i in 0..<p.count where p[i] == q[i] { same += 1 }
            }
        }
        return Double(same) / Double(x.count)
    }

    /// MurmurHash3's 32-bit finaliser (a bijection).
    @inline(__always)
    public static func fmix32(_ x: UInt32) -> UInt32 {
        var h = x
        h ^= h >> 16; h &*= 0x85EB_CA6B
        h ^= h >> 13; h &*= 0xC2B2_AE35
        return h ^ (h >> 16)
    }
}

