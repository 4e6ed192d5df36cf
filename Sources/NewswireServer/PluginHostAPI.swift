// The host side of the plugin ABI: the nw_host function table a plugin calls,
// and the handler that turns a call's events into invoke()s.
import CNewswirePlugin
import NewswireThreads
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// One plugin's nw_host table, followed in memory by a pointer back to this object,
/// so that a C callback given the table finds its plugin's logger.
final class HostTable: @unchecked Sendable {
    let logger: Logger
    let pointer: UnsafeMutablePointer<nw_host>
    private let block: UnsafeMutableRawPointer

    private static var contextOffset: Int { (MemoryLayout<nw_host>.stride + 15) & ~15 }

    init(logger: Logger) {
        self.logger = logger
        block = UnsafeMutableRawPointer.allocate(byteCount: HostTable.contextOffset + 8, alignment: 16)
        pointer = block.bindMemory(to: nw_host.self, capacity: 1)
        pointer.initialize(to: nw_host(
            struct_size: UInt32(MemoryLayout<nw_host>.size),
            abi_major: UInt16(NEWSWIRE_PLUGIN_ABI_MAJOR), abi_minor: UInt16(NEWSWIRE_PLUGIN_ABI_MINOR),
            log: { host, level, message in
                guard let host, let message else { return }
                let table = HostTable.from(host)
                let text = String(cString: message)
                switch level {
                case Int32(NW_LOG_DEBUG): table.logger.debug("\(text)")
                case Int32(NW_LOG_INFO): table.logger.info("\(text)")
                case Int32(NW_LOG_WARNING): table.logger.warning("\(text)")
                default: table.logger.error("\(text)")
                }
            },
            call_is_cancelled: { call in PluginCall.from(call).target.endedCode != nil ? 1 : 0 },
            call_deadline_remaining_us: { call in
                guard let d = PluginCall.from(call).target.deadline else { return -1 }
                return Int64(d.remainingMicros)
            },
            call_send: { call, bytes, length in
                let code = PluginCall.from(call).send(length == 0 ? [] : Array(UnsafeBufferPointer(start: bytes, count: length)))
                return Int32(code.rawValue)
            },
            call_metadata: { call, key, length in
                guard let key else { return nil }
                return PluginCall.from(call).metadata(String(cString: key), length)
            }))
        (block + HostTable.contextOffset).storeBytes(of: Unmanaged.passRetained(self).toOpaque(), as: UnsafeMutableRawPointer.self)
    }

    static func from(_ host: UnsafePointer<nw_host>) -> HostTable {
        let raw = (UnsafeRawPointer(host) + contextOffset).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<HostTable>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Ends the self-reference; the memory goes with the object.
    func release() {
        let raw = (block + HostTable.contextOffset).load(as: UnsafeMutableRawPointer.self)
        Unmanaged<HostTable>.fromOpaque(raw).release()
    }

    deinit { block.deallocate() }
}

/// Where a plugin call's output goes and whose deadline and metadata it has:
/// a client's call, or an invocation the server makes itself (Analyze).
protocol PluginCallTarget: AnyObject, Sendable {
    var endedCode: StatusCode? { get }
    /// Whether the method may send more than one response.
    var streamsResponses: Bool { get }
    var deadline: Deadline? { get }
    var requestMetadata: Metadata { get }
    func send(_ message: [UInt8])
}

extension ServerCall: PluginCallTarget {
    var streamsResponses: Bool { kind.serverStreams }
    var endedCode: StatusCode? {
        if let d = deadline, d.hasPassed { return .deadlineExceeded }
        return isCancelled ? .cancelled : nil
    }
}

/// An invocation the server makes itself, on behalf of `parent` (or of no
/// client at all, as in a benchmark), whose responses it collects.
final class CollectingCall: PluginCallTarget, @unchecked Sendable {
    let parent: ServerCall?
    private let lock = ConditionLock()
    private var collected: [[UInt8]] = []   // guarded by lock
    init(parent: ServerCall?) { self.parent = parent }
    var endedCode: StatusCode? { parent?.endedCode }
    var streamsResponses: Bool { false }
    var deadline: Deadline? { parent?.deadline }
    var requestMetadata: Metadata { parent?.requestMetadata ?? Metadata() }
    func send(_ message: [UInt8]) { lock.withLock { collected.append(message) } }
    var responses: [[UInt8]] { lock.withLock { collected } }
}

/// What an nw_call points to: the call's target, and metadata copies that stay valid for the call.
final class PluginCall: @unchecked Sendable {
    let target: any PluginCallTarget
    private let lock = ConditionLock()
    private var copies: [String: UnsafeMutableBufferPointer<UInt8>] = [:]   // guarded by lock
    private var sent = 0                                                      // guarded by lock
    private var refused = false                                               // guarded by lock

    /// Whether the plugin tried to send a second response to a single-response method.
    var refusedSend: Bool { lock.withLock { refused } }

    init(_ target: any PluginCallTarget) { self.target = target }

    /// call_send: the status for the plugin.
    func send(_ message: [UInt8]) -> StatusCode {
        if let code = target.endedCode { return code }
        let allowed: Bool = lock.withLock {
            sent += 1
            if sent > 1 && !target.streamsResponses { refused = true }
            return !refused
        }
        guard allowed else { return .internal }   // a second response to a single-response method; the call fails
        target.send(message)
        return .ok
    }

    deinit { for c in copies.values { c.deallocate() } }

    static func from(_ p: OpaquePointer?) -> PluginCall {
        Unmanaged<PluginCall>.fromOpaque(UnsafeRawPointer(p!)).takeUnretainedValue()
    }

