// A point on the monotonic clock by which a call must end.
#if canImport(Glibc)
import Glibc
#endif

public struct Deadline: Sendable, Comparable, Hashable {
    /// Nanoseconds on CLOCK_MONOTONIC.
    public let uptimeNanos: UInt64

    public init(uptimeNanos: UInt64) { self.uptimeNanos = uptimeNanos }

    public static func now() -> Deadline {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Deadline(uptimeNanos: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }

    public static func after(micros: UInt64) -> Deadline {
        Deadline(uptimeNanos: now().uptimeNanos &+ micros &* 1000)
    }

    public static func after(seconds: Double) -> Deadline {
        after(micros: UInt64(max(0, seconds) * 1_000_000))
    }

    /// Microseconds left; 0 once past.
    public var remainingMicros: UInt64 {
        let n = Deadline.now().uptimeNanos
        return uptimeNanos > n ? (uptimeNanos - n) / 1000 : 0
    }

    public var hasPassed: Bool { Deadline.now() >= self }

    public static func < (a: Deadline, b: Deadline) -> Bool { a.uptimeNanos < b.uptimeNanos }
}
