// The sentiment writer's fast paths against the plain rules they stand for.
import XCTest
@testable import NewswireProto
import NewswireText

final class WriterFastPathTests: XCTestCase {
    /// `isASCIIWithoutNUL` (words read overlapping) against a byte loop: every length up to 40,
    /// with a NUL or a byte of 0x80 or more at every place, and none.
    func testASCIIWithoutNULAsByteLoop() {
        var r = SplitMix64(seed: 31)
        for n in 0...40 {
            for at in -1..<n {
                for bad: UInt8 in [0, 0x80, 0xFF, 0x7F, 0x01] {
                    var bytes = (0..<n).map { _ in UInt8.random(in: 1...0x7F, using: &r) }
                    if at >= 0 { bytes[at] = bad }
                    let expected = bytes.allSatisfy { $0 != 0 && $0 < 0x80 }
                    bytes.withUnsafeBufferPointer {
                        XCTAssertEqual(ProtoEncoder.isASCIIWithoutNUL($0), expected, "\(bytes)")
                    }
                }
            }
        }
    }

    /// A span written in one store (both offsets of two varint bytes) and field by field: the
    /// same bytes, at and around the edges of that range.
    func testSpanInOneStoreAsFieldByField() {
        let values: [UInt32] = [0, 1, 127, 128, 129, 255, 256, 8191, 16382, 16383, 16384, 16385, 70000, .max]
        for a in values {
            for b in values {
                let e = ProtoEncoder(capacity: 64)
                e.write(maxBytes: 14) { $0.span(4 << 3 | 2, a, b) }
                let fieldByField = ProtoEncoder(capacity: 64)
                fieldByField.byte(4 << 3 | 2)
                fieldByField.byte(UInt8(ProtoEncoder.uint32FieldSize(a) + ProtoEncoder.uint32FieldSize(b)))
                fieldByField.uint32(1, a); fieldByField.uint32(2, b)
                XCTAssertEqual(e.bytes, fieldByField.bytes, "\(a), \(b)")
                XCTAssertEqual(Cursor.spanSize(a, b), ProtoEncoder.uint32FieldSize(a) + ProtoEncoder.uint32FieldSize(b), "\(a), \(b)")
            }
        }
    }
}
