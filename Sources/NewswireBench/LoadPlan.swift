// What `newswire bench` is asked to do, checked before anything connects. Pure.
import NewswireWire
import NewswireLoop

/// When the measured run stops.
public enum StopCondition: Sendable, Equatable {
    /// After this many calls in all.
    case total(Int)
    /// After this many seconds; calls in flight then are let finish and counted.
    case duration(Double)
}

/// A load: one method and one request message, sent over `connections`
/// connections with `concurrency` calls in flight in all.
public struct LoadPlan: Sendable, Equatable {
    public var address: SocketAddress
    /// "/package.Service/Method".
    public var method: String
    /// The request message, raw protobuf.
    public var payload: [UInt8]
    public var connections = 1
    /// Calls in flight at once, in all, spread evenly over the connections.
    public var concurrency = 1
    public var stop: StopCondition = .total(200)
    /// Calls per second in all; nil sends each call as soon as a slot is free.
    public var rps: Double?
    /// Unrecorded calls first, on the same connections.
    public var warmup: StopCondition?
    /// Deadline of each call, in seconds; nil for none.
    public var timeout: Double?
    public var metadata = Metadata()
    /// Loop threads carrying the connections; 0: one per core, at most one per connection.
    public var threads = 0

    public init(address: SocketAddress, method: String, payload: [UInt8] = []) {
        self.address = address; self.method = method; self.payload = payload
    }

    /// The loop threads the run will use.
    public func resolvedThreads(cores: Int) -> Int {
        let t = threads > 0 ? threads : max(1, cores)
        return max(1, min(t, connections))
    }

    /// Why this plan cannot run, in words for the command line; nil when it can.
    public func problem() -> String? {
        guard MethodPath(method) != nil else {
            return "bad method \"\(method)\": expected package.Service/Method"
        }
        if connections < 1 { return "--connections must be at least 1 (got \(connections))" }
        if concurrency < 1 { return "--concurrency must be at least 1 (got \(concurrency))" }
        if concurrency < connections {
            return "--concurrency \(concurrency) is below --connections \(connections): each connection needs at least one call in flight"
        }
        if threads < 0 { return "--threads must be at least 1 (got \(threads))" }
        switch stop {
        case .total(let n) where n < 1: return "--total must be at least 1 (got \(n))"
        case .duration(let s) where !(s > 0 && s.isFinite): return "--duration must be more than 0 seconds"
        default: break
        }
        switch warmup {
        case .total(let n)? where n < 0: return "--warmup must not be negative"
        case .duration(let s)? where !(s >= 0 && s.isFinite): return "--warmup must not be negative"
        default: break
        }
        if let rps, !(rps > 0 && rps.isFinite) { return "--rps must be more than 0 (got \(rps))" }
        if let timeout, !(timeout > 0 && timeout.isFinite) { return "--timeout must be more than 0 seconds" }
        if let p = metadata.validationError() { return "bad --metadata: \(p)" }
        return nil
    }

    /// The calls in flight on connection `i` (of `connections`): the
    /// concurrency spread as evenly as it goes, the first ones taking the rest.
    public func slots(onConnection i: Int) -> Int {
        concurrency / connections + (i < concurrency % connections ? 1 : 0)
    }
}

/// Command-line spellings, parsed. Pure.
public enum BenchSyntax {
    /// "package.Service/Method", "/package.Service/Method" or ghz's
    /// "package.Service.Method", as "/package.Service/Method"; nil if it is none of these.
    public static func methodPath(_ text: String) -> String? {
        var t = Substring(text)
        if t.hasPrefix("/") { t = t.dropFirst() }
        if t.contains("/") {
            return MethodPath("/" + t)?.description
        }
        guard let dot = t.lastIndex(of: "."), dot != t.startIndex, t.index(after: dot) != t.endIndex else { return nil }
        return MethodPath("/\(t[..<dot])/\(t[t.index(after: dot)...])")?.description
    }

    /// "10s", "500ms", "2m", "1.5" (seconds), "250us": seconds; nil if not a duration.
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("ns", 1e-9), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let v = Double(text.dropLast(suffix.count)), v >= 0, v.isFinite else { return nil }
            return v * scale
        }
        guard let v = Double(text), v >= 0, v.isFinite else { return nil }
        return v
    }

    /// `--warmup`: a number of calls ("1000") or a time ("2s", "500ms").
    public static func warmup(_ text: String) -> StopCondition? {
        if let n = Int(text) { return n >= 0 ? .total(n) : nil }
        return seconds(text).map { .duration($0) }
    }

    /// Hex digits, with optional spaces or colons between bytes ("0a 02 08 01"); nil if not hex.
    public static func hexBytes(_ text: String) -> [UInt8]? {
        var digits = text.unicodeScalars.filter { !" :\n\t".unicodeScalars.contains($0) }.map { Character($0) }
        if digits.count >= 2 && digits[0] == "0" && (digits[1] == "x" || digits[1] == "X") { digits.removeFirst(2) }
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let hi = digits[i].hexDigitValue, let lo = digits[i + 1].hexDigitValue else { return nil }
            out.append(UInt8(hi << 4 | lo))
            i += 2
        }
        return out
    }

    /// "key=value" as a metadata entry; keys ending in -bin take hex values.
    public static func metadataEntry(_ text: String) -> (String, [UInt8])? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let key = String(text[..<eq]), value = String(text[text.index(after: eq)...])
        if key.hasSuffix("-bin") { return hexBytes(value).map { (key, $0) } }
        return (key, Array(value.utf8))
    }
}
