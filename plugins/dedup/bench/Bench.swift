// newswire-dedup-bench: the dedup plugin's speed, for scripts/bench_dedup.py. Not a test.
//
//   newswire-dedup-bench signatures --seconds 5 [--dump FILE] ARTICLE...
//       MinHash signatures per second on one thread: from ready 32-bit shingle hashes (the
//       permutations alone), from shingle strings (each hashed with FNV-1a, then the
//       permutations), and from raw text (normalisation and shingling included). --dump writes, as JSON,
//       the permutations and each article's shingles (as strings and as 32-bit hashes) and
//       signature, so that datasketch can be run on the same input and checked against ours.
//   newswire-dedup-bench collection --server ADDR --documents 100000 --queries 2000
//       Fills a collection of synthetic articles through the running server (Dedup/Add, 500 per
//       call), then times Dedup/Query one call at a time: median and p99 latency.
//   newswire-dedup-bench curve
//       The LSH S-curve of the plugin's parameters: P(candidate) by Jaccard similarity.
//   newswire-dedup-bench similarity ARTICLE...
//       The exact Jaccard similarity (word shingles) of every pair of articles.
import ArgumentParser
import DedupCore
import NewswireClient
#if canImport(Glibc)
import Glibc
import NewswireText
#endif

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "newswire-dedup-bench", abstract: "The dedup plugin's speed.",
                                                    subcommands: [Signatures.self, Collection.self, Curve.self, Similarity.self])
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func readFile(_ path: String) throws -> String {
    guard let f = fopen(path, "rb") else { throw ValidationError("cannot read \(path)") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
    return String(decoding: bytes, as: UTF8.self)
}

func json(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default:
            if u.value < 0x20 { out += "\\u00" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}

/// FNV-1a over bytes, folded to 32 bits: how the benchmark hashes shingle strings.
func fnv1a32(_ bytes: [UInt8]) -> UInt32 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    return UInt32(truncatingIfNeeded: h ^ (h >> 32))
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never) func consume(_ x: UInt32) { if x == 0x1234_5678 { print("") } }

struct Signatures: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "MinHash signatures per second, one thread.")
    @Option(help: "Seconds of work per figure.") var seconds: Double = 5
    @Option(help: "Write the permutations, shingles and signatures as JSON to this file.") var dump: String?
    @Argument(help: "Article files.") var files: [String]

    func run() throws {
        let sketcher = Sketcher()
        let k = sketcher.parameters.shingleWords
        let texts = try files.map(readFile)
        let shingles = texts.map { Shingles.words(Normalizer.normalize($0).words, k: k) }
        let count = shingles.reduce(0) { $0 + $1.count }

        func measure(_ body: (Int) -> UInt32) -> Double {
            var n = 0
            let start = now()
            var acc: UInt32 = 0
            repeat {
                for i in texts.indices { acc ^= body(i) }
                n += texts.count
            } while now() - start < seconds
            consume(acc)
            return Double(n) / (now() - start)
        }
        // The shingles as strings: the normalised words, k at a time, joined by spaces (what the
        // dump gives datasketch).
        let strings: [[[UInt8]]] = texts.map { text in
            let words = Normalizer.normalize(text, keepScalars: true).scalars.split(separator: 32).map {
                String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init)))
            }
            let joined = words.count < k ? [words.joined(separator: " ")] : (0...(words.count - k)).map { words[$0..<$0 + k].joined(separator: " ") }
            return joined.map { Array($0.utf8) }
        }
        let fromHashes = measure { sketcher.minHash.signature(shingles[$0])[0] }
        let fromStrings = measure { i in
            var hashes = [UInt32](repeating: 0, count: strings[i].count)
            for (j, s) in strings[i].enumerated() { hashes[j] = fnv1a32(s) }
            return sketcher.minHash.signature(hashes)[0]
        }
        let fromText = measure { sketcher.signature(texts[$0])![0] }
        print("{\"documents\":\(texts.count),\"shingles\":\(count),\"permutations\":\(sketcher.parameters.permutations),\"from_hashes_per_s\":\(fromHashes),\"from_strings_per_s\":\(fromStrings),\"from_text_per_s\":\(fromText)}")

        if let dump {
            var out = "{\"shingle_words\":\(k),\"a\":\(sketcher.minHash.a),\"b\":\(sketcher.minHash.b),\"documents\":["
            for i in texts.indices {
                if i > 0 { out += "," }
                out += "{\"file\":\(json(files[i])),\"shingles\":[\(strings[i].map { json(String(decoding: $0, as: UTF8.self)) }.joined(separator: ","))],\"hashes\":\(shingles[i]),\"signature\":\(sketcher.minHash.signature(shingles[i]))}"
            }
            out += "]}\n"
            guard let f = fopen(dump, "wb") else { throw ValidationError("cannot write \(dump)") }
            fputs(out, f)
            fclose(f)
        }
    }
}

