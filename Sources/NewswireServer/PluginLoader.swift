// Loading a plugin: dlopen, the entry symbol, the descriptor's checks, create().
// The only code that reads plugin descriptors; see newswire_plugin.h.
import CNewswirePlugin
import NewswireSchema
import NewswireThreads
import Logging
#if canImport(Glibc)
import Glibc
#endif

public struct PluginLoadError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    static let disabledReason = "disabled in the config"
    public var isDisabled: Bool { reason == PluginLoadError.disabledReason }
    public var description: String { "plugin \(path): \(reason)" }
}

/// A plugin loaded and created, ready to serve.
public final class LoadedPlugin: @unchecked Sendable {
    public let path: String
    public let name: String
    public let version: String
    public let summary: String
    public let abiMajor: UInt16
    public let abiMinor: UInt16
    public let serialized: Bool
    public let services: [ServiceInfo]
    /// The .proto files of the plugin's descriptor_set (ABI 1.1); empty when it ships none.
    public let schemaFiles: [FileDescriptor]
    let descriptor: UnsafePointer<nw_plugin_descriptor>
    private(set) var instance: UnsafeMutableRawPointer?
    private let library: UnsafeMutableRawPointer
    private let host: HostTable
    /// Held around invoke() when the plugin asked for serialized calls.
    let serialLock: ConditionLock?

    fileprivate init(path: String, library: UnsafeMutableRawPointer, descriptor: UnsafePointer<nw_plugin_descriptor>,
                     services: [ServiceInfo], schemaFiles: [FileDescriptor], host: HostTable) {
        let d = descriptor.pointee
        self.path = path; self.library = library; self.descriptor = descriptor; self.host = host
        name = String(cString: d.name); version = d.version.map { String(cString: $0) } ?? ""
        summary = d.description.map { String(cString: $0) } ?? ""
        abiMajor = d.abi_major; abiMinor = d.abi_minor
        serialized = d.flags & UInt64(NW_PLUGIN_SERIALIZE_CALLS) != 0
        serialLock = serialized ? ConditionLock() : nil
        self.services = services
        self.schemaFiles = schemaFiles
    }

    public var info: PluginInfo {
        PluginInfo(name: name, version: version, description: summary, abiMajor: UInt32(abiMajor), abiMinor: UInt32(abiMinor),
                   path: path, services: services, serialized: serialized, schemaFiles: schemaFiles.map(\.name))
    }

    /// Calls the plugin's create().
    fileprivate func create(config: [UInt8], dataDir: String) throws(PluginLoadError) {
        var instance: UnsafeMutableRawPointer?
        let error = UnsafeMutablePointer<CChar>.allocate(capacity: 1024)
        defer { error.deallocate() }
        error[0] = 0
        let rc: Int32 = config.withUnsafeBufferPointer { cfg in
            dataDir.withCString { dir in
                var args = nw_create_args(struct_size: UInt32(MemoryLayout<nw_create_args>.size), config: cfg.baseAddress,
                                          config_length: cfg.count, data_dir: dir, host: host.pointer)
                return descriptor.pointee.create(&args, &instance, error, 1024)
            }
        }
        guard rc == NW_STATUS_OK else {
            let message = String(decoding: UnsafeRawBufferPointer(start: error, count: strnlen(error, 1024)), as: UTF8.self)
            throw PluginLoadError(path: path, reason: "create failed with \(StatusCode(rawValue: UInt32(bitPattern: rc)).name)\(message.isEmpty ? "" : ": \(message)")")
        }
        self.instance = instance
    }

    /// destroy() and dlclose. No call may be running.
    public func unload() {
        if let destroy = descriptor.pointee.destroy { destroy(instance) }
        instance = nil
        dlclose(library)
        host.release()
    }

