// A set of .proto files, indexed by file name and by symbol.

public struct SchemaPool: Sendable {
    public private(set) var files: [String: FileDescriptor] = [:]
    /// File names in the order they were added.
    public private(set) var fileOrder: [String] = []
    public private(set) var messages: [String: MessageDescriptor] = [:]
    public private(set) var enums: [String: EnumDescriptor] = [:]
    public private(set) var services: [String: ServiceDescriptor] = [:]
    /// Symbol (message, enum, service, "Service.Method") -> the file that defines it.
    public private(set) var symbolFiles: [String: String] = [:]

    public init() {}

    /// A pool of every file in serialized FileDescriptorProtos (in any order).
    public init(serializedFiles: [[UInt8]]) throws(DescriptorError) {
        for f in serializedFiles { _ = try add(FileDescriptor(serialized: f)) }
    }

    /// A pool of a serialized FileDescriptorSet.
    public init(descriptorSet: [UInt8]) throws(DescriptorError) {
        try self.init(serializedFiles: FileDescriptorSet.files(in: descriptorSet))
    }

    public enum AddResult: Equatable, Sendable {
        case added
        /// The same name with the same bytes: nothing to do.
        case alreadyPresent
        /// The same name with other content: the first one stays.
        case conflictingFile
        /// The file defines a symbol another file already defines: the file is not added.
        case conflictingSymbol(String, definedIn: String)
    }

    /// Adds a file unless one of that name, or one of its symbols, is already there.
    @discardableResult
    public mutating func add(_ file: FileDescriptor) -> AddResult {
        if let existing = files[file.name] { return existing.serialized == file.serialized ? .alreadyPresent : .conflictingFile }
        for s in file.symbols { if let other = symbolFiles[s] { return .conflictingSymbol(s, definedIn: other) } }
        files[file.name] = file
        fileOrder.append(file.name)
        for m in file.messages { messages[m.fullName] = m }
        for e in file.enums { enums[e.fullName] = e }
        for s in file.services { services[s.fullName] = s }
        for s in file.symbols { symbolFiles[s] = file.name }
        return .added
    }

    /// The file that defines a symbol. A leading dot is ignored.
    public func file(containing symbol: String) -> FileDescriptor? {
        let s = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
        return symbolFiles[s].flatMap { files[$0] }
    }

    /// `name`, then every file it imports, directly or not, each once (breadth first).
    /// Imports the pool does not have are left out; `missingDependencies` names them.
    public func withDependencies(_ name: String) -> [FileDescriptor] {
        var out: [FileDescriptor] = [], seen: Set<String> = [name], queue = [name]
        while !queue.isEmpty {
            let n = queue.removeFirst()
            guard let f = files[n] else { continue }
            out.append(f)
            for d in f.dependencies where !seen.contains(d) { seen.insert(d); queue.append(d) }
        }
        return out
    }

    /// Imports of `name` (directly or not) that the pool lacks.
    public func missingDependencies(_ name: String) -> [String] {
        var missing: [String] = [], seen: Set<String> = [name], queue = [name]
        while !queue.isEmpty {
            let n = queue.removeFirst()
            guard let f = files[n] else { missing.append(n); continue }
            for d in f.dependencies where !seen.contains(d) { seen.insert(d); queue.append(d) }
        }
        return missing
    }

    public func message(_ name: String) -> MessageDescriptor? { messages[name.hasPrefix(".") ? String(name.dropFirst()) : name] }
    public func enumType(_ name: String) -> EnumDescriptor? { enums[name.hasPrefix(".") ? String(name.dropFirst()) : name] }
    public func service(_ name: String) -> ServiceDescriptor? { services[name.hasPrefix(".") ? String(name.dropFirst()) : name] }

    /// Message and enum types that a message's fields refer to (directly or not) and the pool lacks,
    /// as "pkg.Msg.field -> pkg.Missing".
    public func unresolvedTypes(from root: String) -> [String] {
        var out: [String] = [], seen: Set<String> = [], queue = [root]
        while !queue.isEmpty {
            let name = queue.removeFirst()
            guard !seen.contains(name) else { continue }
            seen.insert(name)
            guard let m = message(name) else { if name == root { out.append(root) }; continue }
            for f in m.fields {
                switch f.type {
                case .message, .group:
                    if message(f.typeName) == nil { out.append("\(m.fullName).\(f.name) -> \(f.typeName)") } else { queue.append(f.typeName) }
                case .enum:
                    if enumType(f.typeName) == nil { out.append("\(m.fullName).\(f.name) -> \(f.typeName)") }
                default: break
                }
            }
        }
        return out
    }
}
