// One canonical speaker across the document; inheritance; title, organisation, confidence.
import XCTest
import NewswireText
@testable import QuoteExtractor

final class SpeakerTests: XCTestCase {
    /// "Prime Minister Anna Lindqvist", "Ms. Lindqvist", "the prime minister", "she": one speaker.
    static let article = """
        Norland and Estmark sign fishing accord
        Prime Minister Anna Lindqvist of Norland met Estmark's president, Jonas Berg, in Halden on Monday.
        “This accord protects our fishermen and our seas,” Prime Minister Anna Lindqvist said after the ceremony.
        “We waited ten years for this day,” Ms. Lindqvist told reporters.
        Berg thanked the hosts. “Estmark keeps its word,” he said.
        “The quotas will be reviewed every year,” the prime minister added.
        “No boat will be turned away,” she said.
        """

    func testOneCanonicalSpeakerThroughNameCourtesyTitleRoleAndPronoun() {
        let f = Found(Self.article)
        for words in ["protects our fishermen", "waited ten years", "quotas will be reviewed", "No boat"] {
            XCTAssertEqual(f.who(words), "Anna Lindqvist", words)
        }
        XCTAssertEqual(f.who("keeps its word"), "Jonas Berg")
        XCTAssertEqual(f.result.speakers.filter { $0.name == "Anna Lindqvist" }.count, 1)
        // The mentions that attributed, by name, courtesy title, role and pronoun.
        XCTAssertEqual(f.slice(f.quote("waited ten years")?.speakerMention), "Lindqvist")
        XCTAssertEqual(f.slice(f.quote("quotas")?.speakerMention), "the prime minister")
        XCTAssertEqual(f.slice(f.quote("No boat")?.speakerMention), "she")
        let lindqvist = f.result.speakers.first { $0.name == "Anna Lindqvist" }!
        let mentions = lindqvist.mentions.map { String(f.text.slice($0)) }
        XCTAssertTrue(mentions.contains("the prime minister"), "\(mentions)")
        XCTAssertTrue(mentions.contains("she"), "\(mentions)")
        XCTAssertTrue(mentions.filter { $0 == "Anna Lindqvist" }.count >= 2, "\(mentions)")
    }

    func testTitleAndOrganisation() {
        let f = Found(Self.article)
        let lindqvist = f.result.speakers.first { $0.name == "Anna Lindqvist" }
        XCTAssertEqual(lindqvist?.title, "Prime Minister")
        XCTAssertEqual(lindqvist?.kind, .person)
        let g = Found("“Rates stay where they are,” said Marta Kowalski, chief economist at the Baltic Investment Bank.")
        XCTAssertEqual(g.speaker(g.quote("Rates stay"))?.organization, "Baltic Investment Bank")
        let h = Found("“We deny every claim,” Kremlin spokesman Dmitry Peskov said.")
        XCTAssertEqual(h.speaker(h.quote("deny every claim"))?.name, "Dmitry Peskov")
        XCTAssertEqual(h.speaker(h.quote("deny every claim"))?.organization, "Kremlin")
    }

    func testPronounSkipsAPersonAfterAPreposition() {
        let f = Found("""
            Mr. Berg met the fishermen in Halden.
            “The nets are full again,” he said alongside Anna Lindqvist, whom he described as “a reliable partner.”
            """)
        XCTAssertEqual(f.who("nets are full"), "Berg")
        XCTAssertEqual(f.who("reliable partner"), "Berg")
    }

    func testPronounRespectsCourtesyGender() {
        let f = Found("""
            Mr. Berg and Ms. Lindqvist met on Monday. Ms. Lindqvist spoke first, and Mr. Berg listened.
            “We have a deal,” she said.
            """)
        XCTAssertEqual(f.who("We have a deal"), "Lindqvist")
    }

    func testRoleWithoutATitleGoesToAPersonWithNoOtherRole() {
        let f = Found("""
            Anna Lindqvist arrived in Halden, where Estmark leader Jonas Berg waited.
            “The accord is fair,” ruled the prime minister Norwegian before leaving.
            """)
        XCTAssertEqual(f.who("accord is fair"), "Anna Lindqvist")
    }

    func testInheritsTheSpeakerInTheSameParagraph() {
        let f = Found("“The accord is signed,” Lindqvist said alongside Berg. “Now the work begins.”")
        let q = f.quote("work begins")
        XCTAssertEqual(f.speaker(q)?.name, "Lindqvist")
        XCTAssertEqual(q?.inherited, true)
        XCTAssertNil(q?.speakerMention)
        XCTAssertEqual(q?.cue, "")
    }

    func testInheritsTheSpeakerOfTheParagraphBefore() {
        let f = Found("""
            “The accord is signed,” Lindqvist said on Monday.
            “Now the work begins, and it will take years.”
            """)
        XCTAssertEqual(f.who("work begins"), "Lindqvist")
        XCTAssertEqual(f.quote("work begins")?.inherited, true)
    }

