// One invocation as a Swift plugin sees it.
import CNewswirePlugin

/// The host's function table, as the kit calls it.
struct HostHandle: @unchecked Sendable {   // the table is immutable and its functions thread-safe (newswire_plugin.h)
    let table: UnsafePointer<nw_host>

    func log(_ level: LogLevel, _ message: String) {
        message.withCString { table.pointee.log?(table, level.rawValue, $0) }
    }
}

/// Per-call state a plugin keeps across the invocations of one call.
public final class CallStateBox {
    public var value: Any
    init(_ v: Any) { value = v }
}

public struct PluginCall {
    let invocation: UnsafeMutablePointer<nw_invocation>
    let host: HostHandle

    /// The method's short name, e.g. "Analyze".
    public let method: String
    /// The method path, "/pkg.Service/Method".
    public var path: String { String(cString: invocation.pointee.method_path) }
    /// This invocation's request message; empty at the end of a client stream.
    public let request: [UInt8]
    /// True for the invocation that marks the end of a client or bidi stream.
    public var isEndOfStream: Bool { invocation.pointee.end_of_stream != 0 }

    /// Sends one response message; false if the call has already ended.
    @discardableResult
    public func send(_ message: [UInt8]) -> Bool {
        message.withUnsafeBufferPointer { host.table.pointee.call_send(invocation.pointee.call, $0.baseAddress, $0.count) } == Int32(NW_STATUS_OK)
    }

    /// Cancelled by the client, past its deadline, or its connection gone.
    public var isCancelled: Bool { host.table.pointee.call_is_cancelled(invocation.pointee.call) != 0 }

    /// Microseconds until the deadline, or nil when the call has none.
    public var deadlineRemainingMicros: Int64? {
        let v = host.table.pointee.call_deadline_remaining_us(invocation.pointee.call)
        return v < 0 ? nil : v
    }

    /// The first value of a request metadata key.
    public func metadata(_ key: String) -> [UInt8]? {
        var length = 0
        guard let p = key.withCString({ host.table.pointee.call_metadata(invocation.pointee.call, $0, &length) }) else { return nil }
        return Array(UnsafeBufferPointer(start: p, count: length))
    }

    /// State kept for the rest of the call; released when the call ends.
    public func state<T>(_ make: () -> T) -> T {
        if let raw = invocation.pointee.call_state {
            return Unmanaged<CallStateBox>.fromOpaque(raw).takeUnretainedValue().value as! T
        }
        let v = make()
        invocation.pointee.call_state = Unmanaged.passRetained(CallStateBox(v)).toOpaque()
        return v
    }

    /// Replaces the call's state.
    public func setState<T>(_ value: T) {
        if let raw = invocation.pointee.call_state {
            Unmanaged<CallStateBox>.fromOpaque(raw).takeUnretainedValue().value = value
        } else {
            invocation.pointee.call_state = Unmanaged.passRetained(CallStateBox(value)).toOpaque()
        }
    }
}
