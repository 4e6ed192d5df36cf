// Every word list the splitter and the entity finder use, in one place.
//
// The lists are deliberately short: they cover English news prose. Entries are written as
// they appear in text; `_` joins the words of a multi-word entry ("North_Korea"). Lookups are
// exact (case-sensitive) byte comparisons, so lists that must match in any case (titles, roles)
// are inserted in their capitalised and lowercase forms.

struct Lex: OptionSet, Sendable {
    let rawValue: UInt64
    init(rawValue: UInt64) { self.rawValue = rawValue }

    // Sentence splitting.
    /// An abbreviation that never ends a sentence: "Mr.", "Dr.", "e.g.", "No." ...
    static let neverEnds = Lex(rawValue: 1 << 0)
    /// An abbreviation that ends a sentence only before a common sentence start: "Inc.", "Jan.", "etc." ...
    static let mayEnd = Lex(rawValue: 1 << 1)
    /// A common sentence-initial word, never a name on its own: The, He, However ...
    static let starter = Lex(rawValue: 1 << 2)

    // Entities: roles.
    /// A role that makes a title before a person's name: President, Minister, leader ...
    static let titleHead = Lex(rawValue: 1 << 3)
    /// A word that can qualify a role: Prime, Foreign, Deputy, Vice ...
    static let titleMod = Lex(rawValue: 1 << 4)
    /// A courtesy or rank abbreviation before a name: Mr, Mrs, Dr, Gen ... (their "." stays with them).
    static let honorific = Lex(rawValue: 1 << 5)
    /// A plain courtesy title, reported only when no role is known: Mr, Mrs, Ms, Dr ...
    static let courtesy = Lex(rawValue: 1 << 6)
    /// A nationality adjective: Russian, Korean ...
    static let demonym = Lex(rawValue: 1 << 7)
    /// North, South, Eastern ...
    static let directional = Lex(rawValue: 1 << 8)

    // Entities: kinds.
    /// A word that makes a name an organisation: Ministry, Party, Agency ...
    static let orgWord = Lex(rawValue: 1 << 9)
    /// A known organisation (whole name): Xinhua, Reuters, White House ...
    static let knownOrg = Lex(rawValue: 1 << 10)
    /// A word that makes a name a place: Square, Street, City, Republic ...
    static let placeHead = Lex(rawValue: 1 << 11)
    /// A known place (whole name): Russia, Pyongyang, North Korea ...
    static let place = Lex(rawValue: 1 << 12)
    /// A capitalised common noun that keeps a name from being a person: Treaty, War, Summit ...
    static let thing = Lex(rawValue: 1 << 13)

    // Entities: words that are never (part of) names.
    static let month = Lex(rawValue: 1 << 14)
    /// A month abbreviation; a month only when followed by "." or a number ("Jan. 5", "Jan 5"): "Jan" is also a name.
    static let monthAbbrev = Lex(rawValue: 1 << 15)
    static let weekday = Lex(rawValue: 1 << 16)
    /// All-capital labels that are not acronyms: PHOTO, VIDEO, ALSO READ ...
    static let capsNoise = Lex(rawValue: 1 << 17)
    /// The, A, An: dropped from the front of a name, and they never continue one.
    static let article = Lex(rawValue: 1 << 18)

    // Entities: glue inside names.
    static let conOf = Lex(rawValue: 1 << 19)
    static let conThe = Lex(rawValue: 1 << 20)
    static let conAnd = Lex(rawValue: 1 << 21)
    static let conFor = Lex(rawValue: 1 << 22)
    /// Name particles between capitalised words: de, van, von, bin ...
    static let particle = Lex(rawValue: 1 << 23)
    /// Plurals whose "'s" is part of a name: People's, Children's ...
    static let namePossessive = Lex(rawValue: 1 << 24)
    /// Abbreviations that are part of a name, with their ".": St., Mt., Jr. ...
    static let nameAbbrev = Lex(rawValue: 1 << 25)
    /// Roman numerals after a name: II, III ...
    static let roman = Lex(rawValue: 1 << 26)

