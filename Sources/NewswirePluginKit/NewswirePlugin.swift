// The Swift SDK for writing a Newswire plugin: conform to NewswirePlugin and
// export one entry point. The kit builds the C descriptor of newswire_plugin.h
// and turns each invoke() into a call of `handle`.
//
//     final class Shout: NewswirePlugin {
//         static let info = PluginInfo(name: "shout", version: "1.0.0", summary: "Upper-cases text",
//             services: [PluginService("example.v1.Shout", methods: [.unary("Shout", request: "example.v1.Text", response: "example.v1.Text")])])
//         init(context: PluginContext) throws(PluginError) {}
//         func handle(_ call: PluginCall) throws(PluginError) {
//             call.send(Array(String(decoding: call.request, as: UTF8.self).uppercased().utf8))
//         }
//     }
//
//     @_cdecl("newswire_plugin_entry")
//     public func newswirePluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: Shout.self) }
import CNewswirePlugin

/// What a plugin says about itself.
public struct PluginInfo: Sendable {
    public var name: String
    public var version: String
    public var summary: String
    public var services: [PluginService]
    /// Ask the host never to run two calls into this plugin at once.
    public var serializeCalls: Bool
    /// The plugin's schemas: a serialized google.protobuf.FileDescriptorSet defining its
    /// services and their messages (`protoc --descriptor_set_out=FILE --include_imports`),
    /// which the server serves through reflection so that `newswire call` can speak JSON
    /// to the plugin. Empty for none. (The descriptor_set of plugin ABI 1.1.)
    public var descriptorSet: [UInt8]

    public init(name: String, version: String, summary: String, services: [PluginService], serializeCalls: Bool = false,
                descriptorSet: [UInt8] = []) {
        self.name = name; self.version = version; self.summary = summary; self.services = services
        self.serializeCalls = serializeCalls; self.descriptorSet = descriptorSet
    }
}

public struct PluginService: Sendable {
    public var name: String
    public var methods: [PluginMethod]
    public init(_ name: String, methods: [PluginMethod]) { self.name = name; self.methods = methods }
}

public struct PluginMethod: Sendable {
    public enum Kind: UInt32, Sendable { case unary = 0, clientStreaming = 1, serverStreaming = 2, bidiStreaming = 3 }
    public var name: String
    public var kind: Kind
    public var requestType: String
    public var responseType: String
    public init(_ name: String, kind: Kind, request: String, response: String) {
        self.name = name; self.kind = kind; requestType = request; responseType = response
    }
    public static func unary(_ name: String, request: String, response: String) -> PluginMethod {
        PluginMethod(name, kind: .unary, request: request, response: response)
    }
    public static func serverStreaming(_ name: String, request: String, response: String) -> PluginMethod {
        PluginMethod(name, kind: .serverStreaming, request: request, response: response)
    }
    public static func clientStreaming(_ name: String, request: String, response: String) -> PluginMethod {
        PluginMethod(name, kind: .clientStreaming, request: request, response: response)
    }
    public static func bidiStreaming(_ name: String, request: String, response: String) -> PluginMethod {
        PluginMethod(name, kind: .bidiStreaming, request: request, response: response)
    }
}

/// A gRPC status code and message: what a plugin throws to fail a call or its creation.
public struct PluginError: Error, Sendable {
    public var code: Int32
    public var message: String
    public init(_ code: Int32, _ message: String) { self.code = code; self.message = message }

    public static func invalidArgument(_ m: String) -> PluginError { PluginError(Int32(NW_STATUS_INVALID_ARGUMENT), m) }
    public static func notFound(_ m: String) -> PluginError { PluginError(Int32(NW_STATUS_NOT_FOUND), m) }
    public static func failedPrecondition(_ m: String) -> PluginError { PluginError(Int32(NW_STATUS_FAILED_PRECONDITION), m) }
    public static func resourceExhausted(_ m: String) -> PluginError { PluginError(Int32(NW_STATUS_RESOURCE_EXHAUSTED), m) }
    public static func `internal`(_ m: String) -> PluginError { PluginError(Int32(NW_STATUS_INTERNAL), m) }
    public static func unimplemented(_ m: String) -> PluginError { PluginError(Int32(NW_STATUS_UNIMPLEMENTED), m) }
    public static func cancelled(_ m: String) -> PluginError { PluginError(Int32(NW_STATUS_CANCELLED), m) }
}

/// What `init` receives: configuration, data directory, logging.
public struct PluginContext: Sendable {
    /// The plugin's configuration: "key=value" lines from its [plugin.NAME] section.
    public let config: [UInt8]
    /// A directory for the plugin's files; it exists and is writable.
    public let dataDirectory: String
    let host: HostHandle

    /// The config as key/value pairs, in order.
    public var settings: [(key: String, value: String)] {
        String(decoding: config, as: UTF8.self).split(separator: "\n").compactMap { (line: Substring) -> (key: String, value: String)? in
            guard let eq = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<eq]), String(line[line.index(after: eq)...]))
        }
    }

    public func log(_ level: LogLevel, _ message: String) { host.log(level, message) }
}

public enum LogLevel: Int32, Sendable { case debug = 0, info = 1, warning = 2, error = 3 }

/// A plugin. The host may call `handle` from several threads at once (never
/// for the same call), unless `info.serializeCalls` is set.
public protocol NewswirePlugin: AnyObject, Sendable {
    static var info: PluginInfo { get }
    init(context: PluginContext) throws(PluginError)
    /// Serves one invocation: the one request of a unary or server-streaming
    /// call, or one message (then the end of stream) of a client- or bidi-
    /// streaming call. Send responses with `call.send`; return to end the call
    /// with OK (for the last invocation), or throw to end it with that status.
    func handle(_ call: PluginCall) throws(PluginError)
}
