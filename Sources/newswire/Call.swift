// newswire call: any method, JSON in and out, through the server's reflection
// (ListServices for the method, FileContainingSymbol for its schema).
// newswire describe: what the server serves, and the schema of any symbol.
import ArgumentParser
import NewswireClient
import NewswireSchema
import NewswireThreads
#if canImport(Glibc)
import Glibc
#endif

/// --server and --timeout for commands whose calls may be streams: no deadline unless asked for.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Server address: HOST:PORT or unix:PATH (default: $NEWSWIRE_SERVER, else 127.0.0.1:7411).", valueName: "ADDR"))
    var server: String?

    @Option(help: ArgumentHelp("Deadline for the call, in seconds (default: 10 for unary and client-streaming methods, none for server and bidi streams).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(help: ArgumentHelp("PING the server after this long without a byte from it, and give the call up (UNAVAILABLE) when nothing comes back within --keepalive-timeout (default: no PINGs).", valueName: "SECONDS"))
    var keepalive: Double?

    @Option(help: ArgumentHelp("With --keepalive: how long to wait for the server after a PING.", valueName: "SECONDS"))
    var keepaliveTimeout: Double = 20

    var address: String { serverAddress(server) }

    func client() throws -> NewswireClient {
        var config = ClientConfig()
        config.keepaliveIntervalSeconds = keepalive
        config.keepaliveTimeoutSeconds = keepaliveTimeout
        return try makeClient(address, config: config)
    }

    func validate() throws {
        if let t = timeout, t <= 0 { throw ValidationError("--timeout must be more than 0 seconds") }
        if let k = keepalive, !(k > 0) { throw ValidationError("--keepalive must be more than 0 seconds") }
        guard keepaliveTimeout > 0 else { throw ValidationError("--keepalive-timeout must be more than 0 seconds") }
    }
}

/// A method the server serves, with the schemas of its messages: what `call` and `bench --data` need.
struct RemoteMethod {
    let info: MethodInfo
    let codec: ProtoJSON
    var requestType: String { info.requestType }
    var responseType: String { info.responseType }

    /// Resolves `name` (/pkg.Service/Method, pkg.Service/Method or pkg.Service.Method) on the server
    /// and fetches its schemas. Errors say what exists (no such method: exit 22) or what is missing.
    static func resolve(_ name: String, client: NewswireClient, address: String, timeout: Double = 10) async throws -> RemoteMethod {
        let services: ListServicesResponse
        do {
            services = try await client.unary("/newswire.reflection.v1.ServerReflection/ListServices", ListServicesRequest(),
                                              options: CallOptions(timeout: timeout))
        } catch { throw CLIError(error, timeout: timeout) }
        let methods = services.services.flatMap(\.methods)
        let path = normalize(name)
        guard var info = methods.first(where: { $0.path == path }) else { throw noSuchMethod(path, services.services, address: address) }

        let service = String(path.dropFirst().prefix { $0 != "/" })
        func files(_ symbol: String) async throws(RPCError) -> [[UInt8]] {
            let r: FileDescriptorResponse = try await client.unary("/newswire.reflection.v1.ServerReflection/FileContainingSymbol",
                                                                   FileContainingSymbolRequest(symbol: symbol), options: CallOptions(timeout: timeout))
            return r.fileDescriptorProtos
        }
        var serialized: [[UInt8]]
        do {
            serialized = try await files(service)
        } catch {
            // A service with no schema whose messages have one (a plugin's analyzer method, say) can still be called.
            guard error.code == .notFound, !info.requestType.isEmpty, !info.responseType.isEmpty,
                  let request = try? await files(info.requestType), let response = try? await files(info.responseType) else {
                throw CLIError(error, timeout: timeout, context: "cannot get the schema of \(service)")
            }
            serialized = request + response
        }
        var pool = SchemaPool()
        do { for f in serialized { pool.add(try FileDescriptor(serialized: f)) } } catch {
            throw CLIError("the server sent a schema for \(service) that does not decode: \(error)", code: ExitStatus.call(.internal))
        }
        if let sd = pool.service(service) {
            guard let md = sd.methods.first(where: { $0.name == info.name }) else {
                throw CLIError("the server's schema for \(service) has no method \(info.name)", code: ExitStatus.call(.internal))
            }
            if info.requestType.isEmpty { info.requestType = md.inputType }
            if info.responseType.isEmpty { info.responseType = md.outputType }
        }
        for t in [info.requestType, info.responseType] {
            if let missing = pool.unresolvedTypes(from: t).first {
                throw CLIError("the server's schema for \(service) is incomplete: it lacks \(missing)", code: ExitStatus.call(.internal))
            }
        }
        return RemoteMethod(info: info, codec: ProtoJSON(pool: pool))
    }

    /// "/pkg.Service/Method" from any of the accepted forms.
    static func normalize(_ name: String) -> String {
        var s = name.hasPrefix("/") ? String(name.dropFirst()) : name
        if !s.contains("/"), let dot = s.lastIndex(of: ".") { s = s[..<dot] + "/" + s[s.index(after: dot)...] }
        return "/" + s
    }

    static func noSuchMethod(_ path: String, _ services: [ServiceInfo], address: String) -> CLIError {
        let all = services.flatMap(\.methods)
        let service = String(path.dropFirst().prefix { $0 != "/" })
        var hints: [String] = []
        let close = Suggestions.closest(to: path, in: all.map(\.path))
        if !close.isEmpty { hints.append("did you mean \(close.joined(separator: " or "))?") }
        let known = services.first { $0.name == service }
        let listed = known?.methods ?? all
        hints.append(known != nil ? "\(service) has:" : "these exist:")
        let width = listed.map(\.path.count).max() ?? 0
        for m in listed { hints.append("  " + m.path + String(repeating: " ", count: width - m.path.count) + "  " + m.kind.name) }
        let what = known != nil ? "no method \(path.split(separator: "/").last.map(String.init) ?? "") in \(service)" : "no such method \(path)"
        return CLIError("\(what) on \(address)", hints: hints, code: ExitStatus.call(.unimplemented))
    }
}

struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call any method with JSON, as grpcurl does: the server's reflection gives the schemas.",
        discussion: """
        The request is JSON in proto3's mapping (lowerCamelCase or .proto field names, 64-bit
        integers as strings, bytes as base64, enums by name). Responses print as JSON: indented
        on a terminal, one object per line (NDJSON) otherwise. A server-streaming method prints
        each response as it comes; client- and bidi-streaming methods read one JSON object per
        request from --data or standard input (NDJSON, or objects one after another).

        Examples:
          newswire call /newswire.health.v1.Health/Check
          newswire call /newswire.examples.readability.v1.Readability/Stats --data '{"text": "Short. Clear."}'
          newswire call newswire.analysis.v1.Analysis/Analyze --data @request.json
          printf '{"text":"a b"}\\n{"text":"c"}\\n' | newswire call /newswire.examples.wordcount.v1.WordCount/CountAll
          newswire call /newswire.health.v1.Health/Watch          # streams until interrupted
          newswire call /newswire.testing.v1.TestService/UnaryCall -H 'x-newswire-test-echo-initial: hi' -v

        `newswire describe` lists the methods; `newswire describe SYMBOL` shows a message's fields.
        """)

    @Argument(help: ArgumentHelp("The method: /package.Service/Method (or package.Service/Method, package.Service.Method).", valueName: "METHOD"))
    var method: String

    @Option(name: [.short, .long], help: ArgumentHelp("The request: JSON, @FILE, or @- for standard input (default: {} for unary and server-streaming methods, standard input for the others).", valueName: "JSON|@FILE"))
    var data: String?

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("Request metadata, 'key: value' (repeatable); a key ending in -bin takes base64.", valueName: "KEY: VALUE"))
    var headers: [String] = []

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print fields that hold their default value (0, \"\", false, [], {}) too.")
    var emitDefaults = false

    @Flag(help: "Print the .proto field names (snake_case) rather than the JSON names (lowerCamelCase).")
    var protoNames = false

    @Flag(name: [.short, .long], help: "Also print the method, response headers, trailers and status on standard error.")
    var verbose = false

    func metadata() throws -> Metadata {
        var md = Metadata()
        for h in headers {
            guard let colon = h.firstIndex(of: ":") else { throw ValidationError("-H \"\(h)\": expected 'key: value'") }
            let key = h[..<colon].trimmingCharacters().lowercased()
            let value = h[h.index(after: colon)...].trimmingCharacters()
            if key.hasSuffix("-bin") {
                guard let b = Base64.decode(value) else { throw ValidationError("-H \(key): a -bin value is base64") }
                md.add(key, bytes: b)
            } else {
                md.add(key, value)
            }
        }
        if let problem = md.validationError() { throw ValidationError(problem) }
        return md
    }

    func run() async throws {
        let md = try metadata()
        let client = try connection.client()
        let remote = try await RemoteMethod.resolve(method, client: client, address: connection.address, timeout: connection.timeout ?? 10)
        let kind = remote.info.kind
        let timeout = connection.timeout ?? (kind.serverStreams ? nil : 10)
        let printer = JSONPrinter(codec: remote.codec, type: remote.responseType,
                                  options: ProtoJSON.Options(emitDefaults: emitDefaults, useProtoNames: protoNames))
        if verbose { Terminal.write(Style.stderr.dim("calling \(remote.info.path) (\(kind.name), \(remote.requestType) -> \(remote.responseType)) on \(connection.address)") + "\n", fd: 2) }

        let requests = RequestSource(spec: data, kind: kind, codec: remote.codec, type: remote.requestType)
        let call: ClientCall
        let sender: Task<CLIError?, Never>
        if kind.clientStreams {
            call = client.makeCall(remote.info.path, kind: kind, options: CallOptions(timeout: timeout, metadata: md))
            sender = Task {
                do {
                    for try await bytes in requests.messages() {
                        do { try await call.send(bytes) } catch { return nil }   // the call ended: its status says why
                    }
                    call.closeSend()
                    return nil
                } catch let e as CLIError {
                    call.cancel()
                    return e
                } catch {
                    call.cancel()
                    return CLIError("\(error)")
                }
            }
        } else {
            let bytes = try await requests.single()
            call = client.makeCall(remote.info.path, kind: kind, options: CallOptions(timeout: timeout, metadata: md), firstMessage: bytes, endStream: true)
            sender = Task { nil }
        }
        var decodeError: CLIError?
        do {
            for try await m in call.responses {
                do { try printer.print(m) } catch {
                    decodeError = CLIError("cannot read the response as \(remote.responseType): \(error)", code: ExitStatus.call(.internal))
                    call.cancel()
                }
            }
        } catch {}
        if let inputError = await sender.value { throw inputError }
        if let decodeError { throw decodeError }
        let status = await call.status
        if verbose {
            let headers = await call.headers
            var text = ""
            for e in headers { text += "header \(e.key): \(Call.show(e))\n" }
            for e in status.trailers { text += "trailer \(e.key): \(Call.show(e))\n" }
            text += "status \(status.code.name)\(status.message.isEmpty ? "" : ": \(status.message)")\n"
            Terminal.write(Style.stderr.dim(text), fd: 2)
        }
        if let e = status.error { throw CLIError(e, timeout: timeout) }
    }

    static func show(_ e: MetadataEntry) -> String {
        e.key.hasSuffix("-bin") ? Base64.encode(e.value) : String(decoding: e.value, as: UTF8.self)
    }
}

