// The constants and word lists of VADER 3.3.2's rules. These are the model's data (its
// published word lists and empirically derived weights); the code that applies them is
// in SentimentAnalyzer.swift.

enum Weights {
    /// Added (or, before a negative word, subtracted) by a booster word.
    static let boosterIncrement = 0.293
    /// Added to the magnitude of an ALL-CAPS word when the text mixes caps and non-caps.
    static let capsIncrement = 0.733
    /// Multiplies the valence of a negated word.
    static let negationScalar = -0.74
    /// Per exclamation mark (at most four count).
    static let exclamationIncrement = 0.292
    /// Per question mark when there are two or three of them...
    static let questionIncrement = 0.18
    /// ...and the flat amount for four or more.
    static let manyQuestionsIncrement = 0.96
    /// The normalisation constant: compound = sum / sqrt(sum² + alpha).
    static let normalisationAlpha = 15.0
}

enum Vocabulary {
    /// Words that negate a sentiment word up to three positions later. (Any token that
    /// contains "n't" negates too.)
    static let negations: [String] = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ]

    /// Degree adverbs that intensify the next sentiment words.
    static let intensifiers: [String] = [
        "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
        "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
        "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping",
        "flippin", "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully",
        "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
        "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
        "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
        "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably",
        "unusually", "utter", "utterly", "very",
    ]

    /// Degree adverbs that dampen the next sentiment words.
    static let dampeners: [String] = [
        "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little",
        "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely",
        "slight", "slightly", "somewhat", "sorta", "sortof", "sort-of",
    ]

    /// Two-word dampeners. A token never contains a space, so these only act through the
    /// n-gram check that runs when a sentiment word has three known-free predecessors.
    static let dampenerPhrases: [String] = ["just enough", "kind of", "sort of"]

    /// Phrases whose valence replaces that of the sentiment word they contain or follow.
    /// ("badass" is also listed by the reference, but as one token it can never match an
    /// n-gram, so it is left out. The reference's SENTIMENT_LADEN_IDIOMS — "cut the mustard",
    /// "hand to mouth", ... — are never consulted by 3.3.2 and are not used here either.)
    static let specialPhrases: [(String, Double)] = [
        ("the shit", 3), ("the bomb", 3), ("bad ass", 1.5), ("bus stop", 0.0),
        ("yeah right", -2), ("kiss of death", -1.5), ("to die for", 3), ("beating heart", 3.5),
    ]

    static let roles: [(String, Role)] = [
        ("no", .no), ("kind", .kind), ("of", .of), ("least", .least), ("at", .at),
        ("very", .very), ("never", .never), ("so", .so), ("this", .this),
        ("without", .without), ("doubt", .doubt), ("or", .or), ("nor", .nor), ("but", .but),
    ]
}
