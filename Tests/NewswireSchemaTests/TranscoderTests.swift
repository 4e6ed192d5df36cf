// JSON <-> protobuf, checked byte for byte against protoc-c --encode of the same
// values in text format, and back through protoc-c's encodings.
import XCTest
import NewswireSchema

final class TranscoderTests: XCTestCase {
    let codec = ProtoJSON(pool: allTypesPool)

    // MARK: Every scalar type, both ways

    static let scalarsJSON = """
        {"fDouble": 1.5, "fFloat": 0.1, "fInt64": "-9223372036854775808", "fUint64": "18446744073709551615",
         "fInt32": -1, "fFixed64": "123", "fFixed32": 4294967295, "fBool": true, "fString": "Zo\\u00eb \\u263a",
         "fBytes": "AAH/", "fUint32": 7, "fEnum": "GREEN", "fSfixed32": -5, "fSfixed64": "-6",
         "fSint32": -2147483648, "fSint64": "9223372036854775807"}
        """
    static let scalarsText = """
        f_double: 1.5 f_float: 0.1 f_int64: -9223372036854775808 f_uint64: 18446744073709551615
        f_int32: -1 f_fixed64: 123 f_fixed32: 4294967295 f_bool: true f_string: "Zo\\303\\253 \\342\\230\\272"
        f_bytes: "\\000\\001\\377" f_uint32: 7 f_enum: GREEN f_sfixed32: -5 f_sfixed64: -6
        f_sint32: -2147483648 f_sint64: 9223372036854775807
        """
    /// The canonical JSON of those values: declaration order, lowerCamelCase, 64-bit integers as strings.
    static let scalarsCanonical = #"{"fDouble":1.5,"fFloat":0.1,"fInt64":"-9223372036854775808","fUint64":"18446744073709551615","fInt32":-1,"fFixed64":"123","fFixed32":4294967295,"fBool":true,"fString":"Zoë ☺","fBytes":"AAH/","fUint32":7,"fEnum":"GREEN","fSfixed32":-5,"fSfixed64":"-6","fSint32":-2147483648,"fSint64":"9223372036854775807"}"#

    func testEveryScalarTypeEncodesAsProtocDoes() throws {
        let ours = try codec.encode(Self.scalarsJSON)
        XCTAssertEqual(ours, try protocEncode(Self.scalarsText))
    }

    func testEveryScalarTypeDecodesFromProtocsBytes() throws {
        XCTAssertEqual(try codec.decodeText(try protocEncode(Self.scalarsText)), Self.scalarsCanonical)
    }

    func testRoundTrip() throws {
        let once = try codec.decodeText(try codec.encode(Self.scalarsJSON))
        XCTAssertEqual(once, Self.scalarsCanonical)
        XCTAssertEqual(try codec.decodeText(try codec.encode(once)), once)
    }

    func testProtoNamesAndNumbersAsStringsAreAccepted() throws {
        // Original field names, integers as strings, enums by number, floats as strings.
        let json = #"{"f_int32": "-1", "f_uint64": 5, "f_enum": 2, "f_double": "2.5", "f_sint64": -3e2, "fFixed32": 1.0e1}"#
        XCTAssertEqual(try codec.encode(json), try protocEncode("f_int32: -1 f_uint64: 5 f_enum: GREEN f_double: 2.5 f_sint64: -300 f_fixed32: 10"))
    }

