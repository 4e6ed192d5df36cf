// FileDescriptorProto decoding and the schema pool, on sets made by protoc-c.
import XCTest
import NewswireSchema
import NewswireProto

final class DescriptorTests: XCTestCase {
    func testDecodesEveryFieldShape() throws {
        let m = try XCTUnwrap(allTypesPool.message("schematest.v1.AllTypes"))
        XCTAssertEqual(m.file, "alltypes.proto")
        XCTAssertEqual(m.syntax, "proto3")
        let byName = Dictionary(uniqueKeysWithValues: m.fields.map { ($0.name, $0) })
        let expectedTypes: [String: FieldType] = [
            "f_double": .double, "f_float": .float, "f_int64": .int64, "f_uint64": .uint64, "f_int32": .int32,
            "f_fixed64": .fixed64, "f_fixed32": .fixed32, "f_bool": .bool, "f_string": .string, "f_bytes": .bytes,
            "f_uint32": .uint32, "f_enum": .enum, "f_sfixed32": .sfixed32, "f_sfixed64": .sfixed64,
            "f_sint32": .sint32, "f_sint64": .sint64, "inner": .message,
        ]
        for (name, type) in expectedTypes { XCTAssertEqual(byName[name]?.type, type, name) }
        XCTAssertEqual(byName["f_double"]?.number, 1)
        XCTAssertEqual(byName["f_sint64"]?.number, 18)
        XCTAssertEqual(byName["f_double"]?.jsonName, "fDouble")
        XCTAssertEqual(byName["names_by_id"]?.jsonName, "namesById")
        XCTAssertEqual(byName["inner"]?.typeName, "schematest.v1.AllTypes.Inner")
        XCTAssertEqual(byName["f_enum"]?.typeName, "schematest.v1.Colour")
        XCTAssertEqual(byName["inners"]?.label, .repeated)
        XCTAssertEqual(byName["unpacked_int32"]?.packedOption, false)
        XCTAssertNil(byName["packed_int32"]?.packedOption)
        XCTAssertEqual(m.oneofs.map(\.name), ["choice", "_maybe"])
        XCTAssertEqual(byName["choice_text"]?.oneofIndex, 0)
        XCTAssertEqual(byName["maybe"]?.proto3Optional, true)
        XCTAssertEqual(byName["maybe"]?.oneofIndex, 1)
        XCTAssertEqual(byName["old"]?.typeName, "schematest.legacy.Old")

        let entry = try XCTUnwrap(allTypesPool.message("schematest.v1.AllTypes.CountsEntry"))
        XCTAssertTrue(entry.isMapEntry)
        XCTAssertEqual(entry.fields.map(\.name), ["key", "value"])
        XCTAssertFalse(try XCTUnwrap(allTypesPool.message("schematest.v1.AllTypes.Inner")).isMapEntry)

        let colour = try XCTUnwrap(allTypesPool.enumType("schematest.v1.Colour"))
        XCTAssertEqual(colour.values.map(\.name), ["COLOUR_UNSPECIFIED", "RED", "GREEN", "MINUS_ONE"])
        XCTAssertEqual(colour.value(named: "MINUS_ONE")?.number, -1)
        XCTAssertFalse(colour.isClosed)
    }

    func testProto2File() throws {
        let old = try XCTUnwrap(allTypesPool.message("schematest.legacy.Old"))
        XCTAssertEqual(old.syntax, "proto2")
        XCTAssertEqual(old.field(named: "flag")?.label, .required)
        XCTAssertEqual(old.field(named: "label")?.defaultValue, "none")
        let mood = try XCTUnwrap(allTypesPool.enumType("schematest.legacy.Old.Mood"))
        XCTAssertTrue(mood.isClosed)
        XCTAssertEqual(allTypesPool.file(containing: "schematest.legacy.Old.Mood")?.name, "legacy.proto")
    }

    func testServicesAndSymbols() throws {
        let s = try XCTUnwrap(allTypesPool.service("schematest.v1.Everything"))
        XCTAssertEqual(s.methods.map(\.name), ["Echo", "Many"])
        XCTAssertEqual(s.methods[0].inputType, "schematest.v1.AllTypes")
        XCTAssertFalse(s.methods[0].clientStreaming || s.methods[0].serverStreaming)
        XCTAssertTrue(s.methods[1].clientStreaming && s.methods[1].serverStreaming)
        XCTAssertEqual(s.methods[1].outputType, "schematest.v1.AllTypes.Inner")
        for symbol in ["schematest.v1.Everything", "schematest.v1.Everything.Echo", ".schematest.v1.AllTypes",
                       "schematest.v1.AllTypes.Inner", "schematest.v1.Colour"] {
            XCTAssertEqual(allTypesPool.file(containing: symbol)?.name, "alltypes.proto", symbol)
        }
        XCTAssertNil(allTypesPool.file(containing: "schematest.v1.Nope"))
        XCTAssertEqual(allTypesPool.withDependencies("alltypes.proto").map(\.name), ["alltypes.proto", "legacy.proto"])
        XCTAssertEqual(allTypesPool.withDependencies("legacy.proto").map(\.name), ["legacy.proto"])
        XCTAssertEqual(allTypesPool.unresolvedTypes(from: "schematest.v1.AllTypes"), [])
    }

