// The dedup plugin: near-duplicate articles and passages. The glue between the plugin ABI and
// DedupCore (the algorithm) and DedupSQLite (where collections live): requests are decoded,
// checked and answered here; nothing here compares texts.
//
// Settings ([plugin.dedup] in newswired's --config):
//   threshold   = 0.7    near-duplicates from this Jaccard similarity up (0.5 to 1)
//   synchronous = full   full: every acknowledged add is fsync'ed (survives power loss);
//                        normal: survives a crash of the server, not of the machine (SQLiteStore.swift)
//
// Calls run concurrently (no NW_PLUGIN_SERIALIZE_CALLS): the sketches are pure functions, the
// store has a connection per thread in use, reads never wait for writes, and writes queue on
// one lock (SQLite allows one writer at a time anyway).
import DedupCore
import DedupSQLite
import NewswirePluginKit
import NewswireProto
import NewswireText

final class DedupPlugin: NewswirePlugin {
    static let info = PluginInfo(
        name: "dedup", version: "1.0.0",
        summary: "Near-duplicate articles and passages (MinHash, LSH): repeats in a document, clusters in a batch, persistent collections",
        services: [PluginService("newswire.dedup.v1.Dedup", methods: [
            .unary("Analyze", request: AnalyzerRequest.protoName, response: DocumentAnalysis.protoName),
            .unary("AnalyzeBatch", request: AnalyzerBatchRequest.protoName, response: BatchAnalysis.protoName),
            .unary("Cluster", request: DedupClusterRequest.protoName, response: DedupClusterResponse.protoName),
            .unary("Add", request: DedupAddRequest.protoName, response: DedupAddResponse.protoName),
            .unary("Query", request: DedupQueryRequest.protoName, response: DedupQueryResponse.protoName),
            .unary("Remove", request: DedupRemoveRequest.protoName, response: DedupRemoveResponse.protoName),
            .unary("Stats", request: DedupStatsRequest.protoName, response: DedupStatsResponse.protoName),
            .unary("ListCollections", request: DedupListCollectionsRequest.protoName, response: DedupListCollectionsResponse.protoName),
            .unary("DropCollection", request: DedupDropCollectionRequest.protoName, response: DedupDropCollectionResponse.protoName),
        ])])

    /// The database file, in the plugin's data directory.
    static let databaseName = "dedup.sqlite"

    let sketcher: Sketcher
    let store: SQLiteStore
    let collections: Collections

    init(context: PluginContext) throws(PluginError) {
        var parameters = DedupParameters.standard
        var synchronous = SQLiteStore.Synchronous.full
        for (key, value) in context.settings {
            switch key {
            case "threshold":
                guard let t = Double(value), t >= 0.5, t <= 1 else {
                    throw .invalidArgument("threshold must be a number from 0.5 to 1 (got \(value))")
                }
                parameters.threshold = t
            case "synchronous":
                switch value.lowercased() {
                case "full": synchronous = .full
                case "normal": synchronous = .normal
                default: throw .invalidArgument("synchronous must be full or normal (got \(value))")
                }
            default:
                throw .invalidArgument("unknown setting \(key); the dedup plugin takes threshold and synchronous")
            }
        }
        sketcher = Sketcher(parameters)
        let path = context.dataDirectory + "/" + Self.databaseName
        do {
            store = try SQLiteStore(path: path, scheme: Self.scheme(parameters), synchronous: synchronous)
        } catch {
            throw .failedPrecondition("cannot open the dedup database: \(error)")
        }
        collections = Collections(store: store, sketcher: sketcher)
        let existing = (try? store.collections()) ?? []
        context.log(.info, "database \(path) (synchronous \(synchronous.rawValue)): \(existing.count) collection(s), \(existing.reduce(0) { $0 + $1.documents }) document(s)")
    }

    /// How signatures and band keys are made; a database made another way is refused.
    static func scheme(_ p: DedupParameters) -> String {
        "normalize-1 words-\(p.shingleWords) minhash-affine32-\(p.permutations)-seed\(p.seed) lsh-\(p.bands)x\(p.rows)"
    }

