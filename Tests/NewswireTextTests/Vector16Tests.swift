// The sixteen-byte vector classifications give what a byte-at-a-time loop gives, for every byte value
// at every position.
import XCTest
@testable import NewswireText

final class Vector16Tests: XCTestCase {
    /// Windows of sixteen bytes covering every byte value at every position, then random ones.
    func windows() -> [[UInt8]] {
        var out: [[UInt8]] = []
        for value in 0...255 {
            for position in 0..<16 {
                var w = [UInt8](repeating: 0x61, count: 16)
                w[position] = UInt8(value)
                out.append(w)
            }
        }
        var state: UInt64 = 7
        for _ in 0..<5000 {
            out.append((0..<16).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 56)
            })
        }
        return out
    }

    func testByteClassesMatchTheScalarLoop() {
        for w in windows() {
            w.withUnsafeBytes { p in
                XCTAssertEqual(ByteClasses.of(p.baseAddress!), ByteClasses.scalar(p.baseAddress!), "\(w)")
            }
        }
    }

    func testSentenceBytes() throws {
        #if arch(x86_64)
        // The marks, non-ASCII bytes, and the other control bytes below 0x0E (which the splitter
        // steps over one by one, as it does any byte it is shown that is not a mark).
        let marks: Set<UInt8> = [0x2E, 0x21, 0x3F, 0x0A, 0x0D]
        for w in windows() {
            var expected: UInt32 = 0
            for (k, b) in w.enumerated() where b >= 0x80 || b < 0x0E || marks.contains(b) { expected |= 1 << UInt32(k) }
            w.withUnsafeBytes { p in XCTAssertEqual(Vector16.sentenceBytes(p.baseAddress!), expected, "\(w)") }
        }
        #else
        throw XCTSkip("x86-64 only")
        #endif
    }
}
