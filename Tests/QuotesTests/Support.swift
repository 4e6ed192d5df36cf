// Helpers for the quotes tests: extract, then find quotations by their words.
import XCTest
import NewswireText
@testable import QuoteExtractor

struct Found {
    let text: String
    let result: QuoteExtraction

    init(_ text: String) {
        self.text = text
        result = QuoteExtractor.extract(text)
    }

    var quotes: [ExtractedQuote] { result.quotes }

    /// The quotation whose text contains `words` (fails the test if none or several).
    func quote(_ words: String, file: StaticString = #filePath, line: UInt = #line) -> ExtractedQuote? {
        let hits = result.quotes.filter { $0.text.contains(words) }
        XCTAssertEqual(hits.count, 1, "quotations containing \"\(words)\": \(result.quotes.map(\.text))", file: file, line: line)
        return hits.first
    }

    func speaker(_ q: ExtractedQuote?) -> QuoteSpeaker? { q?.speaker.map { result.speakers[$0] } }

    /// The speaker's name of the quotation containing `words`.
    func who(_ words: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        speaker(quote(words, file: file, line: line))?.name
    }

    func kind(_ words: String, file: StaticString = #filePath, line: UInt = #line) -> ExtractedQuote.Kind? {
        quote(words, file: file, line: line)?.kind
    }

    /// The text at a span.
    func slice(_ s: TextSpan?) -> String? { s.map { String(text.slice($0)) } }
}
