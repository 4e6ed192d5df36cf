// The pure layers: frames, preface, decoder, metadata, paths, call states.
import XCTest
@testable import NewswireWire
import NewswireRPC

final class FrameTests: XCTestCase {
    func testFrameHeaderLayout() {
        let f = Frame(.message, flags: .endStream, callID: 0x01020304, payload: [0xAA, 0xBB])
        XCTAssertEqual(f.encoded, [0, 0, 0, 2, 0x02, 0x01, 0, 0, 1, 2, 3, 4, 0xAA, 0xBB])
    }

    func testPrefaceBytes() throws {
        XCTAssertEqual(Preface.current.bytes, [0x4E, 0x57, 0x52, 0x50, 0, 1, 0, 0])
        XCTAssertEqual(try Preface(parsing: [0x4E, 0x57, 0x52, 0x50, 0, 2, 0, 7]), Preface(major: 2, minor: 7))
        XCTAssertThrowsError(try Preface(parsing: Array("HTTP/1.1".utf8)))
    }

    func decoder(limit: Int = 1 << 20) -> FrameDecoder { FrameDecoder { _ in limit } }

    func testDecodesByteByByte() throws {
        var d = decoder()
        let frames = [Frame(.headers, callID: 1, payload: [1, 2, 3]), Frame(.message, callID: 1, payload: []),
                      Frame(.halfClose, callID: 1), Frame(.ping, callID: 0, payload: Array(0..<8))]
        let bytes = Preface.current.bytes + frames.flatMap(\.encoded)
        var got: [DecodedFrame] = []
        for b in bytes {
            d.append([b])
            while let item = try d.next() { got.append(item) }
        }
        XCTAssertEqual(got, [.preface(.current)] + frames.map { .frame($0) })
        XCTAssertEqual(d.bufferedByteCount, 0)
    }

    func testWrongMagicIsReportedAfterFourBytes() {
        var d = decoder()
        d.append(Array("GET ".utf8))
        XCTAssertThrowsError(try d.next()) { e in
            XCTAssertTrue("\(e)".contains("4E575250"))
            XCTAssertTrue("\(e)".contains("\"GET \""))
        }
    }

    func testOversizedPayloadIsSkippedNotBuffered() throws {
        var d = decoder(limit: 10)
        d.append(Preface.current.bytes)
        XCTAssertEqual(try d.next(), .preface(.current))
        let big = Frame(.message, callID: 3, payload: [UInt8](repeating: 9, count: 100))
        let after = Frame(.halfClose, callID: 3)
        let bytes = big.encoded + after.encoded
        d.append(Array(bytes[0..<30]))
        XCTAssertEqual(try d.next(), .oversized(FrameHeader(length: 100, type: .message, callID: 3)))
        XCTAssertNil(try d.next())
        d.append(Array(bytes[30...]))
        XCTAssertEqual(try d.next(), .frame(after))
        XCTAssertEqual(d.bufferedByteCount, 0)
    }

    func testFourGiBLengthIsSkippedWithoutAllocating() throws {
        var d = FrameDecoder(expectPreface: false) { _ in 4 * 1024 * 1024 }
        var header: [UInt8] = []
        Frame.encodeHeader(FrameHeader(length: UInt32.max, type: .message, callID: 1), into: &header)
        d.append(header)
        XCTAssertEqual(try d.next(), .oversized(FrameHeader(length: UInt32.max, type: .message, callID: 1)))
        d.append([UInt8](repeating: 0, count: 1 << 16))
        XCTAssertNil(try d.next())
        XCTAssertEqual(d.bufferedByteCount, 0)
    }

