// Sketches of texts, and near-duplicate clustering of the texts of one request.

/// The plugin's parameters. Those that shape signatures (shingles, permutations, bands, seed)
/// are fixed for a database: a collection's signatures are only comparable with signatures
/// made the same way.
public struct DedupParameters: Sendable, Equatable {
    /// Words per shingle, for documents and paragraphs.
    public var shingleWords = 3
    /// Characters per shingle, for headlines.
    public var headlineCharacters = 5
    /// MinHash permutations: the signature's length. Must equal bands × rows.
    public var permutations = 128
    public var bands = 32
    public var rows = 4
    public var seed: UInt64 = 1
    /// Texts are near-duplicates when their Jaccard similarity is at least this.
    public var threshold = 0.7

    public init() {}

    public static let standard = DedupParameters()
}

/// A text ready for comparison: its shingle set, MinHash signature and LSH band keys.
public struct Sketch: Sendable, Equatable {
    /// Sorted, without repeats.
    public var shingles: [UInt32]
    public var signature: [UInt32]
    public var bandKeys: [UInt64]
}

/// Makes sketches with one set of parameters.
public struct Sketcher: Sendable {
    public let parameters: DedupParameters
    public let minHash: MinHasher
    public let bands: LSHBands

    public init(_ parameters: DedupParameters = .standard) {
        precondition(parameters.bands * parameters.rows == parameters.permutations, "permutations must be bands × rows")
        self.parameters = parameters
        minHash = MinHasher(permutations: parameters.permutations, seed: parameters.seed)
        bands = LSHBands(bands: parameters.bands, rows: parameters.rows)
    }

    /// A document's or paragraph's sketch, by word shingles; nil when it has no words.
    public func words(_ text: String) -> Sketch? { words(Normalizer.normalize(text).words) }
    public func words(_ text: Substring) -> Sketch? { words(Normalizer.normalize(text).words) }

    public func words(_ words: [UInt64]) -> Sketch? {
        if words.isEmpty { return nil }
        return sketch(Shingles.words(words, k: parameters.shingleWords))
    }

    /// A headline's sketch, by character shingles of its normalised text; nil when it has no words.
    public func characters(_ text: Substring) -> Sketch? {
        let n = Normalizer.normalize(text, keepScalars: true)
        if n.words.isEmpty { return nil }
        return sketch(Shingles.characters(n.scalars, n: parameters.headlineCharacters))
    }

    /// The signature alone, for a collection (which keeps no shingle sets): nil when no words.
    public func signature(_ text: String) -> [UInt32]? {
        let w = Normalizer.normalize(text).words
        if w.isEmpty { return nil }
        return minHash.signature(Shingles.words(w, k: parameters.shingleWords))
    }

    func sketch(_ shingles: [UInt32]) -> Sketch {
        let set = Shingles.set(shingles)
        let sig = minHash.signature(set)
        return Sketch(shingles: set, signature: sig, bandKeys: bands.keys(sig))
    }
}

public enum NearDuplicates {
    public struct Member: Sendable, Equatable {
        /// The item's position in the input.
        public var index: Int
        /// Its Jaccard similarity to the cluster's first member (1 for the first member itself).
        public var similarity: Double
        public init(index: Int, similarity: Double) { self.index = index; self.similarity = similarity }
    }

    /// Groups items into clusters of near-duplicates, by leader clustering in input order: each
    /// item joins the most similar earlier cluster whose first member (its leader) it matches with
    /// exact Jaccard similarity ≥ `threshold`, or else starts a cluster of its own. Leaders are
    /// found through an LSH index of the leaders' band keys, so the work is about linear in the
    /// number of items. Every member is within the threshold of its cluster's first member, and
    /// the similarity reported is exact (both shingle sets are at hand).
    ///
    /// Returns the clusters of two or more members, ordered by their first member; members in
    /// input order. Items without a sketch (no words) are in no cluster.
    public static func cluster(_ items: [Sketch?], bands: LSHBands, threshold: Double) -> [[Member]] {
        var index = LSHIndex(bands: bands, capacity: items.count)
        var clusterOf: [Int: Int] = [:]        // leader item -> cluster number
        var clusters: [[Member]] = []
        for (i, item) in items.enumerated() {
            guard let item else { continue }
            var best: (leader: Int, similarity: Double)? = nil
            for leader in index.candidates(item.bandKeys) {
                guard let other = items[leader] else { continue }
                let j = Shingles.jaccard(item.shingles, other.shingles)
                if j >= threshold && j > (best?.similarity ?? -1) { best = (leader, j) }
            }
            if let best, let c = clusterOf[best.leader] {
                clusters[c].append(Member(index: i, similarity: best.similarity))
            } else {
                clusterOf[i] = clusters.count
                clusters.append([Member(index: i, similarity: 1)])
                index.insert(i, keys: item.bandKeys)
            }
        }
        return clusters.filter { $0.count > 1 }
    }
}
