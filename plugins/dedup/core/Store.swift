// Where collections live: a small storage interface. The algorithm (Collections.swift) computes
// signatures and LSH band keys; a store keeps, per named collection, each document's id,
// signature and band keys, and answers "which documents share one of these band keys". So the
// LSH index belongs to the store: SQLiteStore keeps documents in an embedded database and its
// buckets in memory, and a store over a shared engine (Redis: a set per band key, a hash per
// document) implements the same few methods without touching the algorithm.

/// A document as a store keeps it.
public struct StoredDocument: Sendable, Equatable {
    public var id: String
    public var signature: [UInt32]
    /// One key per LSH band (LSHBands.keys).
    public var bandKeys: [UInt64]
    public init(id: String, signature: [UInt32], bandKeys: [UInt64]) {
        self.id = id; self.signature = signature; self.bandKeys = bandKeys
    }
}

/// A stored document that shares a band key with a query.
public struct Candidate: Sendable, Equatable {
    public var id: String
    public var signature: [UInt32]
    public init(id: String, signature: [UInt32]) { self.id = id; self.signature = signature }
}

public struct CollectionInfo: Sendable, Equatable {
    public var name: String
    public var documents: Int
    /// Milliseconds since the Unix epoch.
    public var createdUnixMs: Int64
    public var updatedUnixMs: Int64
    public init(name: String, documents: Int, createdUnixMs: Int64, updatedUnixMs: Int64) {
        self.name = name; self.documents = documents; self.createdUnixMs = createdUnixMs; self.updatedUnixMs = updatedUnixMs
    }
}

public struct AddOutcome: Sendable, Equatable {
    /// Documents new to the collection.
    public var added: Int
    /// Documents whose id was already there: their signature was replaced.
    public var replaced: Int
    public init(added: Int, replaced: Int) { self.added = added; self.replaced = replaced }
}

public enum StoreError: Error, Sendable, Equatable {
    /// The named collection does not exist.
    case noSuchCollection(String)
    /// The store failed (I/O, a full disk, a corrupt file): the message says how.
    case failed(String)
}

/// A persistent home for collections. Every method may be called from many threads at once.
public protocol DedupStore: Sendable {
    /// Adds (or replaces, by id) documents, creating the collection if needed. All or nothing:
    /// when this returns, every document is stored durably; when it throws, none is.
    func add(_ documents: [StoredDocument], to collection: String, nowUnixMs: Int64) throws(StoreError) -> AddOutcome
    /// Removes documents by id; returns how many there were. Throws noSuchCollection.
    func remove(_ ids: [String], from collection: String, nowUnixMs: Int64) throws(StoreError) -> Int
    /// The documents of `collection` that share at least one band key with `bandKeys`, each once.
    /// Throws noSuchCollection.
    func candidates(in collection: String, bandKeys: [UInt64]) throws(StoreError) -> [Candidate]
    /// The collection's description, or nil when there is none of that name.
    func collection(_ name: String) throws(StoreError) -> CollectionInfo?
    /// Every collection, by name.
    func collections() throws(StoreError) -> [CollectionInfo]
    /// Deletes a collection and its documents; false when there was none of that name.
    func drop(_ collection: String) throws(StoreError) -> Bool
}
