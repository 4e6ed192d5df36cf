// newswire dedup: near-duplicate articles in a batch of files, and the dedup plugin's
// persistent collections (newswire.dedup.v1.Dedup).
import ArgumentParser
import NewswireClient
#if canImport(Glibc)
import Glibc
#endif

struct Dedup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Near-duplicate articles: cluster files, or keep collections to check new articles against.",
        discussion: """
        Examples:
          newswire dedup articles/                      # which files are near-copies of each other
          newswire dedup --passages --json a.txt b.txt  # also each file's repeated paragraphs and headlines
          newswire dedup add --collection wire articles/
          newswire dedup query --collection wire new.txt
          newswire dedup remove --collection wire articles/old.txt
          newswire dedup stats
        """,
        subcommands: [DedupCluster.self, DedupAdd.self, DedupQuery.self, DedupRemove.self, DedupStats.self, DedupDrop.self],
        defaultSubcommand: DedupCluster.self)
}

private let service = "/newswire.dedup.v1.Dedup/"

/// Calls a Dedup method; a failed call exits with 10 + its status code.
private func call<Req: ProtoMessage, Resp: ProtoMessage>(_ method: String, _ request: Req, _ options: ServerOptions) async throws -> Resp {
    let client = try options.client()
    defer { client.close() }
    do { return try await client.unary(service + method, request, options: CallOptions(timeout: options.timeout)) } catch {
        throw CLIError(error, timeout: options.timeout)
    }
}

private func fixed2(_ v: Double) -> String {
    let h = Int((v * 100).rounded())
    return "\(h / 100).\(h % 100 < 10 ? "0" : "")\(h % 100)"
}

private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }

struct DedupCluster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Group files into clusters of near-duplicates (the default: `newswire dedup FILE...`).",
        discussion: """
        A table: each cluster's files with their Jaccard similarity to its first file, then the files
        with no near-duplicate. With --json, one object per cluster, {"cluster", "members": [{"id",
        "index", "similarity"}]}, and with --passages one per file, {"id", "index", "passages"}.
        """)
    @OptionGroup var options: ServerOptions
    @Option(help: "Near-duplicates from this Jaccard similarity up (0.5 to 1; default: the plugin's threshold).")
    var minSimilarity: Double = 0
    @Flag(help: "Also show each file's repeated paragraphs and headlines.")
    var passages = false
    @OptionGroup var input: ArticleInput

    func run() async throws {
        let docs = try input.documents()
        let r: DedupClusterResponse = try await call("Cluster", DedupClusterRequest(documents: docs, minSimilarity: minSimilarity, passages: passages), options)
        if options.json {
            for (n, c) in r.clusters.enumerated() {
                let members = c.members.map { "{\"id\":\(jsonString($0.documentID)),\"index\":\($0.document),\"similarity\":\($0.similarity)}" }
                print("{\"cluster\":\(n + 1),\"members\":[\(members.joined(separator: ","))]}")
            }
            for (i, p) in r.passages.enumerated() {
                print("{\"id\":\(jsonString(docs[i].id)),\"index\":\(i),\"passages\":\(Render.passagesJSON(p))}")
            }
            return
        }
        guard !docs.isEmpty else { throw CLIError("no articles to compare") }
        let style = Render.style
        print(style.bold("cluster  similarity  document"))
        var clustered = Set<UInt32>()
        for (n, c) in r.clusters.enumerated() {
            for m in c.members {
                clustered.insert(m.document)
                print("\(pad(String(n + 1), 7))  \(pad(fixed2(m.similarity), 10))  \(m.documentID)")
            }
        }
        for (i, d) in docs.enumerated() where !clustered.contains(UInt32(i)) { print(style.dim("\(pad("-", 7))  \(pad("", 10))  \(d.id)")) }
        print("\(docs.count) article(s), \(r.clusters.count) cluster(s) of near-duplicates")
        if passages {
            for (i, p) in r.passages.enumerated() where !p.passages.isEmpty {
                print("\n" + style.bold("== \(docs[i].id)"))
                print(Render.duplicatesText(p, docs[i]), terminator: "")
            }
        }
    }
}

struct CollectionOption: ParsableArguments {
    @Option(help: "The collection's name: 1 to 64 letters, digits, '.', '_' or '-'.")
    var collection: String
}

struct DedupAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add files to a collection (created on first use); a file's id is its path.")
    @OptionGroup var options: ServerOptions
    @OptionGroup var name: CollectionOption
    @OptionGroup var input: ArticleInput

    func run() async throws {
        let r: DedupAddResponse = try await call("Add", DedupAddRequest(collection: name.collection, documents: try input.documents()), options)
        if options.json { print("{\"collection\":\(jsonString(name.collection)),\"added\":\(r.added),\"replaced\":\(r.replaced)}") }
        else { print("\(name.collection): \(r.added) added, \(r.replaced) replaced") }
    }
}

struct DedupQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Find a collection's near-duplicates of each file (the files are not added).")
    @OptionGroup var options: ServerOptions
    @OptionGroup var name: CollectionOption
    @Option(help: "Matches from this estimated similarity up (0.5 to 1; default: the plugin's threshold).")
    var minSimilarity: Double = 0
    @Option(help: "At most this many matches per file (default 100).")
    var limit: UInt32 = 0
    @OptionGroup var input: ArticleInput

    func run() async throws {
        for doc in try input.documents() {
            let r: DedupQueryResponse = try await call("Query", DedupQueryRequest(collection: name.collection, document: doc, minSimilarity: minSimilarity, limit: limit), options)
            if options.json {
                let matches = r.matches.map { "{\"id\":\(jsonString($0.documentID)),\"similarity\":\($0.similarity)}" }
                print("{\"query\":\(jsonString(doc.id)),\"matches\":[\(matches.joined(separator: ","))]}")
            } else {
                print("\(doc.id): \(r.matches.isEmpty ? "no near-duplicate in \(name.collection)" : "\(r.matches.count) near-duplicate(s)")")
                for m in r.matches { print("  \(fixed2(m.similarity))  \(m.documentID)") }
            }
        }
    }
}

