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
    @Argument(help: "Article files (UTF-8 text).") var articles: [String]

    func run() throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let data = "/tmp/newswire-plugin-bench-\(getpid())"
        let p = try PluginLoader.load(path: plugin, dataRoot: data, logger: logger)
        let path = method ?? p.services.flatMap(\.methods).first { $0.name == "Analyze" }?.path ?? ""
        guard let (si, mi) = p.methodIndexes(path) else { throw ValidationError("plugin \(p.name) has no method \(path)") }
        let requests = try articles.map { try AnalyzerRequest(document: Document(id: $0, text: readText($0))).protobuf() }
        let bytes = try articles.reduce(0) { $0 + (try readText($1)).utf8.count }
        // Warm up, and check that it answers.
        for r in requests {
            if case .failure(let e) = p.callUnary(service: si, method: mi, path: path, request: r) { throw ValidationError("\(path) failed: \(e)") }
        }
        var rounds = 0
        let start = monotonicNanos()
        var elapsed: UInt64 = 0
        repeat {
            for r in requests { _ = p.callUnary(service: si, method: mi, path: path, request: r) }
            rounds += 1
            elapsed = monotonicNanos() - start
        } while Double(elapsed) < seconds * 1e9
        let secs = Double(elapsed) / 1e9
        let docsPerSecond = Double(rounds * requests.count) / secs
        let mbPerSecond = Double(rounds * bytes) / secs / 1e6
        if json {
            print("{\"plugin\":\"\(p.name)\",\"method\":\"\(path)\",\"documents\":\(rounds * requests.count),\"seconds\":\(secs),\"docs_per_second\":\(docsPerSecond),\"mb_per_second\":\(mbPerSecond)}")
        } else {
            print("\(p.name) \(path): \(rounds * requests.count) documents in \(secs) s: \(Int(docsPerSecond)) docs/s, \(mbPerSecond) MB/s (one thread)")
        }
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
