// What a run measured, and its two printed forms (text and JSON). Pure.
import Histogram
import NewswireWire

/// Latencies in nanoseconds, 3 significant digits, up to ten minutes.
public typealias LatencyHistogram = Histogram<UInt64>

public func makeLatencyHistogram() -> LatencyHistogram {
    LatencyHistogram(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000_000, numberOfSignificantValueDigits: .three)
}

public struct BenchReport: Sendable {
    /// Calls that ended, whatever their status.
    public var count = 0
    /// From the first call sent to the last one ended, in seconds.
    public var seconds: Double = 0
    /// Every ended call's latency, from its HEADERS being queued to its end, in nanoseconds.
    public var latencies = makeLatencyHistogram()
    /// Ended calls by status code name: "OK", "UNAVAILABLE", ...
    public var statusCounts: [String: Int] = [:]
    /// Failed calls by "CODE: message".
    public var errorCounts: [String: Int] = [:]
    /// Request and response message bytes (protobuf, without framing).
    public var requestBytes = 0
    public var responseBytes = 0
    /// The generator's own CPU time (user + system) over the run, in seconds.
    public var clientCPUSeconds: Double = 0
    /// How the load was made, for the record.
    public var connections = 0
    public var concurrency = 0
    public var threads = 0
    public var method = ""
    public var rps: Double?

    public init() {}

    public var okCount: Int { statusCounts["OK"] ?? 0 }
    public var callsPerSecond: Double { seconds > 0 ? Double(count) / seconds : 0 }

    /// Adds one ended call.
    public mutating func record(latencyNanos: UInt64, status: StatusCode, error: String? = nil, requestBytes req: Int, responseBytes resp: Int) {
        count += 1
        _ = latencies.record(min(latencyNanos, latencies.highestTrackableValue))
        statusCounts[status.name, default: 0] += 1
        if let error { errorCounts[error, default: 0] += 1 }
        requestBytes += req
        responseBytes += resp
    }

    /// Adds what another thread recorded over the same run.
    public mutating func merge(_ other: BenchReport) {
        count += other.count
        latencies.add(other.latencies)
        for (k, v) in other.statusCounts { statusCounts[k, default: 0] += v }
        for (k, v) in other.errorCounts { errorCounts[k, default: 0] += v }
        requestBytes += other.requestBytes
        responseBytes += other.responseBytes
    }

    public static let percentiles: [(label: String, value: Double)] = [("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99), ("p99.9", 99.9)]

    /// Latency summary in microseconds: fastest, slowest, average and the percentiles.
    public var latencySummaryMicros: [(String, Double)] {
        guard count > 0 else { return [] }
        var out: [(String, Double)] = [
            ("fastest", Double(latencies.min) / 1000), ("slowest", Double(latencies.max) / 1000), ("average", latencies.mean / 1000),
        ]
        for p in BenchReport.percentiles { out.append((p.label, Double(latencies.valueAtPercentile(p.value)) / 1000)) }
        return out
    }

    // MARK: Text

    /// Milliseconds with enough digits to tell 12 µs from 15 µs.
    static func ms(_ micros: Double) -> String { fixed(micros / 1000, 3) + " ms" }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "\(v)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (v * scale).rounded()
        let negative = r < 0
        let whole = Int(abs(r)) / Int(scale), frac = Int(abs(r)) % Int(scale)
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        return (negative ? "-" : "") + String(whole) + (digits > 0 ? "." + f : "")
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }

    public var text: String {
        var lines = ["Summary:",
                     "  Method:        \(method)",
                     "  Load:          \(connections) connection\(connections == 1 ? "" : "s"), \(concurrency) in flight\(rps.map { ", \(BenchReport.fixed($0, 0)) calls/s paced" } ?? ""), \(threads) loop thread\(threads == 1 ? "" : "s")",
                     "  Count:         \(count)",
                     "  Total:         \(BenchReport.fixed(seconds, 3)) s"]
        let summary = Dictionary(uniqueKeysWithValues: latencySummaryMicros)
        if count > 0 {
            lines += ["  Slowest:       \(BenchReport.ms(summary["slowest"]!))",
                      "  Fastest:       \(BenchReport.ms(summary["fastest"]!))",
                      "  Average:       \(BenchReport.ms(summary["average"]!))"]
        }
        lines.append("  Requests/sec:  \(BenchReport.fixed(callsPerSecond, 2))")
        if count > 0 {
            lines.append("  Client CPU:    \(BenchReport.fixed(clientCPUSeconds * 1e6 / Double(count), 2)) µs per call")
            lines += ["", "Latency distribution:"]
            for p in BenchReport.percentiles {
                lines.append("  \(BenchReport.pad(String(p.label.dropFirst()) + " %", 8)) in \(BenchReport.ms(summary[p.label]!))")
            }
        }
        lines += ["", "Status code distribution:"]
        for (code, n) in statusCounts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            lines.append("  \(BenchReport.pad("[\(code)]", 22)) \(n) response\(n == 1 ? "" : "s")")
        }
        if !errorCounts.isEmpty {
            lines += ["", "Error distribution:"]
            for (e, n) in errorCounts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                lines.append("  \(BenchReport.pad("[\(n)]", 10)) \(e)")
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: JSON

    public var json: String {
        func obj(_ pairs: [(String, String)]) -> String { "{" + pairs.map { "\(jsonQuote($0.0)):\($0.1)" }.joined(separator: ",") + "}" }
        func num(_ v: Double) -> String { v.isFinite ? BenchReport.fixed(v, 3) : "null" }
        let counts = { (d: [String: Int]) in obj(d.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }) }
        return obj([
            ("method", jsonQuote(method)),
            ("connections", String(connections)),
            ("concurrency", String(concurrency)),
            ("threads", String(threads)),
            ("rps_target", rps.map(num) ?? "null"),
            ("count", String(count)),
            ("ok", String(okCount)),
            ("total_seconds", num(seconds)),
            ("rps", num(callsPerSecond)),
            ("latency_us", obj(latencySummaryMicros.map { ($0.0, num($0.1)) })),
            ("status", counts(statusCounts)),
            ("errors", counts(errorCounts)),
            ("request_bytes", String(requestBytes)),
            ("response_bytes", String(responseBytes)),
            ("client_cpu_seconds", num(clientCPUSeconds)),
            ("client_cpu_us_per_call", count > 0 ? num(clientCPUSeconds * 1e6 / Double(count)) : "null"),
        ])
    }
}

public func jsonQuote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}
