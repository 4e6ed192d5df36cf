// newswire.analysis.v1's duplicates messages and newswire.dedup.v1: near-duplicate passages,
// clusters and collections.
import CProtobufC
import NewswireMessages

// MARK: newswire.analysis.v1 (duplicates.proto)

public enum DuplicateKind: UInt32, Sendable { case unspecified = 0, paragraph = 1, headline = 2 }

/// Passages of one document that are near-duplicates of each other.
public struct DuplicatePassages: Sendable, Equatable {
    public var kind: DuplicateKind
    /// The first occurrence, then its repeats. The title, when it is not in the text, is [0, 0).
    public var spans: [Span]
    public var similarity: Double
    public init(kind: DuplicateKind, spans: [Span], similarity: Double) { self.kind = kind; self.spans = spans; self.similarity = similarity }
}

public struct DuplicatesResult: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.DuplicatesResult"
    public var passages: [DuplicatePassages]
    public init(passages: [DuplicatePassages] = []) { self.passages = passages }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__duplicates_result__unpack, newswire__analysis__v1__duplicates_result__free_unpacked, readDuplicates)
    }
    public func protobuf() -> [UInt8] { let a = Arena(); return pack(a.duplicates(self)) }
}

public struct ClusterMember: Sendable, Equatable {
    /// The document's index in the batch.
    public var document: UInt32
    public var documentID: String
    public var similarity: Double
    public init(document: UInt32, documentID: String, similarity: Double) { self.document = document; self.documentID = documentID; self.similarity = similarity }
}

public struct DuplicateCluster: Sendable, Equatable {
    public var members: [ClusterMember]
    public init(members: [ClusterMember]) { self.members = members }
}

// MARK: newswire.dedup.v1

public struct DedupClusterRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.ClusterRequest"
    public var documents: [Document]
    public var minSimilarity: Double
    public var passages: Bool
    public init(documents: [Document], minSimilarity: Double = 0, passages: Bool = false) {
        self.documents = documents; self.minSimilarity = minSimilarity; self.passages = passages
    }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__cluster_request__unpack, newswire__dedup__v1__cluster_request__free_unpacked) { p in
            DedupClusterRequest(documents: array(p.pointee.documents, p.pointee.n_documents, readDocument),
                                minSimilarity: p.pointee.min_similarity, passages: p.pointee.passages != 0)
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__ClusterRequest> = a.message(newswire__dedup__v1__cluster_request__init)
        let docs = documents.map { a.document($0) }
        m.pointee.n_documents = docs.count
        m.pointee.documents = a.pointers(docs)
        m.pointee.min_similarity = minSimilarity
        m.pointee.passages = passages ? 1 : 0
        return pack(m)
    }
}

public struct DedupClusterResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.ClusterResponse"
    public var clusters: [DuplicateCluster]
    public var passages: [DuplicatesResult]
    public init(clusters: [DuplicateCluster], passages: [DuplicatesResult] = []) { self.clusters = clusters; self.passages = passages }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__cluster_response__unpack, newswire__dedup__v1__cluster_response__free_unpacked) { p in
            DedupClusterResponse(clusters: array(p.pointee.clusters, p.pointee.n_clusters, readCluster),
                                 passages: array(p.pointee.passages, p.pointee.n_passages, readDuplicates))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__ClusterResponse> = a.message(newswire__dedup__v1__cluster_response__init)
        (m.pointee.n_clusters, m.pointee.clusters) = a.clusters(clusters)
        let passages = passages.map { a.duplicates($0) }
        m.pointee.n_passages = passages.count
        m.pointee.passages = a.pointers(passages)
        return pack(m)
    }
}

public struct DedupAddRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.AddRequest"
    public var collection: String
    public var documents: [Document]
    public init(collection: String, documents: [Document]) { self.collection = collection; self.documents = documents }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__add_request__unpack, newswire__dedup__v1__add_request__free_unpacked) { p in
            DedupAddRequest(collection: string(p.pointee.collection), documents: array(p.pointee.documents, p.pointee.n_documents, readDocument))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__AddRequest> = a.message(newswire__dedup__v1__add_request__init)
        m.pointee.collection = a.string(collection)
        let docs = documents.map { a.document($0) }
        m.pointee.n_documents = docs.count
        m.pointee.documents = a.pointers(docs)
        return pack(m)
    }
}

