// The entity finder, one test per rule. All fixtures are made up for these tests.
import XCTest
@testable import NewswireText

final class EntityFinderTests: XCTestCase {
    func entities(_ text: String) -> [Entity] {
        EntityFinder.find(in: text, sentences: SentenceSplitter.split(text))
    }

    func entity(_ name: String, in found: [Entity], file: StaticString = #filePath, line: UInt = #line) -> Entity? {
        let e = found.first { $0.name == name }
        if e == nil { XCTFail("no entity \(name) in \(found.map(\.name))", file: file, line: line) }
        return e
    }

    func mentionTexts(_ e: Entity?, _ text: String) -> [String] {
        (e?.mentions ?? []).map { String(text.slice($0)) }
    }

    // MARK: Titles

    func testTitleIsSplitFromName() {
        let text = "Russian President Vladimir Putin arrived on Tuesday."
        let found = entities(text)
        let putin = entity("Vladimir Putin", in: found)
        XCTAssertEqual(putin?.kind, .person)
        XCTAssertEqual(putin?.title, "Russian President")
        XCTAssertEqual(mentionTexts(putin, text), ["Vladimir Putin"])
        XCTAssertFalse(found.contains { $0.name.contains("President") })
    }

    func testTextEndingInAWord() {
        // No final stop: the last word ends at the text's end (the tokenizer's scan reads past it
        // into the padding, never through the text's bytes). Few capitals: not a headline.
        for (text, name) in [("the talks this week were held with Vladimir Putin", "Vladimir Putin"),
                             ("the talks this week were held in moscow and then in Moscow", "Moscow"),
                             ("the talks this week were held with them, said Kim", "Kim")] {
            XCTAssertEqual(mentionTexts(entity(name, in: entities(text)), text), [name], text)
        }
    }

    func testMultiWordTitles() {
        let text = "Foreign Minister Anna Berg met Prime Minister Tom Cole. Secretary of State Ray Dunn joined them."
        let found = entities(text)
        XCTAssertEqual(entity("Anna Berg", in: found)?.title, "Foreign Minister")
        XCTAssertEqual(entity("Tom Cole", in: found)?.title, "Prime Minister")
        XCTAssertEqual(entity("Ray Dunn", in: found)?.title, "Secretary of State")
        XCTAssertEqual(found.count, 3, "\(found.map(\.name))")
    }

    func testLowercaseRoleWithNationality() {
        let text = "North Korean leader Kim Jong-un waved. Kremlin spokesman Dmitry Peskov declined to comment."
        let found = entities(text)
        XCTAssertEqual(entity("Kim Jong-un", in: found)?.title, "North Korean leader")
        let peskov = entity("Dmitry Peskov", in: found)
        XCTAssertEqual(peskov?.title, "Kremlin spokesman")
        XCTAssertEqual(peskov?.kind, .person)
        XCTAssertEqual(entity("Kremlin", in: found)?.kind, .organization)
        XCTAssertFalse(found.contains { $0.name == "North Korean" })
    }

    func testCourtesyTitleMakesAPerson() {
        let text = "Dr. Lena Ostrova spoke first. Mr. Quill answered."
        let found = entities(text)
        XCTAssertEqual(entity("Lena Ostrova", in: found)?.title, "Dr.")
        let quill = entity("Quill", in: found)
        XCTAssertEqual(quill?.kind, .person)
        XCTAssertEqual(quill?.title, "Mr.")
        XCTAssertEqual(mentionTexts(quill, text), ["Quill"])
    }

