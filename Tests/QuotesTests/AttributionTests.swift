// Speech cues on either side of a quotation, and the kinds: direct, partial, term.
import XCTest
@testable import QuoteExtractor

final class AttributionTests: XCTestCase {
    func testNameThenSaid() {
        let f = Found("“The dam will hold,” engineer Priya Raman said.")
        let q = f.quote("dam will hold")
        XCTAssertEqual(f.speaker(q)?.name, "Priya Raman")
        XCTAssertEqual(q?.cue, "said")
        XCTAssertEqual(f.slice(q?.speakerMention), "Priya Raman")
        XCTAssertEqual(q?.kind, .direct)
    }

    func testSaidThenName() {
        let f = Found("“The dam will hold,” said Priya Raman, chief engineer of the Water Authority.")
        let q = f.quote("dam will hold")
        XCTAssertEqual(f.speaker(q)?.name, "Priya Raman")
        XCTAssertEqual(f.speaker(q)?.organization, "Water Authority")
        let g = Found("“The dam will hold,” said Dr. Priya Raman of the Water Authority in a statement.")
        XCTAssertEqual(g.who("dam will hold"), "Priya Raman")
        XCTAssertEqual(g.speaker(g.quote("dam will hold"))?.organization, "Water Authority")
    }

    func testSaidBeforeTheQuotation() {
        let f = Found("Priya Raman said: “The dam will hold.” Later, Raman said, “We checked every gate.”")
        XCTAssertEqual(f.who("dam will hold"), "Priya Raman")
        XCTAssertEqual(f.who("every gate"), "Priya Raman")
        XCTAssertEqual(f.kind("every gate"), .direct)
    }

    func testSaidThat() {
        let f = Found("Finance Minister Anna Lindqvist said that “the budget is balanced for the first time in a decade.”")
        let q = f.quote("budget is balanced")
        XCTAssertEqual(q?.kind, .partial)
        XCTAssertEqual(f.speaker(q)?.name, "Anna Lindqvist")
        XCTAssertEqual(q?.cue, "said")
    }

    func testAccordingTo() {
        let f = Found("“Prices will fall by the summer,” according to the Central Bank of Norland.")
        XCTAssertEqual(f.who("Prices will fall"), "Central Bank of Norland")
        XCTAssertEqual(f.quote("Prices will fall")?.cue, "according to")
        let g = Found("According to Lindqvist, “the budget is balanced.”")
        XCTAssertEqual(g.who("budget is balanced"), "Lindqvist")
    }

    func testToldSomeone() {
        let f = Found("“We have no plans to raise taxes,” Anna Lindqvist told reporters in Oslo.")
        XCTAssertEqual(f.who("raise taxes"), "Anna Lindqvist")
        let g = Found("Anna Lindqvist told the Daily Courier: “We have no plans to raise taxes.”")
        XCTAssertEqual(g.who("raise taxes"), "Anna Lindqvist")
    }

    func testOtherVerbsOfSaying() {
        for verb in ["declared", "noted", "stressed", "assured", "claimed", "added", "insisted", "warned"] {
            let f = Found("“The reform is finished,” Anna Lindqvist \(verb). “Now we wait,” \(verb) Tomas Brandt.")
            XCTAssertEqual(f.who("reform is finished"), "Anna Lindqvist", verb)
            XCTAssertEqual(f.who("Now we wait"), "Tomas Brandt", verb)
            XCTAssertEqual(f.quote("reform is finished")?.cue, verb)
        }
    }

    func testAdverbBetweenSpeakerAndVerb() {
        let f = Found("“We will win,” Brandt reportedly declared. “They will lose,” Ruiz later said.")
        XCTAssertEqual(f.who("We will win"), "Brandt")
        XCTAssertEqual(f.who("They will lose"), "Ruiz")
    }

    func testTrailingAttributionFragment() {
        let f = Found("“The talks ended without agreement. Both sides will meet again in May.” Foreign Ministry statement.")
        let q = f.quote("talks ended")
        XCTAssertEqual(f.speaker(q)?.name, "Foreign Ministry")
        XCTAssertEqual(q?.cue, "statement")
        XCTAssertEqual(q?.kind, .direct)
    }

    func testParticipleCueTakesTheSubjectOfTheSentence() {
        let f = Found("Lindqvist defended the plan on Monday, stating, “No family will pay more.”")
        XCTAssertEqual(f.who("No family"), "Lindqvist")
        XCTAssertEqual(f.quote("No family")?.cue, "stating")
    }

    func testPartialQuotationInsideReportedSpeech() {
        let f = Found("Prime Minister Anna Lindqvist said the agreement is an \"actual turning point\" for the region.")
        let q = f.quote("actual turning point")
        XCTAssertEqual(q?.kind, .partial)
        XCTAssertEqual(f.speaker(q)?.name, "Anna Lindqvist")
    }

