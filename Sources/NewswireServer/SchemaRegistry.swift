// The schemas reflection serves: the FileDescriptorSet of proto/ built into the
// server, then each plugin's descriptor_set (plugin ABI 1.1), in load order.
import NewswireSchema
import Logging

final class SchemaRegistry: Sendable {
    let pool: SchemaPool
    /// Services (and their methods and message types) of plugins that ship no schema: symbol -> plugin name.
    private let withoutSchema: [String: String]

    /// The server's own schemas, decoded once.
    static let builtin: SchemaPool = {
        do { return try SchemaPool(descriptorSet: BuiltinSchemas.descriptorSet) } catch {
            Logger(label: "newswired").error("the built-in schemas do not decode: \(error)")
            return SchemaPool()
        }
    }()

    init(plugins: [LoadedPlugin], logger: Logger) {
        var pool = SchemaRegistry.builtin
        var without: [String: String] = [:]
        for plugin in plugins {
            if plugin.schemaFiles.isEmpty {
                for s in plugin.services {
                    without[s.name] = plugin.name
                    for m in s.methods {
                        without[s.name + "." + m.name] = plugin.name
                        for t in [m.requestType, m.responseType] where !t.isEmpty && pool.message(t) == nil { without[t] = plugin.name }
                    }
                }
                continue
            }
            for f in plugin.schemaFiles {
                switch pool.add(f) {
                case .added, .alreadyPresent: break
                case .conflictingFile:
                    logger.warning("plugin \(plugin.name): its \(f.name) differs from the one the server already has; reflection serves the server's")
                case .conflictingSymbol(let symbol, let other):
                    logger.warning("plugin \(plugin.name): its \(f.name) defines \(symbol), which \(other) already defines; reflection leaves \(f.name) out")
                }
            }
        }
        self.pool = pool
        withoutSchema = without
    }

    /// The file defining `symbol`, then its imports.
    func files(containing symbol: String) throws(RPCError) -> [[UInt8]] {
        let s = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
        guard !s.isEmpty else { throw RPCError(.invalidArgument, "no symbol given: name a message, enum, service or method, e.g. newswire.health.v1.Health") }
        if let f = pool.file(containing: s) { return pool.withDependencies(f.name).map(\.serialized) }
        if let plugin = withoutSchema[s] {
            throw RPCError(.notFound, "no schema for \(s): plugin \(plugin) ships none (the descriptor_set of plugin ABI 1.1; see docs/PLUGINS.md)")
        }
        throw RPCError(.notFound, "no schema defines \(s)")
    }

    /// The .proto files that define these services (the plugin's own, or the server's), in order, each once.
    func fileNames(describing services: [ServiceInfo]) -> [String] {
        var out: [String] = []
        for s in services { if let f = pool.file(containing: s.name)?.name, !out.contains(f) { out.append(f) } }
        return out
    }

    /// The file named `filename`, then its imports.
    func files(named filename: String) throws(RPCError) -> [[UInt8]] {
        guard pool.files[filename] != nil else {
            let close = Suggestions.closest(to: filename, in: pool.fileOrder)
            throw RPCError(.notFound, "no file \(filename)\(close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?")")
        }
        return pool.withDependencies(filename).map(\.serialized)
    }

    /// Why a plugin's schemas do not describe the services it declares, or nil if they do.
    /// Imports may come from the plugin's set or from the server's own schemas.
    static func check(pluginFiles: [FileDescriptor], services: [ServiceInfo]) -> String? {
        var own = SchemaPool()
        for f in pluginFiles {
            if case .conflictingSymbol(let s, let other) = own.add(f) { return "\(f.name) defines \(s), which \(other) defines too" }
            if own.files[f.name]?.serialized != f.serialized { return "it holds \(f.name) twice, with different content" }
        }
        var pool = own
        for name in builtin.fileOrder where pool.files[name] == nil { if let f = builtin.files[name] { pool.add(f) } }
        for f in pluginFiles {
            for missing in pool.missingDependencies(f.name) where missing != f.name {
                return "it lacks \(missing), which \(f.name) imports (build it with protoc --include_imports)"
            }
        }
        for s in services {
            guard let sd = pool.service(s.name) else {
                let defined = own.services.keys.sorted()
                return "it does not define service \(s.name)\(defined.isEmpty ? " (it defines no service)" : " (it defines \(defined.joined(separator: ", ")))")"
            }
            for m in s.methods {
                guard let md = sd.methods.first(where: { $0.name == m.name }) else { return "its \(s.name) has no method \(m.name)" }
                let kind: MethodKind = md.clientStreaming ? (md.serverStreaming ? .bidiStreaming : .clientStreaming)
                                                          : (md.serverStreaming ? .serverStreaming : .unary)
                if kind != m.kind { return "it says \(s.name)/\(m.name) is \(kind.name); the descriptor says \(m.kind.name)" }
                if !m.requestType.isEmpty && m.requestType != md.inputType {
                    return "it says \(s.name)/\(m.name) takes \(md.inputType); the descriptor says \(m.requestType)"
                }
                if !m.responseType.isEmpty && m.responseType != md.outputType {
                    return "it says \(s.name)/\(m.name) returns \(md.outputType); the descriptor says \(m.responseType)"
                }
                for t in [md.inputType, md.outputType] {
                    if let problem = pool.unresolvedTypes(from: t).first {
                        return problem == t ? "it does not define \(t), which \(s.name)/\(m.name) uses" : "it does not define the type of \(problem)"
                    }
                }
            }
        }
        return nil
    }
}