    func testDoesNotInheritWhenAnotherPersonSpeaksInBetween() {
        let f = Found("""
            “The accord is signed,” Lindqvist said on Monday. Berg disagreed with the timetable and left early.
            Observers were surprised. Later the hall emptied.
            “Now the work begins.”
            """)
        let q = f.quote("work begins")
        XCTAssertNotEqual(q?.inherited, true)
        XCTAssertNotEqual(f.speaker(q)?.name, "Anna Lindqvist")
    }

    func testConfidenceOrdersNamedRolePronounInherited() {
        let f = Found(Self.article)
        let named = f.quote("protects our fishermen")!.confidence
        let role = f.quote("quotas")!.confidence
        let pronoun = f.quote("No boat")!.confidence
        XCTAssertGreaterThan(named, 0.9)
        XCTAssertGreaterThan(named, role)
        XCTAssertGreaterThan(named, pronoun)
        let g = Found("“The accord is signed,” Lindqvist said. “Now the work begins.”")
        XCTAssertLessThan(g.quote("work begins")!.confidence, g.quote("accord is signed")!.confidence)
        for q in f.quotes { XCTAssertTrue((0...1).contains(q.confidence)) }
    }

    func testOrganisationNamedInApposition() {
        let f = Found("""
            The party's newspaper, Morning Star Daily, reported that the harvest was "the best in a generation."
            The outlet declared the season a "complete triumph of planning."
            """)
        XCTAssertEqual(f.who("best in a generation"), "Morning Star Daily")
        XCTAssertEqual(f.speaker(f.quote("best in a generation"))?.kind, .organization)
        XCTAssertEqual(f.who("complete triumph"), "Morning Star Daily")
    }

    func testRoleAndOrganisationFromAnApposition() {
        let f = Found("\"The numbers do not add up,\" said Maria Lopez, chief economist at Harbor Bank.")
        let s = f.speaker(f.quote("numbers do not add up"))
        XCTAssertEqual(s?.name, "Maria Lopez")
        XCTAssertEqual(s?.title, "chief economist")
        XCTAssertEqual(s?.organization, "Harbor Bank")
    }

    func testThePreviousSpeakerIsThePronounsAntecedent() {
        // The speaker named after the verb ("said Chancellor Rachel Hardy") is who "she" is next.
        let f = Found("\"We will not raise taxes,\" said Chancellor Rachel Hardy, looking at Maria Lopez. \"Not this year,\" she added.")
        XCTAssertEqual(f.who("Not this year"), "Rachel Hardy")
    }

    func testOrganisationNounsResolveOnlyToAFittingOrganisation() {
        let f = Found("""
            The Defence Ministry of Norland issued a note. Reporters from the BBC asked for more.
            “Our position is unchanged,” the ministry said.
            """)
        XCTAssertEqual(f.who("position is unchanged"), "Defence Ministry of Norland")
        let g = Found("""
            Reporters from the BBC asked for more.
            “Our position is unchanged,” the ministry said.
            """)
        XCTAssertEqual(g.who("position is unchanged"), "ministry", "not the BBC")
    }

    func testAnAppositionIsTheSubjectForLaterPronouns() {
        let f = Found("""
            “It will take a decade,” Ivan Kovalenko said.
            Marchenko's spokesman, Petro Savchenko, declined to comment. Asked whether talks would resume, he said: “Not this month.”
            """)
        XCTAssertEqual(f.who("Not this month"), "Petro Savchenko")
    }

    /// A business story: several speakers in turn, asides, relative clauses, an unnamed trader.
    func testSpeakersInTurn() {
        let f = Found("""
            Acme Corp shares jumped 12% after the company beat forecasts.
            "We delivered a record quarter," chief executive Jane Doe told analysts on a call. "Demand stayed strong in every region."
            Analyst Mark Chen of Vertex Research was less upbeat. "The margin story is fragile," he wrote in a note.
            Doe, who took over in 2021, said the firm would "keep investing through the cycle."
            "I don't see a slowdown," Doe added. "Not yet."
            "It's a great day," said one trader on the floor.
            Chen, however, warned that "the easy gains are behind us."
            """)
        XCTAssertEqual(f.who("record quarter"), "Jane Doe")
        XCTAssertEqual(f.who("Demand stayed strong"), "Jane Doe")
        XCTAssertEqual(f.who("margin story"), "Mark Chen")
        XCTAssertEqual(f.who("keep investing"), "Jane Doe")
        XCTAssertEqual(f.who("Not yet"), "Jane Doe")
        XCTAssertEqual(f.kind("Not yet"), .direct)
        XCTAssertEqual(f.who("great day"), "trader")
        XCTAssertEqual(f.who("easy gains"), "Mark Chen")
        XCTAssertEqual(f.speaker(f.quote("margin story"))?.title, "Analyst")
    }
}