struct Collection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Query latency with a large collection, through a running server.")
    @Option(help: "Server address.") var server: String
    @Option(help: "Documents in the collection.") var documents: Int = 100_000
    @Option(help: "Queries to time.") var queries: Int = 2000
    @Option(help: "Documents per Add call.") var batch: Int = 500
    @Option(help: "Collection name (dropped first if it exists).") var collection = "bench"

    func run() async throws {
        let client = try NewswireClient(server)
        let options = CallOptions(timeout: 600)
        _ = try? await client.unary("/newswire.dedup.v1.Dedup/DropCollection", DedupDropCollectionRequest(collection: collection),
                                    as: DedupDropCollectionResponse.self, options: options)
        let corpus = SyntheticCorpus(seed: 42)
        let addStart = now()
        var added = 0
        while added < documents {
            let n = min(batch, documents - added)
            let docs = (added..<added + n).map { Document(id: "d\($0)", text: corpus.article(number: $0)) }
            let r: DedupAddResponse = try await client.unary("/newswire.dedup.v1.Dedup/Add", DedupAddRequest(collection: collection, documents: docs),
                                                             options: options)
            added += Int(r.added)
        }
        let addSeconds = now() - addStart

        // Half the queries are near-copies of stored articles (2% of words edited), half new articles.
        var latencies: [Double] = []
        var found = 0, copies = 0
        var g = SplitMix64(seed: 7)
        for q in 0..<queries {
            let text: String
            if q % 2 == 0 {
                let n = Int(g.next() % UInt64(documents))
                text = corpus.edit(corpus.article(number: n), fraction: 0.02, &g)
                copies += 1
            } else {
                text = corpus.article(number: documents + q)
            }
            let start = now()
            let r: DedupQueryResponse = try await client.unary("/newswire.dedup.v1.Dedup/Query",
                                                               DedupQueryRequest(collection: collection, document: Document(text: text)), options: options)
            latencies.append(now() - start)
            if q % 2 == 0 && !r.matches.isEmpty { found += 1 }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.down)))] * 1000 }
        let stats: DedupStatsResponse = try await client.unary("/newswire.dedup.v1.Dedup/Stats", DedupStatsRequest(collection: collection), options: options)
        print("{\"documents\":\(stats.collections.first?.documents ?? 0),\"add_seconds\":\(addSeconds),\"adds_per_s\":\(Double(added) / addSeconds),\"queries\":\(queries),\"median_ms\":\(percentile(0.5)),\"p99_ms\":\(percentile(0.99)),\"max_ms\":\(latencies.last! * 1000),\"copies_found\":\(found),\"copies\":\(copies),\"database_bytes\":\(stats.databaseBytes)}")
        client.close()
    }
}

/// Articles of made-up words: 20,000 words from syllables, drawn with a Zipf-like skew (a few
/// words are very common, as in real text), 250 to 450 words each in paragraphs of 30 to 60.
/// Article n is always the same text.
struct SyntheticCorpus {
    let words: [String]
    /// Cumulative weights for the Zipf-like draw (weight 1/(rank+1)).
    let cumulative: [Double]

    init(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let syllables = ["ka", "lo", "mi", "ra", "ten", "su", "vo", "dar", "el", "pi", "no", "qua", "ris", "tu", "bel", "om", "sha", "gri", "fen", "ul"]
        var set = Set<String>()
        var words: [String] = []
        while words.count < 20_000 {
            let n = 1 + Int(g.next() % 4)
            let w = (0..<n).map { _ in syllables[Int(g.next() % UInt64(syllables.count))] }.joined()
            if set.insert(w).inserted { words.append(w) }
        }
        self.words = words
        var total = 0.0
        cumulative = words.indices.map { total += 1 / Double($0 + 1); return total }
    }

    func word(_ g: inout SplitMix64) -> String {
        let x = Double(g.next() >> 11) / Double(1 << 53) * cumulative.last!
        var lo = 0, hi = cumulative.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < x { lo = mid + 1 } else { hi = mid } }
        return words[lo]
    }

    func article(number: Int) -> String {
        var g = SplitMix64(seed: UInt64(number) &* 0x2545_F491_4F6C_DD1D &+ 1)
        let length = 250 + Int(g.next() % 200)
        var out = ""
        var inParagraph = 0, paragraphLength = 30 + Int(g.next() % 30)
        for i in 0..<length {
            if i > 0 { out += inParagraph == 0 ? "\n" : " " }
            out += word(&g)
            inParagraph += 1
            if inParagraph == paragraphLength { out += "."; inParagraph = 0; paragraphLength = 30 + Int(g.next() % 30) }
        }
        return out + "."
    }

    func edit(_ text: String, fraction: Double, _ g: inout SplitMix64) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int(Double(words.count) * fraction) {
            words[Int(g.next() % UInt64(words.count))] = word(&g)
        }
        return words.joined(separator: " ")
    }
}

struct Curve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The LSH S-curve: P(candidate) by Jaccard similarity.")
    func run() {
        let p = DedupParameters.standard
        let bands = LSHBands(bands: p.bands, rows: p.rows)
        print("\(p.bands) bands x \(p.rows) rows; steepest near \(bands.threshold)")
        for tenth in 1...10 {
            let s = Double(tenth) / 10
            print("\(s)\t\(bands.candidateProbability(s))")
        }
    }
}

struct Similarity: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Exact Jaccard similarity of every pair of articles (word shingles).")
    @Argument(help: "Article files.") var files: [String]
    func run() throws {
        let sketcher = Sketcher()
        let sets = try files.map { try sketcher.words(readFile($0))?.shingles ?? [] }
        var highest = 0.0
        for i in files.indices {
            for j in files.indices where j > i {
                let s = Shingles.jaccard(sets[i], sets[j])
                highest = max(highest, s)
                print("\(s)\t\(files[i])\t\(files[j])")
            }
        }
        print("highest\t\(highest)")
    }
}