    // Entities: context.
    /// in, at, from: a single unknown word after them is a place.
    static let prep = Lex(rawValue: 1 << 27)
    /// Verbs of saying: a word before them is a name even at the start of a sentence.
    static let speech = Lex(rawValue: 1 << 28)
    /// Short function words, ignored when deciding whether a line is in Title Case.
    static let function = Lex(rawValue: 1 << 29)

    static let connector: Lex = [.conOf, .conThe, .conAnd, .conFor, .particle]

    /// Not a flag: marks a token whose flags have not been looked up yet (see `Finder.lex(_:)`).
    static let unresolved = Lex(rawValue: 1 << 63)
}

enum Lists {
    // MARK: Sentence splitting

    /// Never end a sentence (titles before names, "No. 5", "e.g.", "vs.").
    static let neverEnds = """
        Mr Mrs Ms Mx Messrs Mme Mlle Dr Prof Rev Gen Lt Col Sgt Capt Maj Adm Cmdr Gov Sen Rep Pres Supt Hon Fr
        Mt Ft No Nos Nr vs v cf viz approx Fig fig Vol vol pp e.g i.e E.g I.e
        """
    /// End a sentence only before a common sentence start (see SentenceSplitter). Dotted acronyms
    /// (U.S., a.m.) and single-letter initials are treated the same way without being listed.
    static let mayEnd = """
        St Jr Sr Inc Corp Ltd Co Bros Ave Rd Blvd Dept Univ Assn Est etc al
        Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
        """

    /// Common sentence-initial words. Used (1) after "U.S."-like abbreviations to decide that a new
    /// sentence starts, and (2) to keep the first word of a sentence out of names.
    static let starters = """
        The A An In On At By For From To Of With Without Into Onto Over Under Above Below About After Before
        During Since Until Till Through Throughout Amid Amidst Among Despite Following Ahead Against Along Around
        Across Behind Beyond Near Per Via Upon Within He She It They We I You His Her Its Our Their My Your Him
        Them Us This That These Those There Here Then Now Yet Still So But And Or Nor However Meanwhile Moreover
        Furthermore Also Although Though Even Because While Whereas When Whenever Where Wherever Whether If Unless
        As Once Why What Which Who Whom Whose How Some Many Most Much More Few Several All Both Each Every Either
        Neither No Not None Nothing Only One Two Three Other Others Another Such Last Next Earlier Later Today
        Yesterday Tomorrow Tonight Recently Currently Previously Finally Instead Indeed Thus Therefore Hence
        Otherwise Overall Perhaps Maybe Asked Speaking According Separately Additionally Similarly Elsewhere
        Already Let Please Is Are Was Were Be Been Has Have Had Do Does Did Can Could Should Would Will Shall Might
        Must Prior Follow Read Click Sign Share Subscribe
        """

    // MARK: Roles

    /// Roles: before a name they make a title ("President", "leader"). Matched in either case.
    static let titleHeads = """
        President Minister Premier Chancellor King Queen Prince Princess Emperor Empress Pope Secretary General
        Senator Governor Mayor Leader Spokesman Spokeswoman Spokesperson Ambassador Envoy Chairman Chairwoman
        Chairperson Chair Director Commander Chief Judge Representative Congressman Congresswoman Sheikh
        Ayatollah Marshal Admiral Colonel Captain Lieutenant Sergeant Adviser Advisor Vice-President CEO
        Lawmaker Counsellor Counselor Councillor Councilor Councilman Councilwoman Alderman Librarian Prosecutor Speaker
        """
    /// Words that qualify a role ("Prime Minister", "Secretary of State"). Matched in either case.
    static let titleMods = """
        Prime Foreign Defence Defense Finance Interior Deputy Vice First Supreme State Affairs Executive Acting
        Former Crown Grand Attorney Health Trade Economy Energy Education Justice Home Security National Top
        Senior Assistant Press Opposition Comrade Chief General Party Army Military
        """
    /// Courtesy titles and ranks, usually abbreviated; a following "." belongs to them.
    static let honorifics = """
        Mr Mrs Ms Miss Mx Messrs Mme Mlle Dr Prof Sir Dame Lord Lady Rev Gen Lt Col Sgt Capt Maj Adm Sen Rep
        Gov Pres Fr Hon
        """
    /// Of those, the ones reported as `title` only when no role was seen.
    static let courtesy = "Mr Mrs Ms Miss Mx Messrs Mme Mlle Dr Prof"

