// Locality-sensitive hashing by banding: a signature of b·r values is cut into b bands of r
// rows; two sets become candidates when all r rows of at least one band agree. For two sets of
// Jaccard similarity s that happens with probability
//
//     P(s) = 1 − (1 − s^r)^b
//
// an S-curve whose steep part sits near (1/b)^(1/r). Candidates are then checked (exactly, or
// by the signature estimate) against the match threshold, so the curve decides recall and cost,
// never what is reported.

public struct LSHBands: Sendable, Equatable {
    public let bands: Int
    public let rows: Int

    public init(bands: Int = 32, rows: Int = 4) {
        precondition(bands > 0 && rows > 0)
        self.bands = bands
        self.rows = rows
    }

    public var signatureLength: Int { bands * rows }

    /// One key per band: a 64-bit hash of the band's index and its r values. Keys of different
    /// bands never need to be told apart by position; the index is mixed in.
    public func keys(_ signature: [UInt32]) -> [UInt64] {
        precondition(signature.count >= signatureLength)
        var out = [UInt64](repeating: 0, count: bands)
        signature.withUnsafeBufferPointer { s in
            for band in 0..<bands {
                var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15 ^ 0xD6E8_FEB8_6659_FD93
                for row in 0..<rows {
                    h = (h ^ UInt64(s[band * rows + row])) &* 0xBF58_476D_1CE4_E5B9
                    h ^= h >> 31
                }
                out[band] = h
            }
        }
        return out
    }

    /// The probability that two sets of Jaccard similarity `s` become candidates.
    public func candidateProbability(_ s: Double) -> Double {
        var sr = 1.0
        for _ in 0..<rows { sr *= s }
        var miss = 1.0
        for _ in 0..<bands { miss *= 1 - sr }
        return 1 - miss
    }

    /// Where the S-curve is steepest, roughly: (1/b)^(1/r), found by bisection on s^r = 1/b.
    public var threshold: Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            var p = 1.0
            for _ in 0..<rows { p *= mid }
            if p < 1 / Double(bands) { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}

/// An in-memory LSH index for one request's items (a batch, a document's passages).
public struct LSHIndex {
    let bands: LSHBands
    private var buckets: [UInt64: [Int]] = [:]

    /// `capacity`: how many items may be inserted (the table is sized for their keys at once).
    public init(bands: LSHBands, capacity: Int = 0) {
        self.bands = bands
        buckets.reserveCapacity(capacity * bands.bands)
    }

    /// Items sharing a band with `keys`, each once, in the order they were inserted.
    public func candidates(_ keys: [UInt64]) -> [Int] {
        var seen = Set<Int>()
        for k in keys {
            guard let items = buckets[k] else { continue }
            seen.formUnion(items)
        }
        return seen.sorted()
    }

    public mutating func insert(_ item: Int, keys: [UInt64]) {
        for k in keys { buckets[k, default: []].append(item) }
    }
}
