// JSON <-> protobuf with a schema, following proto3's canonical JSON mapping:
// lowerCamelCase names printed (proto names accepted too), 64-bit integers as
// strings, bytes as base64, enums by name, NaN/Infinity as strings, maps as
// objects, null for "not set". Well-known types (google.protobuf.Timestamp and
// the rest) are mapped as ordinary messages.

/// A JSON value that does not fit the message, or bytes that are not the message.
public struct TranscodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where: "documents[0].title"; empty for the message itself.
    public var path: String
    public var reason: String
    public init(path: String, _ reason: String) { self.path = path; self.reason = reason }
    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

public struct ProtoJSON: Sendable {
    public var pool: SchemaPool

    public struct Options: Sendable {
        /// Print fields that hold their default value (0, "", false, [], {}) too.
        public var emitDefaults = false
        /// Print the .proto field names (snake_case) instead of the lowerCamelCase JSON names.
        public var useProtoNames = false
        public init(emitDefaults: Bool = false, useProtoNames: Bool = false) {
            self.emitDefaults = emitDefaults; self.useProtoNames = useProtoNames
        }
    }

    public init(pool: SchemaPool) { self.pool = pool }

    // MARK: JSON -> protobuf

    /// Encodes a JSON object as the named message.
    public func encode(_ json: JSONValue, as typeName: String) throws(TranscodeError) -> [UInt8] {
        guard let m = pool.message(typeName) else { throw TranscodeError(path: "", "the schema has no message \(typeName)") }
        return try encodeMessage(json, m, path: "")
    }

    private func encodeMessage(_ json: JSONValue, _ m: MessageDescriptor, path: String) throws(TranscodeError) -> [UInt8] {
        guard case .object(let members) = json else {
            throw TranscodeError(path: path, "expected an object for \(m.fullName), got \(json.kindName)")
        }
        var seen: [UInt32: String] = [:]
        var oneofSeen: [Int: String] = [:]
        var parts: [(number: UInt32, bytes: [UInt8])] = []
        for member in members {
            guard let f = m.fields.first(where: { $0.jsonName == member.key }) ?? m.fields.first(where: { $0.name == member.key }) else {
                throw unknownField(member.key, in: m, path: path)
            }
            if let earlier = seen[f.number] {
                throw TranscodeError(path: path, earlier == member.key ? "field \"\(member.key)\" is given twice"
                                                                   : "field \(f.name) is given twice, as \"\(earlier)\" and \"\(member.key)\"")
            }
            seen[f.number] = member.key
            let fpath = path.isEmpty ? member.key : path + "." + member.key
            if case .null = member.value { continue }
            if let o = f.oneofIndex, !f.proto3Optional, o < m.oneofs.count {
                if let other = oneofSeen[o] {
                    throw TranscodeError(path: path, "\"\(other)\" and \"\(member.key)\" belong to oneof \(m.oneofs[o].name): set only one")
                }
                oneofSeen[o] = member.key
            }
            var w = ProtoWriter()
            if let entry = mapEntry(f) {
                try encodeMap(member.value, f, entry, path: fpath, into: &w)
            } else if f.isRepeated {
                guard case .array(let items) = member.value else {
                    throw TranscodeError(path: fpath, "expected an array for repeated field \(f.name), got \(member.value.kindName)")
                }
                let packed = f.type.isPackable && (f.packedOption ?? (m.syntax == "proto3"))
                if packed {
                    var run = ProtoWriter()
                    for (k, item) in items.enumerated() { try encodeValue(item, f, path: "\(fpath)[\(k)]", into: &run, tag: false) }
                    if !items.isEmpty { w.field(f.number, bytes: run.bytes) }
                } else {
                    for (k, item) in items.enumerated() { try encodeValue(item, f, path: "\(fpath)[\(k)]", into: &w, tag: true) }
                }
            } else {
                let hasPresence = f.type == .message || f.type == .group || f.proto3Optional || f.oneofIndex != nil || m.syntax != "proto3"
                var v = ProtoWriter()
                let isDefault = try encodeValue(member.value, f, path: fpath, into: &v, tag: true)
                if hasPresence || !isDefault { w.append(v.bytes) }
            }
            if !w.bytes.isEmpty { parts.append((f.number, w.bytes)) }
        }
        // Field-number order, as protobuf serializers write.
        var out: [UInt8] = []
        for p in parts.enumerated().sorted(by: { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }) { out += p.element.bytes }
        return out
    }

