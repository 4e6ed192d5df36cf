// google.protobuf.FileDescriptorProto and the parts of it a transcoder needs,
// decoded from its wire form (descriptor.proto field numbers). Everything else
// in a descriptor (options other than map_entry and packed, source info,
// reserved ranges) is skipped.

/// A field's type, as descriptor.proto numbers them.
public enum FieldType: Int, Sendable, CaseIterable {
    case double = 1, float = 2, int64 = 3, uint64 = 4, int32 = 5, fixed64 = 6, fixed32 = 7, bool = 8
    case string = 9, group = 10, message = 11, bytes = 12, uint32 = 13, `enum` = 14
    case sfixed32 = 15, sfixed64 = 16, sint32 = 17, sint64 = 18

    /// The name in a .proto file: "int64", "string", ...
    public var protoName: String {
        switch self {
        case .double: "double"
        case .float: "float"
        case .int64: "int64"
        case .uint64: "uint64"
        case .int32: "int32"
        case .fixed64: "fixed64"
        case .fixed32: "fixed32"
        case .bool: "bool"
        case .string: "string"
        case .group: "group"
        case .message: "message"
        case .bytes: "bytes"
        case .uint32: "uint32"
        case .enum: "enum"
        case .sfixed32: "sfixed32"
        case .sfixed64: "sfixed64"
        case .sint32: "sint32"
        case .sint64: "sint64"
        }
    }

    /// The wire type of one value of this type (unpacked).
    public var wireType: WireType {
        switch self {
        case .double, .fixed64, .sfixed64: .fixed64
        case .float, .fixed32, .sfixed32: .fixed32
        case .string, .bytes, .message: .lengthDelimited
        case .group: .startGroup
        case .int64, .uint64, .int32, .bool, .uint32, .enum, .sint32, .sint64: .varint
        }
    }

    /// Scalars of numeric wire types can be packed.
    public var isPackable: Bool { wireType != .lengthDelimited && wireType != .startGroup }
}

public enum FieldLabel: Int, Sendable { case optional = 1, required = 2, repeated = 3 }

public struct FieldDescriptor: Sendable, Equatable {
    public var name: String
    public var number: UInt32
    public var label: FieldLabel
    public var type: FieldType
    /// For message and enum fields: the type's full name, without a leading dot.
    public var typeName: String
    /// The lowerCamelCase name of the JSON mapping (descriptor's json_name, or computed).
    public var jsonName: String
    public var oneofIndex: Int?
    public var proto3Optional: Bool
    /// The [packed = ...] option, if given.
    public var packedOption: Bool?
    public var defaultValue: String?

    public var isRepeated: Bool { label == .repeated }
}

public struct OneofDescriptor: Sendable, Equatable {
    public var name: String
}

public struct MessageDescriptor: Sendable, Equatable {
    public var name: String
    /// "pkg.Outer.Inner", without a leading dot.
    public var fullName: String
    public var fields: [FieldDescriptor]
    public var oneofs: [OneofDescriptor]
    /// A map<K, V> field's synthetic entry message.
    public var isMapEntry: Bool
    /// The file it is defined in.
    public var file: String
    /// "proto2", "proto3" or "editions".
    public var syntax: String

    public func field(number: UInt32) -> FieldDescriptor? { fields.first { $0.number == number } }
    public func field(named name: String) -> FieldDescriptor? { fields.first { $0.name == name } ?? fields.first { $0.jsonName == name } }
}

public struct EnumValueDescriptor: Sendable, Equatable {
    public var name: String
    public var number: Int32
}

public struct EnumDescriptor: Sendable, Equatable {
    public var name: String
    public var fullName: String
    public var values: [EnumValueDescriptor]
    public var file: String
    /// proto2 enums are closed: only their values are valid.
    public var isClosed: Bool

    public func value(number: Int32) -> EnumValueDescriptor? { values.first { $0.number == number } }
    public func value(named name: String) -> EnumValueDescriptor? { values.first { $0.name == name } }
}

public struct MethodDescriptor: Sendable, Equatable {
    public var name: String
    /// Full names of the request and response messages, without a leading dot.
    public var inputType: String
    public var outputType: String
    public var clientStreaming: Bool
    public var serverStreaming: Bool
}

public struct ServiceDescriptor: Sendable, Equatable {
    public var name: String
    public var fullName: String
    public var methods: [MethodDescriptor]
    public var file: String
}

/// One .proto file, as a FileDescriptorProto describes it.
public struct FileDescriptor: Sendable, Equatable {
    public var name: String
    public var package: String
    public var dependencies: [String]
    /// Every message of the file, nested ones included (each with its full name).
    public var messages: [MessageDescriptor]
    /// Every enum of the file, nested ones included.
    public var enums: [EnumDescriptor]
    public var services: [ServiceDescriptor]
    public var syntax: String
    /// The serialized FileDescriptorProto this was decoded from.
    public var serialized: [UInt8]