    func testMoreTitles() {
        let text = "U.S. President Joe Biden met King Charles and Queen Elizabeth II. General Motors disagreed. " +
            "A statement came from Foreign Ministry spokesperson Lin Jian."
        let found = entities(text)
        XCTAssertEqual(entity("Joe Biden", in: found)?.title, "U.S. President")
        XCTAssertEqual(entity("U.S.", in: found)?.kind, .place)
        XCTAssertEqual(entity("Charles", in: found)?.kind, .person)
        XCTAssertEqual(entity("Elizabeth II", in: found)?.title, "Queen")
        XCTAssertEqual(entity("General Motors", in: found)?.kind, .organization)
        XCTAssertEqual(entity("Foreign Ministry", in: found)?.kind, .organization)
        XCTAssertEqual(entity("Lin Jian", in: found)?.title, "Foreign Ministry spokesperson")
    }

    func testTitleAloneIsNotAnEntity() {
        XCTAssertEqual(entities("The Foreign Minister spoke. Later the Russian President left."), [])
    }

    // MARK: Merging

    func testPutinMentionsMerge() {
        let text = "Russian President Vladimir Putin arrived. Putin said the talks went well. Later, Mr. Putin left. " +
            "Putin’s plane took off."
        let found = entities(text)
        XCTAssertEqual(found.count, 1, "\(found.map(\.name))")
        let putin = entity("Vladimir Putin", in: found)
        XCTAssertEqual(putin?.kind, .person)
        XCTAssertEqual(putin?.title, "Russian President")
        XCTAssertEqual(mentionTexts(putin, text), ["Vladimir Putin", "Putin", "Putin", "Putin"])
    }

    func testOneWordMentionBeforeFullNameStillMerges() {
        let text = "Putin spoke first.\nVladimir Putin is the Russian president."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Vladimir Putin"])
        XCTAssertEqual(found.first?.mentions.count, 2)
    }

    func testKimJoinsKimJongUn() {
        let text = "Kim Jong-un greeted the guests. Later Kim smiled, and Mr. Kim waved. Kim Jong Un left."
        let found = entities(text)
        XCTAssertEqual(found.count, 1, "\(found.map(\.name))")
        let kim = found.first
        XCTAssertEqual(kim?.kind, .person)
        XCTAssertEqual(mentionTexts(kim, text), ["Kim Jong-un", "Kim", "Kim", "Kim Jong Un"])
    }

    func testAmbiguousSingleWordStaysApart() {
        let text = "Ada Smith and Bo Smith met. Later Smith spoke."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Ada Smith", "Bo Smith", "Smith"])
        XCTAssertEqual(found.last?.kind, .person)
    }

    func testAcronymInParenthesesMerges() {
        let text = "The Korean Central News Agency (KCNA) reported the visit. Later KCNA said more."
        let found = entities(text)
        XCTAssertEqual(found.count, 1, "\(found.map(\.name))")
        let kcna = entity("Korean Central News Agency", in: found)
        XCTAssertEqual(kcna?.kind, .organization)
        XCTAssertEqual(mentionTexts(kcna, text), ["Korean Central News Agency", "KCNA", "KCNA"])
    }

    func testAcronymSpellingInitialsMerges() {
        let text = "The Zorbian Workers Union met. Officials of the ZWU voted."
        let found = entities(text)
        let union = entity("Zorbian Workers Union", in: found)
        XCTAssertEqual(mentionTexts(union, text), ["Zorbian Workers Union", "ZWU"])
    }

