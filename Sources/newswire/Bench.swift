// newswire bench: a load generator in the manner of ghz. The load engine and
// the report live in NewswireBench; this is argument parsing and output.
import ArgumentParser
import NewswireBench
import NewswireClient
import NewswireThreads
#if canImport(Glibc)
import Glibc
#endif

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a server with one method and report latency, throughput and status codes.",
        discussion: """
        Every call sends the same request message: JSON from --data (encoded
        once, with the schema the server's reflection gives, as `newswire call`
        does), raw protobuf from --data-bin (hex, or @FILE), or with
        --payload-size N a test-service UnaryCall of N bytes that asks for N
        bytes back; else an empty message. Unary methods only. Calls
        are spread over --connections connections with --concurrency calls in
        flight in all; each starts when the one before it on its slot ends
        (or, with --rps, when the pacing says). Latency runs from the call's
        start to its trailers.

        Examples:
          newswire bench newswire.testing.v1.TestService/EmptyCall --total 10000
          newswire bench newswire.testing.v1.TestService/UnaryCall --payload-size 64 \\
              --connections 4 --concurrency 256 --duration 10s --warmup 1s
          newswire bench newswire.health.v1.Health/Check --data '{"service": ""}' --rps 500 --duration 30s --json
          newswire bench newswire.examples.wordcount.v1.WordCount/Count --data @request.json -c 16
          newswire bench newswire.analysis.v1.Analysis/Analyze --data-bin @request.bin --concurrency 8
        """)

    @Argument(help: ArgumentHelp("The method: package.Service/Method (or package.Service.Method).", valueName: "METHOD"))
    var method: String

    @Option(help: ArgumentHelp("Server address: HOST:PORT or unix:PATH (default: $NEWSWIRE_SERVER, else 127.0.0.1:7411).", valueName: "ADDR"))
    var server: String?

    @Option(name: .customLong("data"), help: ArgumentHelp("The request as JSON (proto3's mapping), @FILE, or @- for standard input.", valueName: "JSON|@FILE"))
    var data: String?

    @Option(name: .customLong("data-bin"), help: ArgumentHelp("The request message as raw protobuf: hex digits, or @FILE.", valueName: "HEX|@FILE"))
    var dataBin: String?

    @Option(help: ArgumentHelp("Build a test-service UnaryCall request of N bytes that asks for N bytes back (the server needs --enable-test-service).", valueName: "N"))
    var payloadSize: Int?

    @Option(help: "Connections to open.")
    var connections = 1

    @Option(name: [.customShort("c"), .long], help: "Calls in flight at once, in all (spread over the connections).")
    var concurrency = 1

    @Option(name: [.customShort("n"), .long], help: "Stop after this many calls (default 200 unless --duration).")
    var total: Int?

    @Option(name: [.customShort("z"), .long], help: ArgumentHelp("Stop after this long: 10s, 500ms, 2m.", valueName: "TIME"))
    var duration: String?

    @Option(help: "Pace the load at this many calls per second in all (default: as fast as the calls end).")
    var rps: Double?

    @Option(help: ArgumentHelp("Calls (1000) or time (2s) to run first without recording, on the same connections.", valueName: "N|TIME"))
    var warmup: String?

    @Option(help: "Deadline of each call, in seconds (default: none).")
    var timeout: Double?

    @Option(name: .customLong("metadata"), help: ArgumentHelp("Request metadata KEY=VALUE (repeatable; -bin keys take hex).", valueName: "KEY=VALUE"))
    var metadata: [String] = []

    @Option(help: "Loop threads carrying the connections (default: one per core, at most one per connection).")
    var threads = 0

    @Flag(help: "Print the report as JSON.")
    var json = false

    var address: String { serverAddress(server) }

    /// The load, from the arguments; throws a ValidationError for anything that cannot run.
    func plan() throws -> LoadPlan {
        guard let path = BenchSyntax.methodPath(method) else {
            throw ValidationError("bad method \"\(method)\": expected package.Service/Method, e.g. newswire.testing.v1.TestService/EmptyCall")
        }
        guard let addr = SocketAddress(address) else {
            throw ValidationError("bad server address \"\(address)\": expected HOST:PORT or unix:PATH")
        }
        var payload: [UInt8] = []
        if [data != nil, dataBin != nil, payloadSize != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --data, --data-bin and --payload-size")
        }
        if let d = dataBin {
            if d.hasPrefix("@") {
                guard let bytes = readFile(String(d.dropFirst())) else { throw ValidationError("cannot read \(d.dropFirst())") }
                payload = bytes
            } else {
                guard let bytes = BenchSyntax.hexBytes(d) else { throw ValidationError("--data-bin: \"\(d)\" is not hex digits (or @FILE)") }
                payload = bytes
            }
        }
        if let n = payloadSize {
            guard path == EchoPayload.method else {
                throw ValidationError("--payload-size builds a newswire.testing.v1.SimpleRequest: it works with \(EchoPayload.method.dropFirst()) only")
            }
            guard n <= 4 * 1024 * 1024, let bytes = EchoPayload.request(encodedSize: n) else {
                throw ValidationError("--payload-size \(n): no SimpleRequest and SimpleResponse encode to exactly that many bytes "
                                      + "(0, or 8 to 4194304, where protobuf's length prefixes skip a few sizes such as 130); try \(n + 1)")
            }
            payload = bytes
        }
        var p = LoadPlan(address: addr, method: path, payload: payload)
        p.connections = connections
        p.concurrency = concurrency
        if total != nil && duration != nil { throw ValidationError("give --total or --duration, not both") }
        if let d = duration {
            guard let s = BenchSyntax.seconds(d) else { throw ValidationError("--duration: \"\(d)\" is not a time (10s, 500ms, 2m)") }
            p.stop = .duration(s)
        } else {
            p.stop = .total(total ?? 200)
        }
        if let w = warmup {
            guard let wc = BenchSyntax.warmup(w) else { throw ValidationError("--warmup: \"\(w)\" is neither a number of calls nor a time") }
            p.warmup = wc
        }
        p.rps = rps
        p.timeout = timeout
        p.threads = threads
        for m in metadata {
            guard let (k, v) = BenchSyntax.metadataEntry(m) else { throw ValidationError("--metadata \"\(m)\": expected KEY=VALUE") }
            p.metadata.add(k, bytes: v)
        }
        if let problem = p.problem() { throw ValidationError(problem) }
        return p
    }

    func validate() throws { _ = try plan() }

    func run() async throws {
        keepLargeAllocationsForReuse()
        var plan = try plan()
        if let data {
            // JSON: the method and its schema from the server's reflection, the request encoded once.
            let remote = try await RemoteMethod.resolve(method, client: try makeClient(address), address: address)
            guard remote.info.kind == .unary else {
                throw CLIError("newswire bench loads unary methods; \(remote.info.path) is \(remote.info.kind.name)")
            }
            plan.payload = try await RequestSource(spec: data, kind: .unary, codec: remote.codec, type: remote.requestType).single()
        }
        let report = LoadEngine.run(plan)
        print(json ? report.json : report.text)
        // Every call failed: exit as a failed call does (10 + the most common code).
        if report.count > 0 && report.okCount == 0,
           let (name, _) = report.statusCounts.max(by: { $0.value < $1.value }), let code = StatusCode(name: name) {
            throw ExitCode(10 + Int32(code.rawValue))
        }
    }
}

private func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n > 0 { out.append(contentsOf: buf[0..<n]) }
        if n < buf.count { break }
    }
    return ferror(f) == 0 ? out : nil
}