public struct DedupAddResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.AddResponse"
    public var added: UInt32
    public var replaced: UInt32
    public init(added: UInt32, replaced: UInt32) { self.added = added; self.replaced = replaced }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__add_response__unpack, newswire__dedup__v1__add_response__free_unpacked) { p in
            DedupAddResponse(added: p.pointee.added, replaced: p.pointee.replaced)
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__AddResponse> = a.message(newswire__dedup__v1__add_response__init)
        m.pointee.added = added
        m.pointee.replaced = replaced
        return pack(m)
    }
}

public struct DedupQueryRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.QueryRequest"
    public var collection: String
    public var document: Document
    public var minSimilarity: Double
    public var limit: UInt32
    public init(collection: String, document: Document, minSimilarity: Double = 0, limit: UInt32 = 0) {
        self.collection = collection; self.document = document; self.minSimilarity = minSimilarity; self.limit = limit
    }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__query_request__unpack, newswire__dedup__v1__query_request__free_unpacked) { p in
            DedupQueryRequest(collection: string(p.pointee.collection), document: p.pointee.document.map(readDocument) ?? Document(text: ""),
                              minSimilarity: p.pointee.min_similarity, limit: p.pointee.limit)
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__QueryRequest> = a.message(newswire__dedup__v1__query_request__init)
        m.pointee.collection = a.string(collection)
        m.pointee.document = a.document(document)
        m.pointee.min_similarity = minSimilarity
        m.pointee.limit = limit
        return pack(m)
    }
}

public struct DedupMatch: Sendable, Equatable {
    public var documentID: String
    public var similarity: Double
    public init(documentID: String, similarity: Double) { self.documentID = documentID; self.similarity = similarity }
}

public struct DedupQueryResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.QueryResponse"
    public var matches: [DedupMatch]
    public init(matches: [DedupMatch]) { self.matches = matches }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__query_response__unpack, newswire__dedup__v1__query_response__free_unpacked) { p in
            DedupQueryResponse(matches: array(p.pointee.matches, p.pointee.n_matches) {
                DedupMatch(documentID: string($0.pointee.document_id), similarity: $0.pointee.similarity)
            })
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__QueryResponse> = a.message(newswire__dedup__v1__query_response__init)
        let items = matches.map { x in
            let q: UnsafeMutablePointer<Newswire__Dedup__V1__Match> = a.message(newswire__dedup__v1__match__init)
            q.pointee.document_id = a.string(x.documentID)
            q.pointee.similarity = x.similarity
            return q
        }
        m.pointee.n_matches = items.count
        m.pointee.matches = a.pointers(items)
        return pack(m)
    }
}

public struct DedupRemoveRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.RemoveRequest"
    public var collection: String
    public var documentIDs: [String]
    public init(collection: String, documentIDs: [String]) { self.collection = collection; self.documentIDs = documentIDs }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__remove_request__unpack, newswire__dedup__v1__remove_request__free_unpacked) { p in
            DedupRemoveRequest(collection: string(p.pointee.collection), documentIDs: strings(p.pointee.document_ids, p.pointee.n_document_ids))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__RemoveRequest> = a.message(newswire__dedup__v1__remove_request__init)
        m.pointee.collection = a.string(collection)
        (m.pointee.n_document_ids, m.pointee.document_ids) = a.strings(documentIDs)
        return pack(m)
    }
}

public struct DedupRemoveResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.RemoveResponse"
    public var removed: UInt32
    public init(removed: UInt32) { self.removed = removed }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__remove_response__unpack, newswire__dedup__v1__remove_response__free_unpacked) { p in
            DedupRemoveResponse(removed: p.pointee.removed)
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__RemoveResponse> = a.message(newswire__dedup__v1__remove_response__init)
        m.pointee.removed = removed
        return pack(m)
    }
}

