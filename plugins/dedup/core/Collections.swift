// Named, persistent collections over any DedupStore: add documents, find the near-duplicates
// of a new one, remove, describe. Input is checked here, so that every store sees only valid
// names, ids and signatures.
#if canImport(Glibc)
import Glibc
#endif

/// A failure with the gRPC status it maps to.
public struct DedupError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable { case invalidArgument, notFound, internalError }
    public var code: Code
    public var message: String
    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }
    public var description: String { message }
}

public final class Collections: Sendable {
    public struct Match: Sendable, Equatable {
        public var id: String
        /// The MinHash estimate of the Jaccard similarity (a collection keeps signatures, not shingle sets).
        public var similarity: Double
        public init(id: String, similarity: Double) { self.id = id; self.similarity = similarity }
    }

    public let store: any DedupStore
    public let sketcher: Sketcher
    let clock: @Sendable () -> Int64

    public static let defaultLimit = 100
    public static let maximumIDBytes = 256
    /// Below this, LSH finds too few of the pairs (the S-curve), so a query may not ask for less.
    public static let lowestMinimumSimilarity = 0.5

    public init(store: any DedupStore, sketcher: Sketcher, clock: @escaping @Sendable () -> Int64 = Collections.unixMillis) {
        self.store = store
        self.sketcher = sketcher
        self.clock = clock
    }

    /// Adds documents (replacing any of the same id), creating the collection on first use.
    /// Durable when it returns.
    public func add(_ documents: [(id: String, text: String)], to collection: String) throws(DedupError) -> AddOutcome {
        try Collections.check(name: collection)
        guard !documents.isEmpty else { throw DedupError(.invalidArgument, "no documents to add") }
        var seen = Set<String>()
        var stored: [StoredDocument] = []
        stored.reserveCapacity(documents.count)
        for d in documents {
            try Collections.check(id: d.id)
            guard seen.insert(d.id).inserted else { throw DedupError(.invalidArgument, "document id \"\(d.id)\" is given twice") }
            guard let sig = sketcher.signature(d.text) else { throw DedupError(.invalidArgument, "document \"\(d.id)\" has no words") }
            stored.append(StoredDocument(id: d.id, signature: sig, bandKeys: sketcher.bands.keys(sig)))
        }
        do { return try store.add(stored, to: collection, nowUnixMs: clock()) } catch { throw Collections.map(error) }
    }

    /// The documents of `collection` whose estimated similarity to `text` is at least
    /// `minSimilarity` (nil: the threshold), most similar first (ties by id), at most `limit` (nil: 100).
    public func query(_ text: String, in collection: String, minSimilarity: Double? = nil, limit: Int? = nil) throws(DedupError) -> [Match] {
        try Collections.check(name: collection)
        let minimum = minSimilarity ?? sketcher.parameters.threshold
        guard minimum >= Collections.lowestMinimumSimilarity && minimum <= 1 else {
            throw DedupError(.invalidArgument, "min_similarity \(minimum) is out of range: use 0 for the default (\(sketcher.parameters.threshold)) or a value from 0.5 to 1")
        }
        let limit = limit ?? Collections.defaultLimit
        guard limit > 0 else { throw DedupError(.invalidArgument, "limit must be positive") }
        guard let sig = sketcher.signature(text) else { throw DedupError(.invalidArgument, "the query document has no words") }
        let candidates: [Candidate]
        do { candidates = try store.candidates(in: collection, bandKeys: sketcher.bands.keys(sig)) } catch { throw Collections.map(error) }
        var matches: [Match] = []
        for c in candidates where c.signature.count == sig.count {
            let s = MinHasher.similarity(sig, c.signature)
            if s >= minimum { matches.append(Match(id: c.id, similarity: s)) }
        }
        matches.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
        return Array(matches.prefix(limit))
    }

    /// Removes documents by id; returns how many were there.
    public func remove(_ ids: [String], from collection: String) throws(DedupError) -> Int {
        try Collections.check(name: collection)
        guard !ids.isEmpty else { throw DedupError(.invalidArgument, "no document ids to remove") }
        for id in ids { try Collections.check(id: id) }
        do { return try store.remove(Array(Set(ids)), from: collection, nowUnixMs: clock()) } catch { throw Collections.map(error) }
    }

    /// One collection (`name`), or all of them (nil).
    public func stats(_ name: String?) throws(DedupError) -> [CollectionInfo] {
        do {
            guard let name else { return try store.collections() }
            try Collections.check(name: name)
            guard let info = try store.collection(name) else { throw StoreError.noSuchCollection(name) }
            return [info]
        } catch let e as DedupError {
            throw e
        } catch let e as StoreError {
            throw Collections.map(e)
        } catch {
            throw DedupError(.internalError, "\(error)")
        }
    }

    /// Deletes a collection and everything in it.
    public func drop(_ name: String) throws(DedupError) {
        try Collections.check(name: name)
        let existed: Bool
        do { existed = try store.drop(name) } catch { throw Collections.map(error) }
        if !existed { throw Collections.map(.noSuchCollection(name)) }
    }

    // MARK: Checks

    /// 1 to 64 ASCII letters, digits, ".", "_" or "-", beginning with a letter or digit.
    public static func check(name: String) throws(DedupError) {
        let u = Array(name.utf8)
        func ok(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) }
        guard !u.isEmpty, u.count <= 64, ok(u[0]), u.allSatisfy({ ok($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }) else {
            throw DedupError(.invalidArgument, name.isEmpty ? "a collection name is required"
                : "invalid collection name \"\(name)\": use 1 to 64 letters, digits, '.', '_' or '-', beginning with a letter or digit")
        }
    }

    /// Not empty, at most 256 bytes of UTF-8.
    public static func check(id: String) throws(DedupError) {
        guard !id.isEmpty else { throw DedupError(.invalidArgument, "a document id is required") }
        guard id.utf8.count <= maximumIDBytes else { throw DedupError(.invalidArgument, "document id of \(id.utf8.count) bytes is over the limit of \(maximumIDBytes)") }
    }

    static func map(_ e: StoreError) -> DedupError {
        switch e {
        case .noSuchCollection(let name): DedupError(.notFound, "no collection named \"\(name)\"")
        case .failed(let message): DedupError(.internalError, "storage failed: \(message)")
        }
    }

    public static let unixMillis: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