    static let demonyms = """
        Russian Korean Chinese Japanese American British English French German Italian Spanish Ukrainian
        Iranian Israeli Palestinian Indian Pakistani Afghan Syrian Iraqi Turkish Egyptian Saudi Emirati Qatari
        Arab Canadian Mexican Brazilian Australian European African Asian Soviet Belarusian Polish Vietnamese Thai
        Indonesian Filipino Mongolian Taiwanese Cuban Venezuelan Swiss Dutch Swedish Norwegian Finnish Danish
        Greek Austrian Hungarian Czech Serbian Kazakh Nigerian Kenyan Western Eastern
        """
    static let directionals = "North South East West Northern Southern Eastern Western"

    // MARK: Kinds

    /// A name containing one of these is an organisation.
    static let orgWords = """
        Ministry Council Party Agency Committee Commission Union Association Organization Organisation Bank Inc
        Corp Corporation Company Co Ltd LLC Group Government Kremlin Parliament Assembly University College
        Institute Academy Army Navy Forces Office Department News Times Post Press Journal Daily Herald Tribune
        Gazette Telegraph Broadcasting Foundation Fund Court Congress Senate Duma Police Bureau Board Authority
        Administration Service Services Network Television Radio Media Airlines Airways Motors League Alliance
        Coalition Movement Church Pentagon Secretariat Cabinet Embassy Consulate Industries Holdings Command
        Corps Center Centre Society Club Guard Trust Federation Library Museum Gallery Hospital School Theatre
        Theater Orchestra Brigade Courier Chronicle Observer Guardian Mirror Express Standard Mail
        """
    /// Known organisations by name.
    static let knownOrgs = """
        Xinhua Reuters Yonhap TASS Tass Sputnik Interfax Bloomberg Kremlin Pentagon White_House Security_Council
        United_Nations European_Union Red_Cross Facebook Twitter Google Microsoft YouTube Instagram TikTok
        """
    /// A name containing one of these is a place.
    static let placeHeads = """
        Square Street Avenue Road Boulevard City Province County District Region Island Islands River Lake Sea
        Ocean Bay Gulf Mountain Mountains Mount Valley Peninsula Strait Canal Airport Bridge Palace Plaza Republic
        Kingdom Emirates States Territory Territories Oblast Prefecture Village Desert Coast Station Port Fort
        Cape
        """
    /// Common countries, regions and cities (and the acronyms used for countries).
    static let places = """
        Russia China Japan Korea North_Korea South_Korea United_States America Britain Great_Britain England
        Scotland Wales Ireland France Germany Italy Spain Portugal Ukraine Poland Belarus India Pakistan Iran Iraq
        Syria Israel Palestine Gaza Lebanon Egypt Turkey Saudi_Arabia Qatar Yemen Afghanistan Vietnam Thailand
        Indonesia Philippines Malaysia Singapore Australia Canada Mexico Brazil Argentina Africa South_Africa
        Europe Asia Nigeria Kenya Taiwan Mongolia Cuba Venezuela Crimea Siberia Kazakhstan Greece Sweden Norway
        Finland Denmark Netherlands Belgium Switzerland Austria Hungary Romania Serbia Russian_Federation
        Soviet_Union Earth
        Moscow Beijing Tokyo Seoul Pyongyang Washington London Paris Berlin Kyiv Kiev New_York Hong_Kong Shanghai
        Delhi New_Delhi Tehran Jerusalem Tel_Aviv Cairo Rome Madrid Brussels Geneva Vienna Istanbul Ankara Dubai
        Hanoi Bangkok Manila Jakarta Sydney Toronto Ottawa Vladivostok Los_Angeles Chicago Kabul Baghdad Damascus
        Beirut Minsk Warsaw Taipei Islamabad
        US USA UK UAE DPRK ROK PRC USSR
        """
    /// Capitalised common nouns: a name with one of these is not a person ("Cold War", "Defense Treaty").
    static let things = """
        War Treaty Agreement Pact Summit Statement Act Crisis Games Cup Day Week Year Age Era Revolution
        Conference Forum Festival Prize Award Plan Program Programme Project Policy Strategy Doctrine Initiative
        Declaration Charter Convention Protocol Accord Deal Photo Pool Support Relations Partnership Insight
        Popular Read Stability Hurricane Typhoon Storm Cyclone Reply Comment Comments Share Menu Search
        Login Advertisement
        """

