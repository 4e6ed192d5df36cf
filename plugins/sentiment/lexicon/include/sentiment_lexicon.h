// The VADER 3.3.2 sentiment lexicon (and its emoji table), compiled into the binary.
// Data: vader_lexicon.txt and emoji_utf8_lexicon.txt beside lexicon.c (MIT; see SOURCE.md).
#ifndef NEWSWIRE_SENTIMENT_LEXICON_H
#define NEWSWIRE_SENTIMENT_LEXICON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The bytes of vader_lexicon.txt (UTF-8, CRLF lines: token TAB mean TAB sd TAB ratings),
/// followed by a NUL that is not counted. *length (if non-NULL) receives the byte count.
/// The storage is static and immutable.
const char *newswire_sentiment_lexicon(size_t *length);

/// The bytes of emoji_utf8_lexicon.txt (UTF-8, CRLF lines: emoji TAB description), NUL-terminated
/// likewise.
const char *newswire_sentiment_emoji_lexicon(size_t *length);

#ifdef __cplusplus
}
#endif

#endif
