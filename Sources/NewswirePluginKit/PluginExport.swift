// Builds the C descriptor for a Swift plugin type, once, and keeps it for the
// life of the library.
import CNewswirePlugin
#if canImport(Glibc)
import Glibc
#endif

/// The plugin object behind the descriptor's `void *instance`.
final class InstanceBox {
    let plugin: any NewswirePlugin
    let methodNames: [[String]]
    let host: HostHandle
    init(_ p: any NewswirePlugin, _ names: [[String]], _ host: HostHandle) { plugin = p; methodNames = names; self.host = host }
}

public enum PluginExport {
    /// The one plugin type this library exports, set by `descriptor(for:)`.
    nonisolated(unsafe) static var pluginType: (any NewswirePlugin.Type)?
    nonisolated(unsafe) static var built: UnsafePointer<nw_plugin_descriptor>?
    nonisolated(unsafe) static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    /// Returns the descriptor for `type`; call it from your newswire_plugin_entry.
    public static func descriptor<P: NewswirePlugin>(for type: P.Type) -> UnsafeRawPointer {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let built { return UnsafeRawPointer(built) }
        pluginType = type
        let d = build(P.info)
        built = UnsafePointer(d)
        return UnsafeRawPointer(d)
    }

    /// A C string that lives as long as the library.
    private static func keep(_ s: String) -> UnsafePointer<CChar> { UnsafePointer(strdup(s)!) }

    private static func build(_ info: PluginInfo) -> UnsafeMutablePointer<nw_plugin_descriptor> {
        let services = UnsafeMutablePointer<nw_service>.allocate(capacity: info.services.count)
        for (i, s) in info.services.enumerated() {
            let methods = UnsafeMutablePointer<nw_method>.allocate(capacity: s.methods.count)
            for (j, m) in s.methods.enumerated() {
                methods[j] = nw_method(struct_size: UInt32(MemoryLayout<nw_method>.size), name: keep(m.name), kind: m.kind.rawValue,
                                       request_type: keep(m.requestType), response_type: keep(m.responseType))
            }
            services[i] = nw_service(struct_size: UInt32(MemoryLayout<nw_service>.size), name: keep(s.name),
                                     methods: methods, method_count: UInt32(s.methods.count))
        }
        // The schemas, copied once into memory that lives as long as the library.
        var schemas: UnsafePointer<UInt8>? = nil
        if !info.descriptorSet.isEmpty {
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: info.descriptorSet.count)
            buffer.initialize(from: info.descriptorSet, count: info.descriptorSet.count)
            schemas = UnsafePointer(buffer)
        }
        let d = UnsafeMutablePointer<nw_plugin_descriptor>.allocate(capacity: 1)
        d.initialize(to: nw_plugin_descriptor(
            struct_size: UInt32(MemoryLayout<nw_plugin_descriptor>.size),
            abi_major: UInt16(NEWSWIRE_PLUGIN_ABI_MAJOR), abi_minor: UInt16(NEWSWIRE_PLUGIN_ABI_MINOR),
            name: keep(info.name), version: keep(info.version), description: keep(info.summary),
            flags: info.serializeCalls ? UInt64(NW_PLUGIN_SERIALIZE_CALLS) : 0,
            services: services, service_count: UInt32(info.services.count),
            create: { args, instance, errorBuffer, capacity in
                guard let args, let instance, let type = PluginExport.pluginType else { return Int32(NW_STATUS_INTERNAL) }
                let a = args.pointee
                let context = PluginContext(
                    config: a.config_length > 0 ? Array(UnsafeBufferPointer(start: a.config, count: a.config_length)) : [],
                    dataDirectory: a.data_dir.map { String(cString: $0) } ?? "",
                    host: HostHandle(table: a.host))
                do throws(PluginError) {
                    let plugin = try type.init(context: context)
                    let names = type.info.services.map { $0.methods.map(\.name) }
                    instance.pointee = Unmanaged.passRetained(InstanceBox(plugin, names, context.host)).toOpaque()
                    return Int32(NW_STATUS_OK)
                } catch {
                    PluginExport.writeMessage(error.message, errorBuffer, capacity)
                    return error.code
                }
            },
            invoke: { instance, invocation in
                guard let instance, let invocation else { return Int32(NW_STATUS_INTERNAL) }
                let box = Unmanaged<InstanceBox>.fromOpaque(instance).takeUnretainedValue()
                let inv = invocation.pointee
                let call = PluginCall(
                    invocation: invocation, host: box.host,
                    method: box.methodNames[Int(inv.service_index)][Int(inv.method_index)],
                    request: inv.request.map { Array(UnsafeBufferPointer(start: $0, count: inv.request_length)) } ?? [])
                do throws(PluginError) {
                    try box.plugin.handle(call)
                    return Int32(NW_STATUS_OK)
                } catch {
                    PluginExport.writeMessage(error.message, inv.message, inv.message_capacity)
                    return error.code
                }
            },
            call_release: { _, state in
                if let state { Unmanaged<CallStateBox>.fromOpaque(state).release() }
            },
            destroy: { instance in
                if let instance { Unmanaged<InstanceBox>.fromOpaque(instance).release() }
            },
            descriptor_set: schemas, descriptor_set_length: info.descriptorSet.count))
        return d
    }

    /// Writes `s` NUL-terminated into the host's buffer, cut at a character boundary to fit.
    static func writeMessage(_ s: String, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) {
        guard let buffer, capacity > 0 else { return }
        var bytes: [UInt8] = []
        for scalar in s.unicodeScalars {
            let utf8 = Array(String(scalar).utf8)
            if bytes.count + utf8.count > capacity - 1 { break }
            bytes += utf8
        }
        bytes.append(0)
        bytes.withUnsafeBytes { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
    }
}