    // MARK: Never names

    static let months = "January February March April May June July August September October November December"
    static let monthAbbrevs = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
    static let weekdays = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    static let capsNoise = """
        PHOTO PHOTOS VIDEO FILE READ ALSO MORE UPDATE UPDATED BREAKING EXCLUSIVE WATCH LIVE OPINION EDITORIAL
        ANALYSIS NOTE EDITOR EDITORS COMMENTARY FEATURE INTERVIEW REPORT TOP AD SPONSORED FACT CHECK OK NEXT PREVIOUS TV
        RELATED SEE HOME
        """
    static let articles = "The A An"

    // MARK: Glue and context

    static let particles = "de da di du del della van von der den ter la le bin ibn al el dos das"
    static let namePossessives = "People Children Women Men"
    static let nameAbbrevs = "St Mt Ft Jr Sr"
    static let romans = "II III IV VI VII VIII IX XI XII XIII XIV XV XVI"
    static let preps = "in at from In At From"
    static let speech = """
        said says told added stressed noted asked wrote announced warned claimed insisted replied explained
        argued declared urged vowed assured reported confirmed
        """
    static let function = "a an the of in on at to for and or with by from as vs via into over after amid"
}

/// A read-only table from words (as UTF-8 bytes) to their `Lex` flags. Built once; lookups hash
/// the bytes in place and compare, never allocating.
///
/// The table lives in raw memory (allocated once for the process, never freed) so that a lookup
/// does no reference counting or bounds checking: it is on the entity finder's per-word path.
/// Each slot holds the upper 32 bits of the key's hash and its index + 1 (0 is empty), so a probe
/// that misses rarely touches a record. A record holds the two words the hash is made of (`Probe`:
/// for keys of up to 16 bytes they cover every byte), so a hit is confirmed with two compares.
final class Lexicon: Sendable {
    static let shared = Lexicon()

    /// Longer words are never looked up (no entry is this long).
    static let maxLength = 40

    struct Record {
        var a: UInt64
        var b: UInt64
        var value: Lex
        var length: Int32
        var keyStart: Int32
    }

    private nonisolated(unsafe) let keyBytes: UnsafeMutablePointer<UInt8>
    private nonisolated(unsafe) let records: UnsafeMutablePointer<Record>
    private nonisolated(unsafe) let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int
    /// One bit per value of 13 bits of a key's hash (`filterBit`), set for every key: most words
    /// are in no list, and most of those are turned away by one load from these 1 KiB.
    private nonisolated(unsafe) let filter: UnsafeMutablePointer<UInt64>

