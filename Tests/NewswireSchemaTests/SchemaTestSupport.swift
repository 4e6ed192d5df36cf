// Support: the test schemas compiled with protoc-c (a real protobuf compiler), and
// protoc-c --encode / --decode as the independent encoder to compare with.
import XCTest
import NewswireSchema
#if canImport(Glibc)
import Glibc
#endif

let repoRoot = String(#filePath.dropLast("Tests/NewswireSchemaTests/SchemaTestSupport.swift".count))
let protoDir = repoRoot + "Tests/Fixtures/proto"

func makeTempDir() -> String {
    var template = Array("/tmp/newswire-schema-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

func readBytes(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw DescriptorError("cannot read \(path)") }
    defer { fclose(f) }
    var out: [UInt8] = [], buf = [UInt8](repeating: 0, count: 65536)
    while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; out += buf[0..<n] }
    return out
}

func writeBytes(_ bytes: [UInt8], to path: String) {
    let f = fopen(path, "wb")!
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

func shell(_ command: String) throws {
    guard system(command) == 0 else { throw DescriptorError("command failed: \(command)") }
}

/// The descriptor set of Tests/Fixtures/proto/alltypes.proto and its import, made by protoc-c once.
let allTypesSet: [UInt8] = {
    let dir = makeTempDir()
    try! shell("protoc-c -I\(protoDir) --descriptor_set_out=\(dir)/set.pb --include_imports alltypes.proto")
    return try! readBytes(dir + "/set.pb")
}()

let allTypesPool: SchemaPool = try! SchemaPool(descriptorSet: allTypesSet)

/// protoc-c --encode: text format in, protobuf bytes out.
func protocEncode(_ textFormat: String, as type: String = "schematest.v1.AllTypes") throws -> [UInt8] {
    let dir = makeTempDir()
    writeBytes(Array(textFormat.utf8), to: dir + "/in.txt")
    try shell("protoc-c -I\(protoDir) --encode=\(type) alltypes.proto < \(dir)/in.txt > \(dir)/out.bin")
    return try readBytes(dir + "/out.bin")
}

/// protoc-c --decode: protobuf bytes in, text format out.
func protocDecode(_ bytes: [UInt8], as type: String = "schematest.v1.AllTypes") throws -> String {
    let dir = makeTempDir()
    writeBytes(bytes, to: dir + "/in.bin")
    try shell("protoc-c -I\(protoDir) --decode=\(type) alltypes.proto < \(dir)/in.bin > \(dir)/out.txt")
    return String(decoding: try readBytes(dir + "/out.txt"), as: UTF8.self)
}

extension ProtoJSON {
    /// JSON text -> protobuf.
    func encode(_ text: String, as type: String = "schematest.v1.AllTypes") throws -> [UInt8] {
        try encode(JSONParser.parse(text), as: type)
    }
    /// protobuf -> compact JSON text.
    func decodeText(_ bytes: [UInt8], as type: String = "schematest.v1.AllTypes", options: Options = Options()) throws -> String {
        JSONWriter.write(try decode(bytes, as: type, options: options))
    }
}

/// The error a throwing expression throws, as text.
func errorText<T>(_ body: () throws -> T) -> String {
    do { _ = try body(); return "no error" } catch { return "\(error)" }
}
