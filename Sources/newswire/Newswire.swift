// newswire: the command-line client. Argument parsing and output only.
import ArgumentParser
import NewswireClient
import NewswireInterop
import NewswireSchema
#if canImport(Glibc)
import Glibc
#endif

@main
struct Newswire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire",
        abstract: "The Newswire command-line client: analyse articles, call any method, check a server.",
        discussion: """
        The server is --server HOST:PORT or unix:PATH, else $NEWSWIRE_SERVER, else 127.0.0.1:7411.
        Start one with: newswired  (it loads the plugins next to its binary)

        Examples:
          newswire analyze Tests/Fixtures/articles/
          newswire sentiment --json article.txt
          newswire quotes a.txt b.txt c.txt
          newswire call /newswire.examples.readability.v1.Readability/Stats --data '{"text": "Short. Clear."}'
          newswire describe newswire.analysis.v1.Document
          newswire plugins
          newswire health

        Exit codes: 0 success; 1 a check ran and failed (a service not SERVING, an
        interop case failing, an analyzer failing on a document); 2 bad usage or input
        (an unknown option, an unreadable file, invalid JSON); 10 + the gRPC status code
        when a call fails: 14 DEADLINE_EXCEEDED, 15 NOT_FOUND, 22 UNIMPLEMENTED (no such
        method), 24 UNAVAILABLE (no server there). See docs/CLI.md.
        """,
        subcommands: [Analyze.self, Sentiment.self, Quotes.self, Dedup.self, Call.self, Describe.self, Plugins.self, Health.self, Interop.self, Bench.self])

    /// Runs the command; usage errors exit with 2 (not ArgumentParser's 64), CLIErrors with their code.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch let e as CLIError {
            printError(e.message, hints: e.hints)
            Glibc.exit(e.code)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Terminal.write(fullMessage(for: error) + "\n", fd: 2)
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// The exit codes of every command (docs/CLI.md).
enum ExitStatus {
    static let ok: Int32 = 0
    /// A check ran and failed: a service not SERVING, an interop case failing, an analyzer failing on a document.
    static let checkFailed: Int32 = 1
    /// Bad usage or input: an unknown option, an unreadable file, invalid JSON, a field the message does not have.
    static let usage: Int32 = 2
    /// A call that failed with this status.
    static func call(_ code: StatusCode) -> Int32 { 10 + Int32(code.rawValue) }
}

/// An error to print as "error: message" (with hint lines) before exiting with `code`.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var hints: [String]
    var code: Int32
    init(_ message: String, hints: [String] = [], code: Int32 = ExitStatus.usage) {
        self.message = message; self.hints = hints; self.code = code
    }
    /// A failed call: "CODE: message", a hint on what to do, and exit code 10 + the status code.
    init(_ e: RPCError, timeout: Double? = nil, context: String? = nil) {
        message = (context.map { "\($0): " } ?? "") + "\(e.code.name): \(e.message)"
        hints = CLIError.hints(for: e, timeout: timeout)
        code = ExitStatus.call(e.code)
    }
    var description: String { message }

    static func hints(for e: RPCError, timeout: Double?) -> [String] {
        switch e.code {
        case .deadlineExceeded:
            return ["the call took longer than its deadline\(timeout.map { " of \(seconds($0))" } ?? ""); allow more with --timeout SECONDS"]
        case .resourceExhausted where e.message.contains("exceeds the server's limit"):
            return ["the request is too large for the server: split it, or raise the limit with newswired --max-message-size BYTES"]
        case .unimplemented where e.message.hasPrefix("unknown service") || e.message.hasPrefix("unknown method"):
            return ["`newswire describe` lists the methods the server has"]
        default:
            return []
        }
    }
}

func seconds(_ t: Double) -> String { t == t.rounded() ? "\(Int(t)) s" : "\(t) s" }

/// Where the server is: --server, else $NEWSWIRE_SERVER, else 127.0.0.1:7411.
func serverAddress(_ option: String?) -> String {
    if let option { return option }
    if let env = getenv("NEWSWIRE_SERVER"), env.pointee != 0 { return String(cString: env) }
    return "127.0.0.1:7411"
}

/// A client of `address`; a bad address is a usage error.
func makeClient(_ address: String, config: ClientConfig = ClientConfig()) throws -> NewswireClient {
    do { return try NewswireClient(address, config: config) } catch {
        throw CLIError("bad server address \"\(address)\": expected HOST:PORT or unix:PATH (e.g. 127.0.0.1:7411, unix:/tmp/newswire.sock)")
    }
}

struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Server address: HOST:PORT or unix:PATH (default: $NEWSWIRE_SERVER, else 127.0.0.1:7411).", valueName: "ADDR"))
    var server: String?

    @Option(help: ArgumentHelp("Deadline for each call, in seconds.", valueName: "SECONDS"))
    var timeout: Double = 10

    @Flag(help: "Print JSON: one object per line (NDJSON).")
    var json = false

    var address: String { serverAddress(server) }

    func client() throws -> NewswireClient { try makeClient(address) }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }
}

