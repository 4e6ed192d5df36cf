// What the quotation marks say: which words are quoted, in any kind of marks,
// nested, over several sentences and paragraphs, and when marks do not balance.
import XCTest
@testable import QuoteExtractor

final class ScannerTests: XCTestCase {
    func contents(_ text: String) -> [String] {
        let t = TextModel(text)
        return QuoteScanner.scan(t).map { t.string($0.contentStart, $0.contentEnd) }
    }

    func testStraightDoubleMarks() {
        let f = Found("\"We will rebuild the bridge by spring,\" Mayor Elena Ruiz said on Tuesday.")
        XCTAssertEqual(f.quotes.map(\.text), ["We will rebuild the bridge by spring,"])
        XCTAssertEqual(f.who("rebuild"), "Elena Ruiz")
    }

    func testCurlyDoubleMarks() {
        let f = Found("“The harbour will reopen next week,” said port director Samuel Okafor.")
        XCTAssertEqual(f.quotes.map(\.text), ["The harbour will reopen next week,"])
        XCTAssertEqual(f.who("harbour"), "Samuel Okafor")
    }

    func testGuillemetsAndLowMarks() {
        XCTAssertEqual(contents("Il a dit « nous partons » hier. Er sagte „wir gehen“ gestern."), ["nous partons", "wir gehen"])
    }

    func testNestedSingleQuotesStayInsideTheQuotation() {
        let text = "“They told us ‘the plant is safe’ and we believed them,” said Rosa Delgado, a resident."
        XCTAssertEqual(contents(text), ["They told us ‘the plant is safe’ and we believed them,"])
        let f = Found(text)
        XCTAssertEqual(f.who("plant is safe"), "Rosa Delgado")
        // Straight marks too, and an apostrophe or a plural possessive inside does not close anything.
        XCTAssertEqual(contents("\"The workers' union said 'no deal' and the mayor's office agreed,\" Ruiz said."),
                       ["The workers' union said 'no deal' and the mayor's office agreed,"])
    }

    func testApostrophesAreNotQuoteMarks() {
        XCTAssertEqual(contents("Ruiz’s plan and the councillors’ vote don't change Brandt's view."), [])
        XCTAssertEqual(contents("It was the '90s, and rock 'n' roll."), [])
    }

    func testSingleMarksInAHeadline() {
        let f = Found("Ruiz hails 'historic' bridge deal\nMayor Elena Ruiz spoke on Tuesday.")
        XCTAssertEqual(f.quotes.map(\.text), ["historic"])
    }

    func testQuotationOfSeveralSentences() {
        let f = Found("“We listened. We learned. Now we build,” Ruiz said. “The money is there.”")
        XCTAssertEqual(f.quotes.map(\.text), ["We listened. We learned. Now we build,", "The money is there."])
        XCTAssertEqual(f.quotes.map(\.kind), [.direct, .direct])
        XCTAssertEqual(f.who("We learned"), "Ruiz")
    }

    func testQuotationContinuedIntoTheNextParagraph() {
        let text = """
            Mayor Elena Ruiz opened the session.
            “The bridge is the city's lifeline. Without it, the east side is cut off.
            “We will not wait another winter,” she said.
            The council then voted.
            """
        let f = Found(text)
        XCTAssertEqual(f.quotes.count, 2)
        let first = f.quote("lifeline"), second = f.quote("another winter")
        XCTAssertEqual(first?.continued, true)
        XCTAssertEqual(second?.continued, false)
        XCTAssertEqual(first?.kind, .direct)
        // The speaker is named only in the second paragraph; both pieces are hers.
        XCTAssertEqual(f.speaker(first)?.name, "Elena Ruiz")
        XCTAssertEqual(f.speaker(second)?.name, "Elena Ruiz")
        XCTAssertEqual(first?.inherited, true)
        XCTAssertEqual(f.slice(second?.speakerMention), "she")
    }

    func testUnbalancedMarkEndsWithItsParagraph() {
        let text = """
            “The vote is a disgrace, said councillor Tomas Brandt, who walked out.
            The mayor disagreed. The budget passed by nine votes to four.
            Ruiz said later that the “process was fair” and thanked the staff.
            """
        let f = Found(text)
        let stray = f.quote("disgrace")
        XCTAssertEqual(stray?.text, "The vote is a disgrace, said councillor Tomas Brandt, who walked out.")
        XCTAssertEqual(stray?.continued, false)
        // The rest of the article is not swallowed: the later paragraphs are narrative again.
        XCTAssertNil(f.quotes.first { $0.text.contains("budget passed") })
        XCTAssertEqual(f.kind("process was fair"), .partial)
        XCTAssertEqual(f.who("process was fair"), "Ruiz")
    }

    func testUnbalancedMarkInsideAParagraphIsClosedAtTheNextOpening() {
        let f = Found("“We are ready, Ruiz said. Then she added: “The money is there.”")
        XCTAssertEqual(f.quotes.map(\.text), ["We are ready, Ruiz said. Then she added:", "The money is there."])
    }

    func testEmptyAndMarkOnlyTexts() {
        XCTAssertEqual(Found("").quotes, [])
        XCTAssertEqual(Found("“”").quotes, [])
        XCTAssertEqual(Found("\"").quotes, [])
        XCTAssertEqual(Found("He is 6'2\" tall and 12\" wide.").quotes, [])
    }

    func testSpansAreUTF8ByteOffsetsOfTheWordsBetweenTheMarks() {
        let text = "Zoë Müller said: “Naïve plans fail.” Then she left."
        let f = Found(text)
        let q = f.quote("Naïve")
        XCTAssertEqual(f.slice(q?.span), "Naïve plans fail.")
        XCTAssertEqual(q?.span.start, Array(text.utf8).firstIndex(of: 0x4E))   // "N" of "Naïve"
        XCTAssertEqual(f.slice(q?.speakerMention), "Zoë Müller")
        XCTAssertEqual(f.speaker(q)?.name, "Zoë Müller")
    }
}
