// The JSON reader and writer, base64, and "did you mean" suggestions.
import XCTest
import NewswireSchema

final class JSONTests: XCTestCase {
    func testParsesEveryKindOfValue() throws {
        let v = try JSONParser.parse(#" {"a": [1, -2.5e3, 0, true, false, null], "b": {"c": "d"}, "": ""} "#)
        XCTAssertEqual(v, .object([
            JSONMember("a", .array([.number("1"), .number("-2.5e3"), .number("0"), .bool(true), .bool(false), .null])),
            JSONMember("b", .object([JSONMember("c", .string("d"))])),
            JSONMember("", .string("")),
        ]))
        XCTAssertEqual(v["b"]?["c"], .string("d"))
    }

    func testStringEscapes() throws {
        let v = try JSONParser.parse(#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 é""#)
        XCTAssertEqual(v, .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t é 😀 é"))
        // Written back: quotes, backslashes and control characters escaped, the rest as UTF-8.
        XCTAssertEqual(JSONWriter.write(v), #""q\" b\\ s/ \u0008\u000c\n\r\t é 😀 é""#)
    }

    func testNumbersKeepTheirText() throws {
        XCTAssertEqual(try JSONParser.parse("18446744073709551615"), .number("18446744073709551615"))
        XCTAssertEqual(try JSONParser.parse("-0.000"), .number("-0.000"))
    }

    func testSyntaxErrorsSayWhereAndWhat() {
        let cases: [(String, String)] = [
            ("{\"a\": 1,}", "invalid JSON at line 1, column 9: a comma before '}' (trailing commas are not JSON)"),
            ("[1, 2,]", "invalid JSON at line 1, column 7: a comma before ']' (trailing commas are not JSON)"),
            ("{'a': 1}", "invalid JSON at line 1, column 2: expected a key in double quotes, got '''"),
            ("{\"a\" 1}", "invalid JSON at line 1, column 6: expected ':' after the key \"a\", got '1'"),
            ("{\n  \"a\": tru\n}", "invalid JSON at line 2, column 8: expected true"),
            ("[01]", "invalid JSON at line 1, column 2: numbers do not start with 0 (write 7, not 07)"),
            ("\"a\nb\"", "invalid JSON at line 1, column 3: a line break inside a string (write \\n)"),
            ("{\"a\": 1} x", "invalid JSON at line 1, column 10: unexpected 'x' after the value"),
            ("{\"a\": ", "invalid JSON at line 1, column 7: expected a value, got the end of input"),
            ("\"\\ud800\"", "invalid JSON at line 1, column 8: a lone UTF-16 surrogate \\ud800 (a pair needs two \\u escapes)"),
            ("'x'", "invalid JSON at line 1, column 1: strings take double quotes, not single quotes"),
            ("\"\\x\"", "invalid JSON at line 1, column 4: unknown escape \\x"),
        ]
        for (text, expected) in cases { XCTAssertEqual(errorText { try JSONParser.parse(text) }, expected, text) }
        XCTAssertTrue(errorText { try JSONParser.parse(String(repeating: "[", count: 300)) }.contains("nesting deeper than 200 levels"))
        XCTAssertTrue(errorText { try JSONParser.parse([0x22, 0xFF, 0x22]) }.contains("not valid UTF-8"))
    }

    func testSequences() throws {
        let ndjson = "{\"a\":1}\n{\"a\":2}\n\n  {\n \"a\": 3\n}\n"
        XCTAssertEqual(try JSONParser.parseSequence(Array(ndjson.utf8)).count, 3)
        XCTAssertEqual(try JSONParser.parseSequence(Array("  \n".utf8)), [])
    }

    func testIncrementalReading() throws {
        let bytes = Array("{\"a\": 1} {\"b\": [2,".utf8)
        let (first, end) = try XCTUnwrap(try JSONParser.next(in: bytes, from: 0))
        XCTAssertEqual(first, .object([JSONMember("a", .number("1"))]))
        // The second value is cut off: the error says more input may complete it.
        do {
            _ = try JSONParser.next(in: bytes, from: end)
            XCTFail("expected an error")
        } catch {
            XCTAssertTrue(error.atEnd)
        }
        let more = bytes + Array(" 3]}".utf8)
        let (second, end2) = try XCTUnwrap(try JSONParser.next(in: more, from: end))
        XCTAssertEqual(second["b"], .array([.number("2"), .number("3")]))
        XCTAssertNil(try JSONParser.next(in: more, from: end2))
        // A real error is not "at end".
        do { _ = try JSONParser.next(in: Array("{x".utf8), from: 0); XCTFail() } catch { XCTAssertFalse(error.atEnd) }
        // A number at the end of the input may go on.
        do { _ = try JSONParser.next(in: Array("12".utf8), from: 0); XCTFail() } catch { XCTAssertTrue(error.atEnd) }
    }

    func testWriterIndents() throws {
        let v = try JSONParser.parse(#"{"a":[1,{"b":null}],"c":{},"d":[]}"#)
        XCTAssertEqual(JSONWriter.write(v), #"{"a":[1,{"b":null}],"c":{},"d":[]}"#)
        XCTAssertEqual(JSONWriter.write(v, indent: 2), """
            {
              "a": [
                1,
                {
                  "b": null
                }
              ],
              "c": {},
              "d": []
            }
            """)
        var style = JSONStyle()
        style.key = ("<", ">")
        style.number = ("#", "")
        XCTAssertEqual(JSONWriter.write(.object([JSONMember("k", .number("1"))]), style: style), #"{<"k">:#1}"#)
    }

    func testBase64() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            XCTAssertEqual(Base64.decode(Base64.encode(bytes)), bytes)
        }
        XCTAssertEqual(Base64.encode(Array("hello".utf8)), "aGVsbG8=")
        XCTAssertEqual(Base64.decode("aGVsbG8"), Array("hello".utf8))       // no padding
        XCTAssertEqual(Base64.decode("-_8="), [0xFB, 0xFF])                 // URL-safe alphabet
        XCTAssertEqual(Base64.decode("+/8="), [0xFB, 0xFF])
        XCTAssertNil(Base64.decode("a"))
        XCTAssertNil(Base64.decode("aGVs bG8="))
        XCTAssertNil(Base64.decode("aG=VsbG8"))
        XCTAssertNil(Base64.decode("aGVsbG8==="))
    }

    func testSuggestions() {
        let methods = ["Check", "Watch", "ListServices", "ListPlugins"]
        XCTAssertEqual(Suggestions.closest(to: "Chek", in: methods), ["Check"])
        XCTAssertEqual(Suggestions.closest(to: "listplugin", in: methods), ["ListPlugins"])
        XCTAssertEqual(Suggestions.closest(to: "List", in: methods), ["ListPlugins", "ListServices"])
        XCTAssertEqual(Suggestions.closest(to: "Zebra", in: methods), [])
    }
}
