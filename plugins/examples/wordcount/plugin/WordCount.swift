// The wordcount example plugin: a Swift plugin in a few dozen lines with
// NewswirePluginKit. Its messages are encoded with protobuf-c (the generated
// C code in ../proto), through the small Messages.swift beside this file.
import NewswirePluginKit

final class WordCount: NewswirePlugin {
    static let info = PluginInfo(
        name: "wordcount", version: "1.0.0", summary: "Counts words, in one text or across a stream of texts",
        services: [PluginService("newswire.examples.wordcount.v1.WordCount", methods: [
            .unary("Count", request: "newswire.examples.wordcount.v1.CountRequest", response: "newswire.examples.wordcount.v1.CountResponse"),
            .clientStreaming("CountAll", request: "newswire.examples.wordcount.v1.CountRequest", response: "newswire.examples.wordcount.v1.CountResponse"),
        ])])

    /// Words shorter than this are not counted ("min_length=N" in the config).
    let minLength: Int

    init(context: PluginContext) throws(PluginError) {
        var min = 1
        for (key, value) in context.settings {
            guard key == "min_length", let n = Int(value), n >= 1 else { throw .invalidArgument("unknown or bad setting \(key)=\(value)") }
            min = n
        }
        minLength = min
        context.log(.info, "counting words of \(min)+ letters")
    }

    final class Tally { var counts: [String: Int] = [:] }

    func handle(_ call: PluginCall) throws(PluginError) {
        switch call.method {
        case "Count":
            let tally = Tally()
            add(try CountRequest(call.request).text, to: tally)
            call.send(answer(tally).encoded)
        case "CountAll":
            let tally = call.state { Tally() }
            if call.isEndOfStream { call.send(answer(tally).encoded) } else { add(try CountRequest(call.request).text, to: tally) }
        default:
            throw .unimplemented(call.method)
        }
    }

    func add(_ text: String, to tally: Tally) {
        for word in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" }) where word.count >= minLength {
            tally.counts[word.lowercased(), default: 0] += 1
        }
    }

    func answer(_ tally: Tally) -> CountResponse {
        let top = tally.counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }
        return CountResponse(words: tally.counts.values.reduce(0, +), uniqueWords: tally.counts.count,
                             topWord: top?.key ?? "", topCount: top?.value ?? 0)
    }
}

@_cdecl("newswire_plugin_entry")
public func newswirePluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: WordCount.self) }