/// Prints responses as JSON: indented with colour on a terminal, one line each otherwise.
struct JSONPrinter {
    let codec: ProtoJSON
    let type: String
    let options: ProtoJSON.Options
    let pretty = Terminal.stdoutIsTTY
    static let style: JSONStyle = {
        guard Style.stdout.enabled else { return .plain }
        var s = JSONStyle()
        s.key = ("\u{1B}[34m", "\u{1B}[0m")
        s.string = ("\u{1B}[32m", "\u{1B}[0m")
        s.number = ("\u{1B}[36m", "\u{1B}[0m")
        s.literal = ("\u{1B}[35m", "\u{1B}[0m")
        return s
    }()

    func print(_ bytes: [UInt8]) throws {
        let json = try codec.decode(bytes, as: type, options: options)
        // Written at once, so that each response of a stream shows as it comes, even through a pipe.
        Terminal.write(JSONWriter.write(json, indent: pretty ? 2 : 0, style: JSONPrinter.style) + "\n", fd: 1)
    }
}

/// The request messages of a call, from --data or standard input, encoded.
struct RequestSource: Sendable {
    let spec: String?
    let kind: MethodKind
    let codec: ProtoJSON
    let type: String

    private var origin: String { spec.map(DataInput.origin) ?? "standard input" }

