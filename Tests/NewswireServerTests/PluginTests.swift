// Plugins as real .so files loaded with dlopen: the C example, and fixtures
// compiled here for each way a plugin can fail.
import XCTest
import Logging
import NewswireInterop
@testable import NewswireServer
#if canImport(Glibc)
import Glibc
#endif

/// Compiles Tests/Fixtures/plugins/fixture.c with the given defines into DIR/NAME.so.
func buildFixture(_ name: String, in dir: String, defines: [String] = [], include: String? = nil) throws -> String {
    let repo = String(#filePath.dropLast("Tests/NewswireServerTests/PluginTests.swift".count))
    let out = "\(dir)/\(name).so"
    let defs = defines.map { "'-D\($0)'" }.joined(separator: " ")
    let inc = include.map { " -I\($0)" } ?? ""
    let cmd = "cc -shared -fPIC -O1 -I\(repo)Sources/CNewswirePlugin/include\(inc) \(defs) \(repo)Tests/Fixtures/plugins/fixture.c -o \(out)"
    guard system(cmd) == 0 else { throw InteropFailure("cannot compile the fixture: \(cmd)") }
    return out
}

/// The directory holding the built products (the example plugins' .so files).
func productsDirectory() -> String {
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buf, buf.count - 1)
    let path = String(decoding: buf[0..<max(0, n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
}

func makeTempDirectory() -> String {
    var template = Array("/tmp/newswire-plugins-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

let fixturePath = "/fixture.v1.Fixture/"
let quietLogger: Logger = { var l = Logger(label: "plugin-test"); l.logLevel = .critical; return l }()

final class PluginTests: XCTestCase {
    /// Built once for the class: a temporary directory and the well-behaved fixture in it.
    static let dir = makeTempDirectory()
    static let good = try! buildFixture("good", in: dir, defines: ["FIXTURE_NAME=\"fixture\""])

    func options(_ paths: [String], config: String = "") throws -> PluginOptions {
        var o = PluginOptions()
        o.paths = paths
        o.dataDirectory = PluginTests.dir + "/data"
        o.config = try PluginConfigFile(text: config)
        return o
    }

    func serve(_ plugins: PluginSet) throws -> TestServer {
        try TestServer(plugins: plugins)
    }

    var fixture: String { fixturePath }

    // MARK: The C example

    func testReadabilityExampleAnswersThroughTheServer() async throws {
        let so = productsDirectory() + "/libnewswire-readability.so"
        try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
        let set = try PluginSet.load(try options([so], config: "[plugin.readability]\ncomplex_syllables = 3\n"), logger: quietLogger)
        XCTAssertEqual(set.plugins.map(\.name), ["readability"])
        let s = try serve(set)
        let c = s.client()
        let text = "The cat sat on the mat. It was a beautiful, sunny afternoon! Prices rose 2.5 percent"
        let r = try await c.unary("/newswire.examples.readability.v1.Readability/Stats", request: ProtoWriter().string(1, text).bytes)
        let stats = ProtoReader(r.message)
        XCTAssertEqual(stats.varint(1), 3, "sentences")     // "2.5" is a decimal, the last line has no stop
        XCTAssertEqual(stats.varint(2), 16, "words")
        XCTAssertEqual(stats.varint(5), 2, "complex words: beautiful, afternoon")
        XCTAssertGreaterThan(stats.double(8) ?? 0, 50)
        // Streaming through the ABI: one answer per text, in order.
        let call = c.makeCall("/newswire.examples.readability.v1.Readability/StatsStream", kind: .bidiStreaming)
        for t in ["One.", "One. Two.", "One. Two. Three."] { try await call.send(ProtoWriter().string(1, t).bytes) }
        call.closeSend()
        var sentences: [UInt64] = []
        for try await m in call.responses { sentences.append(ProtoReader(m).varint(1) ?? 0) }
        XCTAssertEqual(sentences, [1, 2, 3])
        let streamStatus = await call.status
        XCTAssertEqual(streamStatus.code, .ok)
        // A bad request gets the plugin's own status and message.
        do {
            _ = try await c.unary("/newswire.examples.readability.v1.Readability/Stats", request: [0xFF, 0xFF])
            XCTFail("expected INVALID_ARGUMENT")
        } catch {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertEqual(error.message, "request is not a valid StatsRequest")
        }
        c.close()
        s.waitForIdle()
        s.stop()
    }

    func testReadabilityRejectsBadConfig() throws {
        let so = productsDirectory() + "/libnewswire-readability.so"
        try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
        let set = try PluginSet.load(try options([so], config: "[plugin.readability]\ncolour = blue\n"), logger: quietLogger)
        XCTAssertTrue(set.plugins.isEmpty)
        XCTAssertEqual(set.failures.first?.path, so)
        XCTAssertEqual(set.failures.first?.reason, "create failed with INVALID_ARGUMENT: unknown config line \"colour=blue\"")
    }

    // MARK: The Swift example (NewswirePluginKit)

    func testWordCountSwiftExampleThroughTheServer() async throws {
        let so = productsDirectory() + "/libnewswire-wordcount.so"
        try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
        let set = try PluginSet.load(try options([so], config: "[plugin.wordcount]\nmin_length = 2\n"), logger: quietLogger)
        XCTAssertEqual(set.plugins.map(\.name), ["wordcount"])
        XCTAssertEqual(set.plugins.first?.services.first?.methods.map(\.kind), [.unary, .clientStreaming])
        let s = try serve(set)
        let c = s.client()
        let path = "/newswire.examples.wordcount.v1.WordCount/"
        let r = ProtoReader(try await c.unary(path + "Count", request: ProtoWriter().string(1, "The cat and the dog: the end. A b").bytes).message)
        XCTAssertEqual(r.varint(1), 7, "words of 2+ letters")
        XCTAssertEqual(r.varint(2), 5, "unique")
        XCTAssertEqual(r.string(3), "the")
        XCTAssertEqual(r.varint(4), 3)
        // Client streaming: per-call state across invocations.
        let call = c.makeCall(path + "CountAll", kind: .clientStreaming)
        for t in ["news wire", "wire news wire", "wire"] { try await call.send(ProtoWriter().string(1, t).bytes) }
        call.closeSend()
        var answers: [[UInt8]] = []
        for try await m in call.responses { answers.append(m) }
        XCTAssertEqual(answers.count, 1)
        let all = ProtoReader(answers[0])
        XCTAssertEqual(all.varint(1), 6)
        XCTAssertEqual(all.string(3), "wire")
        XCTAssertEqual(all.varint(4), 4)
        // A malformed request: the plugin's thrown PluginError reaches the client.
        do {
            _ = try await c.unary(path + "Count", request: [0x0A, 0x05, 0x41])
            XCTFail("expected INVALID_ARGUMENT")
        } catch {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertEqual(error.message, "request is not a valid CountRequest")
        }
        c.close()
        s.waitForIdle()
        s.stop()
    }

    func testWordCountRejectsBadConfig() throws {
        let so = productsDirectory() + "/libnewswire-wordcount.so"
        try XCTSkipUnless(access(so, F_OK) == 0, "\(so) not built")
        let set = try PluginSet.load(try options([so], config: "[plugin.wordcount]\nmin_length = 0\n"), logger: quietLogger)
        XCTAssertEqual(set.failures.first?.reason, "create failed with INVALID_ARGUMENT: unknown or bad setting min_length=0")
    }

    // MARK: Load failures

    func testEachLoadFailureIsClearAndTheOthersStillLoad() async throws {
        let d = PluginTests.dir
        let noEntry = try buildFixture("no-entry", in: d, defines: ["FIXTURE_NO_ENTRY", "FIXTURE_NAME=\"noentry\"", "FIXTURE_SERVICE=\"fixture.v1.A\""])
        let abi2 = try buildFixture("abi2", in: d, defines: ["FIXTURE_ABI_MAJOR=2", "FIXTURE_NAME=\"abi2\"", "FIXTURE_SERVICE=\"fixture.v1.B\""])
        let dupA = try buildFixture("dup-a", in: d, defines: ["FIXTURE_NAME=\"dupa\"", "FIXTURE_SERVICE=\"fixture.v1.Dup\""])
        let dupB = try buildFixture("dup-b", in: d, defines: ["FIXTURE_NAME=\"dupb\"", "FIXTURE_SERVICE=\"fixture.v1.Dup\""])
        let createFails = try buildFixture("create-fails", in: d, defines: ["FIXTURE_CREATE_FAILS", "FIXTURE_NAME=\"failing\"", "FIXTURE_SERVICE=\"fixture.v1.C\""])
        let garbage = d + "/garbage.so"
        let f = fopen(garbage, "w"); fputs("this is not an ELF file\n", f); fclose(f)

        let set = try PluginSet.load(try options([noEntry, abi2, dupA, dupB, createFails, garbage, PluginTests.good]), logger: quietLogger)
        XCTAssertEqual(set.plugins.map(\.name), ["dupa", "fixture"])
        let reasons = Dictionary(uniqueKeysWithValues: set.failures.map { ($0.path, $0.reason) })
        XCTAssertEqual(reasons[noEntry], "no newswire_plugin_entry symbol: not a Newswire plugin")
        XCTAssertEqual(reasons[abi2], "built for plugin ABI 2.3; this server speaks ABI 1.1")
        XCTAssertEqual(reasons[dupB], "serves fixture.v1.Dup, which plugin dupa (\(dupA)) already serves")
        XCTAssertEqual(reasons[createFails], "create failed with FAILED_PRECONDITION: missing api_key in the config")
        XCTAssertTrue(reasons[garbage]?.hasPrefix("cannot load the library: \(garbage):") ?? false, reasons[garbage] ?? "")
        XCTAssertEqual(set.failures.count, 5)

        // The server starts and serves what loaded, and lists the failures.
        let s = try serve(set)
        let c = s.client()
        let echo = try await c.unary(fixture + "Echo", request: Array("hi".utf8))
        XCTAssertEqual(echo.message, Array("hi".utf8))
        let listed: ListPluginsResponse = try await c.unary("/newswire.reflection.v1.ServerReflection/ListPlugins", ListPluginsRequest())
        XCTAssertEqual(listed.plugins.map(\.name), ["dupa", "fixture"])
        let fx = try XCTUnwrap(listed.plugins.first { $0.name == "fixture" })
        XCTAssertEqual(fx.path, PluginTests.good)
        XCTAssertEqual(fx.version, "0.1.0")
        XCTAssertEqual(fx.abiMajor, 1)
        XCTAssertEqual(fx.abiMinor, 3)
        XCTAssertEqual(fx.services.first?.methods.first { $0.name == "Chat" }?.kind, .bidiStreaming)
        XCTAssertEqual(Set(listed.failures.map(\.path)), Set([noEntry, abi2, dupB, createFails, garbage]))
        let services: ListServicesResponse = try await c.unary("/newswire.reflection.v1.ServerReflection/ListServices", ListServicesRequest())
        XCTAssertEqual(services.services.first { $0.name == "fixture.v1.Fixture" }?.provider, "fixture")
        c.close()
        s.stop()
    }

    func testARequiredPluginThatFailsStopsTheStart() throws {
        let bad = try buildFixture("required-bad", in: PluginTests.dir, defines: ["FIXTURE_CREATE_FAILS", "FIXTURE_NAME=\"needed\""])
        XCTAssertThrowsError(try PluginSet.load(try options([bad], config: "[plugin.needed]\nrequired = true\n"), logger: quietLogger)) { e in
            XCTAssertTrue("\(e)".contains("required plugin needed did not load"), "\(e)")
            XCTAssertTrue("\(e)".contains("missing api_key"), "\(e)")
        }
        var strict = try options([bad])
        strict.strict = true
        XCTAssertThrowsError(try PluginSet.load(strict, logger: quietLogger))
    }

    func testAPluginClashingWithABuiltInServiceIsRejected() throws {
        let clash = try buildFixture("clash", in: PluginTests.dir, defines: ["FIXTURE_NAME=\"clash\"", "FIXTURE_SERVICE=\"newswire.health.v1.Health\""])
        let clash2 = try buildFixture("clash2", in: PluginTests.dir, defines: ["FIXTURE_NAME=\"clash2\"", "FIXTURE_SERVICE=\"newswire.analysis.v1.Analysis\""])
        let set = try PluginSet.load(try options([clash, clash2, PluginTests.good]), logger: quietLogger)
        XCTAssertEqual(set.plugins.count, 3)
        let s = try serve(set)
        XCTAssertEqual(s.server.plugins.plugins.map(\.name), ["fixture"])
        XCTAssertEqual(s.server.plugins.failures.map(\.reason), ["serves newswire.health.v1.Health, which the server already serves",
                                                                 "serves newswire.analysis.v1.Analysis, which the server already serves"])
        s.stop()
    }

    func testADisabledPluginIsNotCreated() throws {
        // create() would fail; disabled, it is never called, and nothing is reported as failed.
        let bad = try buildFixture("disabled", in: PluginTests.dir, defines: ["FIXTURE_CREATE_FAILS", "FIXTURE_NAME=\"off\""])
        let set = try PluginSet.load(try options([bad, PluginTests.good], config: "[plugin.off]\nenabled = false  # not today\n"), logger: quietLogger)
        XCTAssertEqual(set.plugins.map(\.name), ["fixture"])
        XCTAssertEqual(set.failures.count, 0)
        XCTAssertFalse(PluginSet.isDirectory(PluginTests.dir + "/data/off"))
    }

    func testASecondResponseToAUnaryMethodIsRefused() async throws {
        let s = try serve(try PluginSet.load(try options([PluginTests.good]), logger: quietLogger))
        let c = s.client()
        do {
            _ = try await c.unary(fixture + "Twice", request: [])
            XCTFail("expected INTERNAL")
        } catch {
            XCTAssertEqual(error.code, .internal)
            XCTAssertEqual(error.message, "plugin fixture sent more than one response to /fixture.v1.Fixture/Twice")
        }
        c.close()
        s.stop()
    }

    // MARK: Calls into a plugin

    func testEveryStatusAndMessageReachesTheClient() async throws {
        let s = try serve(try PluginSet.load(try options([PluginTests.good]), logger: quietLogger))
        let c = s.client()
        for code in UInt8(1)...16 {
            do {
                _ = try await c.unary(fixture + "Fail", request: [code] + Array("failure ☺ \(code)".utf8))
                XCTFail("expected \(code)")
            } catch {
                XCTAssertEqual(error.code.rawValue, UInt32(code))
                XCTAssertEqual(error.message, "failure ☺ \(code)")
            }
        }
        do {
            _ = try await c.unary(fixture + "Fail", request: [99] + Array("odd".utf8))
        } catch {
            XCTAssertEqual(error.code, .unknown)
            XCTAssertTrue(error.message.contains("returned 99, which is not a status code"), error.message)
        }
        do {
            _ = try await c.unary(fixture + "Silent", request: [])
        } catch {
            XCTAssertEqual(error.code, .internal)
            XCTAssertTrue(error.message.contains("sent no response message"), error.message)
        }
        c.close()
        s.stop()
    }

    func testASlowPluginGetsDeadlineExceededOnTime() async throws {
        let s = try serve(try PluginSet.load(try options([PluginTests.good]), logger: quietLogger))
        let c = s.client()
        let start = Deadline.now()
        do {
            _ = try await c.unary(fixture + "Slow", request: Array("5000".utf8), options: CallOptions(timeout: 0.2))
            XCTFail("expected DEADLINE_EXCEEDED")
        } catch {
            XCTAssertEqual(error.code, .deadlineExceeded)
        }
        // On time: far sooner than the plugin's 5 s. (A bound, not a benchmark.)
        XCTAssertLessThan(Deadline.now().uptimeNanos - start.uptimeNanos, 4_000_000_000)
        // The plugin saw the cancellation and freed its worker: the next call is answered.
        let r = try await c.unary(fixture + "Echo", request: [1], options: CallOptions(timeout: 5))
        XCTAssertEqual(r.message, [1])
        c.close()
        s.waitForIdle()
        s.stop()
    }

    func testStreamingCallsKeepStateAndReleaseIt() async throws {
        let s = try serve(try PluginSet.load(try options([PluginTests.good]), logger: quietLogger))
        let c = s.client()
        let count = c.makeCall(fixture + "Count", kind: .clientStreaming)
        for _ in 0..<5 { try await count.send([0]) }
        count.closeSend()
        var got: [[UInt8]] = []
        for try await m in count.responses { got.append(m) }
        XCTAssertEqual(got, [Array("5".utf8)])

        let chat = c.makeCall(fixture + "Chat", kind: .bidiStreaming)
        var it = chat.responses.makeAsyncIterator()
        try await chat.send(Array("a".utf8))
        let first = try await it.next()
        XCTAssertEqual(first, Array("1:a".utf8))
        try await chat.send(Array("b".utf8))
        let second = try await it.next()
        XCTAssertEqual(second, Array("2:b".utf8))
        chat.cancel()   // ends early: the state must still be released
        let chatStatus = await chat.status
        XCTAssertEqual(chatStatus.code, .cancelled)
        // call_release runs on a worker after the cancel; give it a moment.
        var releases: Substring?
        for _ in 0..<200 {
            let stats = try await c.unary(fixture + "Stats", request: [])
            releases = String(decoding: stats.message, as: UTF8.self).split(separator: " ").last
            if releases == "2" { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        XCTAssertEqual(releases, "2", "each call that set a state has it released once")
        c.close()
        s.stop()
    }

    func testMetadataConfigAndDataDirectory() async throws {
        let set = try PluginSet.load(try options([PluginTests.good], config: "# settings\n[plugin.fixture]\na = 1\n  b=two  # a comment\nc = x#y\n"), logger: quietLogger)
        let s = try serve(set)
        let c = s.client()
        var md = Metadata()
        md.add("x-fixture", "hello")
        let echoed = try await c.unary(fixture + "Metadata", request: [], options: CallOptions(metadata: md)).message
        XCTAssertEqual(echoed, Array("hello".utf8))
        let config = try await c.unary(fixture + "Config", request: []).message
        XCTAssertEqual(config, Array("a=1\nb=two\nc=x#y\n".utf8))
        let dir = String(decoding: try await c.unary(fixture + "DataDir", request: []).message, as: UTF8.self)
        XCTAssertEqual(dir, PluginTests.dir + "/data/fixture")
        XCTAssertTrue(PluginSet.isDirectory(dir))
        c.close()
        s.stop()
    }

    func testManyConcurrentCallsFromSeveralConnections() async throws {
        let s = try serve(try PluginSet.load(try options([PluginTests.good]), logger: quietLogger))
        let clients = (0..<4).map { _ in s.client() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (ci, c) in clients.enumerated() {
                for i in 0..<100 {
                    group.addTask {
                        let body = Array("\(ci)-\(i)".utf8)
                        let r = try await c.unary(fixturePath + "Echo", request: body)
                        XCTAssertEqual(r.message, body)
                    }
                }
            }
            try await group.waitForAll()
        }
        for c in clients { c.close() }
        s.waitForIdle()
        s.stop()
    }

    func testASerializedPluginNeverRunsTwoCallsAtOnce() async throws {
        let so = try buildFixture("serial", in: PluginTests.dir, defines: ["FIXTURE_SERIALIZE", "FIXTURE_NAME=\"serial\""])
        let s = try TestServer(plugins: try PluginSet.load(try options([so]), logger: quietLogger)) { $0.workers = 4 }
        let c = s.client()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await c.unary(fixturePath + "Slow", request: Array("20".utf8)) } }
            try await group.waitForAll()
        }
        let stats = String(decoding: try await c.unary(fixture + "Stats", request: []).message, as: UTF8.self)
        XCTAssertEqual(stats.split(separator: " ").first, "1", "max calls in flight inside the plugin: \(stats)")
        XCTAssertTrue(s.server.plugins.plugins.first?.serialized ?? false)
        c.close()
        s.stop()
    }
}

/// Just enough protobuf for the tests to build and read the example plugin's messages.
struct ProtoWriter {
    var bytes: [UInt8] = []
    func string(_ field: UInt64, _ s: String) -> ProtoWriter {
        var w = self
        w.varint(field << 3 | 2)
        w.varint(UInt64(s.utf8.count))
        w.bytes += Array(s.utf8)
        return w
    }
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
}

struct ProtoReader {
    var varints: [UInt64: UInt64] = [:]
    var bytes: [UInt64: [UInt8]] = [:]
    var fixed64: [UInt64: UInt64] = [:]
    init(_ b: [UInt8]) {
        var i = 0
        func varint() -> UInt64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while i < b.count { let x = b[i]; i += 1; v |= UInt64(x & 0x7F) << shift; shift += 7; if x < 0x80 { break } }
            return v
        }
        while i < b.count {
            let key = varint()
            switch key & 7 {
            case 0: varints[key >> 3] = varint()
            case 1: var v: UInt64 = 0; for k in 0..<8 where i + k < b.count { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }; fixed64[key >> 3] = v; i += 8
            case 2: let n = Int(varint()); bytes[key >> 3] = Array(b[i..<min(b.count, i + n)]); i += n
            default: return
            }
        }
    }
    func varint(_ f: UInt64) -> UInt64? { varints[f] ?? 0 }
    func double(_ f: UInt64) -> Double? { fixed64[f].map { Double(bitPattern: $0) } }
    func string(_ f: UInt64) -> String? { bytes[f].map { String(decoding: $0, as: UTF8.self) } }
}
