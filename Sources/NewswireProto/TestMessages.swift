// newswire.testing.v1: the interop test service's messages.
import CProtobufC
import NewswireMessages

public enum TestMessages {
    public struct EchoStatus: Sendable, Equatable {
        public var code: UInt32
        public var message: String
        public init(code: UInt32, message: String) { self.code = code; self.message = message }
    }

    public struct ResponseParameters: Sendable, Equatable {
        public var size: UInt32
        public var intervalMicros: UInt32
        public init(size: UInt32, intervalMicros: UInt32 = 0) { self.size = size; self.intervalMicros = intervalMicros }
    }

    public struct Empty: ProtoMessage, Equatable {
        public static let protoName = "newswire.testing.v1.Empty"
        public init() {}
        public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
            self = try unpack(b, as: Self.protoName, newswire__testing__v1__empty__unpack, newswire__testing__v1__empty__free_unpacked) { _ in Empty() }
        }
        public func protobuf() -> [UInt8] { [] }
    }

    public struct SimpleRequest: ProtoMessage, Equatable {
        public static let protoName = "newswire.testing.v1.SimpleRequest"
        public var responseSize: UInt32
        public var payload: [UInt8]
        public var responseStatus: EchoStatus?
        public init(responseSize: UInt32 = 0, payload: [UInt8] = [], responseStatus: EchoStatus? = nil) {
            self.responseSize = responseSize; self.payload = payload; self.responseStatus = responseStatus
        }
        public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
            self = try unpack(b, as: Self.protoName, newswire__testing__v1__simple_request__unpack, newswire__testing__v1__simple_request__free_unpacked) { p in
                SimpleRequest(responseSize: p.pointee.response_size, payload: readPayload(p.pointee.payload),
                              responseStatus: readStatus(p.pointee.response_status))
            }
        }
        public func protobuf() -> [UInt8] {
            let a = Arena()
            let m: UnsafeMutablePointer<Newswire__Testing__V1__SimpleRequest> = a.message(newswire__testing__v1__simple_request__init)
            m.pointee.response_size = responseSize
            m.pointee.payload = a.payload(payload)
            m.pointee.response_status = a.status(responseStatus)
            return pack(m)
        }
    }

    public struct SimpleResponse: ProtoMessage, Equatable {
        public static let protoName = "newswire.testing.v1.SimpleResponse"
        public var payload: [UInt8]
        public init(payload: [UInt8] = []) { self.payload = payload }
        public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
            self = try unpack(b, as: Self.protoName, newswire__testing__v1__simple_response__unpack, newswire__testing__v1__simple_response__free_unpacked) {
                SimpleResponse(payload: readPayload($0.pointee.payload))
            }
        }
        public func protobuf() -> [UInt8] {
            let a = Arena()
            let m: UnsafeMutablePointer<Newswire__Testing__V1__SimpleResponse> = a.message(newswire__testing__v1__simple_response__init)
            m.pointee.payload = a.payload(payload)
            return pack(m)
        }
    }

    public struct StreamingInputCallRequest: ProtoMessage, Equatable {
        public static let protoName = "newswire.testing.v1.StreamingInputCallRequest"
        public var payload: [UInt8]
        public init(payload: [UInt8] = []) { self.payload = payload }
        public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
            self = try unpack(b, as: Self.protoName, newswire__testing__v1__streaming_input_call_request__unpack, newswire__testing__v1__streaming_input_call_request__free_unpacked) {
                StreamingInputCallRequest(payload: readPayload($0.pointee.payload))
            }
        }
        public func protobuf() -> [UInt8] {
            let a = Arena()
            let m: UnsafeMutablePointer<Newswire__Testing__V1__StreamingInputCallRequest> = a.message(newswire__testing__v1__streaming_input_call_request__init)
            m.pointee.payload = a.payload(payload)
            return pack(m)
        }
    }

    public struct StreamingInputCallResponse: ProtoMessage, Equatable {
        public static let protoName = "newswire.testing.v1.StreamingInputCallResponse"
        public var aggregatedPayloadSize: UInt64
        public init(aggregatedPayloadSize: UInt64) { self.aggregatedPayloadSize = aggregatedPayloadSize }
        public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
            self = try unpack(b, as: Self.protoName, newswire__testing__v1__streaming_input_call_response__unpack, newswire__testing__v1__streaming_input_call_response__free_unpacked) {
                StreamingInputCallResponse(aggregatedPayloadSize: $0.pointee.aggregated_payload_size)
            }
        }
        public func protobuf() -> [UInt8] {
            let a = Arena()
            let m: UnsafeMutablePointer<Newswire__Testing__V1__StreamingInputCallResponse> = a.message(newswire__testing__v1__streaming_input_call_response__init)
            m.pointee.aggregated_payload_size = aggregatedPayloadSize
            return pack(m)
        }
    }

    public struct StreamingOutputCallRequest: ProtoMessage, Equatable {
        public static let protoName = "newswire.testing.v1.StreamingOutputCallRequest"
        public var responseParameters: [ResponseParameters]
        public var payload: [UInt8]
        public var responseStatus: EchoStatus?
        public init(responseParameters: [ResponseParameters] = [], payload: [UInt8] = [], responseStatus: EchoStatus? = nil) {
            self.responseParameters = responseParameters; self.payload = payload; self.responseStatus = responseStatus
        }
        public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
            self = try unpack(b, as: Self.protoName, newswire__testing__v1__streaming_output_call_request__unpack, newswire__testing__v1__streaming_output_call_request__free_unpacked) { p in
                StreamingOutputCallRequest(
                    responseParameters: array(p.pointee.response_parameters, p.pointee.n_response_parameters) {
                        ResponseParameters(size: $0.pointee.size, intervalMicros: $0.pointee.interval_us)
                    },
                    payload: readPayload(p.pointee.payload), responseStatus: readStatus(p.pointee.response_status))
            }
        }
        public func protobuf() -> [UInt8] {
            let a = Arena()
            let m: UnsafeMutablePointer<Newswire__Testing__V1__StreamingOutputCallRequest> = a.message(newswire__testing__v1__streaming_output_call_request__init)
            let params = responseParameters.map { rp in
                let p: UnsafeMutablePointer<Newswire__Testing__V1__ResponseParameters> = a.message(newswire__testing__v1__response_parameters__init)
                p.pointee.size = rp.size
                p.pointee.interval_us = rp.intervalMicros
                return p
            }
            m.pointee.n_response_parameters = params.count
            m.pointee.response_parameters = a.pointers(params)
            m.pointee.payload = a.payload(payload)
            m.pointee.response_status = a.status(responseStatus)
            return pack(m)
        }
    }

    public struct StreamingOutputCallResponse: ProtoMessage, Equatable {
        public static let protoName = "newswire.testing.v1.StreamingOutputCallResponse"
        public var payload: [UInt8]
        public init(payload: [UInt8] = []) { self.payload = payload }
        public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
            self = try unpack(b, as: Self.protoName, newswire__testing__v1__streaming_output_call_response__unpack, newswire__testing__v1__streaming_output_call_response__free_unpacked) {
                StreamingOutputCallResponse(payload: readPayload($0.pointee.payload))
            }
        }
        public func protobuf() -> [UInt8] {
            let a = Arena()
            let m: UnsafeMutablePointer<Newswire__Testing__V1__StreamingOutputCallResponse> = a.message(newswire__testing__v1__streaming_output_call_response__init)
            m.pointee.payload = a.payload(payload)
            return pack(m)
        }
    }
}

private func readPayload(_ p: UnsafeMutablePointer<Newswire__Testing__V1__Payload>?) -> [UInt8] {
    p.map { bytes($0.pointee.body) } ?? []
}

private func readStatus(_ p: UnsafeMutablePointer<Newswire__Testing__V1__EchoStatus>?) -> TestMessages.EchoStatus? {
    p.map { TestMessages.EchoStatus(code: $0.pointee.code, message: string($0.pointee.message)) }
}

extension Arena {
    fileprivate func payload(_ body: [UInt8]) -> UnsafeMutablePointer<Newswire__Testing__V1__Payload> {
        let p: UnsafeMutablePointer<Newswire__Testing__V1__Payload> = message(newswire__testing__v1__payload__init)
        p.pointee.body = binary(body)
        return p
    }

    fileprivate func status(_ s: TestMessages.EchoStatus?) -> UnsafeMutablePointer<Newswire__Testing__V1__EchoStatus>? {
        guard let s else { return nil }
        let p: UnsafeMutablePointer<Newswire__Testing__V1__EchoStatus> = message(newswire__testing__v1__echo_status__init)
        p.pointee.code = s.code
        p.pointee.message = string(s.message)
        return p
    }
}