    /// The services of this plugin as the router serves them.
    public func serviceDefinitions() -> [ServiceDefinition] {
        services.enumerated().map { (si, s) in
            ServiceDefinition(name: s.name, provider: name, methods: s.methods.enumerated().map { (mi, m) in
                MethodHandler(info: m) { [self] in
                    PluginCallHandler(plugin: self, serviceIndex: UInt32(si), methodIndex: UInt32(mi), method: m)
                }
            })
        }
    }
}

public enum PluginLoader {
    /// The v1.0 descriptor: a plugin's struct_size must cover it.
    static let minimumDescriptorSize = MemoryLayout<nw_plugin_descriptor>.offset(of: \nw_plugin_descriptor.descriptor_set)!
    /// The v1.1 descriptor, with descriptor_set: read only from a struct_size this large.
    static let descriptorSize1_1 = MemoryLayout<nw_plugin_descriptor>.offset(of: \nw_plugin_descriptor.descriptor_set_length)! + MemoryLayout<Int>.size

    /// Loads, checks and creates one plugin.
    /// `config` gives the configuration bytes for the plugin's name (known once its descriptor is read).
    /// `isEnabled` is asked with the plugin's name before anything is created;
    /// a disabled plugin throws `PluginLoadError.disabled`.
    public static func load(path: String, dataRoot: String, logger: Logger,
                            config: (String) -> [UInt8] = { _ in [] },
                            isEnabled: (String) -> Bool = { _ in true }) throws(PluginLoadError) -> LoadedPlugin {
        func fail(_ reason: String) -> PluginLoadError { PluginLoadError(path: path, reason: reason) }
        // RTLD_NODELETE: a library is never unmapped, because language runtimes (Swift's among them)
        // keep pointers into a library's metadata after it is closed.
        guard let lib = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw fail("cannot load the library: \(dlerror().map { String(cString: $0) } ?? "unknown dlopen error")")
        }
        var keep = false
        defer { if !keep { dlclose(lib) } }
        guard let sym = dlsym(lib, NEWSWIRE_PLUGIN_ENTRY_SYMBOL) else {
            throw fail("no \(NEWSWIRE_PLUGIN_ENTRY_SYMBOL) symbol: not a Newswire plugin")
        }
        let entry = unsafeBitCast(sym, to: nw_plugin_entry_fn.self)
        guard let d = entry() else { throw fail("\(NEWSWIRE_PLUGIN_ENTRY_SYMBOL)() returned NULL") }
        let desc = d.pointee
        guard desc.abi_major == UInt16(NEWSWIRE_PLUGIN_ABI_MAJOR) else {
            throw fail("built for plugin ABI \(desc.abi_major).\(desc.abi_minor); this server speaks ABI \(NEWSWIRE_PLUGIN_ABI_MAJOR).\(NEWSWIRE_PLUGIN_ABI_MINOR)")
        }
        guard Int(desc.struct_size) >= minimumDescriptorSize else {
            throw fail("descriptor struct_size is \(desc.struct_size) bytes; ABI \(NEWSWIRE_PLUGIN_ABI_MAJOR).0 needs at least \(minimumDescriptorSize)")
        }
        guard let namePtr = desc.name, isValidName(String(cString: namePtr)) else {
            throw fail("plugin name is missing or not of the form [a-z0-9_-]+")
        }
        guard desc.create != nil, desc.invoke != nil, desc.destroy != nil else {
            throw fail("descriptor lacks create, invoke or destroy")
        }
        let services = try readServices(desc, fail)
        let schemaFiles = try readSchemas(desc, services: services, fail)
        let name = String(cString: namePtr)
        guard isEnabled(name) else { throw PluginLoadError(path: path, reason: PluginLoadError.disabledReason) }
        var pluginLogger = logger
        pluginLogger[metadataKey: "plugin"] = "\(name)"
        let host = HostTable(logger: pluginLogger)
        let plugin = LoadedPlugin(path: path, library: lib, descriptor: d, services: services, schemaFiles: schemaFiles, host: host)
        let dataDir = dataRoot + "/" + name
        guard makeDirectories(dataDir) else {
            host.release()
            throw fail("cannot create its data directory \(dataDir): \(String(cString: strerror(errno)))")
        }
        do { try plugin.create(config: config(name), dataDir: dataDir) } catch {
            host.release()
            throw error
        }
        keep = true
        return plugin
    }

    static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D }
    }

    private static func readServices(_ d: nw_plugin_descriptor, _ fail: (String) -> PluginLoadError) throws(PluginLoadError) -> [ServiceInfo] {
        guard d.service_count > 0, let base = d.services else { throw fail("declares no services") }
        let sStride = Int(base.pointee.struct_size)
        guard sStride >= MemoryLayout<nw_service>.size else { throw fail("nw_service struct_size \(sStride) is too small") }
        var out: [ServiceInfo] = []
        for i in 0..<Int(d.service_count) {
            let s = (UnsafeRawPointer(base) + i * sStride).assumingMemoryBound(to: nw_service.self).pointee
            guard let sn = s.name, MethodPath("/\(String(cString: sn))/x") != nil else { throw fail("service \(i) has no valid name") }
            let serviceName = String(cString: sn)
            guard !out.contains(where: { $0.name == serviceName }) else { throw fail("declares service \(serviceName) twice") }
            guard s.method_count > 0, let mbase = s.methods else { throw fail("service \(serviceName) declares no methods") }
            let mStride = Int(mbase.pointee.struct_size)
            guard mStride >= MemoryLayout<nw_method>.size else { throw fail("nw_method struct_size \(mStride) is too small") }
            var methods: [MethodInfo] = []
            for j in 0..<Int(s.method_count) {
                let m = (UnsafeRawPointer(mbase) + j * mStride).assumingMemoryBound(to: nw_method.self).pointee
                guard let mn = m.name, let kind = MethodKind(rawValue: m.kind) else {
                    throw fail("method \(j) of \(serviceName) has no name or an unknown kind")
                }
                let methodName = String(cString: mn)
                guard MethodPath("/\(serviceName)/\(methodName)") != nil else { throw fail("bad method name \"\(methodName)\" in \(serviceName)") }
                guard !methods.contains(where: { $0.name == methodName }) else { throw fail("declares method \(methodName) of \(serviceName) twice") }
                methods.append(MethodInfo(name: methodName, path: "/\(serviceName)/\(methodName)", kind: kind,
                                          requestType: m.request_type.map { String(cString: $0) } ?? "",
                                          responseType: m.response_type.map { String(cString: $0) } ?? ""))
            }
            out.append(ServiceInfo(name: serviceName, methods: methods, provider: String(cString: d.name)))
        }
        return out
    }

    /// The descriptor_set of an ABI 1.1 descriptor, decoded and checked against the services it declares.
    private static func readSchemas(_ d: nw_plugin_descriptor, services: [ServiceInfo],
                                    _ fail: (String) -> PluginLoadError) throws(PluginLoadError) -> [FileDescriptor] {
        guard Int(d.struct_size) >= descriptorSize1_1, d.descriptor_set_length > 0 else { return [] }
        guard let p = d.descriptor_set else { throw fail("descriptor_set is NULL but descriptor_set_length is \(d.descriptor_set_length)") }
        let bytes = Array(UnsafeBufferPointer(start: p, count: d.descriptor_set_length))
        let files: [FileDescriptor]
        do throws(DescriptorError) { files = try FileDescriptorSet.decode(bytes) } catch {
            throw fail("descriptor_set: \(error)")
        }
        if let problem = SchemaRegistry.check(pluginFiles: files, services: services) { throw fail("descriptor_set: \(problem)") }
        return files
    }

    static func makeDirectories(_ path: String) -> Bool {
        var partial = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            partial += "/" + part
            if mkdir(partial, 0o755) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