public struct DedupStatsRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.StatsRequest"
    /// Empty: every collection.
    public var collection: String
    public init(collection: String = "") { self.collection = collection }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__stats_request__unpack, newswire__dedup__v1__stats_request__free_unpacked) { p in
            DedupStatsRequest(collection: string(p.pointee.collection))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__StatsRequest> = a.message(newswire__dedup__v1__stats_request__init)
        m.pointee.collection = a.string(collection)
        return pack(m)
    }
}

public struct CollectionStats: Sendable, Equatable {
    public var name: String
    public var documents: UInt64
    public var createdUnixMs: Int64
    public var updatedUnixMs: Int64
    public init(name: String, documents: UInt64, createdUnixMs: Int64, updatedUnixMs: Int64) {
        self.name = name; self.documents = documents; self.createdUnixMs = createdUnixMs; self.updatedUnixMs = updatedUnixMs
    }
}

public struct DedupStatsResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.StatsResponse"

    /// How signatures are made (newswire.dedup.v1.DedupParameters).
    public struct Parameters: Sendable, Equatable {
        public var shingleWords: UInt32, headlineCharacters: UInt32, permutations: UInt32, bands: UInt32, rows: UInt32
        public var threshold: Double
        public init(shingleWords: UInt32, headlineCharacters: UInt32, permutations: UInt32, bands: UInt32, rows: UInt32, threshold: Double) {
            self.shingleWords = shingleWords; self.headlineCharacters = headlineCharacters; self.permutations = permutations
            self.bands = bands; self.rows = rows; self.threshold = threshold
        }
    }

    public var collections: [CollectionStats]
    public var parameters: Parameters?
    public var databaseBytes: UInt64
    public init(collections: [CollectionStats], parameters: Parameters?, databaseBytes: UInt64) {
        self.collections = collections; self.parameters = parameters; self.databaseBytes = databaseBytes
    }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__stats_response__unpack, newswire__dedup__v1__stats_response__free_unpacked) { p in
            DedupStatsResponse(
                collections: array(p.pointee.collections, p.pointee.n_collections, readCollectionStats),
                parameters: p.pointee.parameters.map { q in
                    let v = q.pointee
                    return Parameters(shingleWords: v.shingle_words, headlineCharacters: v.headline_characters, permutations: v.permutations,
                                      bands: v.bands, rows: v.rows, threshold: v.threshold)
                },
                databaseBytes: p.pointee.database_bytes)
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__StatsResponse> = a.message(newswire__dedup__v1__stats_response__init)
        (m.pointee.n_collections, m.pointee.collections) = a.collectionStats(collections)
        if let p = parameters {
            let q: UnsafeMutablePointer<Newswire__Dedup__V1__DedupParameters> = a.message(newswire__dedup__v1__dedup_parameters__init)
            q.pointee.shingle_words = p.shingleWords; q.pointee.headline_characters = p.headlineCharacters
            q.pointee.permutations = p.permutations; q.pointee.bands = p.bands; q.pointee.rows = p.rows; q.pointee.threshold = p.threshold
            m.pointee.parameters = q
        }
        m.pointee.database_bytes = databaseBytes
        return pack(m)
    }
}

public struct DedupListCollectionsRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.ListCollectionsRequest"
    public init() {}
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__list_collections_request__unpack, newswire__dedup__v1__list_collections_request__free_unpacked) { _ in
            DedupListCollectionsRequest()
        }
    }
    public func protobuf() -> [UInt8] { [] }
}

public struct DedupListCollectionsResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.ListCollectionsResponse"
    public var collections: [CollectionStats]
    public init(collections: [CollectionStats]) { self.collections = collections }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__list_collections_response__unpack, newswire__dedup__v1__list_collections_response__free_unpacked) { p in
            DedupListCollectionsResponse(collections: array(p.pointee.collections, p.pointee.n_collections, readCollectionStats))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__ListCollectionsResponse> = a.message(newswire__dedup__v1__list_collections_response__init)
        (m.pointee.n_collections, m.pointee.collections) = a.collectionStats(collections)
        return pack(m)
    }
}