    private init() {
        var entries: [([UInt8], Lex)] = []
        func add(_ list: String, _ flags: Lex, anyCase: Bool = false) {
            for w in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let word = Array(w.utf8).map { $0 == 0x5F ? 0x20 : $0 }
                entries.append((word, flags))
                if anyCase {
                    entries.append((word.map { $0.asciiLowercased }, flags))
                    if let f = word.first { entries.append(([f.asciiUppercased] + word.dropFirst(), flags)) }
                }
            }
        }
        add(Lists.neverEnds, .neverEnds)
        add(Lists.mayEnd, .mayEnd)
        add(Lists.starters, .starter)
        add(Lists.titleHeads, .titleHead, anyCase: true)
        add(Lists.titleMods, .titleMod, anyCase: true)
        add(Lists.honorifics, .honorific)
        add(Lists.courtesy, .courtesy)
        add(Lists.demonyms, .demonym)
        add(Lists.directionals, .directional)
        add(Lists.orgWords, .orgWord)
        add(Lists.knownOrgs, .knownOrg)
        add(Lists.placeHeads, .placeHead)
        add(Lists.places, .place)
        add(Lists.things, .thing)
        add(Lists.months, .month)
        add(Lists.monthAbbrevs, .monthAbbrev)
        add(Lists.weekdays, .weekday)
        add(Lists.capsNoise, .capsNoise)
        add(Lists.articles, .article)
        add("of", .conOf)
        add("the", .conThe)
        add("and", .conAnd)
        add("for", .conFor)
        add(Lists.particles, .particle)
        add(Lists.namePossessives, .namePossessive)
        add(Lists.nameAbbrevs, .nameAbbrev)
        add(Lists.romans, .roman)
        add(Lists.preps, .prep)
        add(Lists.speech, .speech)
        add(Lists.function, .function)

        // Merge duplicates (a word in several lists gets all their flags), keeping first-seen order.
        var keys: [[UInt8]] = []
        var vals: [Lex] = []
        var index: [[UInt8]: Int] = [:]
        for (word, flags) in entries {
            precondition(word.count <= Lexicon.maxLength)
            if let i = index[word] { vals[i].formUnion(flags); continue }
            index[word] = keys.count
            keys.append(word)
            vals.append(flags)
        }

