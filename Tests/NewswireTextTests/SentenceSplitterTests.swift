// The sentence splitter, one test per rule. All fixtures are made up for these tests.
import XCTest
import NewswireText

final class SentenceSplitterTests: XCTestCase {
    func sentences(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let spans = SentenceSplitter.split(text)
        var previousEnd = 0
        for s in spans {
            XCTAssertGreaterThan(s.length, 0, "empty span", file: file, line: line)
            XCTAssertGreaterThanOrEqual(s.start, previousEnd, "overlap", file: file, line: line)
            previousEnd = s.end
        }
        return spans.map { String(text.slice($0)) }
    }

    // MARK: Abbreviations

    /// Texts that end with blocks of sixteen bytes with nothing to look at (the scan skips them
    /// and must stop at the end).
    func testTextEndingWithCleanBlocksOfSixteen() {
        for blocks in 1...4 {
            let text = String(repeating: "abcd efgh ijk lm", count: blocks)
            XCTAssertEqual(SentenceSplitter.split(text), [TextSpan(start: 0, end: 16 * blocks)])
            let two = "Go.\n" + String(repeating: "abcd efgh ijk lm", count: blocks)
            XCTAssertEqual(SentenceSplitter.split(two), [TextSpan(start: 0, end: 3), TextSpan(start: 4, end: 4 + 16 * blocks)])
        }
    }

    func testCourtesyTitlesNeverEndASentence() {
        XCTAssertEqual(sentences("Mr. Putin said."), ["Mr. Putin said."])
        XCTAssertEqual(sentences("Mr. Smith met Mrs. Jones and Ms. Lee. Dr. Brown and Prof. White were late."),
                       ["Mr. Smith met Mrs. Jones and Ms. Lee.", "Dr. Brown and Prof. White were late."])
    }

    func testRankAndOfficeAbbreviations() {
        XCTAssertEqual(sentences("Gen. Adams met Lt. Baker and Col. Carter. Gov. Davis, Sen. Evans and Rep. Fox agreed."),
                       ["Gen. Adams met Lt. Baker and Col. Carter.", "Gov. Davis, Sen. Evans and Rep. Fox agreed."])
        XCTAssertEqual(sentences("Rev. Green climbed Mt. Hood. He came back."), ["Rev. Green climbed Mt. Hood.", "He came back."])
    }

    func testSuffixAndStreetAbbreviations() {
        XCTAssertEqual(sentences("Tom Hale Jr. was there. Tom Hale Sr. The elder one stayed home."),
                       ["Tom Hale Jr. was there.", "Tom Hale Sr.", "The elder one stayed home."])
        XCTAssertEqual(sentences("St. Petersburg is cold. She lives on Elm St. The house is red."),
                       ["St. Petersburg is cold.", "She lives on Elm St.", "The house is red."])
    }

    func testCompanyAbbreviations() {
        XCTAssertEqual(sentences("Acme Inc. Chief Executive Jane Roe spoke. She works for Bolt Corp. The firm is small."),
                       ["Acme Inc. Chief Executive Jane Roe spoke.", "She works for Bolt Corp.", "The firm is small."])
        XCTAssertEqual(sentences("Delta Ltd. and Gamma Co. merged. They said so."),
                       ["Delta Ltd. and Gamma Co. merged.", "They said so."])
    }

    func testNumberAbbreviationAndVersus() {
        XCTAssertEqual(sentences("He lives at No. 10 Downing Street. It was Smith vs. Jones in court."),
                       ["He lives at No. 10 Downing Street.", "It was Smith vs. Jones in court."])
    }

    func testLatinAbbreviations() {
        XCTAssertEqual(sentences("Bring fruit, e.g. apples. Bring a drink, i.e. water, etc. and snacks."),
                       ["Bring fruit, e.g. apples.", "Bring a drink, i.e. water, etc. and snacks."])
        XCTAssertEqual(sentences("They sold pens, paper, etc. The shop closed."),
                       ["They sold pens, paper, etc.", "The shop closed."])
        XCTAssertEqual(sentences("See e.g. Smith, cf. Jones."), ["See e.g. Smith, cf. Jones."])
    }

    func testTimes() {
        XCTAssertEqual(sentences("It starts at 9 a.m. and ends at 5 p.m. The staff then leave."),
                       ["It starts at 9 a.m. and ends at 5 p.m.", "The staff then leave."])
        XCTAssertEqual(sentences("The flight left at 6 p.m. Moscow time."), ["The flight left at 6 p.m. Moscow time."])
    }

    func testMonthAbbreviations() {
        XCTAssertEqual(sentences("On Jan. 5 the talks began. By Sept. 30 they had ended."),
                       ["On Jan. 5 the talks began.", "By Sept. 30 they had ended."])
        XCTAssertEqual(sentences("It happened in Aug. The next month was calm."),
                       ["It happened in Aug.", "The next month was calm."])
        XCTAssertEqual(sentences("Feb. and Mar. were wet."), ["Feb. and Mar. were wet."])
    }