    private func encode(_ v: JSONValue, number: Int?) throws -> [UInt8] {
        do { return try codec.encode(v, as: type) } catch {
            throw CLIError("\(number.map { "request \($0) " } ?? "the request ")(\(type)) from \(origin): \(error)",
                           hints: ["`newswire describe \(type)` shows its fields"])
        }
    }

    /// The one request of a unary or server-streaming call; {} when there is no --data.
    func single() async throws -> [UInt8] {
        guard let spec else { return try encode(.object([]), number: nil) }
        let values: [JSONValue]
        do { values = try JSONParser.parseSequence(try DataInput.bytes(spec)) } catch let e as JSONSyntaxError {
            throw CLIError("\(origin): \(e)")
        }
        guard values.count == 1 else {
            throw CLIError("a \(kind.name) method takes one request; \(origin) holds \(values.count) JSON values")
        }
        if case .array = values[0] { throw CLIError("a \(kind.name) method takes one request object; \(origin) holds an array") }
        return try encode(values[0], number: nil)
    }

    /// The requests of a client- or bidi-streaming call: every JSON value of --data (an array's items
    /// one by one), or of standard input as they arrive (one per line, or one after another).
    func messages() -> AsyncThrowingStream<[UInt8], any Error> {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        if let spec, spec != "@-" {
            do {
                var n = 0
                for v in try JSONParser.parseSequence(try DataInput.bytes(spec)) {
                    let items: [JSONValue]
                    if case .array(let a) = v { items = a } else { items = [v] }
                    for item in items { n += 1; continuation.yield(try encode(item, number: n)) }
                }
                continuation.finish()
            } catch let e as JSONSyntaxError {
                continuation.finish(throwing: CLIError("\(origin): \(e)"))
            } catch {
                continuation.finish(throwing: error)
            }
            return stream
        }
        // Standard input, read on a thread of its own so that each request goes as soon as its line is typed.
        if Terminal.stdinIsTTY { Terminal.write("reading requests from standard input, one JSON object each; end with Ctrl-D\n", fd: 2) }
        let source = self
        startThread(name: "newswire-stdin") {
            var buffer: [UInt8] = []
            var offset = 0, n = 0
            var chunk = [UInt8](repeating: 0, count: 65536)
            var eof = false
            while true {
                // Every complete value in the buffer.
                while true {
                    do {
                        guard let (v, end) = try JSONParser.next(in: buffer, from: offset) else { break }
                        offset = end
                        let items: [JSONValue]
                        if case .array(let a) = v { items = a } else { items = [v] }
                        for item in items { n += 1; continuation.yield(try source.encode(item, number: n)) }
                    } catch let e as JSONSyntaxError where e.atEnd && !eof {
                        break   // wait for more input
                    } catch let e as JSONSyntaxError {
                        continuation.finish(throwing: CLIError("standard input: \(e)"))
                        return
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                }
                if eof { continuation.finish(); return }
                if offset > 65536 { buffer.removeFirst(offset); offset = 0 }
                let got = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { eof = true } else { buffer += chunk[0..<got] }
            }
        }
        return stream
    }
}

struct Describe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What the server serves: every method; or one service, method, message or enum as .proto.",
        discussion: """
        Examples:
          newswire describe
          newswire describe newswire.analysis.v1.Analysis
          newswire describe /newswire.examples.readability.v1.Readability/Stats
          newswire describe newswire.analysis.v1.Document
        """)

    @Argument(help: ArgumentHelp("A fully qualified service, method, message or enum name; none for every method.", valueName: "SYMBOL"))
    var symbol: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let client = try connection.client()
        let timeout = connection.timeout ?? 10
        let style = Style.stdout
        guard let symbol else {
            let r: ListServicesResponse
            do {
                r = try await client.unary("/newswire.reflection.v1.ServerReflection/ListServices", ListServicesRequest(),
                                           options: CallOptions(timeout: timeout))
            } catch { throw CLIError(error, timeout: timeout) }
            for s in r.services {
                print(style.bold(s.name) + style.dim("  (\(s.provider))"))
                for m in s.methods { print("  \(m.path)  \(m.kind.name)  \(m.requestType) -> \(m.responseType)") }
            }
            return
        }
        // A method path names a method: "pkg.Service.Method".
        var name = symbol
        if name.contains("/") { name = String(RemoteMethod.normalize(name).dropFirst()).replacingSlash() }
        let files: FileDescriptorResponse
        do {
            files = try await client.unary("/newswire.reflection.v1.ServerReflection/FileContainingSymbol", FileContainingSymbolRequest(symbol: name),
                                           options: CallOptions(timeout: timeout))
        } catch { throw CLIError(error, timeout: timeout) }
        let pool: SchemaPool
        do { pool = try SchemaPool(serializedFiles: files.fileDescriptorProtos) } catch {
            throw CLIError("the server sent a schema that does not decode: \(error)", code: ExitStatus.call(.internal))
        }
        print(ProtoText(pool: pool, style: style).describe(name), terminator: "")
    }
}

