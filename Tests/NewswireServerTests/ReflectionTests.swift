// Schemas through reflection (FileContainingSymbol, FileByFilename), from the
// server's own set and from plugins' descriptor_set (plugin ABI 1.1), and JSON
// calls through a real server with them.
import XCTest
import NewswireClient
import NewswireSchema
import NewswireInterop
@testable import NewswireServer
#if canImport(Glibc)
import Glibc
#endif

let repoRoot = String(#filePath.dropLast("Tests/NewswireServerTests/ReflectionTests.swift".count))
let reflection = "/newswire.reflection.v1.ServerReflection/"

/// Builds the fixture with fixture.proto's schemas: protoc-c makes the FileDescriptorSet (without
/// its imports, which the server has), written as fixture_descriptor_set.h into DIR.
func buildFixtureWithSchemas(_ name: String, in dir: String, defines: [String] = []) throws -> String {
    let set = dir + "/fixture-set.pb"
    let cmd = "protoc-c -I\(repoRoot)Tests/Fixtures/plugins -I\(repoRoot)proto --descriptor_set_out=\(set) fixture.proto"
    guard system(cmd) == 0 else { throw InteropFailure("protoc-c failed: \(cmd)") }
    guard let f = fopen(set, "rb") else { throw InteropFailure("no \(set)") }
    var bytes: [UInt8] = [], buf = [UInt8](repeating: 0, count: 65536)
    while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
    fclose(f)
    let header = "static const uint8_t fixture_descriptor_set[] = {" + bytes.map { String($0) }.joined(separator: ",") + "};\n"
    let h = fopen(dir + "/fixture_descriptor_set.h", "w")!
    fputs(header, h)
    fclose(h)
    return try buildFixture(name, in: dir, defines: ["FIXTURE_DESCRIPTORS"] + defines, include: dir)
}

final class ReflectionTests: XCTestCase {
    static let dir = makeTempDirectory()
    static let withSchemas = try! buildFixtureWithSchemas("schemas", in: dir, defines: ["FIXTURE_NAME=\"fixture\""])

    func load(_ paths: [String]) throws -> PluginSet {
        var o = PluginOptions()
        o.paths = paths
        o.dataDirectory = ReflectionTests.dir + "/data"
        return try PluginSet.load(o, logger: quietLogger)
    }

    func files(_ c: NewswireClient, symbol: String) async throws -> [FileDescriptor] {
        let r: FileDescriptorResponse = try await c.unary(reflection + "FileContainingSymbol", FileContainingSymbolRequest(symbol: symbol))
        return try r.fileDescriptorProtos.map { try FileDescriptor(serialized: $0) }
    }

    func testBuiltinSchemas() async throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = s.client()
        let health = try await files(c, symbol: "newswire.health.v1.Health")
        XCTAssertEqual(health.map(\.name), ["newswire/health/v1/health.proto"])
        XCTAssertEqual(health[0].services.first?.methods.map(\.name), ["Check", "Watch"])
        // A method, and a message, find their file; the file comes first, then its imports.
        let analysis = try await files(c, symbol: "newswire.analysis.v1.Analysis.AnalyzeStream")
        XCTAssertEqual(analysis.first?.name, "newswire/analysis/v1/analysis.proto")
        XCTAssertEqual(Set(analysis.dropFirst().map(\.name)), ["newswire/analysis/v1/common.proto", "newswire/analysis/v1/quotes.proto",
                                                              "newswire/analysis/v1/duplicates.proto"])
        let span = try await files(c, symbol: ".newswire.analysis.v1.Span")
        XCTAssertEqual(span.map(\.name), ["newswire/analysis/v1/common.proto"])
        // Reflection describes itself.
        let own = try await files(c, symbol: "newswire.reflection.v1.ServerReflection")
        XCTAssertEqual(own[0].services[0].methods.map(\.name), ["ListServices", "ListPlugins", "FileContainingSymbol", "FileByFilename"])

        let byName: FileDescriptorResponse = try await c.unary(reflection + "FileByFilename", FileByFilenameRequest(filename: "newswire/analysis/v1/quotes.proto"))
        XCTAssertEqual(try byName.fileDescriptorProtos.map { try FileDescriptor(serialized: $0).name },
                       ["newswire/analysis/v1/quotes.proto", "newswire/analysis/v1/common.proto"])
    }

    func testUnknownSymbolsAndFiles() async throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = s.client()
        do {
            _ = try await files(c, symbol: "newswire.nope.v1.Nope")
            XCTFail("expected NOT_FOUND")
        } catch let e as RPCError {
            XCTAssertEqual(e.code, .notFound)
            XCTAssertEqual(e.message, "no schema defines newswire.nope.v1.Nope")
        }
        do {
            _ = try await files(c, symbol: "")
            XCTFail("expected INVALID_ARGUMENT")
        } catch let e as RPCError {
            XCTAssertEqual(e.code, .invalidArgument)
        }
        do {
            let _: FileDescriptorResponse = try await c.unary(reflection + "FileByFilename", FileByFilenameRequest(filename: "newswire/health/v1/helth.proto"))
            XCTFail("expected NOT_FOUND")
        } catch let e {
            XCTAssertEqual(e.code, .notFound)
            XCTAssertEqual(e.message, "no file newswire/health/v1/helth.proto; did you mean newswire/health/v1/health.proto?")
        }
    }

    /// A plugin's descriptor_set is served; its imports come from the server's own schemas.
    func testPluginSchemas() async throws {
        let s = try TestServer(plugins: try load([ReflectionTests.withSchemas]))
        defer { s.stop() }
        let c = s.client()
        let fixture = try await files(c, symbol: "fixture.v1.Fixture")
        XCTAssertEqual(fixture.first?.name, "fixture.proto")
        XCTAssertTrue(fixture.contains { $0.name == "newswire/analysis/v1/analysis.proto" })
        XCTAssertEqual(fixture.count, 5)   // fixture, analysis, and analysis.proto's three imports
        let bytes = try await files(c, symbol: "fixture.v1.Bytes")
        XCTAssertEqual(bytes.first?.name, "fixture.proto")
        let plugins: ListPluginsResponse = try await c.unary(reflection + "ListPlugins", ListPluginsRequest())
        XCTAssertEqual(plugins.plugins.first?.schemaFiles, ["fixture.proto"])
        XCTAssertEqual(plugins.plugins.first?.abiMinor, 3)
    }

    /// JSON in, protobuf through a real plugin, JSON out: every kind of field survives the round trip.
    func testJSONCallsThroughThePlugin() async throws {
        let s = try TestServer(plugins: try load([ReflectionTests.withSchemas]))
        defer { s.stop() }
        let c = s.client()
        let pool = try SchemaPool(serializedFiles: try await files(c, symbol: "fixture.v1.Fixture").map(\.serialized))
        let codec = ProtoJSON(pool: pool)
        let json = #"{"text":"Zoë","data":"AP8=","i32":-7,"i64":"-9007199254740993","u32":4294967295,"u64":"18446744073709551615","s32":-2,"s64":"-3","f32":4,"f64":"5","sf32":-6,"sf64":"-7","real32":0.5,"real64":-1e-09,"flag":true,"mood":"CROSS","tags":["a","b"],"numbers":["1","-2"],"children":{"x":{"text":"child"}},"next":{"next":{"i32":1}},"right":3}"#
        let request = try codec.encode(JSONParser.parse(json), as: "fixture.v1.Bytes")
        let echoed = try await c.unary(fixturePath + "Echo", request: request)
        XCTAssertEqual(JSONWriter.write(try codec.decode(echoed.message, as: "fixture.v1.Bytes")), json)

        // Server streaming: three answers.
        let stream = c.makeCall(fixturePath + "EchoStream", kind: .serverStreaming, firstMessage: request, endStream: true)
        var answers = 0
        for try await m in stream.responses { XCTAssertEqual(m, request); answers += 1 }
        XCTAssertEqual(answers, 3)

        // Client streaming: the answer is the requests merged, as protobuf merges messages.
        let merge = c.makeCall(fixturePath + "Merge", kind: .clientStreaming)
        for part in [#"{"text":"a","tags":["x"]}"#, #"{"i32":2,"tags":["y"],"next":{"text":"n"}}"#, #"{"text":"b","next":{"i32":1}}"#] {
            try await merge.send(try codec.encode(JSONParser.parse(part), as: "fixture.v1.Bytes"))
        }
        merge.closeSend()
        var merged: [UInt8] = []
        for try await m in merge.responses { merged = m }
        XCTAssertEqual(JSONWriter.write(try codec.decode(merged, as: "fixture.v1.Bytes")),
                       #"{"text":"b","i32":2,"tags":["x","y"],"next":{"text":"n","i32":1}}"#)
    }

    func testAPluginWithoutSchemas() async throws {
        let s = try TestServer(plugins: try load([PluginTests.good]))
        defer { s.stop() }
        let c = s.client()
        for symbol in ["fixture.v1.Fixture", "fixture.v1.Fixture.Echo", "fixture.v1.Bytes"] {
            do {
                _ = try await files(c, symbol: symbol)
                XCTFail("expected NOT_FOUND")
            } catch let e as RPCError {
                XCTAssertEqual(e.code, .notFound)
                XCTAssertEqual(e.message, "no schema for \(symbol): plugin fixture ships none (the descriptor_set of plugin ABI 1.1; see docs/PLUGINS.md)")
            }
        }
        // Its analyzer method's types are the server's own: those are known.
        let request = try await files(c, symbol: "newswire.analysis.v1.AnalyzerRequest")
        XCTAssertEqual(request.first?.name, "newswire/analysis/v1/analysis.proto")
        let plugins: ListPluginsResponse = try await c.unary(reflection + "ListPlugins", ListPluginsRequest())
        XCTAssertEqual(plugins.plugins.first?.schemaFiles, [])
    }

    /// The example plugins ship their schemas: readability in C, wordcount in Swift.
    func testExamplePluginsShipSchemas() async throws {
        let so = ["readability", "wordcount"].map { productsDirectory() + "/libnewswire-\($0).so" }
        for f in so { try XCTSkipUnless(access(f, F_OK) == 0, "\(f) not built") }
        let s = try TestServer(plugins: try load(so))
        defer { s.stop() }
        let c = s.client()
        let readability = try await files(c, symbol: "newswire.examples.readability.v1.Readability.Stats")
        XCTAssertEqual(readability.map(\.name), ["readability.proto"])
        let codec = ProtoJSON(pool: try SchemaPool(serializedFiles: readability.map(\.serialized)))
        let r = try await c.unary("/newswire.examples.readability.v1.Readability/Stats",
                                  request: try codec.encode(JSONParser.parse(#"{"text": "One short sentence. And another one."}"#),
                                                            as: "newswire.examples.readability.v1.StatsRequest"))
        let stats = try codec.decode(r.message, as: "newswire.examples.readability.v1.StatsResponse")
        XCTAssertEqual(stats["sentences"], .number("2"))
        XCTAssertEqual(stats["words"], .number("6"))
        let wordcount = try await files(c, symbol: "newswire.examples.wordcount.v1.CountResponse")
        XCTAssertEqual(wordcount.map(\.name), ["wordcount.proto"])
    }

    // MARK: ABI 1.1 and its checks

    func testAnABI10DescriptorIsReadOnlyUpToItsSize() throws {
        // Built with the schemas in place, but claiming the 1.0 struct_size: the host must not look past it.
        let so = try buildFixtureWithSchemas("abi10", in: makeTempDirectory(), defines: ["FIXTURE_ABI_1_0", "FIXTURE_NAME=\"old\""])
        let set = try load([so])
        XCTAssertEqual(set.failures.map(\.reason), [])
        XCTAssertEqual(set.plugins.first?.schemaFiles.count, 0)
        XCTAssertEqual(PluginLoader.minimumDescriptorSize, 88)
        XCTAssertEqual(PluginLoader.descriptorSize1_1, 104)
    }

    func testBadDescriptorSetsAreRefused() throws {
        let d = makeTempDirectory()
        let garbage = try buildFixture("garbage", in: d, defines: ["FIXTURE_BAD_DESCRIPTORS", "FIXTURE_NAME=\"garbage\""])
        let other = try buildFixtureWithSchemas("other", in: d, defines: ["FIXTURE_NAME=\"other\"", "FIXTURE_SERVICE=\"fixture.v1.Other\""])
        let set = try load([garbage, other])
        XCTAssertEqual(set.plugins.count, 0)
        XCTAssertEqual(set.failures.map(\.reason), [
            "descriptor_set: not a serialized FileDescriptorSet: length 5 runs past the end of the message at byte 1",
            "descriptor_set: it does not define service fixture.v1.Other (it defines fixture.v1.Fixture)",
        ])
    }

    func testSchemaChecksAgainstTheDescriptor() throws {
        let d = makeTempDirectory()
        _ = try buildFixtureWithSchemas("probe", in: d)
        let files = try FileDescriptorSet.decode(try readFile(d + "/fixture-set.pb"))
        func method(_ name: String, _ kind: MethodKind, _ req: String = "fixture.v1.Bytes", _ resp: String = "fixture.v1.Bytes") -> ServiceInfo {
            ServiceInfo(name: "fixture.v1.Fixture", methods: [MethodInfo(name: name, path: "/fixture.v1.Fixture/\(name)", kind: kind,
                                                                         requestType: req, responseType: resp)], provider: "x")
        }
        XCTAssertNil(SchemaRegistry.check(pluginFiles: files, services: [method("Echo", .unary)]))
        XCTAssertNil(SchemaRegistry.check(pluginFiles: files, services: [method("Echo", .unary, "", "")]))
        XCTAssertEqual(SchemaRegistry.check(pluginFiles: files, services: [method("Nope", .unary)]), "its fixture.v1.Fixture has no method Nope")
        XCTAssertEqual(SchemaRegistry.check(pluginFiles: files, services: [method("Echo", .bidiStreaming)]),
                       "it says fixture.v1.Fixture/Echo is unary; the descriptor says bidi-streaming")
        XCTAssertEqual(SchemaRegistry.check(pluginFiles: files, services: [method("Echo", .unary, "fixture.v1.Other")]),
                       "it says fixture.v1.Fixture/Echo takes fixture.v1.Bytes; the descriptor says fixture.v1.Other")
        // An import neither the set nor the server has.
        var lonely = files[0]
        lonely.dependencies.append("elsewhere/missing.proto")
        XCTAssertEqual(SchemaRegistry.check(pluginFiles: [lonely], services: []),
                       "it lacks elsewhere/missing.proto, which fixture.proto imports (build it with protoc --include_imports)")
    }

    func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw InteropFailure("cannot read \(path)") }
        defer { fclose(f) }
        var bytes: [UInt8] = [], buf = [UInt8](repeating: 0, count: 65536)
        while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
        return bytes
    }
}
