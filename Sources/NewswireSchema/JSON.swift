// A small JSON reader and writer (RFC 8259), standard library only. Numbers
// keep their text, so that 64-bit integers lose nothing; objects keep their
// key order.

public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) { self.key = key; self.value = value }
}

public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's JSON text, e.g. "-12", "1.5e3".
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    public static func number<I: BinaryInteger>(_ v: I) -> JSONValue { .number(String(v)) }

    /// The value of a key of an object (the first, if repeated).
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    /// "object", "array", "string", "number", "true", "false" or "null": for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var line: Int
    public var column: Int
    /// Set when the text ended inside a value (more input may complete it).
    public var atEnd: Bool
    public var description: String { "invalid JSON at line \(line), column \(column): \(reason)" }
}

/// Parses JSON text.
public struct JSONParser {
    private let b: [UInt8]
    private var i: Int
    /// Deepest nesting accepted.
    public static let maxDepth = 200

    public init(_ bytes: [UInt8]) { b = bytes; i = 0 }

    /// One JSON value that must make up the whole text (blanks around it allowed).
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try parse(Array(text.utf8)) }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var p = JSONParser(bytes)
        p.skipBlanks()
        let v = try p.value(depth: 0)
        p.skipBlanks()
        if p.i < p.b.count { throw p.error("unexpected \(p.describeHere()) after the value") }
        return v
    }

    /// A sequence of JSON values separated by blanks: NDJSON, or several
    /// pretty-printed values one after another.
    public static func parseSequence(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [JSONValue] {
        var p = JSONParser(bytes)
        var out: [JSONValue] = []
        while true {
            p.skipBlanks()
            if p.i >= p.b.count { return out }
            out.append(try p.value(depth: 0))
        }
    }

    /// The next value of a sequence, and the offset just after it; nil if only blanks remain.
    /// Throws with `atEnd` set when the bytes end inside a value (wait for more input).
    public static func next(in bytes: [UInt8], from offset: Int) throws(JSONSyntaxError) -> (JSONValue, Int)? {
        var p = JSONParser(bytes)
        p.i = offset
        p.skipBlanks()
        if p.i >= p.b.count { return nil }
        let v = try p.value(depth: 0)
        // A number at the very end may go on in the next chunk.
        if case .number = v, p.i >= p.b.count { throw p.error("the input ends inside a number", atEnd: true) }
        return (v, p.i)
    }

    private mutating func skipBlanks() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private func position(_ at: Int) -> (Int, Int) {
        var line = 1, col = 1
        var k = 0
        while k < at && k < b.count {
            if b[k] == 0x0A { line += 1; col = 1 } else if b[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return (line, col)
    }

    private func error(_ reason: String, at: Int? = nil, atEnd: Bool = false) -> JSONSyntaxError {
        let (l, c) = position(at ?? i)
        return JSONSyntaxError(reason: reason, line: l, column: c, atEnd: atEnd || (at ?? i) >= b.count)
    }

    private func describeHere() -> String {
        guard i < b.count else { return "end of input" }
        let c = b[i]
        if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16))"
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        guard i < b.count else { throw error("expected a value, got the end of input") }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [JSONMember] = []
            skipBlanks()
            if i < b.count && b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipBlanks()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else {
                    throw error(i < b.count && b[i] == UInt8(ascii: "}") ? "a comma before '}' (trailing commas are not JSON)" : "expected a key in double quotes, got \(describeHere())")
                }
                let key = try string()
                skipBlanks()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\", got \(describeHere())") }
                i += 1
                skipBlanks()
                members.append(JSONMember(key, try value(depth: depth + 1)))
                skipBlanks()
                guard i < b.count else { throw error("the input ends inside an object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw error("expected ',' or '}' in an object, got \(describeHere())")
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipBlanks()
            if i < b.count && b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipBlanks()
                if i < b.count && b[i] == UInt8(ascii: "]") { throw error("a comma before ']' (trailing commas are not JSON)") }
                items.append(try value(depth: depth + 1))
                skipBlanks()
                guard i < b.count else { throw error("the input ends inside an array") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("expected ',' or ']' in an array, got \(describeHere())")
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "'"): throw error("strings take double quotes, not single quotes")
        default: throw error("expected a value, got \(describeHere())")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let start = i
        for c in word.utf8 {
            guard i < b.count else { throw error("the input ends inside \(word)", atEnd: true) }
            guard b[i] == c else { throw error("expected \(word)", at: start) }
            i += 1
        }
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = i
        func digits() -> Int { let s = i; while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }; return i - s }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count else { throw error("the input ends inside a number", atEnd: true) }
        if b[i] == UInt8(ascii: "0") {
            i += 1
            if i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { throw error("numbers do not start with 0 (write 7, not 07)", at: start) }
        } else if digits() == 0 { throw error("expected a digit", at: i) }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            if digits() == 0 { throw error("expected a digit after the decimal point", atEnd: i >= b.count) }
        }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            if digits() == 0 { throw error("expected a digit in the exponent", atEnd: i >= b.count) }
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard b.count - i >= 4 else { throw error("the input ends inside a \\u escape", atEnd: true) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("expected 4 hex digits after \\u")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        var runStart = i
        while true {
            guard i < b.count else { throw error("the input ends inside a string", at: open, atEnd: true) }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                out += b[runStart..<i]
                i += 1
                break
            }
            if c < 0x20 { throw error(c == 0x0A ? "a line break inside a string (write \\n)" : "a control character inside a string (escape it)") }
            if c != UInt8(ascii: "\\") { i += 1; continue }
            out += b[runStart..<i]
            i += 1
            guard i < b.count else { throw error("the input ends inside a string", atEnd: true) }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard b.count - i >= 6, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                        throw error("a lone UTF-16 surrogate \\u\(String(scalar, radix: 16)) (a pair needs two \\u escapes)")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("a UTF-16 high surrogate not followed by a low one") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("a lone UTF-16 low surrogate")
                }
                out += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
            default: throw error("unknown escape \\\(Character(Unicode.Scalar(e)))")
            }
            runStart = i
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw error("a string that is not valid UTF-8", at: open) }
        return s
    }
}

