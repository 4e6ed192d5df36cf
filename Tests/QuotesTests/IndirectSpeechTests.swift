// Reported speech without marks, with a clear cue.
import XCTest
@testable import QuoteExtractor

final class IndirectSpeechTests: XCTestCase {
    func testSaidThat() {
        let f = Found("Finance Minister Anna Lindqvist said that the budget would be balanced by next spring.")
        let q = f.quote("budget would be balanced")
        XCTAssertEqual(q?.kind, .indirect)
        XCTAssertEqual(q?.text, "the budget would be balanced by next spring")
        XCTAssertEqual(f.speaker(q)?.name, "Anna Lindqvist")
        XCTAssertEqual(q?.cue, "said")
    }

    func testSaidWithoutThatAndToldSomeoneThat() {
        let f = Found("Lindqvist said the budget would be balanced by spring. Berg told reporters that his country would sign soon.")
        XCTAssertEqual(f.quote("balanced by spring")?.text, "the budget would be balanced by spring")
        XCTAssertEqual(f.quote("would sign soon")?.text, "his country would sign soon")
        XCTAssertEqual(f.who("would sign soon"), "Berg")
    }

    func testAccordingToAtEitherEnd() {
        let f = Found("""
            According to the Norland Statistics Office, unemployment fell for the third month in a row.
            The fleet will double in size by 2030, according to Anna Lindqvist.
            """)
        XCTAssertEqual(f.quote("unemployment fell")?.text, "unemployment fell for the third month in a row")
        XCTAssertEqual(f.who("unemployment fell"), "Norland Statistics Office")
        XCTAssertEqual(f.quote("fleet will double")?.text, "The fleet will double in size by 2030")
        XCTAssertEqual(f.who("fleet will double"), "Anna Lindqvist")
    }

    func testCueAtTheEnd() {
        let f = Found("""
            Estmark will open two new ports next year, the Estmark News Agency reported on Friday.
            The harbour in Halden is already full, it added.
            """)
        XCTAssertEqual(f.quote("two new ports")?.text, "Estmark will open two new ports next year")
        XCTAssertEqual(f.who("two new ports"), "Estmark News Agency")
        XCTAssertEqual(f.who("already full"), "Estmark News Agency")
    }

    func testNoCueNoIndirectSpeech() {
        let f = Found("The budget was balanced by next spring. Lindqvist visited the harbour in Halden on Monday.")
        XCTAssertEqual(f.quotes, [])
    }

    func testDatelineIsNotPartOfTheReportedClause() {
        let f = Found("HALDEN - The two fleets will share the northern waters from May, Lindqvist said.")
        XCTAssertEqual(f.quote("northern waters")?.text, "The two fleets will share the northern waters from May")
    }
}
