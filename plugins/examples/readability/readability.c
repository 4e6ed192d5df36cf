/*
 * The readability example plugin, in plain C against newswire_plugin.h alone:
 * reading-level statistics (sentences, words, syllables, Flesch scores) of a text.
 *
 * Build by hand (or with the Makefile):
 *   cc -shared -fPIC -O2 -I<newswire>/Sources/CNewswirePlugin/include \
 *      readability.c readability.pb-c.c -lprotobuf-c -o libnewswire-readability.so
 * readability.pb-c.[ch] and readability.pb-desc.h are generated from readability.proto
 * by scripts/gen-proto (protoc-c --c_out, and --descriptor_set_out as a C array).
 */
#include <newswire_plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readability.pb-c.h"
#include "readability.pb-desc.h"   /* readability.proto's schemas, from scripts/gen-proto */

typedef struct readability {
    const nw_host *host;
    /* Words of at least this many syllables count as complex ("complex_syllables = N" in the config). */
    unsigned complex_syllables;
} readability;

/* ---- The statistics ---------------------------------------------------- */

static int is_vowel(unsigned char c) {
    switch (c | 0x20) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return 1;
    default: return 0;
    }
}

static int is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '\'';
}

/* Vowel groups, less a silent final "e", at least one. */
static unsigned syllables(const unsigned char *w, size_t n) {
    unsigned count = 0;
    int prev = 0;
    for (size_t i = 0; i < n; i++) {
        int v = is_vowel(w[i]);
        if (v && !prev) count++;
        prev = v;
    }
    if (n > 2 && (w[n - 1] | 0x20) == 'e' && !is_vowel(w[n - 2]) && count > 1) count--;
    return count ? count : 1;
}

static void compute(const char *text, unsigned complex_syllables, Newswire__Examples__Readability__V1__StatsResponse *r) {
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    unsigned sentences = 0, words = 0, sylls = 0, chars = 0, complex = 0;
    int in_sentence = 0;
    for (size_t i = 0; i < n;) {
        if (is_word_byte(s[i])) {
            size_t start = i;
            /* A word runs on through "." or "," between digits: 2.5 and 1,000 are one word each. */
            while (i < n && (is_word_byte(s[i]) || ((s[i] == '.' || s[i] == ',') && i > start && i + 1 < n
                                                    && s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9'))) {
                if (s[i] != '\'' && s[i] != '.' && s[i] != ',' && (s[i] < 0x80 || (s[i] & 0xC0) != 0x80)) chars++;   /* code points */
                i++;
            }
            unsigned sy = syllables(s + start, i - start);
            words++;
            sylls += sy;
            if (sy >= complex_syllables) complex++;
            in_sentence = 1;
        } else {
            if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && in_sentence) { sentences++; in_sentence = 0; }
            i++;
        }
    }
    if (in_sentence) sentences++;   /* a last sentence without a final stop */
    r->sentences = sentences;
    r->words = words;
    r->syllables = sylls;
    r->characters = chars;
    r->complex_words = complex;
    if (words > 0 && sentences > 0) {
        r->words_per_sentence = (double)words / sentences;
        r->syllables_per_word = (double)sylls / words;
        r->flesch_reading_ease = 206.835 - 1.015 * r->words_per_sentence - 84.6 * r->syllables_per_word;
        r->flesch_kincaid_grade = 0.39 * r->words_per_sentence + 11.8 * r->syllables_per_word - 15.59;
    }
}

/* ---- The ABI ----------------------------------------------------------- */

static const nw_method methods[] = {
    { sizeof(nw_method), "Stats", NW_METHOD_UNARY,
      "newswire.examples.readability.v1.StatsRequest", "newswire.examples.readability.v1.StatsResponse" },
    { sizeof(nw_method), "StatsStream", NW_METHOD_BIDI_STREAMING,
      "newswire.examples.readability.v1.StatsRequest", "newswire.examples.readability.v1.StatsResponse" },
};

static const nw_service services[] = {
    { sizeof(nw_service), "newswire.examples.readability.v1.Readability", methods, 2 },
};

static int32_t create(const nw_create_args *args, void **instance, char *error, size_t error_capacity) {
    readability *r = calloc(1, sizeof *r);
    if (!r) { snprintf(error, error_capacity, "out of memory"); return NW_STATUS_RESOURCE_EXHAUSTED; }
    r->host = args->host;
    r->complex_syllables = 3;
    /* The config is "key=value" lines. */
    const char *cfg = (const char *)args->config;
    size_t len = args->config_length;
    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && cfg[end] != '\n') end++;
        char line[256];
        size_t ln = end - i < sizeof line - 1 ? end - i : sizeof line - 1;
        memcpy(line, cfg + i, ln);
        line[ln] = 0;
        unsigned v;
        if (sscanf(line, "complex_syllables=%u", &v) == 1) {
            if (v == 0) {
                snprintf(error, error_capacity, "complex_syllables must be at least 1");
                free(r);
                return NW_STATUS_INVALID_ARGUMENT;
            }
            r->complex_syllables = v;
        } else if (ln > 0) {
            snprintf(error, error_capacity, "unknown config line \"%s\"", line);
            free(r);
            return NW_STATUS_INVALID_ARGUMENT;
        }
        i = end + 1;
    }
    char msg[128];
    snprintf(msg, sizeof msg, "ready; complex words have %u+ syllables", r->complex_syllables);
    r->host->log(r->host, NW_LOG_INFO, msg);
    *instance = r;
    return NW_STATUS_OK;
}