    func testPartialQuotationGovernedThroughAndOrAParticiple() {
        let f = Found("""
            Mayor Elena Ruiz visited the flooded district on Sunday.
            In a statement, the mayor thanked the crews and praised "the courage of every volunteer," the city said.
            """)
        XCTAssertEqual(f.kind("courage of every volunteer"), .partial)
        XCTAssertEqual(f.who("courage of every volunteer"), "Elena Ruiz")
    }

    func testPartialQuotationWithTheCueAfterIt() {
        let f = Found("The treaty \"does not allow new checkpoints on the border,\" the Interior Ministry said.")
        XCTAssertEqual(f.kind("new checkpoints"), .partial)
        XCTAssertEqual(f.who("new checkpoints"), "Interior Ministry")
    }

    func testScareQuotesAndTermsHaveNoSpeaker() {
        let f = Found("""
            Officials called the meeting a "tete-a-tete" that lasted an hour.
            State television referred to the guest as a "comrade," a word with a long history.
            The so-called "peace dividend" never came, and the two sides reached a "satisfactory" deal.
            Far beyond "good neighbourliness", the pact covers defence.
            """)
        for term in ["tete-a-tete", "comrade", "peace dividend", "satisfactory", "good neighbourliness"] {
            let q = f.quote(term)
            XCTAssertEqual(q?.kind, .term, term)
            XCTAssertNil(q?.speaker, term)
            XCTAssertEqual(q?.confidence, 0, term)
        }
    }

    func testAQuotedTermBeforeANounIsATermButAQuotedPhraseBeforeAVerbFormIsNot() {
        let f = Found("Lindqvist praised the \"green transition\" plan. Lindqvist said it was a \"hard but fair\" budget. Ruiz said the bridge is a \"lasting achievement\" reflecting years of work.")
        XCTAssertEqual(f.kind("green transition"), .term)
        XCTAssertEqual(f.kind("lasting achievement"), .partial)
        XCTAssertEqual(f.who("lasting achievement"), "Ruiz")
    }

    func testPassiveVerbIsNotASpeechCue() {
        let f = Found("The coast was threatened by Storm Ada, classified as \"extremely dangerous\" by forecasters.")
        XCTAssertEqual(f.kind("extremely dangerous"), .term)
    }

    func testQuotationWithoutAnyCueAndNoOneBeforeItHasNoSpeaker() {
        let f = Found("“Nobody expected this to happen so fast.”\nThe market closed early.")
        let q = f.quote("Nobody expected")
        XCTAssertEqual(q?.kind, .direct)
        XCTAssertNil(q?.speaker)
        XCTAssertEqual(q?.confidence, 0)
    }

    func testCommonNounSpeaker() {
        let f = Found("Fans lining the route chanted \"Champions again\" as the bus passed.")
        XCTAssertEqual(f.who("Champions again"), "Fans")
        XCTAssertEqual(f.speaker(f.quote("Champions again"))?.kind, .other)
    }

    func testQuotationBrokenByItsAttributionIsDirectBothSides() {
        let f = Found("\"We will,\" Hardy said, \"balance the books by 2028.\"")
        XCTAssertEqual(f.kind("We will"), .direct)
        XCTAssertEqual(f.kind("balance the books"), .direct)
        XCTAssertEqual(f.who("balance the books"), "Hardy")
    }

    func testQuestionAndBritishSingleMarks() {
        let f = Found("'We will not raise income tax,' said Chancellor Rachel Hardy. \"Why now?\" asked Tom Price.")
        XCTAssertEqual(f.who("income tax"), "Rachel Hardy")
        XCTAssertEqual(f.who("Why now"), "Tom Price")
        XCTAssertEqual(f.quote("Why now")?.cue, "asked")
    }

    func testAnUnnamedSourceIsNotSomeoneNamedBefore() {
        let f = Found("""
            Chancellor Rachel Hardy presented the budget.
            One senior official told Reuters: "The votes aren't there."
            """)
        let q = f.quote("votes aren't there")
        XCTAssertEqual(f.speaker(q)?.name, "senior official")
        XCTAssertEqual(f.speaker(q)?.kind, .other)
    }

    func testParagraphEndingWithSaidColonIntroducesTheNextQuotation() {
        let f = Found("""
            At a press conference in Kyiv, President Olena Marchenko said:
            “We will rebuild every school. Every single one.”
            """)
        let q = f.quote("rebuild every school")
        XCTAssertEqual(f.speaker(q)?.name, "Olena Marchenko")
        XCTAssertEqual(q?.cue, "said")
        XCTAssertGreaterThan(q?.confidence ?? 0, 0.8)
        XCTAssertNil(f.result.quotes.first { $0.kind == .indirect }, "the introduction is not reported speech")
    }
}
