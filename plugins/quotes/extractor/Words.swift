// The words the attribution rules know, lower-case.

/// The lists of `Words` a word is in.
struct WordClass: OptionSet, Sendable {
    let rawValue: UInt32
    static let speech = WordClass(rawValue: 1 << 0)
    static let tellForms = WordClass(rawValue: 1 << 1)
    static let toldVerbs = WordClass(rawValue: 1 << 2)
    static let naming = WordClass(rawValue: 1 << 3)
    static let clauseTaking = WordClass(rawValue: 1 << 4)
    static let between = WordClass(rawValue: 1 << 5)
    static let determiners = WordClass(rawValue: 1 << 6)
    static let personPronouns = WordClass(rawValue: 1 << 7)
    static let subjectPronouns = WordClass(rawValue: 1 << 8)
    static let pronouns = WordClass(rawValue: 1 << 9)
    static let courtesy = WordClass(rawValue: 1 << 10)
    static let female = WordClass(rawValue: 1 << 11)
    static let roles = WordClass(rawValue: 1 << 12)
    static let orgHeads = WordClass(rawValue: 1 << 13)
    static let modifiers = WordClass(rawValue: 1 << 14)
    static let fragmentNouns = WordClass(rawValue: 1 << 15)
    static let prepositions = WordClass(rawValue: 1 << 16)
    static let function = WordClass(rawValue: 1 << 17)
}