    /// Dotted acronyms end a sentence only before a common sentence-initial word.
    func testDottedAcronyms() {
        XCTAssertEqual(sentences("He moved to the U.S. Then he left."), ["He moved to the U.S.", "Then he left."])
        XCTAssertEqual(sentences("The U.S. President spoke."), ["The U.S. President spoke."])
        XCTAssertEqual(sentences("U.K. officials and U.N. staff met. E.U. leaders came too."),
                       ["U.K. officials and U.N. staff met.", "E.U. leaders came too."])
        XCTAssertEqual(sentences("She studied in the U.K. In 2019 she returned."),
                       ["She studied in the U.K.", "In 2019 she returned."])
        // Documented limitation: a name after the acronym keeps the sentence going.
        XCTAssertEqual(sentences("He flew to the U.S. Senator Hale met him."), ["He flew to the U.S. Senator Hale met him."])
        XCTAssertEqual(sentences("U.S.-led talks began."), ["U.S.-led talks began."])
    }

    func testInitials() {
        XCTAssertEqual(sentences("J. K. Rowling wrote it. George W. Bush read it."),
                       ["J. K. Rowling wrote it.", "George W. Bush read it."])
        XCTAssertEqual(sentences("They chose plan B. The rest agreed."), ["They chose plan B.", "The rest agreed."])
    }

    // MARK: Numbers

    func testDecimalsNeverSplit() {
        XCTAssertEqual(sentences("Growth was 2.5 percent. Profits hit $1.2bn this year. Pi is about 3.14."),
                       ["Growth was 2.5 percent.", "Profits hit $1.2bn this year.", "Pi is about 3.14."])
        XCTAssertEqual(sentences("They shipped version 2.0. It was buggy."), ["They shipped version 2.0.", "It was buggy."])
        XCTAssertEqual(sentences("Visit example.com today."), ["Visit example.com today."])
    }

    func testSentenceEndingInANumberBeforeAnotherNumber() {
        XCTAssertEqual(sentences("Sales rose in 2019. 2020 was worse."), ["Sales rose in 2019.", "2020 was worse."])
    }

    func testListMarkers() {
        XCTAssertEqual(sentences("1. Open the box. 2. Take the toy."), ["1. Open the box.", "2. Take the toy."])
    }

    // MARK: Quotations

    func testStopInsideQuoteThenNewSentence() {
        XCTAssertEqual(sentences("He said \"We will win.\" Then he left."), ["He said \"We will win.\"", "Then he left."])
        XCTAssertEqual(sentences("She wrote: “It is over.” Nobody replied."), ["She wrote: “It is over.”", "Nobody replied."])
    }

    func testStopInsideQuoteBeforeLowercaseAttribution() {
        XCTAssertEqual(sentences("\"We will win.\" he said."), ["\"We will win.\" he said."])
        XCTAssertEqual(sentences("“We will win.” he said."), ["“We will win.” he said."])
        XCTAssertEqual(sentences("“Why?” she asked. “Because.”"), ["“Why?” she asked.", "“Because.”"])
        XCTAssertEqual(sentences("'Stop!' he shouted."), ["'Stop!' he shouted."])
    }

    func testCommaInsideQuoteThenQuotedSentence() {
        XCTAssertEqual(sentences("\"We will win,\" he said. \"They will lose.\""),
                       ["\"We will win,\" he said.", "\"They will lose.\""])
    }

    /// A quotation of several sentences splits at the inner boundary; the opening quote stays with
    /// the first sentence, the closing quote and attribution with the last.
    func testQuotationSpanningSentences() {
        XCTAssertEqual(sentences("\"We will win. They will lose,\" he said."),
                       ["\"We will win.", "They will lose,\" he said."])
        XCTAssertEqual(sentences("“We came. We saw. We won,” she said. It was late."),
                       ["“We came.", "We saw.", "We won,” she said.", "It was late."])
    }

    func testClosingBrackets() {
        XCTAssertEqual(sentences("(This was expected.) The market rose."), ["(This was expected.)", "The market rose."])
        XCTAssertEqual(sentences("Prices fell [see chart.] Traders sold."), ["Prices fell [see chart.]", "Traders sold."])
        XCTAssertEqual(sentences("He left (quietly.) and she stayed."), ["He left (quietly.) and she stayed."])
    }

    // MARK: Lines

    func testEveryNewlineEndsASentence() {
        let text = "North Korea signs pact\nBy Staff Writer\nThe leaders met. They talked.\n\nA new paragraph here\r\nLast line"
        XCTAssertEqual(sentences(text), ["North Korea signs pact", "By Staff Writer", "The leaders met.", "They talked.",
                                         "A new paragraph here", "Last line"])
    }

