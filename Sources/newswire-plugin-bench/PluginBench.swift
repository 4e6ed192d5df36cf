// newswire-plugin-bench: a plugin's own throughput, on one thread, with no RPC
// in the way: load the .so, create it, and call its Analyze method on the
// given articles over and over. Used by scripts/bench.
import ArgumentParser
import Logging
import NewswireServer
import NewswireThreads
#if canImport(Glibc)
import Glibc
#endif

@main
struct PluginBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire-plugin-bench",
        abstract: "Measure an analyzer plugin's throughput on one thread, through its C ABI.",
        discussion: "Example: newswire-plugin-bench --plugin .build/release/libnewswire-sentiment.so --seconds 5 ../shared/corpus/*.txt")

    @Option(help: "The plugin's .so file.") var plugin: String
    @Option(help: "The method to call (default: the plugin's Analyze).") var method: String?
    @Option(help: "How long to run, in seconds.") var seconds: Double = 3
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Send each article as a ScoreRequest (its text only) rather than an AnalyzerRequest; for a Score method.")
    var textRequest = false
    @Flag(help: "With --text-request: ask for sentence and document scores only (ScoreRequest.skip_entities).")
    var skipEntities = false
    @Option(help: "Write each article's response to DIR/<index>.pb (0-based, in argument order) before timing.")
    var dump: String?
    @Option(help: "Run exactly this many rounds over the articles instead of for --seconds (for instruction counts under callgrind).")
    var rounds: Int?
    @Option(help: "Repeat the timed run this many times; the JSON gives every run's docs/s and their median.")
    var runs: Int = 1
    @Argument(help: "Article files (UTF-8 text).") var articles: [String]

    func run() throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let data = "/tmp/newswire-plugin-bench-\(getpid())"
        let p = try PluginLoader.load(path: plugin, dataRoot: data, logger: logger)
        let path = method ?? p.services.flatMap(\.methods).first { $0.name == "Analyze" }?.path ?? ""
        guard let (si, mi) = p.methodIndexes(path) else { throw ValidationError("plugin \(p.name) has no method \(path)") }
        let requests = try articles.map { path in
            let text = try readText(path)
            return textRequest ? SentimentScoreRequest(text: text, skipEntities: skipEntities).protobuf() : AnalyzerRequest(document: Document(id: path, text: text)).protobuf()
        }
        let bytes = try articles.reduce(0) { $0 + (try readText($1)).utf8.count }
        // Warm up, and check that it answers.
        for (i, r) in requests.enumerated() {
            switch p.callUnary(service: si, method: mi, path: path, request: r) {
            case .failure(let e): throw ValidationError("\(path) failed on \(articles[i]): \(e)")
            case .success(let response):
                if let dump { try writeBytes(response, to: "\(dump)/\(i).pb") }
            }
        }
        var perRun: [Double] = []
        var documents = 0
        var totalNanos: UInt64 = 0
        var perRunCPU: [Double] = []
        for _ in 0..<max(1, runs) {
            var done = 0
            let cpuStart = threadCPUNanos()
            let start = monotonicNanos()
            var elapsed: UInt64 = 0
            repeat {
                for r in requests { _ = p.callUnary(service: si, method: mi, path: path, request: r) }
                done += 1
                elapsed = monotonicNanos() - start
            } while rounds.map { done < $0 } ?? (Double(elapsed) < seconds * 1e9)
            perRun.append(Double(done * requests.count) / (Double(elapsed) / 1e9))
            perRunCPU.append(Double(done * requests.count) / (Double(threadCPUNanos() - cpuStart) / 1e9))
            documents += done * requests.count
            totalNanos += elapsed
        }
        let median = perRun.sorted()[perRun.count / 2]
        let cpuDocsPerSecond = perRunCPU.sorted()[perRunCPU.count / 2]
        let secs = Double(totalNanos) / 1e9
        let docsPerSecond = perRun.count == 1 ? perRun[0] : median
        let mbPerSecond = docsPerSecond * Double(bytes) / Double(requests.count) / 1e6
        if json {
            let list = perRun.map { "\($0)" }.joined(separator: ",")
            print("{\"plugin\":\"\(p.name)\",\"method\":\"\(path)\",\"documents\":\(documents),\"seconds\":\(secs),\"docs_per_second\":\(docsPerSecond),\"mb_per_second\":\(mbPerSecond),\"runs\":[\(list)],\"cpu_docs_per_second\":\(cpuDocsPerSecond)}")
        } else {
            print("\(p.name) \(path): \(documents) documents in \(secs) s: \(Int(docsPerSecond)) docs/s\(perRun.count > 1 ? " (median of \(perRun.count) runs)" : ""), \(mbPerSecond) MB/s (one thread)")
        }
    }

    /// This thread's CPU time (time it actually ran, whatever else shares the core).
    func threadCPUNanos() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    func writeBytes(_ bytes: [UInt8], to path: String) throws {
        guard let f = fopen(path, "wb") else { throw ValidationError("cannot write \(path)") }
        defer { fclose(f) }
        if !bytes.isEmpty && fwrite(bytes, 1, bytes.count, f) != bytes.count { throw ValidationError("cannot write \(path)") }
    }

    func readText(_ path: String) throws -> String {
        guard let f = fopen(path, "rb") else { throw ValidationError("cannot read \(path)") }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
