// newswire: the command-line client. Argument parsing and output only.
import ArgumentParser
import NewswireClient
import NewswireInterop
#if canImport(Glibc)
import Glibc
#endif

@main
struct Newswire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire",
        abstract: "Call a Newswire server.",
        discussion: "The server is --server, or NEWSWIRE_SERVER, or 127.0.0.1:7411.",
        subcommands: [Analyze.self, Sentiment.self, Health.self, Plugins.self, Interop.self, Bench.self])
}

struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Server address: HOST:PORT or unix:PATH (default: $NEWSWIRE_SERVER, else 127.0.0.1:7411).", valueName: "ADDR"))
    var server: String?

    @Option(help: "Deadline for each call, in seconds.")
    var timeout: Double = 10

    @Flag(help: "Print JSON.")
    var json = false

    var address: String {
        if let server { return server }
        if let env = getenv("NEWSWIRE_SERVER"), env.pointee != 0 { return String(cString: env) }
        return "127.0.0.1:7411"
    }

    func client() throws -> NewswireClient {
        do { return try NewswireClient(address) } catch { throw fail(error) }
    }
}

/// An RPC failure, printed as "error: CODE: message" with an exit code per status.

/// Prints "error: CODE: message" and gives the exit code for the status:
/// 0 OK; 1 a check that ran but failed; 2 usage; 10 + the gRPC status code for a failed call.
func fail(_ e: RPCError) -> ExitCode {
    var err = StandardError()
    print("error: \(e.code.name): \(e.message)", to: &err)
    return ExitCode(10 + Int32(e.code.rawValue))
}

struct StandardError: TextOutputStream {
    mutating func write(_ s: String) { _ = s.withCString { Glibc.write(2, $0, strlen($0)) } }
}

func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}

struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the server whether it is serving.",
        discussion: """
        Examples:
          newswire health
          newswire health --service newswire.health.v1.Health
          newswire health --server unix:/tmp/newswire.sock --json
          newswire health --watch        # one line per change, until the server goes away
        """)

    @OptionGroup var options: ServerOptions

    @Option(help: "A fully qualified service name; empty for the whole server.")
    var service: String = ""

    @Flag(help: "Keep watching: print the status now and each time it changes (Health.Watch).")
    var watch = false

    static func name(_ s: ServingStatus) -> String {
        switch s {
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        case .unknown: "UNKNOWN"
        }
    }

    func line(_ s: ServingStatus) -> String {
        options.json ? "{\"server\":\(jsonString(options.address)),\"service\":\(jsonString(service)),\"status\":\"\(Health.name(s))\"}"
                     : "\(options.address)\(service.isEmpty ? "" : " \(service)"): \(Health.name(s))"
    }

    func run() async throws {
        let client = try options.client()
        if watch {
            let call = client.makeCall("/newswire.health.v1.Health/Watch", kind: .serverStreaming,
                                       firstMessage: HealthCheckRequest(service: service).protobuf(), endStream: true)
            do {
                for try await m in call.responses {
                    // Written straight to fd 1, so that each change shows at once even through a pipe.
                    if let r = try? HealthCheckResponse(protobuf: m) { _ = (line(r.status) + "\n").withCString { Glibc.write(1, $0, strlen($0)) } }
                }
            } catch {}
            let status = await call.status
            if let e = status.error { throw fail(e) }
            return
        }
        do {
            let r: HealthCheckResponse = try await client.unary("/newswire.health.v1.Health/Check", HealthCheckRequest(service: service),
                                                                options: CallOptions(timeout: options.timeout))
            print(line(r.status))
            if r.status != .serving { throw ExitCode(1) }
        } catch let e as RPCError {
            throw fail(e)
        }
    }
}

struct Interop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run gRPC's interop cases, ported to Newswire, against a server.",
        discussion: """
        The server must serve the test service: start it with `newswired --enable-test-service`.

        Examples:
          newswire interop --server 127.0.0.1:7411
          newswire interop --case large_unary --case ping_pong
        """)

    @OptionGroup var options: ServerOptions

    @Option(name: .customLong("case"), help: "Run only this case (repeatable).")
    var cases: [String] = []

    func validate() throws {
        let known = NewswireInterop.Interop.cases.map(\.name)
        for c in cases where !known.contains(c) {
            throw ValidationError("unknown case \"\(c)\"; the cases are: \(known.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let client = try options.client()
        let results = await NewswireInterop.Interop.run(client, only: cases)
        for r in results {
            let ms = String(Int((r.seconds * 1000).rounded()))
            if options.json {
                print("{\"case\":\(jsonString(r.name)),\"passed\":\(r.passed),\"ms\":\(ms)\(r.failure.map { ",\"failure\":\(jsonString($0))" } ?? "")}")
            } else {
                print(r.passed ? "PASS \(r.name) (\(ms) ms)" : "FAIL \(r.name): \(r.failure!)")
            }
        }
        let failed = results.filter { !$0.passed }.count
        if !options.json { print("interop: \(results.count - failed) passed, \(failed) failed") }
        if failed > 0 { throw ExitCode(1) }
    }
}

struct Plugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the server's plugins: name, version, ABI, file, methods; and those that failed to load.",
        discussion: """
        Examples:
          newswire plugins
          newswire plugins --json
        """)

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let client = try options.client()
        let r: ListPluginsResponse
        do {
            r = try await client.unary("/newswire.reflection.v1.ServerReflection/ListPlugins", ListPluginsRequest(),
                                       options: CallOptions(timeout: options.timeout))
        } catch { throw fail(error) }
        if options.json {
            for p in r.plugins {
                let methods = p.services.flatMap(\.methods).map { "{\"path\":\(jsonString($0.path)),\"kind\":\"\($0.kind.name)\",\"request\":\(jsonString($0.requestType)),\"response\":\(jsonString($0.responseType))}" }
                print("{\"name\":\(jsonString(p.name)),\"version\":\(jsonString(p.version)),\"abi\":\"\(p.abiMajor).\(p.abiMinor)\",\"path\":\(jsonString(p.path)),\"serialized\":\(p.serialized),\"methods\":[\(methods.joined(separator: ","))]}")
            }
            for f in r.failures { print("{\"failed\":\(jsonString(f.path)),\"reason\":\(jsonString(f.reason))}") }
            return
        }
        if r.plugins.isEmpty { print("no plugins loaded") }
        for p in r.plugins {
            print("\(p.name) \(p.version)  (ABI \(p.abiMajor).\(p.abiMinor)\(p.serialized ? ", serialized calls" : ""))  \(p.path)")
            if !p.description.isEmpty { print("  \(p.description)") }
            for m in p.services.flatMap(\.methods) {
                print("  \(m.path)  \(m.kind.name)  \(m.requestType) -> \(m.responseType)")
            }
        }
        for f in r.failures { print("FAILED \(f.path): \(f.reason)") }
    }
}