/// Prints "error: CODE: message" (and a hint on what to do) and gives the exit code for the status:
/// 10 + the gRPC status code. (`throw CLIError(e)` does the same.)
func fail(_ e: RPCError) -> ExitCode {
    let c = CLIError(e)
    printError(c.message, hints: c.hints)
    return ExitCode(c.code)
}

/// A JSON string literal.
func jsonString(_ s: String) -> String { JSONWriter.quote(s) }

struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the server whether it is serving (Health.Check), or watch it (Health.Watch).",
        discussion: """
        Exits 0 when SERVING, 1 when the server answers with another status, 15 (NOT_FOUND)
        for a service it does not know, 24 (UNAVAILABLE) when no server answers.

        Examples:
          newswire health
          newswire health --service newswire.analysis.v1.Analysis
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
        if options.json {
            return "{\"server\":\(jsonString(options.address)),\"service\":\(jsonString(service)),\"status\":\"\(Health.name(s))\"}"
        }
        let style = Style.stdout
        let status = s == .serving ? style.green(Health.name(s)) : style.red(Health.name(s))
        return "\(options.address)\(service.isEmpty ? "" : " \(service)"): \(status)"
    }

    func run() async throws {
        let client = try options.client()
        if watch {
            let call = client.makeCall("/newswire.health.v1.Health/Watch", kind: .serverStreaming,
                                       firstMessage: HealthCheckRequest(service: service).protobuf(), endStream: true)
            do {
                for try await m in call.responses {
                    // Written straight to fd 1, so that each change shows at once even through a pipe.
                    if let r = try? HealthCheckResponse(protobuf: m) { Terminal.write(line(r.status) + "\n", fd: 1) }
                }
            } catch {}
            let status = await call.status
            if let e = status.error { throw CLIError(e) }
            return
        }
        let r: HealthCheckResponse
        do {
            r = try await client.unary("/newswire.health.v1.Health/Check", HealthCheckRequest(service: service),
                                       options: CallOptions(timeout: options.timeout))
        } catch {
            throw CLIError(error, timeout: options.timeout)
        }
        print(line(r.status))
        if r.status != .serving { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct Interop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run gRPC's interop cases, ported to Newswire, against a server.",
        discussion: """
        The server must serve the test service: start it with `newswired --enable-test-service`.
        Exits 0 when every case passes, 1 when one fails.

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
            let close = Suggestions.closest(to: c, in: known)
            throw ValidationError("unknown case \"\(c)\"\(close.first.map { "; did you mean \($0)?" } ?? ""); the cases are: \(known.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let client = try options.client()
        let results = await NewswireInterop.Interop.run(client, only: cases)
        let style = Style.stdout
        for r in results {
            let ms = String(Int((r.seconds * 1000).rounded()))
            if options.json {
                print("{\"case\":\(jsonString(r.name)),\"passed\":\(r.passed),\"ms\":\(ms)\(r.failure.map { ",\"failure\":\(jsonString($0))" } ?? "")}")
            } else {
                print(r.passed ? "\(style.green("PASS")) \(r.name) (\(ms) ms)" : "\(style.red("FAIL")) \(r.name): \(r.failure!)")
            }
        }
        let failed = results.filter { !$0.passed }.count
        if !options.json { print("interop: \(results.count - failed) passed, \(failed) failed") }
        if failed > 0 { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct Plugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the server's plugins: name, version, ABI, file, methods, schemas; and those that failed to load.",
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
        } catch { throw CLIError(error, timeout: options.timeout) }
        if options.json {
            for p in r.plugins {
                let methods = p.services.flatMap(\.methods).map { "{\"path\":\(jsonString($0.path)),\"kind\":\"\($0.kind.name)\",\"request\":\(jsonString($0.requestType)),\"response\":\(jsonString($0.responseType))}" }
                let schemas = p.schemaFiles.map(jsonString).joined(separator: ",")
                print("{\"name\":\(jsonString(p.name)),\"version\":\(jsonString(p.version)),\"abi\":\"\(p.abiMajor).\(p.abiMinor)\",\"path\":\(jsonString(p.path)),\"serialized\":\(p.serialized),\"methods\":[\(methods.joined(separator: ","))],\"schemas\":[\(schemas)]}")
            }
            for f in r.failures { print("{\"failed\":\(jsonString(f.path)),\"reason\":\(jsonString(f.reason))}") }
            return
        }
        let style = Style.stdout
        if r.plugins.isEmpty { print("no plugins loaded") }
        for p in r.plugins {
            print("\(style.bold(p.name)) \(p.version)  (ABI \(p.abiMajor).\(p.abiMinor)\(p.serialized ? ", serialized calls" : ""))  \(style.dim(p.path))")
            if !p.description.isEmpty { print("  \(p.description)") }
            for m in p.services.flatMap(\.methods) {
                print("  \(m.path)  \(m.kind.name)  \(m.requestType) -> \(m.responseType)")
            }
            print("  " + style.dim(p.schemaFiles.isEmpty ? "schema: none (it ships no descriptor_set, so newswire call cannot speak JSON to it)"
                                                         : "schema: " + p.schemaFiles.joined(separator: ", ")))
        }
        for f in r.failures { print("\(style.red("FAILED")) \(f.path): \(f.reason)") }
    }
}
