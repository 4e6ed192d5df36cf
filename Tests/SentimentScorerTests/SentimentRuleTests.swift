// One test per rule of VADER 3.3.2, each on sentences written for it. Expected values are
// worked out from the lexicon (good 1.9, bad -2.5, gorgeous 3.0, advantages 1.5, hope 1.9,
// problem -1.7, doubt -1.5, no -1.2, kind 2.4, shit -2.6, cut -1.1, okay 0.9, grinning 1.5;
// "very", "the", "was", ... are not in it), so each test fails if its rule is taken out.

import XCTest
@testable import SentimentScorer

final class SentimentRuleTests: XCTestCase {
    let analyzer = SentimentAnalyzer.bundled

    let booster = 0.293
    let caps = 0.733
    let negation = -0.74

    /// The compound score for a valence sum (no punctuation emphasis).
    func normalised(_ sum: Double) -> Double { sum / (sum * sum + 15).squareRoot() }

    func assertCompound(_ text: String, sum: Double, file: StaticString = #filePath, line: UInt = #line) {
        let got = analyzer.score(text).compound
        XCTAssertEqual(got, normalised(sum), accuracy: 1e-12, "\(text)", file: file, line: line)
    }

    // MARK: Lexicon and tokens

    func testBundledLexicon() {
        XCTAssertEqual(analyzer.lexiconSize, 7506)  // 7520 lines, 14 repeated tokens
        assertCompound("good", sum: 1.9)
    }

    func testLongWordsAreMatchedWhole() {
        // Keys longer than 16 bytes are compared in two parts by the word table.
        assertCompound("disadvantageousness", sum: -1.6)
        assertCompound("disadvantageousnesses", sum: 0)
        assertCompound("disadvantageousnest", sum: 0)
        assertCompound("disadvantageou", sum: 0)
    }

    func testLookupIsLowerCased() {
        assertCompound("Good", sum: 1.9)
        assertCompound("GOOD", sum: 1.9)  // all tokens in caps: no emphasis
    }

    func testCapsEmphasisNeedsOneTokenNotInCaps() {
        // Whether the tokens mix caps is looked up when a rule first meets an ALL CAPS word,
        // here only the last token is not in caps.
        assertCompound("VERY GOOD DAY today", sum: 1.9 + caps + 0.293 + caps)
        assertCompound("VERY GOOD DAY TODAY", sum: 1.9 + 0.293)
        // An ALL CAPS booster before a word that is not.
        assertCompound("VERY good day TODAY", sum: 1.9 + 0.293 + caps)
    }

    func testLeadingAndTrailingPunctuationIsStripped() {
        assertCompound("(good),", sum: 1.9)
        assertCompound("...bad...", sum: -2.5)
    }

    func testShortTokensKeepTheirPunctuation() {
        // Stripping would leave <= 2 characters, so the token stays whole: ":)" is an
        // emoticon in the lexicon, and "ok." (unlike "okay.") is not found.
        assertCompound(":)", sum: 2.0)
        assertCompound("ok.", sum: 0)
        assertCompound("okay.", sum: 0.9)
    }

    func testCurlyQuotesAreNotPunctuation() {
        assertCompound("“good”", sum: 0)
        assertCompound("\"good\"", sum: 1.9)
        assertCompound("isn’t good", sum: 1.9)  // and "n’t" is not "n't"
    }

    func testTokensWithCurlyQuotes() {
        // Tokens of ASCII and curly quotes take a sixteen-byte path: never table words, but
        // their ALL CAPS, "n't", ! and ? count as anywhere else.
        assertCompound("“GOOD” weather is good", sum: 1.9)
        assertCompound("“WOW” GOOD", sum: 1.9)                              // "“WOW”" is upper: all caps
        assertCompound("“wow” WEATHER IS GOOD", sum: 1.9 + caps)            // and "“wow”" is not
        assertCompound("“2024” GOOD", sum: 1.9 + caps)                      // no cased letter
        assertCompound("“xyzn't” good", sum: 1.9 * negation)               // ASCII apostrophe
        assertCompound("“xyzn’t” good", sum: 1.9)                           // curly: no negation
        assertCompound("“xyzn't good", sum: 1.9 * negation)
        assertCompound("good “wow!”", sum: 1.9 + 0.292)                     // ! counted
        assertCompound("“a-very-long-token”” good", sum: 1.9)              // over 15 bytes
        assertCompound("“good”\u{00A0}day", sum: 0)
    }

    func testWordsBeforeANoBreakSpace() {
        assertCompound("very\u{00A0}\u{00A0}good\u{00A0}", sum: 1.9 + booster)
        assertCompound("(very)\u{00A0}good.", sum: 1.9 + booster)
        assertCompound("VERY-\u{00A0}good day", sum: 1.9 + booster + caps)
        assertCompound("isn't\u{00A0}good", sum: 1.9 * negation)
    }