enum Words {
    /// Verbs of saying, every form. (Not "states", "notes", "claims" as bare nouns are too common;
    /// the patterns that use a verb also need a speaker next to it.)
    static let speech: Set<String> = {
        let forms = """
        say says said saying tell tells told telling add adds added adding declare declares declared declaring
        note notes noted noting stress stresses stressed stressing assure assures assured assuring
        claim claims claimed claiming stated stating announce announces announced announcing
        explain explains explained explaining insist insists insisted insisting warn warns warned warning
        argue argues argued arguing remark remarks remarked remarking comment comments commented commenting
        recall recalls recalled recalling reply replies replied replying respond responds responded responding
        write writes wrote writing written tweet tweets tweeted tweeting post posts posted
        ask asks asked asking answer answers answered answering confirm confirms confirmed confirming
        acknowledge acknowledges acknowledged acknowledging admit admits admitted admitting
        emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
        underline underlines underlined underlining underscore underscores underscored underscoring
        conclude concludes concluded concluding report reports reported reporting observe observes observed observing
        suggest suggests suggested suggesting predict predicts predicted predicting promise promises promised promising
        pledge pledges pledged pledging vow vows vowed vowing urge urges urged urging hail hails hailed hailing
        reaffirm reaffirms reaffirmed reaffirming affirm affirms affirmed affirming proclaim proclaims proclaimed proclaiming
        chant chants chanted chanting shout shouts shouted shouting exclaim exclaims exclaimed exclaiming
        whisper whispers whispered whispering quip quips quipped quipping joke jokes joked joking
        boast boasts boasted boasting complain complains complained complaining lament laments lamented lamenting
        concede concedes conceded conceding reiterate reiterates reiterated reiterating maintain maintains maintained
        assert asserts asserted asserting contend contends contended contending caution cautions cautioned cautioning
        indicate indicates indicated indicating mention mentions mentioned mentioning retort retorts retorted retorting
        thunder thundered ruled recount recounts recounted recounting continued allege alleges alleged alleging
        describe describes described describing call calls called calling praise praises praised praising
        commend commends commended commending denounce denounces denounced denouncing condemn condemns condemned condemning
        accuse accuses accused accusing threaten threatens threatened threatening demand demands demanded demanding
        counter countered countering explain sigh sighed scoff scoffed laugh laughed cry cried yell yelled
        read reads tell
        """
        return Set(forms.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// "told X" names the hearer, even right after a quotation.
    static let tellForms: Set<String> = ["tell", "tells", "told", "telling"]

    /// Verbs whose object after them, before a quotation, is the hearer ("told reporters: "..."").
    static let toldVerbs: Set<String> = ["tell", "tells", "told", "telling", "ask", "asks", "asked", "asking", "assure", "assures", "assured",
                                         "assuring", "urge", "urges", "urged", "urging", "warn", "warned", "warns"]

    /// Verbs that name or characterise rather than quote: what follows in marks is a term.
    static let naming: Set<String> = ["called", "dubbed", "termed", "labelled", "labeled", "branded", "so-called", "known", "nicknamed",
                                      "referred", "titled", "entitled", "named", "word", "term", "phrase", "slogan", "coined"]

    /// Speech verbs that take a reported clause (for indirect speech).
    static let clauseTaking: Set<String> = {
        let forms = """
        said says say told tells added adds declared declares noted notes stressed stresses assured assures claimed claims
        stated announced announces explained explains insisted insists warned warns argued argues remarked recalled recalls
        replied responded wrote writes confirmed confirms acknowledged acknowledges admitted admits emphasized emphasised
        emphasizes emphasises underlined underscored concluded reported reports observed suggested suggests predicted
        promised pledged vowed reaffirmed affirmed proclaimed reiterated maintained asserted contended cautioned indicated
        mentioned alleged believes believed
        """
        return Set(forms.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Words that may stand between a speaker and the verb: "Berg reportedly declared", "he has said".
    static let between: Set<String> = [
        "reportedly", "also", "later", "then", "further", "again", "repeatedly", "previously", "finally", "once", "recently",
        "publicly", "earlier", "separately", "subsequently", "similarly", "frequently", "often", "openly", "quickly", "simply",
        "firmly", "flatly", "bluntly", "angrily", "proudly", "clearly", "explicitly", "allegedly", "himself", "herself",
        "has", "had", "have", "was", "is", "will", "would", "could", "may", "might", "did", "does", "just", "already",
        "yesterday", "today", "tonight", "privately", "personally", "famously", "once", "jokingly", "reportedly", "nonetheless",
        "however", "though", "too", "still", "even", "now", "emphatically", "repeatedly", "confidently", "solemnly",
    ]

    static let determiners: Set<String> = ["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
                                           "both", "two", "three", "several", "many", "some", "each", "another", "one", "all"]

    static let personPronouns: Set<String> = ["he", "she", "him", "her"]
    static let subjectPronouns: Set<String> = ["he", "she", "they", "it", "i", "we"]
    static let pronouns: Set<String> = ["he", "she", "him", "her", "it", "they", "them", "i", "we", "me", "us"]

    /// Courtesy titles: "Mr. Putin". They say nothing of a role.
    static let courtesy: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "madam", "sir", "dame", "dr", "prof", "rev", "mr.", "mrs.", "ms.", "dr."]
    static let female: Set<String> = ["mrs", "ms", "miss", "madam", "dame", "mrs.", "ms."]

    /// Roles a person holds: heads of nominal mentions ("the Russian president") and of titles.
    static let roles: Set<String> = {
        let words = """
        president presidents leader leaders minister ministers chairman chairwoman chairperson chair secretary spokesman spokeswoman
        spokesperson spokespeople premier chancellor king queen prince princess emperor governor mayor senator lawmaker lawmakers
        official officials ambassador general commander director chief head envoy diplomat diplomats ceo founder lawyer attorney
        prosecutor judge professor analyst analysts expert experts researcher scientist economist adviser advisor aide aides
        representative deputy manager coach captain dictator strongman ruler monarch pope bishop priest cleric executive officer
        commissioner inspector negotiator candidate nominee legislator congressman congresswoman president-elect vice-president
        dean principal editor correspondent reporter columnist author activist campaigner organiser organizer witness resident
        residents mp mep sheikh emir sultan ayatollah marshal colonel admiral sergeant lieutenant major
        """
        return Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Heads of nominal mentions of organisations and sources: "the report", "state media".
    static let orgHeads: Set<String> = {
        let words = """
        agency agencies outlet outlets newspaper newspapers paper media report reports statement statements ministry government
        office department committee council company firm group organisation organization party army military police court
        embassy broadcaster channel network service daily tabloid website publication union foundation institute bank
        administration regime authorities campaign team spokesperson mouthpiece radio television tv station bureau
        """
        return Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Organisation nouns for news media: "the agency" may be the outlet introduced as "the newspaper X".
    static let mediaNouns: Set<String> = ["agency", "agencies", "outlet", "outlets", "newspaper", "newspapers", "paper", "media",
                                          "broadcaster", "channel", "network", "daily", "tabloid", "website", "publication",
                                          "mouthpiece", "radio", "television", "tv", "station", "service", "news"]

    /// Lower-case modifiers a nominal mention may carry: "the visiting Russian president", "state media".
    static let modifiers: Set<String> = [
        "top", "senior", "former", "chief", "deputy", "foreign", "state", "official", "local", "visiting", "acting", "interim",
        "supreme", "new", "then", "current", "late", "propaganda", "news", "government", "military", "defence", "defense",
        "prime", "vice", "general", "press", "presidential", "party", "communist", "national", "regional", "federal", "first",
        "veteran", "leading", "prominent", "independent", "western", "eastern", "northern", "southern", "central", "security",
        "intelligence", "opposition", "ruling", "executive", "managing", "associate", "assistant", "staff", "lead", "chief",
        "foreign-policy", "economic", "finance", "trade", "health", "education", "interior", "justice", "few", "most",
    ]

    /// Words that attribute a quotation from a short fragment after it: `"..." Kremlin statement.`
    static let fragmentNouns: Set<String> = ["statement", "communique", "communiqué", "release", "readout", "transcript", "spokesman",
                                             "spokeswoman", "spokesperson", "report", "tweet", "post", "announcement", "memo", "letter",
                                             "source", "sources", "says", "said"]

    static let prepositions: Set<String> = [
        "of", "in", "on", "at", "to", "from", "with", "by", "for", "about", "against", "between", "into", "over", "under", "after",
        "before", "during", "alongside", "beside", "near", "upon", "through", "without", "within", "toward", "towards", "among",
        "amid", "like", "as", "than", "via", "per", "across", "behind", "since", "until", "around",
    ]

    /// Words that are never the head of a speaker's noun phrase.
    static let function: Set<String> = {
        let words = """
        and or but nor so yet if because while when where whereas although though since unless that which who whom whose what
        not no is are was were be been being has have had do does did will would shall should can could may might must
        there here then than very more most less least also only even just too still again such same other another
        it its it's this these those them they their there's we our us you your me my i he him his she her hers one ones
        to of in on at from with by for about as into over after before up down out off
        """
        return Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Plain function words, dropped when comparing wordings.
    static let stop: Set<String> = {
        let words = """
        a an the and or but nor so yet if because while when where that which who whom whose what this these those
        is are was were be been being am has have had do does did will would shall should can could may might must
        to of in on at from with by for about as into over after before up down out off than then there here
        it its it's they them their we our us you your i me my he him his she her one all any some such no not
        also just very only other among against between within without through during
        """
        return Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    static let adjectiveEndings = ["ing", "ed", "ary", "ive", "ous", "ful", "able", "ible", "al", "ic", "less", "ish", "ly"]

    /// A lower-case word that is more likely a noun than an adjective, adverb or verb form, by its ending.
    static func looksLikeNoun(_ w: String) -> Bool { w.count >= 3 && !adjectiveEndings.contains { w.count > $0.count + 2 && w.hasSuffix($0) } }

    /// Every word's classes, so that a token is looked up once (`Token.cls`) and tested by bits.
    static let classes: [String: WordClass] = {
        var d: [String: WordClass] = [:]
        let sets: [(Set<String>, WordClass)] = [
            (speech, .speech), (tellForms, .tellForms), (toldVerbs, .toldVerbs), (naming, .naming), (clauseTaking, .clauseTaking),
            (between, .between), (determiners, .determiners), (personPronouns, .personPronouns), (subjectPronouns, .subjectPronouns),
            (pronouns, .pronouns), (courtesy, .courtesy), (female, .female), (roles, .roles), (orgHeads, .orgHeads),
            (modifiers, .modifiers), (fragmentNouns, .fragmentNouns), (prepositions, .prepositions), (function, .function),
        ]
        for (set, c) in sets { for w in set { d[w, default: []].insert(c) } }
        return d
    }()

    /// A participle (-ing): "stating", "praising".
    @inline(__always)
    static func isParticiple(_ w: String) -> Bool { w.count > 4 && w.hasSuffix("ing") }
}