/// Colours or other markup around the parts of written JSON (empty: plain).
public struct JSONStyle: Sendable {
    public var key: (String, String) = ("", "")
    public var string: (String, String) = ("", "")
    public var number: (String, String) = ("", "")
    public var literal: (String, String) = ("", "")
    public init() {}
    public static let plain = JSONStyle()
}

public enum JSONWriter {
    /// JSON text; `indent` > 0 writes one member per line.
    public static func write(_ v: JSONValue, indent: Int = 0, style: JSONStyle = .plain) -> String {
        var out = ""
        write(v, into: &out, indent: indent, level: 0, style: style)
        return out
    }

    static func write(_ v: JSONValue, into out: inout String, indent: Int, level: Int, style: JSONStyle) {
        switch v {
        case .null: out += style.literal.0 + "null" + style.literal.1
        case .bool(let b): out += style.literal.0 + (b ? "true" : "false") + style.literal.1
        case .number(let n): out += style.number.0 + n + style.number.1
        case .string(let s): out += style.string.0; quote(s, into: &out); out += style.string.1
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                newline(&out, indent, level + 1)
                write(item, into: &out, indent: indent, level: level + 1, style: style)
            }
            newline(&out, indent, level)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (k, m) in members.enumerated() {
                if k > 0 { out += "," }
                newline(&out, indent, level + 1)
                out += style.key.0
                quote(m.key, into: &out)
                out += style.key.1
                out += indent > 0 ? ": " : ":"
                write(m.value, into: &out, indent: indent, level: level + 1, style: style)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int, _ level: Int) {
        guard indent > 0 else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String { var o = ""; quote(s, into: &o); return o }

    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