    func testAcronymsAreOrganisations() {
        let text = "Officials from NATO and the IAEA met. The UN watched."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["NATO", "IAEA", "UN"])
        XCTAssertTrue(found.allSatisfy { $0.kind == .organization })
    }

    func testSpellingVariantsMerge() {
        let text = "The agency Tass reported it. TASS later confirmed."
        let found = entities(text)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.mentions.count, 2)
        XCTAssertEqual(found.first?.kind, .organization)
    }

    // MARK: Kinds

    func testOrganisations() {
        let text = "The Ministry of Foreign Affairs issued a note. The Workers' Party of Korea met. " +
            "Staff at Brightwater University and the Central Bank agreed."
        let found = entities(text)
        for name in ["Ministry of Foreign Affairs", "Workers' Party of Korea", "Brightwater University", "Central Bank"] {
            XCTAssertEqual(entity(name, in: found)?.kind, .organization, name)
        }
    }

    /// Trusts, schools, museums and newspapers are organisations, not three-word people; a name
    /// of one that starts with the dateline's town stays apart from the town.
    func testOrganisationWordsBeyondGovernment() {
        let text = "Valley Courier\n\nBRAMBLETON - The Brambleton museum reopened. Funding came from the Brambleton " +
            "Heritage Trust, according to the Saxford Evening Chronicle. Pupils of Oakfield Grammar School sang."
        let found = entities(text)
        for name in ["Valley Courier", "Brambleton Heritage Trust", "Saxford Evening Chronicle", "Oakfield Grammar School"] {
            XCTAssertEqual(entity(name, in: found)?.kind, .organization, name)
        }
        let town = entity("Brambleton", in: found)
        XCTAssertEqual(town?.kind, .place)
        XCTAssertEqual(mentionTexts(town, text), ["BRAMBLETON", "Brambleton"])
    }

    /// "Port", "Fort" and "Cape" begin places, as "Mount" does.
    func testPlacesNamedByTheirFirstWord() {
        let text = "The Port Wendell council met on Tuesday. Troops left Fort Carrow and sailed round Cape Dunmore."
        let found = entities(text)
        for name in ["Port Wendell", "Fort Carrow", "Cape Dunmore"] {
            XCTAssertEqual(entity(name, in: found)?.kind, .place, name)
        }
    }

    func testPlaces() {
        let text = "Crowds filled Kim Il Sung Square. Talks were held in Moscow, then on Elm Street. " +
            "The delegation arrived in Veldoria on Monday. North Korea agreed."
        let found = entities(text)
        for name in ["Kim Il Sung Square", "Moscow", "Elm Street", "Veldoria", "North Korea"] {
            XCTAssertEqual(entity(name, in: found)?.kind, .place, name)
        }
    }

    func testPeople() {
        let text = "Jane Doe met Conan O'Brien and Mary Ann Lee in town. J. K. Rowling and George W. Bush came too."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Jane Doe", "Conan O'Brien", "Mary Ann Lee", "J. K. Rowling", "George W. Bush"])
        XCTAssertTrue(found.allSatisfy { $0.kind == .person })
    }

    func testCommonNounPairsAreNotPeople() {
        let text = "The pact ended the Cold War. Both sides signed the Comprehensive Strategic Partnership."
        let found = entities(text)
        XCTAssertFalse(found.contains { $0.kind == .person }, "\(found.map { ($0.name, $0.kind) })")
    }

    func testDatelineIsAPlace() {
        let text = "SEOUL - The talks ended early. Officials left Seoul by train."
        let found = entities(text)
        let seoul = entity("Seoul", in: found)
        XCTAssertEqual(seoul?.kind, .place)
        XCTAssertEqual(seoul?.mentions.count, 2)
    }

    // MARK: Sentence starts, possessives, months

    func testSentenceInitialStopwordsAreNotNames() {
        let text = "However, the plan failed. The Ministry of Health said so. In Paris, talks went on. " +
            "But Jane Doe stayed. Speaking to reporters, she smiled."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Ministry of Health", "Paris", "Jane Doe"])
    }

    func testSentenceInitialWordWithSupportIsKept() {
        let text = "Zarkov said the deal was done. Zarkov's aides agreed."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Zarkov"])
        XCTAssertEqual(found.first?.mentions.count, 2)
    }

    func testPossessivesAreStripped() {
        let text = "Russia's army moved. Putin’s plane landed near Vladimir Putin's dacha. North Korea’s leader waved."
        let found = entities(text)
        XCTAssertEqual(mentionTexts(entity("Russia", in: found), text), ["Russia"])
        XCTAssertEqual(mentionTexts(entity("Vladimir Putin", in: found), text), ["Putin", "Vladimir Putin"])
        XCTAssertEqual(mentionTexts(entity("North Korea", in: found), text), ["North Korea"])
    }

    func testPossessiveSplitsNamesButPluralNamesContinue() {
        let text = "Korea's Kim Jong-un spoke to the Democratic People's Republic of Korea assembly."
        let found = entities(text)
        XCTAssertNotNil(entity("Korea", in: found))
        XCTAssertNotNil(entity("Kim Jong-un", in: found))
        XCTAssertEqual(entity("Democratic People's Republic of Korea", in: found)?.kind, .place)
    }

    func testMonthsAndWeekdaysAreNeverEntities() {
        let text = "In June the talks resumed on Wednesday. They ended in September. On Jan. 5 and Aug 12 nothing happened. " +
            "May was quiet. Monday was not."
        XCTAssertEqual(entities(text), [])
    }

    func testQuotedSloganBeforeANameIsNotPartOfIt() {
        let text = "Vladimir Putin arrived. Crowds chanted “Welcome Putin” loudly."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Vladimir Putin"])
        XCTAssertEqual(mentionTexts(found.first, text), ["Vladimir Putin", "Putin"])
    }

    func testHyphens() {
        let text = "The DPRK-Russia talks used Western-supplied maps and T-shirts from HomeWorldShop, said Jean-Luc Marin."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["DPRK", "Russia", "Jean-Luc Marin"])
    }

    func testAcronymAfterNameWithoutParentheses() {
        let text = "The Democratic People's Republic of Korea DPRK has grown. The DPRK said so."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Democratic People's Republic of Korea"])
        XCTAssertEqual(found.first?.mentions.count, 3)
    }

    // MARK: Headlines, text, order

    func testHeadlinesOnlyAddMentionsOfKnownNames() {
        let text = "Putin Visits Pyongyang For Historic Talks\nRussian President Vladimir Putin arrived in Pyongyang."
        let found = entities(text)
        XCTAssertEqual(found.map(\.name), ["Vladimir Putin", "Pyongyang"])
        XCTAssertEqual(mentionTexts(found.first, text), ["Putin", "Vladimir Putin"])
    }

    func testHeadlineNamesWithRunsOfBlanksHyphensAndApostrophes() {
        // In a headline, each name is read from the longest run of name tokens: names found there
        // must match as if read alone, whatever the blanks, hyphens and apostrophes inside them.
        let text = "Kim  Jong-un\tMeets Bank of   Korea And O\u{2019}Brien Aides\n"
            + "Kim Jong-un met O\u{2019}Brien and officials of the Bank of Korea in Pyongyang."
        let found = entities(text)
        XCTAssertEqual(mentionTexts(entity("Kim Jong-un", in: found), text), ["Kim  Jong-un", "Kim Jong-un"])
        XCTAssertEqual(mentionTexts(entity("Bank of Korea", in: found), text), ["Bank of   Korea", "Bank of Korea"])
        XCTAssertEqual(mentionTexts(entity("O\u{2019}Brien", in: found), text), ["O\u{2019}Brien", "O\u{2019}Brien"])
    }

    func testHeadlineNamesFoundByEveryKindOfKey() {
        // A headline name is looked up by its key: a person's last word, an acronym (its dots
        // dropped), a known place, and a key equal as a String to one of other bytes (the Kelvin
        // sign U+212A is canonically K). Each must find the same entity as in the sentences.
        let text = "Olsen Meets U.N. Envoys In Moscow\nKaren Olsen Visits Veldoria\n"
            + "Officials said \u{212A}aren Olsen met U.N. envoys. Olsen left Veldoria."
        let found = entities(text)
        let olsen = entity("\u{212A}aren Olsen", in: found)
        XCTAssertEqual(mentionTexts(olsen, text), ["Olsen", "Karen Olsen", "\u{212A}aren Olsen", "Olsen"])
        XCTAssertEqual(mentionTexts(entity("U.N.", in: found), text), ["U.N.", "U.N."])
        XCTAssertEqual(mentionTexts(entity("Moscow", in: found), text), ["Moscow"])
        XCTAssertEqual(mentionTexts(entity("Veldoria", in: found), text), ["Veldoria", "Veldoria"])
    }

    func testNonLatinNames() {
        let text = "«Мы победим», — сказал Владимир Путин. Путин уехал в Пекин."
        let found = entities(text)
        let putin = entity("Владимир Путин", in: found)
        XCTAssertEqual(putin?.kind, .person)
        XCTAssertEqual(mentionTexts(putin, text), ["Владимир Путин", "Путин"])
        for e in found {
            for m in e.mentions {
                let u = text.utf8
                XCTAssertNotNil(u.index(u.startIndex, offsetBy: m.start).samePosition(in: text))
                XCTAssertNotNil(u.index(u.startIndex, offsetBy: m.end).samePosition(in: text))
            }
        }
        XCTAssertNoThrow(entities("他说。金正恩和普京会面。🎉 “” ’s 's -- ... (X) () (ABC"))
    }

    func testEmptyTextAndEmptySentences() {
        XCTAssertEqual(entities(""), [])
        XCTAssertEqual(entities("   \n "), [])
        // No sentences given: the text is split here.
        XCTAssertEqual(EntityFinder.find(in: "Jane Doe left Moscow.", sentences: []).map(\.name), ["Jane Doe", "Moscow"])
        // Out-of-range sentences are clamped, not trusted.
        XCTAssertEqual(EntityFinder.find(in: "Jane Doe left.", sentences: [TextSpan(start: -3, end: 400)]).map(\.name),
                       ["Jane Doe"])
    }

    func testOrderIsByFirstMentionAndDeterministic() {
        let text = "Moscow hosted Jane Doe. Later NATO spoke, and Jane Doe left Moscow for Veldoria."
        let a = entities(text), b = entities(text)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.map(\.name), ["Moscow", "Jane Doe", "NATO", "Veldoria"])
        let firsts = a.map { $0.mentions[0].start }
        XCTAssertEqual(firsts, firsts.sorted())
    }
    /// The finder keeps its buffers for the next document (emptied): a document gives the same
    /// entities before and after others, also after one with a non-ASCII key and more keys and
    /// names than the tables start with (so they grew).
    func testBuffersKeptBetweenDocumentsChangeNothing() {
        let small = "Jane Doe met officials in Moscow on Monday. Doe said NATO would meet again."
        let firsts = ["Aldo", "Brisa", "Corvin", "Delphine", "Emeric", "Fenna", "Gaspard", "Hilde",
                      "Ivo", "Jorinde", "Kasimir", "Liesel"]
        let lasts = ["Ambrose", "Brandt", "Castell", "Dorn", "Eberle", "Falk", "Gruber", "Hesse",
                     "Imhof", "Jost", "Keller", "Lorenz"]
        var big = "José Müller spoke first. "
        for f in firsts { for l in lasts { big += "Later \(f) \(l) met the press. " } }
        let smallBefore = entities(small)
        let bigFirst = entities(big)
        XCTAssertGreaterThan(bigFirst.count, 140)
        XCTAssertTrue(bigFirst.contains { $0.name == "José Müller" })
        XCTAssertEqual(entities(small), smallBefore)
        XCTAssertEqual(entities(big), bigFirst)
        XCTAssertEqual(smallBefore.map(\.name), ["Jane Doe", "Moscow", "NATO"])
        // A text past the size whose buffers the pool keeps: its storage is freed, not kept.
        var long = ""
        while long.utf8.count <= FinderStorage.largestKeptText { long += big }
        let longFirst = entities(long)
        XCTAssertEqual(longFirst.map(\.name), bigFirst.map(\.name))
        XCTAssertEqual(entities(small), smallBefore)
    }
}
