// Embeds the lexicon files with C23 #embed (clang >= 19; the Swift toolchain's clang is 21).
// SwiftPM compiles C targets in a pre-C23 mode, where clang accepts #embed as an extension
// and warns; the warning is silenced here rather than changing the package-wide C standard.
#include "sentiment_lexicon.h"

#if !defined(__has_embed)
#error "this compiler has no #embed; generate the data instead (see SOURCE.md)"
#endif

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc23-extensions"

static const char lexicon_bytes[] = {
#embed "vader_lexicon.txt"
    , 0
};

static const char emoji_bytes[] = {
#embed "emoji_utf8_lexicon.txt"
    , 0
};

#pragma clang diagnostic pop

const char *newswire_sentiment_lexicon(size_t *length) {
    if (length) *length = sizeof lexicon_bytes - 1;
    return lexicon_bytes;
}

const char *newswire_sentiment_emoji_lexicon(size_t *length) {
    if (length) *length = sizeof emoji_bytes - 1;
    return emoji_bytes;
}