extension String {
    /// "pkg.Service/Method" -> "pkg.Service.Method".
    func replacingSlash() -> String { String(map { $0 == "/" ? "." : $0 }) }
}

/// Schemas written back as .proto text, with each field's JSON name.
struct ProtoText {
    let pool: SchemaPool
    let style: Style

    func describe(_ symbol: String) -> String {
        guard let file = pool.file(containing: symbol) else { return "\(symbol): not in the schema the server sent" }
        var out = style.dim("// \(file.name)") + "\n"
        if let s = pool.service(symbol) {
            out += service(s)
            return out
        }
        if let dot = symbol.lastIndex(of: "."), let s = pool.service(String(symbol[..<dot])),
           let m = s.methods.first(where: { $0.name == symbol[symbol.index(after: dot)...] }) {
            out += "\(style.bold("rpc")) \(m.name)(\(m.clientStreaming ? "stream " : "")\(m.inputType)) returns (\(m.serverStreaming ? "stream " : "")\(m.outputType));\n"
            for t in [m.inputType, m.outputType] where pool.message(t) != nil {
                out += "\n" + messageWithTypes(pool.message(t)!)
                if m.inputType == m.outputType { break }
            }
            return out
        }
        if let m = pool.message(symbol) { return out + messageWithTypes(m) }
        if let e = pool.enumType(symbol) { return out + enumText(e, indent: "") }
        return "\(symbol): not in the schema the server sent"
    }