    func testUnicodeLineSeparators() {
        XCTAssertEqual(sentences("One line\u{2028}Another line\u{2029}Third"), ["One line", "Another line", "Third"])
    }

    // MARK: Other terminal marks

    func testExclamationAndQuestionMarks() {
        XCTAssertEqual(sentences("Stop! Who goes there? Nobody. Really?! Yes."),
                       ["Stop!", "Who goes there?", "Nobody.", "Really?!", "Yes."])
        XCTAssertEqual(sentences("\"Why?\" he asked."), ["\"Why?\" he asked."])
    }

    func testEllipses() {
        XCTAssertEqual(sentences("He paused... Then he spoke."), ["He paused...", "Then he spoke."])
        XCTAssertEqual(sentences("He paused... and then spoke."), ["He paused... and then spoke."])
        XCTAssertEqual(sentences("Wait… What happened?"), ["Wait…", "What happened?"])
        XCTAssertEqual(sentences("It went on and on… for hours."), ["It went on and on… for hours."])
        XCTAssertEqual(sentences("Sales rose by… 40 percent."), ["Sales rose by… 40 percent."])
    }

    func testFullWidthStops() {
        XCTAssertEqual(sentences("他说。她走了。"), ["他说。", "她走了。"])
        XCTAssertEqual(sentences("「好。」他说。"), ["「好。」", "他说。"])
    }

    // MARK: Edge cases

    func testEmptyAndWhitespace() {
        XCTAssertEqual(SentenceSplitter.split(""), [])
        XCTAssertEqual(SentenceSplitter.split("   \n\t \n\u{00A0}\u{3000}"), [])
        XCTAssertEqual(SentenceSplitter.split("..."), [TextSpan(start: 0, end: 3)])
    }

    func testTextWithoutPunctuationIsOneSentence() {
        XCTAssertEqual(sentences("  no punctuation at all here  "), ["no punctuation at all here"])
    }

    func testTrailingTextWithoutStop() {
        XCTAssertEqual(sentences("First one. second part without stop"), ["First one. second part without stop"])
        XCTAssertEqual(sentences("First one. Second without stop"), ["First one.", "Second without stop"])
    }

    func testMultibyteTextLandsOnCharacterBoundaries() {
        let text = "Путин прибыл в Пхеньян. Ким встретил его — тепло! “Café owners cheered,” she said 🎉. Ñandú… Éxito. 他说。"
        let spans = SentenceSplitter.split(text)
        for s in spans {
            let u = text.utf8
            let a = u.index(u.startIndex, offsetBy: s.start), b = u.index(u.startIndex, offsetBy: s.end)
            XCTAssertNotNil(a.samePosition(in: text), "start \(s.start) is not a character boundary")
            XCTAssertNotNil(b.samePosition(in: text), "end \(s.end) is not a character boundary")
        }
        XCTAssertEqual(spans.map { String(text.slice($0)) },
                       ["Путин прибыл в Пхеньян.", "Ким встретил его — тепло!", "“Café owners cheered,” she said 🎉.",
                        "Ñandú…", "Éxito.", "他说。"])
        // Byte offsets, not character offsets.
        XCTAssertEqual(spans[0], TextSpan(start: 0, end: "Путин прибыл в Пхеньян.".utf8.count))
    }

    func testCyrillicLowercaseContinues() {
        XCTAssertEqual(sentences("Он сказал «да.» и ушёл."), ["Он сказал «да.» и ушёл."])
    }

    func testSliceClampsAndSnapsToCharacters() {
        let text = "Ким — да"
        XCTAssertEqual(text.slice(TextSpan(start: 0, end: 6)), "Ким")
        XCTAssertEqual(text.slice(TextSpan(start: -5, end: 1000)), "Ким — да")
        XCTAssertEqual(text.slice(TextSpan(start: 50, end: 60)), "")
        XCTAssertEqual(text.slice(TextSpan(start: 5, end: 3)), "")
        _ = text.slice(TextSpan(start: 1, end: 5))   // inside characters: must not crash
        XCTAssertEqual(TextSpan(start: 3, end: 10).length, 7)
    }

    func testMalformedLookingInputDoesNotCrash() {
        let odd = ["...", ".!?", "\"", "“", "Mr.", "U.S.", "a.", " . . . ", "\u{0301}.", "(.)", "…”", "。", "A.B.C.D.E.F.",
                   String(repeating: ".", count: 1000), "e.g.", "\r\n\r\n", "x\u{2029}", "\u{FEFF}Hi."]
        for s in odd { for span in SentenceSplitter.split(s) { XCTAssertFalse(s.slice(span).isEmpty) } }
    }
}
