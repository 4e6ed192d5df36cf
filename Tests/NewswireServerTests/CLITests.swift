// The `newswire` binary, run as a real process against a real server with the
// real plugins: output (text and --json), stdin, exit codes, error texts.
import XCTest
import NewswireClient
import NewswireSchema
import NewswireInterop
@testable import NewswireServer
#if canImport(Glibc)
import Glibc
#endif

final class CLITests: XCTestCase {
    static let binary = productsDirectory() + "/newswire"
    static let pluginDir = makeTempDirectory()
    static let fixture = try! buildFixtureWithSchemas("fixture", in: pluginDir, defines: ["FIXTURE_NAME=\"fixture\""])
    static let examples = ["sentiment", "readability", "wordcount"].map { productsDirectory() + "/libnewswire-\($0).so" }

    /// One server for the class: the example and sentiment plugins, and the fixture with its schema.
    nonisolated(unsafe) static let server: TestServer = {
        var o = PluginOptions()
        o.paths = examples + [fixture]
        o.dataDirectory = pluginDir + "/data"
        return try! TestServer(plugins: try! PluginSet.load(o, logger: quietLogger))
    }()
    var address: String { "127.0.0.1:\(CLITests.server.port)" }

    override func setUpWithError() throws {
        try XCTSkipUnless(access(CLITests.binary, X_OK) == 0, "\(CLITests.binary) not built")
        for so in CLITests.examples { try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built") }
    }

    /// Runs `newswire ARGS --server ADDRESS` (unless the arguments name a server already).
    func cli(_ args: [String], stdin: String = "", env: [String: String] = [:], tty: Bool = false, server: Bool = true) -> ProcessResult {
        let withServer = server && !args.contains("--server") ? args + ["--server", address] : args
        return runProcess(CLITests.binary, withServer, stdin: Array(stdin.utf8), env: env, tty: tty)
    }

    func json(_ line: String, file: StaticString = #filePath, line l: UInt = #line) -> JSONValue {
        do { return try JSONParser.parse(line) } catch { XCTFail("not JSON: \(line): \(error)", file: file, line: l); return .null }
    }

    let articles = repoRoot + "Tests/Fixtures/articles"

    // MARK: No server

    func testNoServerSaysWhatToDo() throws {
        // A port nobody listens on: bound, then closed.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        close(fd)
        let expected = "error: UNAVAILABLE: cannot connect to 127.0.0.1:\(port): connection refused — is newswired running? Start it with: newswired --listen 127.0.0.1:\(port)\n"
        for args in [["health"], ["analyze", articles], ["call", "/newswire.health.v1.Health/Check"], ["plugins", "--json"], ["describe"]] {
            let r = cli(args + ["--server", "127.0.0.1:\(port)"])
            XCTAssertEqual(r.status, 24, "\(args)")
            XCTAssertEqual(r.stderr, expected, "\(args)")
            XCTAssertEqual(r.stdout, "", "\(args)")
        }
        // NEWSWIRE_SERVER is the default address.
        let env = cli(["health"], env: ["NEWSWIRE_SERVER": "127.0.0.1:\(port)"], server: false)
        XCTAssertEqual(env.status, 24)
        XCTAssertEqual(env.stderr, expected)
        // A Unix socket that is not there.
        let unix = cli(["health", "--server", "unix:/tmp/newswire-nobody-\(getpid()).sock"])
        XCTAssertEqual(unix.status, 24)
        XCTAssertTrue(unix.stderr.contains("is newswired running? Start it with: newswired --listen unix:/tmp/newswire-nobody-"), unix.stderr)
        let bad = cli(["health", "--server", "nowhere"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "error: bad server address \"nowhere\": expected HOST:PORT or unix:PATH (e.g. 127.0.0.1:7411, unix:/tmp/newswire.sock)\n")
    }

    // MARK: health, plugins, interop, describe

    func testHealth() {
        let r = cli(["health"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "\(address): SERVING\n")
        let j = cli(["health", "--json", "--service", "newswire.analysis.v1.Analysis"])
        XCTAssertEqual(j.status, 0)
        XCTAssertEqual(json(j.lines[0]), .object([JSONMember("server", .string(address)), JSONMember("service", .string("newswire.analysis.v1.Analysis")),
                                                  JSONMember("status", .string("SERVING"))]))
        let unknown = cli(["health", "--service", "nope"])
        XCTAssertEqual(unknown.status, 15)   // NOT_FOUND
        XCTAssertEqual(unknown.stderr, "error: NOT_FOUND: unknown service \"nope\"\n")
    }

    func testPlugins() {
        let r = cli(["plugins"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("readability 1.0.0  (ABI 1.1)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  schema: readability.proto\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  schema: newswire/sentiment/v1/sentiment.proto\n"), r.stdout)
        let j = cli(["plugins", "--json"])
        XCTAssertEqual(j.lines.count, 4)
        let fixture = j.lines.map { json($0) }.first { $0["name"] == .string("fixture") }
        XCTAssertEqual(fixture?["abi"], .string("1.3"))
        XCTAssertEqual(fixture?["schemas"], .array([.string("fixture.proto")]))
    }

    func testInterop() {
        let r = cli(["interop", "--case", "empty_unary", "--case", "server_streaming", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.lines.map { json($0)["passed"] }, [.bool(true), .bool(true)])
        let unknown = cli(["interop", "--case", "empty_unray"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown case \"empty_unray\"; did you mean empty_unary?"), unknown.stderr)
    }

    func testDescribe() {
        let all = cli(["describe"])
        XCTAssertEqual(all.status, 0)
        XCTAssertTrue(all.stdout.contains("  /fixture.v1.Fixture/EchoStream  server-streaming  fixture.v1.Bytes -> fixture.v1.Bytes\n"), all.stdout)
        let doc = cli(["describe", "newswire.analysis.v1.Document"])
        XCTAssertEqual(doc.status, 0)
        XCTAssertTrue(doc.stdout.hasPrefix("// newswire/analysis/v1/analysis.proto\nmessage newswire.analysis.v1.Document {\n  string id = 1;\n"), doc.stdout)
        XCTAssertTrue(doc.stdout.contains("  int64 published_unix_ms = 6;  // JSON: publishedUnixMs\n"), doc.stdout)
        let method = cli(["describe", "/fixture.v1.Fixture/Merge"])
        XCTAssertTrue(method.stdout.contains("rpc Merge(stream fixture.v1.Bytes) returns (fixture.v1.Bytes);\n"), method.stdout)
        XCTAssertTrue(method.stdout.contains("  map<string, fixture.v1.Bytes> children = 19;\n"), method.stdout)
        XCTAssertTrue(method.stdout.contains("  oneof either {\n    string left = 21;\n    int32 right = 22;\n  }\n"), method.stdout)
        XCTAssertTrue(method.stdout.contains("enum fixture.v1.Mood {\n  MOOD_UNSPECIFIED = 0;"), method.stdout)
        let missing = cli(["describe", "nope.v1.Nope"])
        XCTAssertEqual(missing.status, 15)
        XCTAssertEqual(missing.stderr, "error: NOT_FOUND: no schema defines nope.v1.Nope\n")
    }

    // MARK: analyze and sentiment

    func testAnalyzeText() {
        let r = cli(["analyze", "--only", "sentiment", articles + "/library-reopens.txt"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(r.stdout.hasPrefix("== \(articles)/library-reopens.txt: Old library reopens with a rooftop garden\nsentiment "), r.stdout)
        XCTAssertTrue(r.stdout.contains("  how it treats who it names:\n"))
        XCTAssertTrue(r.stdout.contains("Priya Nair (person, Head librarian), 1 sentence\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("    +██████···· +0.59  Head librarian Priya Nair said the response had been amazing.\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        // `sentiment` is analyze --only sentiment.
        let s = cli(["sentiment", articles + "/library-reopens.txt"])
        XCTAssertEqual(s.stdout, r.stdout)
    }

    func testAnalyzeJSON() {
        let r = cli(["analyze", "--json", articles])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.lines.count, 4)
        for (i, line) in r.lines.prefix(3).enumerated() {
            guard case .object(let members) = json(line) else { return XCTFail(line) }
            XCTAssertEqual(members.map(\.key), ["id", "index", "title", "sentiment", "extensions", "errors"])
            XCTAssertEqual(members[1].value, .number(i))
            XCTAssertEqual(json(line)["sentiment"]?["document"].map { if case .object(let m) = $0 { m.map(\.key) } else { [] } },
                           ["compound", "positive", "negative", "neutral"])
            guard case .array(let extensions) = json(line)["extensions"] else { return XCTFail(line) }
            XCTAssertEqual(extensions.map { $0["analyzer"] }, [.string("fixture")])
            XCTAssertEqual(extensions.map { $0["type"] }, [.string("fixture.v1.Size")])
        }
        XCTAssertEqual(json(r.lines[2])["id"], .string(articles + "/library-reopens.txt"))
        // The fixture's batch step reports across the batch: one more line.
        XCTAssertEqual(r.lines[3], #"{"batch":{"extensions":[{"analyzer":"fixture","type":"fixture.v1.BatchCounts","bytes":5}]}}"#)
    }

    func testAnalyzeStdinAndJSONDocuments() {
        let text = cli(["analyze", "--only", "sentiment", "--json"], stdin: "A wonderful day.\nEverything went well.\n")
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(json(text.lines[0])["id"], .string("stdin"))
        XCTAssertEqual(json(text.lines[0])["title"], .string("A wonderful day."))
        let docs = """
            {"id": "a", "title": "Good", "text": "Great, lovely news.", "metadata": {"source": "Example Daily", "publishedUnixMs": "1700000000000"}}
            {"id": "b", "text": "Terrible, awful news.", "language": "en"}
            """
        let r = cli(["sentiment", "--json", "-"], stdin: docs)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.lines.map { json($0)["id"] }, [.string("a"), .string("b")])
        let good = json(r.lines[0])["sentiment"]?["document"]?["compound"], bad = json(r.lines[1])["sentiment"]?["document"]?["compound"]
        if case .number(let g) = good, case .number(let b) = bad { XCTAssertGreaterThan(Double(g)!, 0); XCTAssertLessThan(Double(b)!, 0) } else { XCTFail("\(r.stdout)") }
        let typo = cli(["analyze", "-"], stdin: #"{"titel": "x", "text": "y"}"#)
        XCTAssertEqual(typo.status, 2)
        XCTAssertEqual(typo.stderr, "error: stdin: unknown field \"titel\" in newswire.analysis.v1.Document; did you mean \"title\"? (its fields are: id, title, text, source, url, publishedUnixMs, language)\n")
    }

    func testDirectoriesOfMixedFiles() throws {
        let d = makeTempDirectory()
        try writeFile(d + "/a.txt", "Plain text.\nWith two lines.")
        try writeFile(d + "/sub/b.md", "# A heading\n\nBody text.")
        try writeFile(d + "/sub/c.json", #"[{"id": "c1", "text": "One."}, {"text": "Two."}]"#)
        try writeFile(d + "/sub/ignored.csv", "x,y")
        try writeFile(d + "/.hidden.txt", "hidden")
        let r = cli(["analyze", "--only", "sentiment", "--json", d])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.lines.map { json($0)["id"] }, [.string(d + "/a.txt"), .string(d + "/sub/b.md"), .string("c1"), .string(d + "/sub/c.json#2")])
        XCTAssertEqual(json(r.lines[1])["title"], .string("A heading"))
        let empty = makeTempDirectory()
        let none = cli(["analyze", empty])
        XCTAssertEqual(none.status, 2)
        XCTAssertEqual(none.stderr, "error: no articles in \(empty)\n  a directory's articles are its .txt, .md, .json, .jsonl, .ndjson files, in it or below\n")
        let missing = cli(["analyze", d + "/nope.txt"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "error: cannot read \(d)/nope.txt: No such file or directory\n")
    }

    /// More than 64 articles go through AnalyzeStream, answered in order; so do those with --stream.
    func testLargeBatchesStream() throws {
        let d = makeTempDirectory()
        for i in 0..<70 { try writeFile(d + "/" + String(format3(i)) + ".txt", "Article \(i). It was a good day.") }
        let r = cli(["analyze", "--only", "sentiment", "--json", d])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.lines.count, 70)
        XCTAssertEqual(r.lines.map { json($0)["index"] }, (0..<70).map { .number($0) })
        XCTAssertEqual(json(r.lines[69])["id"], .string(d + "/069.txt"))
        let streamed = cli(["analyze", "--only", "sentiment", "--stream", articles])
        let batch = cli(["analyze", "--only", "sentiment", articles])
        XCTAssertEqual(streamed.stdout, batch.stdout)
    }

    func testAnalyzerFailuresAndOversizedArticles() throws {
        let d = makeTempDirectory()
        try writeFile(d + "/fail.txt", "This one says FAIL to the fixture.")
        try writeFile(d + "/ok.txt", "A fine article.")
        try writeFile(d + "/big.txt", String(repeating: "Words and more words. ", count: 200))
        let r = cli(["analyze", "--json", d])
        XCTAssertEqual(r.status, 1)   // an analyzer failed on a document
        let failed = r.lines.map { json($0) }.first { $0["id"] == .string(d + "/fail.txt") }
        XCTAssertEqual(failed?["errors"], .array([.object([JSONMember("analyzer", .string("fixture")), JSONMember("code", .string("INVALID_ARGUMENT")),
                                                           JSONMember("message", .string("the document asked to fail"))])]))
        let text = cli(["analyze", d + "/fail.txt"])
        XCTAssertTrue(text.stdout.contains("error from fixture: INVALID_ARGUMENT: the document asked to fail\n"), text.stdout)
        // Too long for the limit given: reported, not sent; the others are analysed.
        let big = cli(["analyze", "--only", "sentiment", "--max-message-size", "2000", d])
        XCTAssertEqual(big.status, 1)
        XCTAssertTrue(big.stdout.contains("error from the server: RESOURCE_EXHAUSTED: \(d)/big.txt is too large for the server's 2.0 KiB limit ("), big.stdout)
        XCTAssertTrue(big.stdout.contains(" as a request): split it, or raise newswired --max-message-size and pass the same --max-message-size here\n"), big.stdout)
        XCTAssertTrue(big.stdout.contains("== \(d)/ok.txt: A fine article.\n"), big.stdout)
    }

    // MARK: call

    func testCallUnaryEveryFieldKind() {
        let request = #"{"text":"Zoë","data":"AP8=","i32":-7,"i64":"-9007199254740993","u32":4294967295,"u64":"18446744073709551615","s32":-2,"s64":"-3","f32":4,"f64":"5","sf32":-6,"sf64":"-7","real32":0.5,"real64":-1e-09,"flag":true,"mood":"CROSS","tags":["a","b"],"numbers":["1","-2"],"children":{"x":{"text":"child"}},"next":{"next":{"i32":1}},"right":3}"#
        let r = cli(["call", "/fixture.v1.Fixture/Echo", "--data", request])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, request + "\n")
        // From a file, with the other spellings of the method, .proto field names and defaults printed.
        let f = makeTempDirectory() + "/req.json"
        try? writeFile(f, #"{"i32": 5, "tags": []}"#)
        let fromFile = cli(["call", "fixture.v1.Fixture.Echo", "--data", "@" + f, "--proto-names", "--emit-defaults"])
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        XCTAssertTrue(fromFile.stdout.hasPrefix(#"{"text":"","data":"","i32":5,"i64":"0","#), fromFile.stdout)
        XCTAssertTrue(fromFile.stdout.contains(#""mood":"MOOD_UNSPECIFIED","tags":[],"numbers":[],"children":{}}"#), fromFile.stdout)
        // The C example plugin, with no code generated for it.
        let stats = cli(["call", "/newswire.examples.readability.v1.Readability/Stats", "--data", #"{"text": "One short sentence. And another one."}"#])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        XCTAssertEqual(json(stats.lines[0])["words"], .number(6))
        XCTAssertEqual(json(stats.lines[0])["complexWords"], .number(1))
    }

    func testCallStreams() {
        // Server streaming: one line per response.
        let stream = cli(["call", "/fixture.v1.Fixture/EchoStream", "--data", #"{"text": "x"}"#])
        XCTAssertEqual(stream.status, 0, stream.stderr)
        XCTAssertEqual(stream.stdout, String(repeating: "{\"text\":\"x\"}\n", count: 3))
        // Client streaming from stdin (NDJSON): the fixture merges the requests.
        let merge = cli(["call", "/fixture.v1.Fixture/Merge"], stdin: "{\"text\":\"a\",\"tags\":[\"x\"]}\n{\"i32\":2,\"tags\":[\"y\"]}\n")
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertEqual(merge.stdout, "{\"text\":\"a\",\"i32\":2,\"tags\":[\"x\",\"y\"]}\n")
        // Bidi from --data: an array is one request per item; pretty-printed objects one after another work too.
        let chat = cli(["call", "/fixture.v1.Fixture/EchoChat", "--data", #"[{"i32": 1}, {"i32": 2}]"#])
        XCTAssertEqual(chat.stdout, "{\"i32\":1}\n{\"i32\":2}\n")
        let pretty = cli(["call", "/fixture.v1.Fixture/EchoChat"], stdin: "{\n  \"i32\": 1\n}\n{\n  \"left\": \"l\"\n}\n")
        XCTAssertEqual(pretty.stdout, "{\"i32\":1}\n{\"left\":\"l\"}\n")
        // The example plugins' streaming methods.
        let count = cli(["call", "/newswire.examples.wordcount.v1.WordCount/CountAll"], stdin: "{\"text\":\"a b a\"}\n{\"text\":\"c\"}\n")
        XCTAssertEqual(count.stdout, "{\"words\":4,\"uniqueWords\":3,\"topWord\":\"a\",\"topCount\":2}\n")
        let statsStream = cli(["call", "/newswire.examples.readability.v1.Readability/StatsStream"], stdin: "{\"text\":\"One.\"}\n{\"text\":\"Two. Three.\"}\n")
        XCTAssertEqual(statsStream.lines.map { json($0)["sentences"] }, [.number(1), .number(2)])
        // A bad request in the middle of a stream stops it with a usage error.
        let bad = cli(["call", "/fixture.v1.Fixture/EchoChat"], stdin: "{\"i32\":1}\n{\"i32\":\"x\"}\n")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("error: request 2 (fixture.v1.Bytes) from standard input: i32: \"x\" is not a number (int32)\n"), bad.stderr)
    }

    func testCallErrors() {
        let typo = cli(["call", "/fixture.v1.Fixture/Ecko"])
        XCTAssertEqual(typo.status, 22)   // UNIMPLEMENTED, as the server would say
        XCTAssertTrue(typo.stderr.hasPrefix("error: no method Ecko in fixture.v1.Fixture on \(address)\n  did you mean /fixture.v1.Fixture/Echo?\n  fixture.v1.Fixture has:\n"), typo.stderr)
        let service = cli(["call", "/newswire.helth.v1.Health/Check"])
        XCTAssertEqual(service.status, 22)
        XCTAssertTrue(service.stderr.contains("did you mean /newswire.health.v1.Health/Check?\n  these exist:\n"), service.stderr)
        let field = cli(["call", "/newswire.examples.readability.v1.Readability/Stats", "--data", #"{"txt": "x"}"#])
        XCTAssertEqual(field.status, 2)
        XCTAssertEqual(field.stderr, "error: the request (newswire.examples.readability.v1.StatsRequest) from --data: unknown field \"txt\" in newswire.examples.readability.v1.StatsRequest; did you mean \"text\"? (its fields are: text)\n  `newswire describe newswire.examples.readability.v1.StatsRequest` shows its fields\n")
        let syntax = cli(["call", "/newswire.health.v1.Health/Check", "--data", "{\"service\": }"])
        XCTAssertEqual(syntax.status, 2)
        XCTAssertEqual(syntax.stderr, "error: --data: invalid JSON at line 1, column 13: expected a value, got '}'\n")
        let notFound = cli(["call", "/newswire.health.v1.Health/Check", "--data", #"{"service": "nope"}"#])
        XCTAssertEqual(notFound.status, 15)
        XCTAssertEqual(notFound.stderr, "error: NOT_FOUND: unknown service \"nope\"\n")
        let deadline = cli(["call", "/newswire.testing.v1.TestService/StreamingOutputCall", "--timeout", "0.2",
                            "--data", #"{"responseParameters": [{"size": 1, "intervalUs": 5000000}]}"#])
        XCTAssertEqual(deadline.status, 14)
        XCTAssertTrue(deadline.stderr.hasPrefix("error: DEADLINE_EXCEEDED: "), deadline.stderr)
        XCTAssertTrue(deadline.stderr.hasSuffix("  the call took longer than its deadline of 0.2 s; allow more with --timeout SECONDS\n"), deadline.stderr)
        let twoRequests = cli(["call", "/newswire.health.v1.Health/Check", "--data", "{} {}"])
        XCTAssertEqual(twoRequests.status, 2)
        XCTAssertEqual(twoRequests.stderr, "error: a unary method takes one request; --data holds 2 JSON values\n")
    }

    /// A plugin that ships no schema: reflection says so, and `call` passes that on.
    func testCallWithoutSchema() throws {
        var o = PluginOptions()
        o.paths = [PluginTests.good]
        o.dataDirectory = CLITests.pluginDir + "/data2"
        let s = try TestServer(plugins: try PluginSet.load(o, logger: quietLogger))
        defer { s.stop() }
        let r = cli(["call", "/fixture.v1.Fixture/Echo", "--server", "127.0.0.1:\(s.port)"])
        XCTAssertEqual(r.status, 15)
        XCTAssertEqual(r.stderr, "error: cannot get the schema of fixture.v1.Fixture: NOT_FOUND: no schema for fixture.v1.Fixture: plugin fixture ships none (the descriptor_set of plugin ABI 1.1; see docs/PLUGINS.md)\n")
        // Its analyzer method's messages are the server's own, so that one can be called all the same.
        let analyze = cli(["call", "/fixture.v1.Fixture/Analyze", "--server", "127.0.0.1:\(s.port)", "--data", #"{"document": {"text": "hello"}}"#])
        XCTAssertEqual(analyze.status, 0, analyze.stderr)
        XCTAssertEqual(analyze.stdout, #"{"extensions":[{"analyzer":"fixture","type":"fixture.v1.Size","value":"OQ=="}]}"# + "\n")   // "9": the request's size
    }

    func testCallMetadataAndVerbose() {
        let r = cli(["call", "/newswire.testing.v1.TestService/UnaryCall", "-H", "x-newswire-test-echo-initial: hello", "-v", "--data", #"{"responseSize": 2}"#])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "{\"payload\":{\"body\":\"AAA=\"}}\n")
        XCTAssertTrue(r.stderr.contains("header x-newswire-test-echo-initial: hello\n"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("status OK\n"), r.stderr)
        let badKey = cli(["call", "/newswire.health.v1.Health/Check", "-H", "Bad Key: x"])
        XCTAssertEqual(badKey.status, 2)
    }

    // MARK: Terminal behaviour, usage, help

    func testColourAndProgressOnlyOnATerminal() throws {
        let d = makeTempDirectory()
        for i in 0..<6 { try writeFile(d + "/\(i).txt", "A good day number \(i).") }
        let tty = cli(["analyze", "--only", "sentiment", d], tty: true)
        XCTAssertEqual(tty.status, 0)
        XCTAssertTrue(tty.stdout.contains("\u{1B}[1m== "), "bold headers on a terminal")
        XCTAssertTrue(tty.stdout.contains("\u{1B}[32m"), "green scores on a terminal")
        XCTAssertTrue(tty.stdout.contains("reading ") || tty.stdout.contains("analysing "), "a progress bar for more than a few files")
        let noColour = cli(["analyze", "--only", "sentiment", d], env: ["NO_COLOR": "1"], tty: true)
        XCTAssertFalse(noColour.stdout.contains("\u{1B}[32m"))
        let piped = cli(["analyze", "--only", "sentiment", d])
        XCTAssertFalse(piped.stdout.contains("\u{1B}"))
        XCTAssertEqual(piped.stderr, "")
        // `call` indents JSON on a terminal.
        let call = cli(["call", "/fixture.v1.Fixture/Echo", "--data", #"{"i32": 1}"#], tty: true)
        XCTAssertTrue(call.stdout.contains("{\r\n  \u{1B}[34m\"i32\"\u{1B}[0m: \u{1B}[36m1\u{1B}[0m\r\n}"), call.stdout.debugDescription)
    }

    /// --keepalive: a server that accepted the connection and then went silent is given up
    /// (UNAVAILABLE, exit 24) once a PING goes unanswered; without it, the
    /// reflection call waits for its 10 s deadline (exit 14).
    func testCallKeepaliveGivesUpOnASilentServer() throws {
        let peer = try SilentPeer()
        defer { peer.stop() }
        let r = cli(["call", "/newswire.health.v1.Health/Watch", "--server", "\(peer.address)",
                     "--keepalive", "0.2", "--keepalive-timeout", "0.3"])
        XCTAssertEqual(r.status, 24, r.stderr)
        XCTAssertTrue(r.stderr.contains("UNAVAILABLE: connection to \(peer.address) closed: keepalive ping not answered within 0.3 s"), r.stderr)
        XCTAssertEqual(peer.frames(0).filter { $0.type == .ping }.map(\.payload.last), [1])
    }

    func testUsageErrorsExit2() {
        for args in [["analyze", "--bogus"], ["call"], ["health", "--timeout", "x"], ["health", "--timeout", "0"], ["nope"],
                     ["call", "/a.B/C", "--keepalive", "0"], ["describe", "--keepalive-timeout", "-1"]] {
            let r = cli(args, server: false)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("Usage:") || r.stderr.contains("Error:"), "\(args): \(r.stderr)")
        }
    }

    /// Every command's --help has examples.
    func testEveryCommandHasHelpWithExamples() {
        let root = cli(["--help"], server: false)
        XCTAssertEqual(root.status, 0)
        XCTAssertTrue(root.stdout.contains("Examples:"))
        let section = root.stdout.components(after: "SUBCOMMANDS:")
        let commands = section.split(separator: "\n").compactMap { line -> String? in
            let t = line.drop { $0 == " " }
            guard line.hasPrefix("  ") && !line.hasPrefix("   "), let w = t.split(separator: " ").first, !w.hasPrefix("See") else { return nil }
            return String(w)
        }
        XCTAssertTrue(commands.contains("call") && commands.contains("analyze") && commands.contains("describe"), "\(commands)")
        for c in commands where c != "help" {
            let h = cli([c, "--help"], server: false)
            XCTAssertEqual(h.status, 0, c)
            XCTAssertTrue(h.stdout.contains("Examples:"), "newswire \(c) --help has no examples")
        }
    }

    func writeFile(_ path: String, _ text: String) throws {
        let dir = String(path[..<path.lastIndex(of: "/")!])
        _ = PluginLoader.makeDirectories(dir)
        guard let f = fopen(path, "w") else { throw InteropFailure("cannot write \(path)") }
        fputs(text, f)
        fclose(f)
    }

    func format3(_ i: Int) -> String { i < 10 ? "00\(i)" : i < 100 ? "0\(i)" : "\(i)" }
}

extension String {
    /// The text after the first occurrence of `marker`, or "".
    func components(after marker: String) -> String {
        guard let r = firstRange(of: marker) else { return "" }
        return String(self[r.upperBound...])
    }
}