    func testSplitsOnUnicodeWhitespace() {
        assertCompound("very\u{00A0}good", sum: 1.9 + booster)
        assertCompound("the\u{3000}good", sum: 1.9)
        assertCompound("the\u{200B}good", sum: 0)  // zero width space is not whitespace
    }

    func testEmptyAndNeutralTexts() {
        XCTAssertEqual(analyzer.score(""), .zero)
        XCTAssertEqual(analyzer.score(" \t\n"), .zero)
        XCTAssertEqual(analyzer.score("the table"),
                       SentimentScores(compound: 0, positive: 0, negative: 0, neutral: 1))
    }

    func testSubstringAndStringAgree() {
        let text = "xx The weather was VERY good!! yy"
        let slice = text.dropFirst(3).dropLast(3)
        XCTAssertEqual(analyzer.score(slice), analyzer.score(String(slice)))
    }

    // MARK: Boosters and dampeners

    func testBoosterAddsAndDampenerSubtracts() {
        assertCompound("very good", sum: 1.9 + booster)
        assertCompound("slightly good", sum: 1.9 - booster)
    }

    func testBoosterFollowsTheSignOfTheWord() {
        assertCompound("very bad", sum: -2.5 - booster)
        assertCompound("slightly bad", sum: -2.5 + booster)
    }

    func testBoosterDistanceDamping() {
        assertCompound("very much good", sum: 1.9 + booster * 0.95)
        assertCompound("very much the good", sum: 1.9 + booster * 0.9)
        assertCompound("very much the same good", sum: 1.9)  // four back: out of reach
    }

    func testBoosterWordsScoreNothingThemselves() {
        // No booster is in the bundled lexicon, so show it with one that is.
        let custom = SentimentAnalyzer(lexiconText: "very\t2.0\t0.5\t[2]\ngood\t1.9\t0.5\t[2]\n")
        XCTAssertEqual(custom.score("very").compound, 0)
        XCTAssertEqual(custom.score("good").compound, normalised(1.9), accuracy: 1e-12)
    }

    // MARK: Caps

    func testCapsEmphasisWhenCaseIsMixed() {
        assertCompound("GOOD weather", sum: 1.9 + caps)
        assertCompound("BAD weather", sum: -2.5 - caps)
        assertCompound("GOOD WEATHER", sum: 1.9)
    }

    func testCapsBooster() {
        assertCompound("VERY good", sum: 1.9 + (booster + caps))
    }

    func testCapsFollowsPythonIsUpperForNonASCII() {
        assertCompound("GOOD ПОБЕДА", sum: 1.9)        // both all caps
        assertCompound("GOOD победа", sum: 1.9 + caps)  // mixed
        assertCompound("GOOD 2024", sum: 1.9 + caps)    // digits are not cased: "2024" is not upper
    }

    // MARK: Negation

    func testNegationOneTwoAndThreeBack() {
        assertCompound("not good", sum: 1.9 * negation)
        assertCompound("not very good", sum: (1.9 + booster) * negation)
        assertCompound("not at all good", sum: 1.9 * negation)
        assertCompound("not at all the good", sum: 1.9)  // four back: out of reach
    }

    func testNegationByAnyNtToken() {
        assertCompound("isn't good", sum: 1.9 * negation)
        assertCompound("shouldn't good", sum: 1.9 * negation)
        assertCompound("notn't good", sum: 1.9 * negation)  // not a word, but contains "n't"
    }

    func testNegationListWords() {
        for word in ["never", "without", "nor", "none", "rarely", "seldom", "despite", "nothing", "cannot"] {
            assertCompound("\(word) good", sum: 1.9 * negation)
        }
    }

    func testNeverSoAndNeverThisIntensify() {
        assertCompound("never so good", sum: (1.9 + booster) * 1.25)
        assertCompound("never this good", sum: 1.9 * 1.25)
        assertCompound("was never so the good", sum: (1.9 + booster * 0.95) * 1.25)
    }

    func testSoOrThisRightBeforeTheWordIntensifiesWhenThreeBackIsChecked() {
        // 3.3.2's operator precedence: at distance 3 "... this good" is multiplied by 1.25
        // whatever the third word back is.
        assertCompound("we all this good", sum: 1.9 * 1.25)
    }

    func testWithoutDoubtIsNotANegation() {
        // "doubt" is itself negated by "without" (-1.5 * -0.74); "good" is left alone.
        assertCompound("without doubt good", sum: -1.5 * negation + 1.9)
        assertCompound("without any good", sum: 1.9 * negation)
    }

    // MARK: "no"

    func testNoBeforeALexiconWordNegatesIt() {
        assertCompound("no good", sum: 0 + 1.9 * negation)
        assertCompound("no problem", sum: 0 + -1.7 * negation)
    }

    func testStandAloneNoIsNegative() {
        assertCompound("no", sum: -1.2)
        assertCompound("they said no", sum: -1.2)
    }

