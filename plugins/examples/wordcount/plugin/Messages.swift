// The plugin's two messages, converted through protobuf-c's generated code.
import NewswirePluginKit
import WordCountMessages
#if canImport(Glibc)
import Glibc
#endif

struct CountRequest {
    var text: String

    init(_ bytes: [UInt8]) throws(PluginError) {
        guard let m = bytes.withUnsafeBufferPointer({ newswire__examples__wordcount__v1__count_request__unpack(nil, $0.count, $0.baseAddress) }) else {
            throw .invalidArgument("request is not a valid CountRequest")
        }
        defer { newswire__examples__wordcount__v1__count_request__free_unpacked(m, nil) }
        text = String(cString: m.pointee.text)
    }
}

struct CountResponse {
    var words: Int, uniqueWords: Int, topWord: String, topCount: Int

    var encoded: [UInt8] {
        var m = Newswire__Examples__Wordcount__V1__CountResponse()
        newswire__examples__wordcount__v1__count_response__init(&m)
        m.words = UInt32(words)
        m.unique_words = UInt32(uniqueWords)
        m.top_count = UInt32(topCount)
        return topWord.withCString { word in
            m.top_word = UnsafeMutablePointer(mutating: word)
            let size = newswire__examples__wordcount__v1__count_response__get_packed_size(&m)
            return [UInt8](unsafeUninitializedCapacity: size) { buf, n in
                n = newswire__examples__wordcount__v1__count_response__pack(&m, buf.baseAddress)
            }
        }
    }
}