    /// Decodes a serialized google.protobuf.FileDescriptorProto.
    public init(serialized bytes: [UInt8]) throws(DescriptorError) {
        name = ""; package = ""; dependencies = []; messages = []; enums = []; services = []; syntax = ""
        serialized = bytes
        var rawMessages: [ProtoReader] = [], rawEnums: [ProtoReader] = [], rawServices: [ProtoReader] = []
        do throws(WireFormatError) {
            var r = ProtoReader(bytes)
            while let (n, t) = try r.tag() {
                switch (n, t) {
                case (1, .lengthDelimited): name = try r.string()
                case (2, .lengthDelimited): package = try r.string()
                case (3, .lengthDelimited): dependencies.append(try r.string())
                case (4, .lengthDelimited): rawMessages.append(try r.nested())
                case (5, .lengthDelimited): rawEnums.append(try r.nested())
                case (6, .lengthDelimited): rawServices.append(try r.nested())
                case (12, .lengthDelimited): syntax = try r.string()
                default: try r.skip(t, number: n)
                }
            }
            if syntax.isEmpty { syntax = "proto2" }   // descriptor.proto: empty means proto2
            let scope = package
            for m in rawMessages { try decodeMessage(m, scope: scope) }
            for e in rawEnums { enums.append(try decodeEnum(e, scope: scope)) }
            for s in rawServices { services.append(try decodeService(s, scope: scope)) }
        } catch {
            throw DescriptorError("\(name.isEmpty ? "a FileDescriptorProto" : name) is malformed: \(error)")
        }
        guard !name.isEmpty else { throw DescriptorError("a FileDescriptorProto has no name") }
    }

    private static func join(_ scope: String, _ name: String) -> String { scope.isEmpty ? name : scope + "." + name }

    private mutating func decodeMessage(_ reader: ProtoReader, scope: String) throws(WireFormatError) {
        var r = reader
        var name = "", fieldReaders: [ProtoReader] = [], nested: [ProtoReader] = [], nestedEnums: [ProtoReader] = []
        var oneofs: [OneofDescriptor] = [], mapEntry = false
        while let (n, t) = try r.tag() {
            switch (n, t) {
            case (1, .lengthDelimited): name = try r.string()
            case (2, .lengthDelimited): fieldReaders.append(try r.nested())
            case (3, .lengthDelimited): nested.append(try r.nested())
            case (4, .lengthDelimited): nestedEnums.append(try r.nested())
            case (7, .lengthDelimited):   // MessageOptions: map_entry = 7
                var o = try r.nested()
                while let (on, ot) = try o.tag() {
                    if on == 7 && ot == .varint { mapEntry = try o.varint() != 0 } else { try o.skip(ot, number: on) }
                }
            case (8, .lengthDelimited):   // OneofDescriptorProto: name = 1
                var o = try r.nested()
                var oneofName = ""
                while let (on, ot) = try o.tag() {
                    if on == 1 && ot == .lengthDelimited { oneofName = try o.string() } else { try o.skip(ot, number: on) }
                }
                oneofs.append(OneofDescriptor(name: oneofName))
            default: try r.skip(t, number: n)
            }
        }
        let fullName = Self.join(scope, name)
        var fields: [FieldDescriptor] = []
        for f in fieldReaders { fields.append(try Self.decodeField(f, scope: fullName, at: f.offset)) }
        messages.append(MessageDescriptor(name: name, fullName: fullName, fields: fields, oneofs: oneofs,
                                          isMapEntry: mapEntry, file: self.name, syntax: syntax))
        for m in nested { try decodeMessage(m, scope: fullName) }
        for e in nestedEnums { enums.append(try decodeEnum(e, scope: fullName)) }
    }

    private static func decodeField(_ reader: ProtoReader, scope: String, at offset: Int) throws(WireFormatError) -> FieldDescriptor {
        var r = reader
        var name = "", number: UInt32 = 0, label = FieldLabel.optional, type: FieldType?, typeName = "", jsonName = ""
        var oneofIndex: Int?, proto3Optional = false, packed: Bool?, defaultValue: String?
        while let (n, t) = try r.tag() {
            switch (n, t) {
            case (1, .lengthDelimited): name = try r.string()
            case (3, .varint): number = UInt32(truncatingIfNeeded: try r.varint())
            case (4, .varint): label = FieldLabel(rawValue: Int(try r.varint())) ?? .optional
            case (5, .varint):
                let v = try r.varint()
                guard let ft = FieldType(rawValue: Int(truncatingIfNeeded: v)) else { throw WireFormatError("field \(name) has unknown type \(v)", at: offset) }
                type = ft
            case (6, .lengthDelimited): typeName = try r.string()
            case (7, .lengthDelimited): defaultValue = try r.string()
            case (8, .lengthDelimited):   // FieldOptions: packed = 2
                var o = try r.nested()
                while let (on, ot) = try o.tag() {
                    if on == 2 && ot == .varint { packed = try o.varint() != 0 } else { try o.skip(ot, number: on) }
                }
            case (9, .varint): oneofIndex = Int(truncatingIfNeeded: try r.varint())
            case (10, .lengthDelimited): jsonName = try r.string()
            case (17, .varint): proto3Optional = try r.varint() != 0
            default: try r.skip(t, number: n)
            }
        }
        guard let type else { throw WireFormatError("field \(scope).\(name) has no type", at: offset) }
        if typeName.hasPrefix(".") { typeName.removeFirst() }
        return FieldDescriptor(name: name, number: number, label: label, type: type, typeName: typeName,
                               jsonName: jsonName.isEmpty ? lowerCamelCase(name) : jsonName, oneofIndex: oneofIndex,
                               proto3Optional: proto3Optional, packedOption: packed, defaultValue: defaultValue)
    }