    private func mapEntry(_ f: FieldDescriptor) -> MessageDescriptor? {
        guard f.isRepeated, f.type == .message, let e = pool.message(f.typeName), e.isMapEntry else { return nil }
        return e
    }

    private func encodeMap(_ json: JSONValue, _ f: FieldDescriptor, _ entry: MessageDescriptor, path: String,
                           into w: inout ProtoWriter) throws(TranscodeError) {
        guard case .object(let members) = json else {
            throw TranscodeError(path: path, "expected an object for map field \(f.name), got \(json.kindName)")
        }
        guard let kf = entry.field(number: 1), let vf = entry.field(number: 2) else {
            throw TranscodeError(path: path, "map entry \(entry.fullName) lacks its key or value field")
        }
        var keys: Set<String> = []
        for member in members {
            let epath = path + "[" + JSONWriter.quote(member.key) + "]"
            guard keys.insert(member.key).inserted else { throw TranscodeError(path: epath, "map key given twice") }
            let keyJSON: JSONValue
            switch kf.type {
            case .string: keyJSON = .string(member.key)
            case .bool:
                guard member.key == "true" || member.key == "false" else {
                    throw TranscodeError(path: epath, "a bool map key is \"true\" or \"false\"")
                }
                keyJSON = .bool(member.key == "true")
            default: keyJSON = .string(member.key)
            }
            var e = ProtoWriter()
            try encodeValue(keyJSON, kf, path: epath, into: &e, tag: true)
            if case .null = member.value { throw TranscodeError(path: epath, "null is not a map value") }
            try encodeValue(member.value, vf, path: epath, into: &e, tag: true)
            w.field(f.number, bytes: e.bytes)
        }
    }

    /// Writes one value of field `f` (with its tag unless packed). Returns whether it is the type's default.
    @discardableResult
    private func encodeValue(_ json: JSONValue, _ f: FieldDescriptor, path: String, into w: inout ProtoWriter,
                             tag: Bool) throws(TranscodeError) -> Bool {
        if case .null = json { throw TranscodeError(path: path, "null is not allowed here") }
        switch f.type {
        case .message:
            guard let sub = pool.message(f.typeName) else { throw TranscodeError(path: path, "the schema has no message \(f.typeName)") }
            let b = try encodeMessage(json, sub, path: path)
            w.field(f.number, bytes: b)
            return false
        case .group:
            throw TranscodeError(path: path, "field \(f.name) is a proto2 group, which this tool does not support")
        case .string:
            guard case .string(let s) = json else { throw typeMismatch(json, "a string", path) }
            if tag { w.tag(f.number, .lengthDelimited) }
            w.lengthDelimited(Array(s.utf8))
            return s.isEmpty
        case .bytes:
            guard case .string(let s) = json else { throw typeMismatch(json, "a base64 string", path) }
            guard let b = Base64.decode(s) else { throw TranscodeError(path: path, "\(JSONWriter.quote(s)) is not base64 (bytes fields take base64 text)") }
            if tag { w.tag(f.number, .lengthDelimited) }
            w.lengthDelimited(b)
            return b.isEmpty
        case .bool:
            guard case .bool(let b) = json else { throw typeMismatch(json, "true or false", path) }
            if tag { w.tag(f.number, .varint) }
            w.varint(b ? 1 : 0)
            return !b
        case .double, .float:
            let d = try floatingPoint(json, f.type, path: path)
            if tag { w.tag(f.number, f.type.wireType) }
            if f.type == .float { let x = Float(d); w.fixed32(x.bitPattern); return x.bitPattern == 0 }
            w.fixed64(d.bitPattern)
            return d.bitPattern == 0
        case .enum:
            let n = try enumNumber(json, f, path: path)
            if tag { w.tag(f.number, .varint) }
            w.varint(UInt64(bitPattern: Int64(n)))
            return n == 0
        case .int32, .sint32, .sfixed32:
            let v = try integer(json, f.type, path: path, min: Int64(Int32.min), max: Int64(Int32.max))
            if tag { w.tag(f.number, f.type.wireType) }
            switch f.type {
            case .sint32: w.varint(ZigZag.encode(v))
            case .sfixed32: w.fixed32(UInt32(bitPattern: Int32(v)))
            default: w.varint(UInt64(bitPattern: v))   // negative int32: ten bytes, sign-extended
            }
            return v == 0
        case .int64, .sint64, .sfixed64:
            let v = try integer(json, f.type, path: path, min: Int64.min, max: Int64.max)
            if tag { w.tag(f.number, f.type.wireType) }
            switch f.type {
            case .sint64: w.varint(ZigZag.encode(v))
            case .sfixed64: w.fixed64(UInt64(bitPattern: v))
            default: w.varint(UInt64(bitPattern: v))
            }
            return v == 0
        case .uint32, .fixed32:
            let v = try unsigned(json, f.type, path: path, max: UInt64(UInt32.max))
            if tag { w.tag(f.number, f.type.wireType) }
            if f.type == .fixed32 { w.fixed32(UInt32(v)) } else { w.varint(v) }
            return v == 0
        case .uint64, .fixed64:
            let v = try unsigned(json, f.type, path: path, max: UInt64.max)
            if tag { w.tag(f.number, f.type.wireType) }
            if f.type == .fixed64 { w.fixed64(v) } else { w.varint(v) }
            return v == 0
        }
    }