    var handle: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    func metadata(_ key: String, _ length: UnsafeMutablePointer<Int>?) -> UnsafePointer<UInt8>? {
        lock.withLock {
            if copies[key] == nil, let v = target.requestMetadata[key] {
                let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, v.count))
                _ = b.initialize(from: v)
                copies[key] = UnsafeMutableBufferPointer(rebasing: b[0..<v.count])
            }
            guard let b = copies[key] else { return nil }
            length?.pointee = b.count
            return UnsafePointer(b.baseAddress)
        }
    }
}

extension LoadedPlugin {
    /// The indexes of the method at `path`, if this plugin serves it.
    public func methodIndexes(_ path: String) -> (service: UInt32, method: UInt32)? {
        for (si, s) in services.enumerated() {
            if let mi = s.methods.firstIndex(where: { $0.path == path }) { return (UInt32(si), UInt32(mi)) }
        }
        return nil
    }

    /// One invoke(): returns the status and the status message, and the call state the plugin left.
    func invoke(_ call: PluginCall, service: UInt32, method: UInt32, path: String, request: [UInt8]?, endOfStream: Bool,
                state: inout UnsafeMutableRawPointer?) -> (StatusCode, String) {
        let capacity = 4096
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buf in
            buf[0] = 0
            let rc: Int32 = path.withCString { cPath in
                (request ?? []).withUnsafeBufferPointer { req in
                    var inv = nw_invocation(
                        struct_size: UInt32(MemoryLayout<nw_invocation>.size), call: call.handle, method_path: cPath,
                        service_index: service, method_index: method,
                        request: request == nil ? nil : (req.baseAddress ?? UnsafePointer(bitPattern: 1)), request_length: req.count,
                        end_of_stream: endOfStream ? 1 : 0, call_state: state,
                        message: buf.baseAddress, message_capacity: capacity)
                    serialLock?.lock()
                    let rc = descriptor.pointee.invoke(instance, &inv)
                    serialLock?.unlock()
                    state = inv.call_state
                    return rc
                }
            }
            let text = String(decoding: UnsafeRawBufferPointer(start: buf.baseAddress, count: strnlen(buf.baseAddress!, capacity)), as: UTF8.self)
            guard (0...16).contains(rc) else {
                return (.unknown, "plugin \(name) returned \(rc), which is not a status code\(text.isEmpty ? "" : ": \(text)")")
            }
            return (StatusCode(rawValue: UInt32(rc)), text)
        }
    }

    /// Frees a call's state, if the plugin left one.
    func release(_ state: UnsafeMutableRawPointer?) {
        guard let state, let rel = descriptor.pointee.call_release else { return }
        serialLock?.lock()
        rel(instance, state)
        serialLock?.unlock()
    }

    /// Calls a unary method on behalf of `parent` and returns its one response.
    public func callUnary(service: UInt32, method: UInt32, path: String, request: [UInt8], parent: ServerCall? = nil) -> Result<[UInt8], RPCError> {
        let target = CollectingCall(parent: parent)
        let call = PluginCall(target)
        var state: UnsafeMutableRawPointer?
        var (code, text) = invoke(call, service: service, method: method, path: path, request: request, endOfStream: false, state: &state)
        release(state)
        if call.refusedSend { (code, text) = (.internal, "plugin \(name) sent more than one response to \(path)") }
        if let ended = parent?.endedCode { return .failure(RPCError(ended, "the call ended before plugin \(name) answered")) }
        guard code == .ok else { return .failure(RPCError(code, text)) }
        let responses = target.responses
        guard responses.count == 1 else {
            return .failure(RPCError(.internal, "plugin \(name) sent \(responses.count) responses to a unary call of \(path)"))
        }
        return .success(responses[0])
    }
}

/// A call into a plugin method. Its events arrive one at a time (the call's serial queue).
final class PluginCallHandler: CallHandler {
    let plugin: LoadedPlugin
    let serviceIndex: UInt32
    let methodIndex: UInt32
    let method: MethodInfo
    private var pluginCall: PluginCall?
    private var callState: UnsafeMutableRawPointer?
    private var request: [UInt8]?
    private var released = false

    init(plugin: LoadedPlugin, serviceIndex: UInt32, methodIndex: UInt32, method: MethodInfo) {
        self.plugin = plugin; self.serviceIndex = serviceIndex; self.methodIndex = methodIndex; self.method = method
    }

    func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) {
        guard !released else { return }
        guard method.kind.clientStreams else { request = message; return }   // invoked at half-close
        let (code, text) = invoke(message, endOfStream: false, call: call)
        if code != .ok { end(code, text, call) }
    }

    func onHalfClose(call: ServerCall) throws(RPCError) {
        guard !released else { return }
        let (code, text): (StatusCode, String)
        if method.kind.clientStreams {
            (code, text) = invoke(nil, endOfStream: true, call: call)
        } else {
            guard let r = request else { return }
            request = nil
            (code, text) = invoke(r, endOfStream: false, call: call)
        }
        end(code, text, call)
    }

    func onCancel(call: ServerCall) { release() }

    private func end(_ code: StatusCode, _ text: String, _ call: ServerCall) {
        release()
        if pluginCall?.refusedSend == true {
            call.finish(RPCError(.internal, "plugin \(plugin.name) sent more than one response to \(method.path)"))
            return
        }
        call.finish(code == .ok ? nil : RPCError(code, text))
    }

    private func release() {
        guard !released else { return }
        released = true
        plugin.release(callState)
        callState = nil
    }

    private func invoke(_ message: [UInt8]?, endOfStream: Bool, call: ServerCall) -> (StatusCode, String) {
        let pc = pluginCall ?? PluginCall(call)
        pluginCall = pc
        return plugin.invoke(pc, service: serviceIndex, method: methodIndex, path: method.path, request: message,
                             endOfStream: endOfStream, state: &callState)
    }
}