    func testUnknownFrameTypeThrows() {
        var d = FrameDecoder(expectPreface: false) { _ in 100 }
        d.append([0, 0, 0, 0, 0x42, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertThrowsError(try d.next())
    }

    func testMetadataValidation() {
        XCTAssertNil((["x-ok": "printable value"] as Metadata).validationError())
        var m = Metadata()
        m.add("x-data-bin", bytes: [0, 255, 10])
        XCTAssertNil(m.validationError())
        XCTAssertNotNil((["X-Upper": "v"] as Metadata).validationError())
        var bad = Metadata()
        bad.add("x-plain", bytes: [0, 1])
        XCTAssertTrue(bad.validationError()?.contains("-bin") ?? false)
    }

    func testMethodPath() {
        XCTAssertEqual(MethodPath("/a.B/C"), MethodPath(service: "a.B", method: "C"))
        XCTAssertNil(MethodPath("a.B/C"))
        XCTAssertNil(MethodPath("/a.B/"))
        XCTAssertNil(MethodPath("/a.B/C/D"))
        XCTAssertNil(MethodPath("/a B/C"))
        XCTAssertNil(MethodPath("//C"))
        XCTAssertNil(MethodPath("/a/"))
        XCTAssertNil(MethodPath("/"))
        XCTAssertNil(MethodPath(""))
        XCTAssertNil(MethodPath("/a.B/Cé"))
        XCTAssertNil(MethodPath("/a.B/C\u{7F}"))
        XCTAssertEqual(MethodPath("/a/b"), MethodPath(service: "a", method: "b"))
        XCTAssertEqual(MethodPath("/newswire.testing.v1.TestService/EmptyCall")?.description, "/newswire.testing.v1.TestService/EmptyCall")
        // A string that is not stored as contiguous UTF-8 (bridged or a substring's copy) parses the same.
        let sliced = String("xx/a.B/C".dropFirst(2))
        XCTAssertEqual(MethodPath(sliced), MethodPath(service: "a.B", method: "C"))
    }

    func testStatusCodeNames() {
        XCTAssertEqual(StatusCode.deadlineExceeded.name, "DEADLINE_EXCEEDED")
        XCTAssertEqual(StatusCode(name: "unimplemented"), .unimplemented)
        XCTAssertEqual(StatusCode(rawValue: 99).name, "CODE_99")
    }

    func testEnvelopeMessagesRoundTrip() throws {
        let h = RequestHeadersMessage(method: "/x.Y/Z", timeoutMicros: 1500, metadata: [MetadataEntry(key: "k-bin", value: [0, 1, 2])])
        XCTAssertEqual(try RequestHeadersMessage(protobuf: h.protobuf()), h)
        let t = TrailersMessage(code: 2, message: "\t\ntest ☺ 😈\r\n", metadata: [MetadataEntry(key: "a", value: Array("b".utf8))])
        XCTAssertEqual(try TrailersMessage(protobuf: t.protobuf()), t)
        let g = GoAwayMessage(lastCallID: 7, code: 0, message: "bye")
        XCTAssertEqual(try GoAwayMessage(protobuf: g.protobuf()), g)
        XCTAssertThrowsError(try TrailersMessage(protobuf: [0xFF, 0xFF]))
    }

    /// Envelopes with every field at its default are zero bytes both ways, without protobuf-c.
    func testDefaultEnvelopesAreEmpty() throws {
        XCTAssertEqual(ResponseHeadersMessage().protobuf(), [])
        XCTAssertEqual(TrailersMessage(code: 0).protobuf(), [])
        XCTAssertEqual(try TrailersMessage(protobuf: []), TrailersMessage(code: 0))
        XCTAssertEqual(try ResponseHeadersMessage(protobuf: []), ResponseHeadersMessage())
        XCTAssertEqual(TrailersMessage(code: 5).protobuf(), [0x08, 0x05])
        XCTAssertEqual(TrailersMessage(code: 0, message: "x").protobuf(), [0x12, 0x01, 0x78])
        let h = ResponseHeadersMessage(metadata: [MetadataEntry(key: "k", value: [1])])
        XCTAssertEqual(try ResponseHeadersMessage(protobuf: h.protobuf()), h)
    }
}

final class CallStateMachineTests: XCTestCase {
    func testUnaryRules() {
        var m = CallStateMachine(kind: .unary)
        XCTAssertNoThrow(try m.requestMessage())
        XCTAssertThrowsError(try m.requestMessage())
        var empty = CallStateMachine(kind: .unary)
        XCTAssertThrowsError(try empty.halfClose())
        var two = CallStateMachine(kind: .unary)
        XCTAssertNoThrow(try two.responseMessage())
        XCTAssertThrowsError(try two.responseMessage())
    }

    func testStreamingRules() throws {
        var m = CallStateMachine(kind: .bidiStreaming)
        try m.requestMessage(); try m.requestMessage()
        try m.halfClose()
        XCTAssertThrowsError(try m.requestMessage())
        try m.responseMessage(); try m.responseMessage()
        XCTAssertTrue(m.finish())
        XCTAssertFalse(m.finish())
        XCTAssertThrowsError(try m.responseMessage())
    }

    func testOKWithoutResponseIsAnErrorForUnaryResponses() {
        XCTAssertNotNil(CallStateMachine(kind: .clientStreaming).checkOKResponseCount())
        XCTAssertNil(CallStateMachine(kind: .serverStreaming).checkOKResponseCount())
    }

    func testHeadersOnce() {
        var m = CallStateMachine(kind: .serverStreaming)
        XCTAssertTrue(m.responseHeaders())
        XCTAssertFalse(m.responseHeaders())
    }

    func testDeadline() {
        let d = Deadline.after(micros: 50_000)
        XCTAssertFalse(d.hasPassed)
        XCTAssertLessThanOrEqual(d.remainingMicros, 50_000)
        XCTAssertTrue(Deadline.after(micros: 0).remainingMicros == 0)
    }
}