/* Answers one request; returns a status and writes any message. */
static int32_t answer(readability *r, nw_invocation *inv) {
    Newswire__Examples__Readability__V1__StatsRequest *req =
        newswire__examples__readability__v1__stats_request__unpack(NULL, inv->request_length, inv->request);
    if (!req) {
        snprintf(inv->message, inv->message_capacity, "request is not a valid StatsRequest");
        return NW_STATUS_INVALID_ARGUMENT;
    }
    Newswire__Examples__Readability__V1__StatsResponse resp = NEWSWIRE__EXAMPLES__READABILITY__V1__STATS_RESPONSE__INIT;
    compute(req->text, r->complex_syllables, &resp);
    newswire__examples__readability__v1__stats_request__free_unpacked(req, NULL);

    size_t size = newswire__examples__readability__v1__stats_response__get_packed_size(&resp);
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) return NW_STATUS_RESOURCE_EXHAUSTED;
    newswire__examples__readability__v1__stats_response__pack(&resp, buf);
    int32_t rc = r->host->call_send(inv->call, buf, size);   /* the host copies */
    free(buf);
    return rc;
}

static int32_t invoke(void *instance, nw_invocation *inv) {
    readability *r = instance;
    if (inv->end_of_stream) return NW_STATUS_OK;   /* StatsStream: the client is done */
    return answer(r, inv);
}

static void destroy(void *instance) { free(instance); }

static const nw_plugin_descriptor descriptor = {
    .struct_size = sizeof(nw_plugin_descriptor),
    .abi_major = NEWSWIRE_PLUGIN_ABI_MAJOR,
    .abi_minor = NEWSWIRE_PLUGIN_ABI_MINOR,
    .name = "readability",
    .version = "1.0.0",
    .description = "Reading-level statistics of a text: sentences, words, syllables, Flesch scores",
    .flags = 0,
    .services = services,
    .service_count = 1,
    .create = create,
    .invoke = invoke,
    .call_release = NULL,
    .destroy = destroy,
    /* ABI 1.1: the schemas of readability.proto, served by reflection, so that
       `newswire call /newswire.examples.readability.v1.Readability/Stats --data '{"text": "..."}'` works. */
    .descriptor_set = readability_descriptor_set,
    .descriptor_set_length = sizeof readability_descriptor_set,
};

NEWSWIRE_PLUGIN_EXPORT const nw_plugin_descriptor *newswire_plugin_entry(void) { return &descriptor; }
