// The schedule of a paced load (--rps). Pure.

/// Call `k` (counting from 0) is due `k / callsPerSecond` seconds after the
/// start; `due(atNanos:)` and `dueNanos(ofCall:)` agree exactly.
public struct Pacer: Sendable, Equatable {
    public let callsPerSecond: Double

    public init(callsPerSecond: Double) {
        precondition(callsPerSecond > 0 && callsPerSecond.isFinite)
        self.callsPerSecond = callsPerSecond
    }

    /// Nanoseconds after the start at which call `k` is due.
    public func dueNanos(ofCall k: Int) -> UInt64 {
        UInt64((Double(k) * 1e9 / callsPerSecond).rounded(.up))
    }

    /// How many calls are due `elapsed` nanoseconds after the start: calls 0..<n.
    public func due(atNanos elapsed: UInt64) -> Int {
        var n = Int(Double(elapsed) * callsPerSecond / 1e9) + 1
        // The floating-point estimate can be one off at a boundary; settle it on dueNanos.
        while dueNanos(ofCall: n) <= elapsed { n += 1 }
        while n > 0 && dueNanos(ofCall: n - 1) > elapsed { n -= 1 }
        return n
    }
}