    func testNoTwoBackAndThreeBackThroughOr() {
        // "no" keeps its own -1.2 here: the word after it is not in the lexicon.
        assertCompound("no real good", sum: -1.2 + 1.9 * negation)
        assertCompound("no money or hope", sum: -1.2 + 1.9 * negation)
        assertCompound("no money and hope", sum: -1.2 + 1.9)
    }

    // MARK: "least"

    func testLeastNegatesExceptAfterAtOrVery() {
        assertCompound("least good", sum: 1.9 * negation)
        assertCompound("the least good", sum: 1.9 * negation)
        assertCompound("at least good", sum: 1.9)
        assertCompound("very least good", sum: 1.9 + booster * 0.95)  // "very" still boosts
    }

    // MARK: "but"

    func testButHalvesBeforeAndRaisesAfter() {
        assertCompound("good but bad", sum: 1.9 * 0.5 + 0 + -2.5 * 1.5)
        assertCompound("good but bad but good", sum: 1.9 * 0.5 + 0 + -2.5 * 1.5 + 0 + 1.9 * 1.5)
    }

    func testButRescalesByValueLikeTheReference() {
        // gorgeous (3.0) is halved to 1.5; then advantages (1.5) is looked up by value,
        // finds gorgeous' slot first and halves it again, leaving itself unscaled.
        assertCompound("gorgeous but advantages", sum: 0.75 + 0 + 1.5)
    }

    // MARK: Punctuation

    func testExclamationMarksUpToFour() {
        assertCompound("good!", sum: 1.9 + 0.292)
        assertCompound("good!!!!!!!", sum: 1.9 + 4 * 0.292)
        assertCompound("bad!!", sum: -2.5 - 2 * 0.292)
    }

    func testQuestionMarks() {
        assertCompound("good?", sum: 1.9)
        assertCompound("good??", sum: 1.9 + 2 * 0.18)
        assertCompound("good???", sum: 1.9 + 3 * 0.18)
        assertCompound("good?????", sum: 1.9 + 0.96)
    }

    func testProportionsCountNeutralsAndPunctuation() {
        // good: 1.9 + 1, bad: -2.5 - 1, "the": neutral; "!" goes to the larger side.
        let s = analyzer.score("good bad the!")
        let positive = 1.9 + 1, negative = -2.5 - 1 - 0.292
        let total = positive + -negative + 1
        XCTAssertEqual(s.positive, positive / total, accuracy: 1e-12)
        XCTAssertEqual(s.negative, -negative / total, accuracy: 1e-12)
        XCTAssertEqual(s.neutral, 1 / total, accuracy: 1e-12)
        XCTAssertEqual(s.compound, normalised(1.9 + -2.5 - 0.292), accuracy: 1e-12)
    }

    // MARK: Idioms and phrases

    func testSpecialIdiomsReplaceTheValence() {
        assertCompound("this app is the shit", sum: 3)
        assertCompound("yes he is the bomb", sum: 1.7 + 3)
        // "bad" matches "bad ass" ahead of it, "ass" matches it behind: both become 1.5.
        assertCompound("my new pal is bad ass", sum: 1.5 + 1.5)
        // "right" is not a lexicon word; "yeah" (1.2) matches "yeah right" ahead of it.
        assertCompound("oh and then yeah right", sum: -2)
    }

    func testIdiomsNeedThreeNonLexiconWordsBefore() {
        // The idiom check runs only from the fourth token on.
        assertCompound("the shit", sum: -2.6)
    }

    func testTwoWordDampeners() {
        // "kind" (2.4) before "of" scores 0; "kind of" two back damps "good".
        assertCompound("it was kind of good", sum: 0 + 1.9 - booster)
        assertCompound("it was sort of good", sum: 1.9 - booster)
        assertCompound("kind", sum: 2.4)
    }

    func testSentimentLadenIdiomsAreNotActiveIn332() {
        // "cut the mustard" (+2) is listed but never consulted: "cut" scores -1.1.
        assertCompound("he will cut the mustard", sum: -1.1)
        assertCompound("she had a broken heart", sum: -2.1 + 3.2)
    }

    // MARK: Emoji

    func testSingleCodePointEmojisBecomeTheirDescription() {
        assertCompound("😀", sum: 1.5)  // "grinning face"
        assertCompound("the😀", sum: 1.5)
        let plain = SentimentAnalyzer(lexiconText: "grinning\t1.5\t0\t[]\n")
        XCTAssertEqual(plain.score("😀").compound, 0)
    }

    // MARK: Custom lexicons

    func testLexiconParsing() {
        let custom = SentimentAnalyzer(lexiconText: "happy\t2.0\t0.5\t[2, 2]\r\n\nsad\t-2\t0\t[]\r\nhappy\t1.0\t0\t[]\r\n")
        XCTAssertEqual(custom.lexiconSize, 2)
        XCTAssertEqual(custom.score("happy").compound, normalised(1.0), accuracy: 1e-12)  // the later line wins
        XCTAssertEqual(custom.score("SAD day").compound, normalised(-2 - caps), accuracy: 1e-12)
    }
}