    func testMissingImportsAndTypesAreReported() throws {
        // alltypes.proto without its import: legacy.proto is missing, and so is the type of AllTypes.old.
        let files = try FileDescriptorSet.files(in: allTypesSet)
        let alone = try SchemaPool(serializedFiles: files.filter { (try? FileDescriptor(serialized: $0).name) == "alltypes.proto" })
        XCTAssertEqual(alone.missingDependencies("alltypes.proto"), ["legacy.proto"])
        XCTAssertEqual(alone.unresolvedTypes(from: "schematest.v1.AllTypes"), ["schematest.v1.AllTypes.old -> schematest.legacy.Old"])
        XCTAssertEqual(alone.unresolvedTypes(from: "schematest.v1.Nope"), ["schematest.v1.Nope"])
    }

    func testAddingTheSameFileTwiceAndConflicts() throws {
        let files = try FileDescriptorSet.decode(allTypesSet)
        var pool = SchemaPool()
        XCTAssertEqual(pool.add(files[0]), .added)
        XCTAssertEqual(pool.add(files[0]), .alreadyPresent)
        var changed = files[0]
        changed.serialized.append(0x08)   // same name, other bytes
        XCTAssertEqual(pool.add(changed), .conflictingFile)
        var renamed = files[0]
        renamed.name = "copy.proto"
        XCTAssertEqual(pool.add(renamed), .conflictingSymbol(files[0].symbols[0], definedIn: files[0].name))
    }

    func testMalformedDescriptorsAreRefused() {
        XCTAssertTrue(errorText { try FileDescriptorSet.decode([0x0A, 0x05, 0x01]) }.contains("not a serialized FileDescriptorSet"))
        XCTAssertTrue(errorText { try FileDescriptor(serialized: [0x22, 0x03, 0x0A, 0x09]) }.contains("is malformed"))
        XCTAssertEqual(errorText { try FileDescriptor(serialized: []) }, "a FileDescriptorProto has no name")
        // A field with an unknown type number.
        var field = ProtoWriter()
        field.field(1, string: "x"); field.field(3, varint: 1); field.field(5, varint: 99)
        var message = ProtoWriter()
        message.field(1, string: "M"); message.field(2, bytes: field.bytes)
        var file = ProtoWriter()
        file.field(1, string: "bad.proto"); file.field(4, bytes: message.bytes)
        XCTAssertTrue(errorText { try FileDescriptor(serialized: file.bytes) }.hasPrefix("bad.proto is malformed: field x has unknown type 99"))
    }

    /// The set built into the server describes every file in proto/.
    func testBuiltinSchemas() throws {
        let pool = try SchemaPool(descriptorSet: BuiltinSchemas.descriptorSet)
        for name in ["newswire/rpc/v1/rpc.proto", "newswire/health/v1/health.proto", "newswire/analysis/v1/analysis.proto",
                     "newswire/analysis/v1/common.proto", "newswire/reflection/v1/reflection.proto", "newswire/testing/v1/test.proto"] {
            XCTAssertNotNil(pool.files[name], name)
        }
        let analysis = try XCTUnwrap(pool.service("newswire.analysis.v1.Analysis"))
        let stream = try XCTUnwrap(analysis.methods.first { $0.name == "AnalyzeStream" })
        XCTAssertTrue(stream.clientStreaming && stream.serverStreaming)
        XCTAssertEqual(stream.outputType, "newswire.analysis.v1.DocumentAnalysis")
        XCTAssertEqual(pool.withDependencies("newswire/analysis/v1/analysis.proto").first?.name, "newswire/analysis/v1/analysis.proto")
        XCTAssertTrue(pool.withDependencies("newswire/analysis/v1/analysis.proto").contains { $0.name == "newswire/analysis/v1/common.proto" })
        let reflection = try XCTUnwrap(pool.service("newswire.reflection.v1.ServerReflection"))
        XCTAssertTrue(reflection.methods.contains { $0.name == "FileContainingSymbol" })
        for name in pool.fileOrder { XCTAssertEqual(pool.missingDependencies(name), [], name) }
        XCTAssertEqual(pool.unresolvedTypes(from: "newswire.analysis.v1.AnalyzeResponse"), [])

        // The proto files on disk and the set agree: every .proto under proto/ is in it.
        let dir = makeTempDir()
        try shell("cd \(repoRoot)proto && find . -name '*.proto' | sed 's|^./||' | sort > \(dir)/list")
        let onDisk = String(decoding: try readBytes(dir + "/list"), as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(onDisk), Set(pool.fileOrder))
    }
}