    func service(_ s: ServiceDescriptor) -> String {
        var out = "\(style.bold("service")) \(s.fullName) {\n"
        for m in s.methods {
            out += "  rpc \(m.name)(\(m.clientStreaming ? "stream " : "")\(m.inputType)) returns (\(m.serverStreaming ? "stream " : "")\(m.outputType));\n"
        }
        return out + "}\n"
    }

    func typeName(_ f: FieldDescriptor) -> String {
        if f.type == .message, let e = pool.message(f.typeName), e.isMapEntry, let k = e.field(number: 1), let v = e.field(number: 2) {
            return "map<\(typeName(k)), \(typeName(v))>"
        }
        switch f.type {
        case .message, .enum, .group: return f.typeName
        default: return f.type.protoName
        }
    }

    func message(_ m: MessageDescriptor, indent: String) -> String {
        var out = "\(indent)\(style.bold("message")) \(indent.isEmpty ? m.fullName : m.name) {\n"
        var oneofOpen: Int?
        for f in m.fields {
            let isMap = f.type == .message && (pool.message(f.typeName)?.isMapEntry ?? false)
            if let o = f.oneofIndex, !f.proto3Optional {
                if oneofOpen != o {
                    if oneofOpen != nil { out += "\(indent)  }\n" }
                    out += "\(indent)  oneof \(m.oneofs[o].name) {\n"
                    oneofOpen = o
                }
            } else if oneofOpen != nil {
                out += "\(indent)  }\n"
                oneofOpen = nil
            }
            let pad = oneofOpen != nil ? "    " : "  "
            let label = isMap ? "" : f.isRepeated ? "repeated " : f.proto3Optional ? "optional " : (m.syntax == "proto2" && f.label == .required) ? "required " : ""
            let json = f.jsonName != f.name ? style.dim("  // JSON: \(f.jsonName)") : ""
            out += "\(indent)\(pad)\(label)\(typeName(f)) \(f.name) = \(f.number);\(json)\n"
        }
        if oneofOpen != nil { out += "\(indent)  }\n" }
        // Nested types (map entries left out: they show as map<K, V>).
        let prefix = m.fullName + "."
        for nested in pool.messages.values.filter({ $0.fullName.hasPrefix(prefix) && !$0.fullName.dropFirst(prefix.count).contains(".") && !$0.isMapEntry })
            .sorted(by: { $0.fullName < $1.fullName }) {
            out += message(nested, indent: indent + "  ")
        }
        for e in pool.enums.values.filter({ $0.fullName.hasPrefix(prefix) && !$0.fullName.dropFirst(prefix.count).contains(".") })
            .sorted(by: { $0.fullName < $1.fullName }) {
            out += enumText(e, indent: indent + "  ")
        }
        return out + "\(indent)}\n"
    }

    /// A message, then every message and enum its fields use (directly or not) that is not nested in it.
    func messageWithTypes(_ root: MessageDescriptor) -> String {
        var out = message(root, indent: "")
        var seen: Set<String> = [root.fullName], queue = [root]
        while !queue.isEmpty {
            let m = queue.removeFirst()
            for f in m.fields where (f.type == .message || f.type == .enum) && !seen.contains(f.typeName) {
                seen.insert(f.typeName)
                if let sub = pool.message(f.typeName) {
                    queue.append(sub)
                    if !sub.isMapEntry && !f.typeName.hasPrefix(root.fullName + ".") { out += "\n" + message(sub, indent: "") }
                } else if let e = pool.enumType(f.typeName), !f.typeName.hasPrefix(root.fullName + ".") {
                    out += "\n" + enumText(e, indent: "")
                }
            }
        }
        return out
    }

    func enumText(_ e: EnumDescriptor, indent: String) -> String {
        var out = "\(indent)\(style.bold("enum")) \(indent.isEmpty ? e.fullName : e.name) {\n"
        for v in e.values { out += "\(indent)  \(v.name) = \(v.number);\n" }
        return out + "\(indent)}\n"
    }
}