struct DedupRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove documents from a collection by id (as `add` gave them: the file paths).")
    @OptionGroup var options: ServerOptions
    @OptionGroup var name: CollectionOption
    @Argument(help: "Document ids.") var ids: [String]

    func run() async throws {
        let r: DedupRemoveResponse = try await call("Remove", DedupRemoveRequest(collection: name.collection, documentIDs: ids), options)
        if options.json { print("{\"collection\":\(jsonString(name.collection)),\"removed\":\(r.removed)}") }
        else { print("\(name.collection): \(r.removed) removed") }
    }
}

struct DedupStats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Describe one collection, or all of them, and how signatures are made.")
    @OptionGroup var options: ServerOptions
    @Option(help: "One collection; default: all.") var collection: String = ""

    func run() async throws {
        let r: DedupStatsResponse = try await call("Stats", DedupStatsRequest(collection: collection), options)
        if options.json {
            for c in r.collections {
                print("{\"collection\":\(jsonString(c.name)),\"documents\":\(c.documents),\"created_unix_ms\":\(c.createdUnixMs),\"updated_unix_ms\":\(c.updatedUnixMs)}")
            }
            if let p = r.parameters {
                print("{\"parameters\":{\"shingle_words\":\(p.shingleWords),\"headline_characters\":\(p.headlineCharacters),\"permutations\":\(p.permutations),\"bands\":\(p.bands),\"rows\":\(p.rows),\"threshold\":\(p.threshold)},\"database_bytes\":\(r.databaseBytes)}")
            }
            return
        }
        if r.collections.isEmpty { print("no collections") }
        let width = max(10, r.collections.map(\.name.count).max() ?? 0)
        if !r.collections.isEmpty { print("\(pad("collection", width))  documents") }
        for c in r.collections { print("\(pad(c.name, width))  \(c.documents)") }
        if let p = r.parameters {
            print("signatures: \(p.shingleWords)-word shingles, \(p.permutations) MinHash permutations, LSH \(p.bands) bands × \(p.rows) rows; near-duplicates from \(fixed2(p.threshold)); database \(r.databaseBytes) bytes")
        }
    }
}

struct DedupDrop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Delete a collection and everything in it.")
    @OptionGroup var options: ServerOptions
    @OptionGroup var name: CollectionOption

    func run() async throws {
        let _: DedupDropCollectionResponse = try await call("DropCollection", DedupDropCollectionRequest(collection: name.collection), options)
        if !options.json { print("\(name.collection): dropped") } else { print("{\"collection\":\(jsonString(name.collection)),\"dropped\":true}") }
    }
}

// MARK: The dedup analyzer's results in `newswire analyze` (Render's marked places)

extension Render {
    /// A document's repeated passages, one line each; nothing when there are none.
    static func duplicatesText(_ d: DuplicatesResult, _ doc: Document) -> String {
        guard !d.passages.isEmpty else { return "" }
        var out = "repeated passages:\n"
        for p in d.passages {
            let places = p.spans.map { $0.start == $0.end ? "title" : "\($0.start)-\($0.end)" }.joined(separator: ", ")
            let first = p.spans.first { $0.end > $0.start }.map { excerpt(doc.text, $0, width: 60) } ?? excerptTitle(doc.title)
            out += "  \(p.kind == .headline ? "headline " : "paragraph") ×\(p.spans.count)  similarity \(fixed2(p.similarity))  bytes \(places)  \(style.dim(first))\n"
        }
        return out
    }

    static func passagesJSON(_ d: DuplicatesResult) -> String {
        "[" + d.passages.map { p in
            "{\"kind\":\"\(p.kind == .headline ? "headline" : "paragraph")\",\"spans\":[\(p.spans.map(json).joined(separator: ","))],\"similarity\":\(p.similarity)}"
        }.joined(separator: ",") + "]"
    }

    /// `"duplicates":{"passages":[...]}` for a document's JSON line.
    static func duplicatesJSON(_ d: DuplicatesResult) -> String { "\"duplicates\":{\"passages\":\(passagesJSON(d))}" }

    /// The batch's near-duplicate clusters, for "== across the batch"; nothing when there are none.
    static func duplicateClustersText(_ b: BatchAnalysis, _ docs: [Document]) -> String {
        var out = ""
        for (n, c) in b.duplicateClusters.enumerated() {
            out += "near-duplicates \(n + 1): " + c.members.map { m in
                let id = m.documentID.isEmpty && Int(m.document) < docs.count ? docs[Int(m.document)].id : m.documentID
                return m.similarity == 1 && m == c.members.first ? id : "\(id) (\(fixed2(m.similarity)))"
            }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// `"duplicateClusters":[{"members":[{"index","id","similarity"}]}]` for the batch's JSON line.
    static func duplicateClustersJSON(_ b: BatchAnalysis, _ docs: [Document]) -> String {
        "\"duplicateClusters\":[" + b.duplicateClusters.map { c in
            "{\"members\":[" + c.members.map { "{\"index\":\($0.document),\"id\":\(jsonString($0.documentID)),\"similarity\":\($0.similarity)}" }.joined(separator: ",") + "]}"
        }.joined(separator: ",") + "]"
    }
}