    func testSpecialFloats() throws {
        let bytes = try codec.encode(#"{"fDouble": "NaN", "fFloat": "-Infinity", "packedDouble": ["Infinity", -0.0, 1e-300]}"#)
        XCTAssertEqual(bytes, try protocEncode("f_double: nan f_float: -inf packed_double: [inf, -0.0, 1e-300]"))
        XCTAssertEqual(try codec.decodeText(bytes), #"{"fDouble":"NaN","fFloat":"-Infinity","packedDouble":["Infinity",-0,1e-300]}"#)
    }

    // MARK: Messages, repeated, maps, oneofs, presence

    static let structuredJSON = """
        {"inner": {"name": "a", "numbers": [1, -2], "child": {"name": "b"}},
         "inners": [{"name": "x"}, {}],
         "packedInt32": [1, 2, 300], "packedSint64": ["-1", 2], "packedFixed32": [7], "packedEnum": ["RED", "MINUS_ONE"],
         "unpackedInt32": [4, 5], "strings": ["s", ""], "blobs": ["", "/w=="],
         "counts": {"a": 1, "b": 0}, "namesById": {"-5": "minus", "7": "seven"},
         "innerByFlag": {"false": {"name": "f"}, "true": {}}, "colours": {"1": "RED", "2": 2},
         "choiceInner": {"name": "c"}, "maybe": 0,
         "old": {"count": 0, "values": [1, 2], "mood": "CROSS", "flag": false}}
        """
    static let structuredText = """
        inner { name: "a" numbers: [1, -2] child { name: "b" } }
        inners { name: "x" } inners { }
        packed_int32: [1, 2, 300] packed_sint64: [-1, 2] packed_fixed32: [7] packed_enum: [RED, MINUS_ONE]
        unpacked_int32: [4, 5] strings: ["s", ""] blobs: ["", "\\377"]
        counts { key: "a" value: 1 } counts { key: "b" value: 0 }
        names_by_id { key: -5 value: "minus" } names_by_id { key: 7 value: "seven" }
        inner_by_flag { key: false value { name: "f" } } inner_by_flag { key: true value { } }
        colours { key: 1 value: RED } colours { key: 2 value: GREEN }
        choice_inner { name: "c" } maybe: 0
        old { count: 0 values: [1, 2] mood: CROSS flag: false }
        """

    func testStructuredValuesEncodeAsProtocDoes() throws {
        XCTAssertEqual(try codec.encode(Self.structuredJSON), try protocEncode(Self.structuredText))
    }

    func testStructuredValuesDecode() throws {
        let json = try codec.decodeText(try protocEncode(Self.structuredText))
        XCTAssertEqual(json, #"{"inner":{"name":"a","numbers":[1,-2],"child":{"name":"b"}},"inners":[{"name":"x"},{}],"packedInt32":[1,2,300],"packedSint64":["-1","2"],"packedFixed32":[7],"packedEnum":["RED","MINUS_ONE"],"unpackedInt32":[4,5],"strings":["s",""],"blobs":["","/w=="],"counts":{"a":1,"b":0},"namesById":{"-5":"minus","7":"seven"},"innerByFlag":{"false":{"name":"f"},"true":{}},"colours":{"1":"RED","2":"GREEN"},"choiceInner":{"name":"c"},"maybe":0,"old":{"count":0,"values":[1,2],"mood":"CROSS","flag":false}}"#)
        XCTAssertEqual(try codec.decodeText(try codec.encode(json)), json)
    }

    func testProto3DefaultsAreLeftOutButPresenceIsKept() throws {
        // Implicit presence: zero values are not written. Explicit presence (optional, oneof, proto2): they are.
        XCTAssertEqual(try codec.encode(#"{"fInt32": 0, "fString": "", "fBool": false, "fEnum": "COLOUR_UNSPECIFIED", "packedInt32": []}"#), [])
        XCTAssertEqual(try codec.encode(#"{"maybe": 0}"#), try protocEncode("maybe: 0"))
        XCTAssertEqual(try codec.encode(#"{"choiceNumber": "0"}"#), try protocEncode("choice_number: 0"))
        XCTAssertEqual(try codec.decodeText(try codec.encode(#"{"maybe": 0, "choiceText": ""}"#)), #"{"choiceText":"","maybe":0}"#)
        XCTAssertEqual(try codec.encode(#"{"fInt32": null, "inner": null, "strings": null}"#), [])
    }

    func testDecodingFollowsProtobufsRules() throws {
        // Of a oneof, the last member on the wire wins; a message field given twice merges;
        // packed and unpacked encodings of a repeated scalar are both read; unknown fields are skipped.
        let first = try codec.encode(#"{"choiceText": "first", "inner": {"name": "a", "numbers": [1]}}"#)
        let second = try codec.encode(#"{"choiceNumber": "9", "inner": {"numbers": [2]}, "unpackedInt32": [3]}"#)
        var unknownField = ProtoWriter()
        unknownField.field(999, string: "ignored")
        var packedAsUnpacked = ProtoWriter()
        packedAsUnpacked.field(30, varint: 5)   // packed_int32, one value not packed
        let json = try codec.decodeText(first + second + unknownField.bytes + packedAsUnpacked.bytes)
        XCTAssertEqual(json, #"{"inner":{"name":"a","numbers":[1,2]},"packedInt32":[5],"unpackedInt32":[3],"choiceNumber":"9"}"#)
    }

    func testEmitDefaultsAndProtoNames() throws {
        let bytes = try codec.encode(#"{"inner": {}}"#, as: "schematest.v1.AllTypes")
        let withDefaults = try codec.decode(bytes, as: "schematest.v1.AllTypes", options: .init(emitDefaults: true))
        XCTAssertEqual(withDefaults["fInt64"], .string("0"))
        XCTAssertEqual(withDefaults["fEnum"], .string("COLOUR_UNSPECIFIED"))
        XCTAssertEqual(withDefaults["fBytes"], .string(""))
        XCTAssertEqual(withDefaults["counts"], .object([]))
        XCTAssertEqual(withDefaults["strings"], .array([]))
        XCTAssertEqual(withDefaults["inner"], .object([JSONMember("name", .string("")), JSONMember("numbers", .array([]))]))
        XCTAssertNil(withDefaults["maybe"])         // explicit presence: not set, not printed
        XCTAssertNil(withDefaults["choiceText"])
        XCTAssertNil(withDefaults["old"])
        let protoNames = try codec.decodeText(try codec.encode(#"{"fInt32": 3, "namesById": {"1": "x"}}"#), options: .init(useProtoNames: true))
        XCTAssertEqual(protoNames, #"{"f_int32":3,"names_by_id":{"1":"x"}}"#)
    }

    func testAMethodsStreamingMessageTypes() throws {
        XCTAssertEqual(try codec.encode(#"{"name": "n", "numbers": [1]}"#, as: "schematest.v1.AllTypes.Inner"),
                       try protocEncode("name: \"n\" numbers: 1", as: "schematest.v1.AllTypes.Inner"))
    }

    // MARK: Errors that say what is wrong

    func testUnknownFieldNamesTheFieldAndListsTheValidOnes() {
        let e = errorText { try codec.encode(#"{"inner": {"nmae": "x"}}"#) }
        XCTAssertEqual(e, #"inner: unknown field "nmae" in schematest.v1.AllTypes.Inner; did you mean "name"? (its fields are: name, numbers, child)"#)
        let top = errorText { try codec.encode(#"{"zzzzzz": 1}"#, as: "schematest.legacy.Old") }
        XCTAssertEqual(top, #"unknown field "zzzzzz" in schematest.legacy.Old (its fields are: count, values, mood, label, flag)"#)
    }

    func testTypeErrors() {
        let cases: [(String, String)] = [
            (#"{"fInt32": "abc"}"#, #"fInt32: "abc" is not a number (int32)"#),
            (#"{"fInt32": 2147483648}"#, "fInt32: 2147483648 is out of range for int32"),
            (#"{"fInt32": 1.5}"#, "fInt32: 1.5 is not an integer (int32)"),
            (#"{"fUint32": -1}"#, "fUint32: -1 is negative; uint32 takes 0 or more"),
            (#"{"fUint64": "18446744073709551616"}"#, "fUint64: 18446744073709551616 is out of range for uint64"),
            (#"{"fInt64": "9223372036854775808"}"#, "fInt64: 9223372036854775808 is out of range for int64"),
            (#"{"fFloat": 1e39}"#, "fFloat: 1e39 is out of range for float"),
            (#"{"fDouble": 1e999}"#, "fDouble: 1e999 is out of range for double"),
            (#"{"fBool": "true"}"#, "fBool: expected true or false, got a string"),
            (#"{"fString": 5}"#, "fString: expected a string, got a number"),
            (#"{"fBytes": "not base64!"}"#, #"fBytes: "not base64!" is not base64 (bytes fields take base64 text)"#),
            (#"{"fEnum": "GREN"}"#, #"fEnum: "GREN" is not a value of schematest.v1.Colour; did you mean "GREEN"? (its values are: COLOUR_UNSPECIFIED, RED, GREEN, MINUS_ONE)"#),
            (#"{"inner": []}"#, "inner: expected an object for schematest.v1.AllTypes.Inner, got an array"),
            (#"{"strings": "s"}"#, "strings: expected an array for repeated field strings, got a string"),
            (#"{"strings": ["a", null]}"#, "strings[1]: null is not allowed here"),
            (#"{"inners": [{}, {"child": {"numbers": [1, "x"]}}]}"#, #"inners[1].child.numbers[1]: "x" is not a number (int32)"#),
            (#"{"counts": []}"#, "counts: expected an object for map field counts, got an array"),
            (#"{"namesById": {"x": "y"}}"#, #"namesById["x"]: "x" is not a number (int64)"#),
            (#"{"innerByFlag": {"yes": {}}}"#, #"innerByFlag["yes"]: a bool map key is "true" or "false""#),
            (#"{"choiceText": "a", "choiceNumber": "1"}"#, #""choiceText" and "choiceNumber" belong to oneof choice: set only one"#),
            (#"{"fInt32": 1, "f_int32": 2}"#, #"field f_int32 is given twice, as "fInt32" and "f_int32""#),
            (#"{"old": {"mood": 7}}"#, "old.mood: 7 is not a value of the closed enum schematest.legacy.Old.Mood"),
            (#"[1]"#, "expected an object for schematest.v1.AllTypes, got an array"),
        ]
        for (json, expected) in cases { XCTAssertEqual(errorText { try codec.encode(json) }, expected, json) }
        XCTAssertEqual(errorText { try codec.encode(.object([]), as: "nope.Message") }, "the schema has no message nope.Message")
    }

    func testMalformedBytesAreReported() {
        XCTAssertEqual(errorText { try codec.decodeText([0x0A, 0x05, 0x01]) }, "not a valid schematest.v1.AllTypes: length 5 runs past the end of the message at byte 1")
        XCTAssertEqual(errorText { try codec.decodeText([0xA2, 0x01, 0x02, 0x0A, 0x09]) },
                       "inner: not a valid schematest.v1.AllTypes.Inner: length 9 runs past the end of the message at byte 1")
        XCTAssertEqual(errorText { try codec.decodeText([0x07]) }, "not a valid schematest.v1.AllTypes: unknown wire type 7 at byte 0")
    }
}