public struct DedupDropCollectionRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.DropCollectionRequest"
    public var collection: String
    public init(collection: String) { self.collection = collection }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__drop_collection_request__unpack, newswire__dedup__v1__drop_collection_request__free_unpacked) { p in
            DedupDropCollectionRequest(collection: string(p.pointee.collection))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Dedup__V1__DropCollectionRequest> = a.message(newswire__dedup__v1__drop_collection_request__init)
        m.pointee.collection = a.string(collection)
        return pack(m)
    }
}

public struct DedupDropCollectionResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.dedup.v1.DropCollectionResponse"
    public init() {}
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__dedup__v1__drop_collection_response__unpack, newswire__dedup__v1__drop_collection_response__free_unpacked) { _ in
            DedupDropCollectionResponse()
        }
    }
    public func protobuf() -> [UInt8] { [] }
}

// MARK: Readers

func readDuplicates(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__DuplicatesResult>) -> DuplicatesResult {
    DuplicatesResult(passages: array(p.pointee.passages, p.pointee.n_passages) { q in
        DuplicatePassages(kind: DuplicateKind(rawValue: q.pointee.kind.rawValue) ?? .unspecified,
                          spans: array(q.pointee.spans, q.pointee.n_spans, readSpan), similarity: q.pointee.similarity)
    })
}

func readCluster(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__DuplicateCluster>) -> DuplicateCluster {
    DuplicateCluster(members: array(p.pointee.members, p.pointee.n_members) { q in
        ClusterMember(document: q.pointee.document, documentID: string(q.pointee.document_id), similarity: q.pointee.similarity)
    })
}

private func readCollectionStats(_ p: UnsafeMutablePointer<Newswire__Dedup__V1__CollectionStats>) -> CollectionStats {
    CollectionStats(name: string(p.pointee.name), documents: p.pointee.documents,
                    createdUnixMs: p.pointee.created_unix_ms, updatedUnixMs: p.pointee.updated_unix_ms)
}

// MARK: Writers

extension Arena {
    func duplicates(_ r: DuplicatesResult) -> UnsafeMutablePointer<Newswire__Analysis__V1__DuplicatesResult> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__DuplicatesResult> = message(newswire__analysis__v1__duplicates_result__init)
        let items = r.passages.map { d in
            let q: UnsafeMutablePointer<Newswire__Analysis__V1__DuplicatePassages> = message(newswire__analysis__v1__duplicate_passages__init)
            q.pointee.kind = Newswire__Analysis__V1__DuplicateKind(rawValue: d.kind.rawValue)
            let spans = d.spans.map { span($0) }
            q.pointee.n_spans = spans.count
            q.pointee.spans = pointers(spans)
            q.pointee.similarity = d.similarity
            return q
        }
        p.pointee.n_passages = items.count
        p.pointee.passages = pointers(items)
        return p
    }

    func clusters(_ list: [DuplicateCluster]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Newswire__Analysis__V1__DuplicateCluster>?>?) {
        let items = list.map { c in
            let q: UnsafeMutablePointer<Newswire__Analysis__V1__DuplicateCluster> = message(newswire__analysis__v1__duplicate_cluster__init)
            let members = c.members.map { m in
                let r: UnsafeMutablePointer<Newswire__Analysis__V1__ClusterMember> = message(newswire__analysis__v1__cluster_member__init)
                r.pointee.document = m.document
                r.pointee.document_id = string(m.documentID)
                r.pointee.similarity = m.similarity
                return r
            }
            q.pointee.n_members = members.count
            q.pointee.members = pointers(members)
            return q
        }
        return (items.count, pointers(items))
    }

    func collectionStats(_ list: [CollectionStats]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Newswire__Dedup__V1__CollectionStats>?>?) {
        let items = list.map { c in
            let q: UnsafeMutablePointer<Newswire__Dedup__V1__CollectionStats> = message(newswire__dedup__v1__collection_stats__init)
            q.pointee.name = string(c.name)
            q.pointee.documents = c.documents
            q.pointee.created_unix_ms = c.createdUnixMs
            q.pointee.updated_unix_ms = c.updatedUnixMs
            return q
        }
        return (items.count, pointers(items))
    }
}