        var size = 16
        while size < keys.count * 4 { size <<= 1 }   // at most a quarter full: probes rarely go on
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        filter = .allocate(capacity: 128)
        filter.initialize(repeating: 0, count: 128)
        let total = keys.reduce(0) { $0 + $1.count }
        keyBytes = .allocate(capacity: max(total, 1))
        records = .allocate(capacity: max(keys.count, 1))
        var offset = 0
        var hashes: [UInt64] = []
        for (i, word) in keys.enumerated() {
            for (j, b) in word.enumerated() { keyBytes[offset + j] = b }
            let probe = word.withUnsafeBufferPointer { Lexicon.probe($0.baseAddress!, $0.count) }
            records[i] = Record(a: probe.a, b: probe.b, value: vals[i], length: Int32(word.count), keyStart: Int32(offset))
            offset += word.count
            hashes.append(probe.hash)
            let bit = Lexicon.filterBit(probe.hash)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        // Slots are taken shortest keys first (then in list order): short words ("in", "of",
        // "the", "said") are the ones looked up most, and a key placed early sits in its own slot
        // or near it, found in one probe. (The order changes where keys sit, not what a lookup finds.)
        for i in keys.indices.sorted(by: { (keys[$0].count, $0) < (keys[$1].count, $1) }) {
            var slot = Lexicon.slot(hashes[i]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (hashes[i] >> 32) << 32 | UInt64(i + 1)
        }
    }

    /// What a lookup compares: two words read from the key and its hash.
    struct Probe {
        var a: UInt64
        var b: UInt64
        var hash: UInt64
    }

    /// The two words a key's hash is made of: the first and last eight of its `len` (1...40)
    /// bytes at `q` (overlapping in short words; for fewer than 8 bytes the first and last four,
    /// or the first, middle and last byte). For keys of up to 16 bytes they hold every byte, so
    /// equal (a, b, length) means equal keys. Reads only the `len` bytes at `q`.
    @inline(__always)
    static func words(_ q: UnsafePointer<UInt8>, _ len: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(q)
        if len >= 8 {
            return (UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)),
                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: len - 8, as: UInt64.self)))
        }
        if len >= 4 {
            return (UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))),
                    UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: len - 4, as: UInt32.self))))
        }
        return (UInt64(q[0]) | UInt64(q[len >> 1]) << 8 | UInt64(q[len - 1]) << 16, 0)
    }

    /// A hash of a key from its two words and length: two multiplies instead of a loop over the
    /// bytes. One hash serves the filter (its top 13 bits), the slot (its halves xor-ed: the low
    /// bits of a product depend on the low bits of its factors only) and the tag (its upper half).
    /// Collisions only cost a compare.
    @inline(__always)
    static func hash(_ a: UInt64, _ b: UInt64, _ len: Int) -> UInt64 {
        ((a &+ UInt64(truncatingIfNeeded: len)) &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F)
    }

    /// The filter's bit for a key's hash (13 bits).
    @inline(__always)
    static func filterBit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 51) }

    /// Where a key's probe starts (before masking).
    @inline(__always)
    static func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash ^ (hash >> 32)) }

    /// What a lookup compares: the key's two words and its hash.
    @inline(__always)
    static func probe(_ q: UnsafePointer<UInt8>, _ len: Int) -> Probe {
        let (a, b) = words(q, len)
        return Probe(a: a, b: b, hash: hash(a, b, len))
    }

    /// The flags of the word `p[start..<end]` (empty if unknown).
    @inline(__always)
    func lookup(_ p: Bytes, _ start: Int, _ end: Int) -> Lex {
        guard end > start, end - start <= Lexicon.maxLength else { return [] }
        return lookup(checked: p.baseAddress.unsafelyUnwrapped + start, end - start)
    }

    /// The flags of the `len` bytes at `q`.
    @inline(__always)
    func lookup(_ q: UnsafePointer<UInt8>, _ len: Int) -> Lex {
        guard len > 0, len <= Lexicon.maxLength else { return [] }
        return lookup(checked: q, len)
    }

    /// The same, for a length already checked to be within 1...maxLength.
    @inline(__always)
    private func lookup(checked q: UnsafePointer<UInt8>, _ len: Int) -> Lex {
        let (a, b) = Lexicon.words(q, len)
        let pr = Probe(a: a, b: b, hash: Lexicon.hash(a, b, len))
        let bit = Lexicon.filterBit(pr.hash)
        if filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return [] }
        var slot = Lexicon.slot(pr.hash) & mask
        let tag = pr.hash >> 32
        while true {
            let entry = slots[slot]
            if entry == 0 { return [] }
            if entry >> 32 == tag {
                let r = records[Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1]
                if Int(r.length) == len && r.a == pr.a && r.b == pr.b && (len <= 16 || sameMiddle(r, q, len)) {
                    return r.value
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Bytes 8..<len-8 of a key longer than 16 bytes (the rest is compared through the probe), eight
    /// at a time: words at 8, 16, ... below len-8 (each within the key's `len` bytes). Inlined, and
    /// without a call, so that a lookup calls nothing and keeps its values in registers.
    @inline(__always)
    private func sameMiddle(_ r: Record, _ q: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        let k = UnsafeRawPointer(keyBytes + Int(r.keyStart)), w = UnsafeRawPointer(q)
        var j = 8
        while j < len &- 8 {
            if k.loadUnaligned(fromByteOffset: j, as: UInt64.self) != w.loadUnaligned(fromByteOffset: j, as: UInt64.self) { return false }
            j &+= 8
        }
        return true
    }

    /// The flags of a word or multi-word name given as bytes (words separated by one space).
    func lookup(_ bytes: [UInt8]) -> Lex {
        bytes.withUnsafeBufferPointer { $0.isEmpty ? [] : lookup($0.baseAddress!, $0.count) }
    }

    func lookup(_ bytes: Buffer<UInt8>) -> Lex {
        bytes.withUnsafeBufferPointer { $0.isEmpty ? [] : lookup($0.baseAddress!, $0.count) }
    }
}