    func handle(_ call: PluginCall) throws(PluginError) {
        do throws(DedupError) {
            switch call.method {
            case "Analyze":
                let req = try decode(AnalyzerRequest.self, call.request)
                var analysis = DocumentAnalysis()
                analysis.duplicates = passages(req.document)
                call.send(analysis.protobuf())
            case "AnalyzeBatch":
                let req = try decode(AnalyzerBatchRequest.self, call.request)
                var batch = BatchAnalysis()
                batch.duplicateClusters = clusters(req.documents, threshold: sketcher.parameters.threshold)
                call.send(batch.protobuf())
            case "Cluster":
                let req = try decode(DedupClusterRequest.self, call.request)
                let threshold = try threshold(req.minSimilarity)
                call.send(DedupClusterResponse(clusters: clusters(req.documents, threshold: threshold),
                                               passages: req.passages ? req.documents.map(passages) : []).protobuf())
            case "Add":
                let req = try decode(DedupAddRequest.self, call.request)
                let outcome = try collections.add(req.documents.map { (id: $0.id, text: $0.text) }, to: req.collection)
                call.send(DedupAddResponse(added: UInt32(outcome.added), replaced: UInt32(outcome.replaced)).protobuf())
            case "Query":
                let req = try decode(DedupQueryRequest.self, call.request)
                let matches = try collections.query(req.document.text, in: req.collection,
                                                    minSimilarity: req.minSimilarity == 0 ? nil : req.minSimilarity,
                                                    limit: req.limit == 0 ? nil : Int(req.limit))
                call.send(DedupQueryResponse(matches: matches.map { DedupMatch(documentID: $0.id, similarity: $0.similarity) }).protobuf())
            case "Remove":
                let req = try decode(DedupRemoveRequest.self, call.request)
                let removed = try collections.remove(req.documentIDs, from: req.collection)
                call.send(DedupRemoveResponse(removed: UInt32(removed)).protobuf())
            case "Stats":
                let req = try decode(DedupStatsRequest.self, call.request)
                let infos = try collections.stats(req.collection.isEmpty ? nil : req.collection)
                let p = sketcher.parameters
                call.send(DedupStatsResponse(
                    collections: infos.map(stats),
                    parameters: .init(shingleWords: UInt32(p.shingleWords), headlineCharacters: UInt32(p.headlineCharacters),
                                      permutations: UInt32(p.permutations), bands: UInt32(p.bands), rows: UInt32(p.rows), threshold: p.threshold),
                    databaseBytes: UInt64(max(0, store.sizeOnDisk()))).protobuf())
            case "ListCollections":
                _ = try decode(DedupListCollectionsRequest.self, call.request)
                call.send(DedupListCollectionsResponse(collections: try collections.stats(nil).map(stats)).protobuf())
            case "DropCollection":
                let req = try decode(DedupDropCollectionRequest.self, call.request)
                try collections.drop(req.collection)
                call.send(DedupDropCollectionResponse().protobuf())
            default:
                throw DedupError(.internalError, "no method \(call.method)")
            }
        } catch {
            switch error.code {
            case .invalidArgument: throw .invalidArgument(error.message)
            case .notFound: throw .notFound(error.message)
            case .internalError: throw .internal(error.message)
            }
        }
    }

    func decode<M: ProtoMessage>(_ type: M.Type, _ bytes: [UInt8]) throws(DedupError) -> M {
        do { return try M(protobuf: bytes) } catch { throw DedupError(.invalidArgument, "request is not a valid \(M.protoName)") }
    }

    /// A request's min_similarity: 0 for the configured threshold, else 0.5 to 1.
    func threshold(_ requested: Double) throws(DedupError) -> Double {
        if requested == 0 { return sketcher.parameters.threshold }
        guard requested >= Collections.lowestMinimumSimilarity && requested <= 1 else {
            throw DedupError(.invalidArgument, "min_similarity \(requested) is out of range: use 0 for the default (\(sketcher.parameters.threshold)) or a value from 0.5 to 1")
        }
        return requested
    }

    /// The document's repeated paragraphs and headlines.
    func passages(_ doc: Document) -> DuplicatesResult {
        DuplicatesResult(passages: RepeatedPassages.find(text: doc.text, title: doc.title, sketcher: sketcher).map { p in
            DuplicatePassages(kind: p.kind == .paragraph ? .paragraph : .headline,
                              spans: p.spans.map { Span(start: UInt32($0.start), end: UInt32($0.end)) },
                              similarity: p.similarity)
        })
    }

    /// Near-duplicate clusters of documents, by their texts.
    func clusters(_ docs: [Document], threshold: Double) -> [DuplicateCluster] {
        let sketches = docs.map { sketcher.words($0.text) }
        return NearDuplicates.cluster(sketches, bands: sketcher.bands, threshold: threshold).map { cluster in
            DuplicateCluster(members: cluster.map { ClusterMember(document: UInt32($0.index), documentID: docs[$0.index].id, similarity: $0.similarity) })
        }
    }

    func stats(_ c: CollectionInfo) -> CollectionStats {
        CollectionStats(name: c.name, documents: UInt64(c.documents), createdUnixMs: c.createdUnixMs, updatedUnixMs: c.updatedUnixMs)
    }
}

@_cdecl("newswire_plugin_entry")
public func newswirePluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: DedupPlugin.self) }