    private func decodeEnum(_ reader: ProtoReader, scope: String) throws(WireFormatError) -> EnumDescriptor {
        var r = reader
        var name = "", values: [EnumValueDescriptor] = []
        while let (n, t) = try r.tag() {
            switch (n, t) {
            case (1, .lengthDelimited): name = try r.string()
            case (2, .lengthDelimited):
                var v = try r.nested()
                var vn = "", num: Int32 = 0
                while let (fn, ft) = try v.tag() {
                    switch (fn, ft) {
                    case (1, .lengthDelimited): vn = try v.string()
                    case (2, .varint): num = Int32(truncatingIfNeeded: try v.varint())
                    default: try v.skip(ft, number: fn)
                    }
                }
                values.append(EnumValueDescriptor(name: vn, number: num))
            default: try r.skip(t, number: n)
            }
        }
        return EnumDescriptor(name: name, fullName: Self.join(scope, name), values: values, file: self.name, isClosed: syntax == "proto2")
    }

    private func decodeService(_ reader: ProtoReader, scope: String) throws(WireFormatError) -> ServiceDescriptor {
        var r = reader
        var name = "", methods: [MethodDescriptor] = []
        while let (n, t) = try r.tag() {
            switch (n, t) {
            case (1, .lengthDelimited): name = try r.string()
            case (2, .lengthDelimited):
                var m = try r.nested()
                var method = MethodDescriptor(name: "", inputType: "", outputType: "", clientStreaming: false, serverStreaming: false)
                while let (fn, ft) = try m.tag() {
                    switch (fn, ft) {
                    case (1, .lengthDelimited): method.name = try m.string()
                    case (2, .lengthDelimited): method.inputType = try m.string()
                    case (3, .lengthDelimited): method.outputType = try m.string()
                    case (5, .varint): method.clientStreaming = try m.varint() != 0
                    case (6, .varint): method.serverStreaming = try m.varint() != 0
                    default: try m.skip(ft, number: fn)
                    }
                }
                if method.inputType.hasPrefix(".") { method.inputType.removeFirst() }
                if method.outputType.hasPrefix(".") { method.outputType.removeFirst() }
                methods.append(method)
            default: try r.skip(t, number: n)
            }
        }
        return ServiceDescriptor(name: name, fullName: Self.join(scope, name), methods: methods, file: self.name)
    }

    /// Every symbol the file defines: messages, enums, services and methods ("pkg.Service.Method").
    public var symbols: [String] {
        messages.map(\.fullName) + enums.map(\.fullName) + services.flatMap { s in [s.fullName] + s.methods.map { s.fullName + "." + $0.name } }
    }
}

/// protoc's json_name rule: drop each underscore and upper-case the letter after it.
public func lowerCamelCase(_ name: String) -> String {
    var out = "", upper = false
    for c in name {
        if c == "_" { upper = true; continue }
        if upper { out += c.uppercased(); upper = false } else { out.append(c) }
    }
    return out
}

public struct DescriptorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// A serialized google.protobuf.FileDescriptorSet: `repeated FileDescriptorProto file = 1`.
public enum FileDescriptorSet {
    /// The serialized FileDescriptorProtos of a set, in order.
    public static func files(in bytes: [UInt8]) throws(DescriptorError) -> [[UInt8]] {
        var r = ProtoReader(bytes)
        var out: [[UInt8]] = []
        do throws(WireFormatError) {
            while let (n, t) = try r.tag() {
                if n == 1 && t == .lengthDelimited { out.append(try r.lengthDelimited()) } else { try r.skip(t, number: n) }
            }
        } catch {
            throw DescriptorError("not a serialized FileDescriptorSet: \(error)")
        }
        return out
    }

    /// Decodes every file of a set.
    public static func decode(_ bytes: [UInt8]) throws(DescriptorError) -> [FileDescriptor] {
        var out: [FileDescriptor] = []
        for f in try files(in: bytes) { out.append(try FileDescriptor(serialized: f)) }
        return out
    }

    /// A set of the given serialized FileDescriptorProtos.
    public static func encode(_ files: [[UInt8]]) -> [UInt8] {
        var w = ProtoWriter()
        for f in files { w.field(1, bytes: f) }
        return w.bytes
    }
}