    private func typeMismatch(_ json: JSONValue, _ expected: String, _ path: String) -> TranscodeError {
        TranscodeError(path: path, "expected \(expected), got \(json.kindName)")
    }

    private func unknownField(_ key: String, in m: MessageDescriptor, path: String) -> TranscodeError {
        let names = m.fields.map(\.jsonName)
        let close = Suggestions.closest(to: key, in: names + m.fields.map(\.name))
        var hint = ""
        if let best = close.first, let f = m.field(named: best) { hint = "; did you mean \"\(f.jsonName)\"?" }
        let list = names.isEmpty ? "it has no fields" : "its fields are: " + names.joined(separator: ", ")
        return TranscodeError(path: path, "unknown field \"\(key)\" in \(m.fullName)\(hint) (\(list))")
    }

    /// The numeric text of a JSON number or numeric string.
    private func numericText(_ json: JSONValue, _ type: FieldType, path: String) throws(TranscodeError) -> String {
        switch json {
        case .number(let t): return t
        case .string(let s):
            guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B }) else {
                throw TranscodeError(path: path, "\(JSONWriter.quote(s)) is not a number (\(type.protoName))")
            }
            return s
        default: throw typeMismatch(json, "a number (\(type.protoName))", path)
        }
    }

    private func integer(_ json: JSONValue, _ type: FieldType, path: String, min: Int64, max: Int64) throws(TranscodeError) -> Int64 {
        let t = try numericText(json, type, path: path)
        let v: Int64
        if let exact = Int64(t) {
            v = exact
        } else if t.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
            throw TranscodeError(path: path, "\(t) is out of range for \(type.protoName)")
        } else {
            guard let d = Double(t), d.isFinite, d == d.rounded(.towardZero) else {
                throw TranscodeError(path: path, "\(t) is not an integer (\(type.protoName))")
            }
            guard d >= -9.223372036854775808e18 && d < 9.223372036854775808e18, let i = Int64(exactly: d) else {
                throw TranscodeError(path: path, "\(t) is out of range for \(type.protoName)")
            }
            v = i
        }
        guard v >= min && v <= max else { throw TranscodeError(path: path, "\(t) is out of range for \(type.protoName)") }
        return v
    }

    private func unsigned(_ json: JSONValue, _ type: FieldType, path: String, max: UInt64) throws(TranscodeError) -> UInt64 {
        let t = try numericText(json, type, path: path)
        if t.hasPrefix("-") {
            if let d = Double(t), d == 0 { return 0 }
            throw TranscodeError(path: path, "\(t) is negative; \(type.protoName) takes 0 or more")
        }
        let v: UInt64
        if let exact = UInt64(t) {
            v = exact
        } else if t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw TranscodeError(path: path, "\(t) is out of range for \(type.protoName)")
        } else {
            guard let d = Double(t), d.isFinite, d == d.rounded(.towardZero) else {
                throw TranscodeError(path: path, "\(t) is not an integer (\(type.protoName))")
            }
            guard d < 1.8446744073709551616e19, let u = UInt64(exactly: d) else {
                throw TranscodeError(path: path, "\(t) is out of range for \(type.protoName)")
            }
            v = u
        }
        guard v <= max else { throw TranscodeError(path: path, "\(t) is out of range for \(type.protoName)") }
        return v
    }

    private func floatingPoint(_ json: JSONValue, _ type: FieldType, path: String) throws(TranscodeError) -> Double {
        if case .string(let s) = json {
            switch s {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: break
            }
        }
        let t = try numericText(json, type, path: path)
        guard let d = Double(t), d.isFinite || t.contains("e") || t.contains("E") else {
            throw TranscodeError(path: path, "\(t) is not a number (\(type.protoName))")
        }
        guard d.isFinite else { throw TranscodeError(path: path, "\(t) is out of range for \(type.protoName)") }
        if type == .float && abs(d) > Double(Float.greatestFiniteMagnitude) {
            throw TranscodeError(path: path, "\(t) is out of range for float")
        }
        return d
    }

    private func enumNumber(_ json: JSONValue, _ f: FieldDescriptor, path: String) throws(TranscodeError) -> Int32 {
        guard let e = pool.enumType(f.typeName) else { throw TranscodeError(path: path, "the schema has no enum \(f.typeName)") }
        switch json {
        case .string(let name):
            if let v = e.value(named: name) { return v.number }
            let names = e.values.map(\.name)
            let close = Suggestions.closest(to: name, in: names)
            throw TranscodeError(path: path, "\(JSONWriter.quote(name)) is not a value of \(e.fullName)\(close.first.map { "; did you mean \"\($0)\"?" } ?? "") (its values are: \(names.joined(separator: ", ")))")
        case .number(let t):
            guard let n = Int32(t) else { throw TranscodeError(path: path, "\(t) is not an enum number (int32)") }
            if e.isClosed && e.value(number: n) == nil {
                throw TranscodeError(path: path, "\(n) is not a value of the closed enum \(e.fullName)")
            }
            return n
        default:
            throw typeMismatch(json, "an enum value name of \(e.fullName)", path)
        }
    }

    // MARK: protobuf -> JSON

    /// Decodes protobuf bytes of the named message as JSON.
    public func decode(_ bytes: [UInt8], as typeName: String, options: Options = Options()) throws(TranscodeError) -> JSONValue {
        guard let m = pool.message(typeName) else { throw TranscodeError(path: "", "the schema has no message \(typeName)") }
        return try decodeMessage(ProtoReader(bytes), m, path: "", options: options)
    }

    private enum Raw {
        case varint(UInt64), fixed32(UInt32), fixed64(UInt64), bytes(ProtoReader)
    }

    private func decodeMessage(_ reader: ProtoReader, _ m: MessageDescriptor, path: String, options: Options) throws(TranscodeError) -> JSONValue {
        var r = reader
        var raw: [UInt32: [Raw]] = [:]
        var lastSeen: [UInt32: Int] = [:]
        var position = 0
        do throws(WireFormatError) {
            while let (n, t) = try r.tag() {
                position += 1
                guard let f = m.field(number: n) else { try r.skip(t, number: n); continue }
                let item: Raw
                switch t {
                case .varint: item = .varint(try r.varint())
                case .fixed32: item = .fixed32(try r.fixed32())
                case .fixed64: item = .fixed64(try r.fixed64())
                case .lengthDelimited: item = .bytes(try r.nested())
                case .startGroup, .endGroup: try r.skip(t, number: n); continue
                }
                // A value of the wrong wire type is an unknown field, as protobuf parsers treat it.
                let fits = t == f.type.wireType || (t == .lengthDelimited && f.isRepeated && f.type.isPackable)
                guard fits else { continue }
                raw[n, default: []].append(item)
                lastSeen[n] = position
            }
        } catch {
            throw TranscodeError(path: path, "not a valid \(m.fullName): \(error)")
        }
        // Of a oneof's fields, only the last one set counts.
        var oneofWinner: [Int: UInt32] = [:]
        for f in m.fields where f.oneofIndex != nil && !f.proto3Optional {
            guard let p = lastSeen[f.number] else { continue }
            if let w = oneofWinner[f.oneofIndex!], let wp = lastSeen[w], wp > p { continue }
            oneofWinner[f.oneofIndex!] = f.number
        }
        var members: [JSONMember] = []
        for f in m.fields {
            let key = options.useProtoNames ? f.name : f.jsonName
            let fpath = path.isEmpty ? key : path + "." + key
            if let o = f.oneofIndex, !f.proto3Optional, oneofWinner[o] != f.number { continue }
            guard let items = raw[f.number] else {
                if options.emitDefaults, let d = defaultJSON(f, m) { members.append(JSONMember(key, d)) }
                continue
            }
            if let entry = mapEntry(f) {
                var out: [JSONMember] = []
                for item in items {
                    guard case .bytes(let er) = item else { continue }
                    let (k, v) = try decodeMapEntry(er, entry, path: fpath, options: options)
                    if let idx = out.firstIndex(where: { $0.key == k }) { out[idx].value = v } else { out.append(JSONMember(k, v)) }
                }
                members.append(JSONMember(key, .object(out)))
            } else if f.isRepeated {
                var out: [JSONValue] = []
                for item in items {
                    if case .bytes(let run) = item, f.type.isPackable {
                        var pr = run
                        var values: [Raw] = []
                        do throws(WireFormatError) {
                            while !pr.isAtEnd {
                                switch f.type.wireType {
                                case .varint: values.append(.varint(try pr.varint()))
                                case .fixed32: values.append(.fixed32(try pr.fixed32()))
                                default: values.append(.fixed64(try pr.fixed64()))
                                }
                            }
                        } catch {
                            throw TranscodeError(path: fpath, "not a valid packed \(f.type.protoName) array: \(error)")
                        }
                        for v in values { out.append(try scalarJSON(v, f, path: "\(fpath)[\(out.count)]", options: options)) }
                    } else {
                        out.append(try scalarJSON(item, f, path: "\(fpath)[\(out.count)]", options: options))
                    }
                }
                members.append(JSONMember(key, .array(out)))
            } else if f.type == .message {
                // Several occurrences of a message field merge: their bytes concatenated.
                var merged: [UInt8] = []
                for item in items { if case .bytes(let b) = item { merged += b.bytes[b.offset..<b.end] } }
                guard let sub = pool.message(f.typeName) else { throw TranscodeError(path: fpath, "the schema has no message \(f.typeName)") }
                members.append(JSONMember(key, try decodeMessage(ProtoReader(merged), sub, path: fpath, options: options)))
            } else {
                members.append(JSONMember(key, try scalarJSON(items[items.count - 1], f, path: fpath, options: options)))
            }
        }
        return .object(members)
    }

    private func decodeMapEntry(_ reader: ProtoReader, _ entry: MessageDescriptor, path: String,
                                options: Options) throws(TranscodeError) -> (String, JSONValue) {
        guard case .object(let members) = try decodeMessage(reader, entry, path: path, options: options),
              let kf = entry.field(number: 1), let vf = entry.field(number: 2) else {
            throw TranscodeError(path: path, "malformed map entry")
        }
        // An entry without its key or value has the default one.
        let kname = options.useProtoNames ? kf.name : kf.jsonName, vname = options.useProtoNames ? vf.name : vf.jsonName
        let k = members.first { $0.key == kname }?.value ?? defaultJSON(kf, entry) ?? .string("")
        let v = members.first { $0.key == vname }?.value ?? defaultJSON(vf, entry) ?? .object([])
        let keyText: String
        switch k {
        case .string(let s), .number(let s): keyText = s
        case .bool(let b): keyText = b ? "true" : "false"
        default: keyText = ""
        }
        return (keyText, v)
    }

    private func scalarJSON(_ raw: Raw, _ f: FieldDescriptor, path: String, options: Options) throws(TranscodeError) -> JSONValue {
        switch (f.type, raw) {
        case (.message, .bytes(let r)):
            guard let sub = pool.message(f.typeName) else { throw TranscodeError(path: path, "the schema has no message \(f.typeName)") }
            return try decodeMessage(r, sub, path: path, options: options)
        case (.string, .bytes(let r)): return .string(String(decoding: r.bytes[r.offset..<r.end], as: UTF8.self))
        case (.bytes, .bytes(let r)): return .string(Base64.encode(Array(r.bytes[r.offset..<r.end])))
        case (.bool, .varint(let v)): return .bool(v != 0)
        case (.int32, .varint(let v)): return .number(Int32(truncatingIfNeeded: v))
        case (.uint32, .varint(let v)): return .number(UInt32(truncatingIfNeeded: v))
        case (.sint32, .varint(let v)): return .number(Int32(truncatingIfNeeded: ZigZag.decode(v)))
        case (.int64, .varint(let v)): return .string(String(Int64(bitPattern: v)))
        case (.uint64, .varint(let v)): return .string(String(v))
        case (.sint64, .varint(let v)): return .string(String(ZigZag.decode(v)))
        case (.enum, .varint(let v)):
            let n = Int32(truncatingIfNeeded: v)
            if let name = pool.enumType(f.typeName)?.value(number: n)?.name { return .string(name) }
            return .number(n)
        case (.fixed32, .fixed32(let v)): return .number(v)
        case (.sfixed32, .fixed32(let v)): return .number(Int32(bitPattern: v))
        case (.float, .fixed32(let v)): return Self.json(Float(bitPattern: v))
        case (.fixed64, .fixed64(let v)): return .string(String(v))
        case (.sfixed64, .fixed64(let v)): return .string(String(Int64(bitPattern: v)))
        case (.double, .fixed64(let v)): return Self.json(Double(bitPattern: v))
        default: throw TranscodeError(path: path, "a \(f.type.protoName) field holds a value of the wrong wire type")
        }
    }

    /// The JSON of a field that is not set, when defaults are printed; nil for fields with presence.
    private func defaultJSON(_ f: FieldDescriptor, _ m: MessageDescriptor) -> JSONValue? {
        if mapEntry(f) != nil { return .object([]) }
        if f.isRepeated { return .array([]) }
        if f.type == .message || f.type == .group || f.proto3Optional || f.oneofIndex != nil { return nil }
        switch f.type {
        case .string, .bytes: return .string("")
        case .bool: return .bool(false)
        case .int64, .uint64, .sint64, .fixed64, .sfixed64: return .string("0")
        case .enum: return pool.enumType(f.typeName)?.value(number: 0).map { .string($0.name) } ?? .number("0")
        default: return .number("0")
        }
    }

    static func json(_ d: Double) -> JSONValue {
        if d.isNaN { return .string("NaN") }
        if d.isInfinite { return .string(d < 0 ? "-Infinity" : "Infinity") }
        var s = "\(d)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return .number(s)
    }

    static func json(_ f: Float) -> JSONValue {
        if f.isNaN { return .string("NaN") }
        if f.isInfinite { return .string(f < 0 ? "-Infinity" : "Infinity") }
        var s = "\(f)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return .number(s)
    }
}
