/*
 * A test plugin, compiled by the tests with different -D options into several
 * real .so files: a good one, and one for each way of failing to load.
 *   -DFIXTURE_NAME='"name"'  -DFIXTURE_SERVICE='"pkg.Service"'
 *   -DFIXTURE_ABI_MAJOR=2     -DFIXTURE_CREATE_FAILS     -DFIXTURE_NO_ENTRY     -DFIXTURE_SERIALIZE
 *   -DFIXTURE_DESCRIPTORS      ships fixture.proto's schemas (ABI 1.1 descriptor_set) from
 *                              fixture_descriptor_set.h, which the test writes (-I its directory)
 *   -DFIXTURE_BAD_DESCRIPTORS  ships a descriptor_set that is not a FileDescriptorSet
 *   -DFIXTURE_ABI_1_0          a descriptor as a plugin built against the ABI 1.0 header has it
 *                              (struct_size without descriptor_set)
 * Its messages are raw bytes, not protobuf: the host never looks inside them.
 */
#define _GNU_SOURCE
#include <newswire_plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "fixture"
#endif
#ifndef FIXTURE_SERVICE
#define FIXTURE_SERVICE "fixture.v1.Fixture"
#endif
#ifndef FIXTURE_ABI_MAJOR
#define FIXTURE_ABI_MAJOR NEWSWIRE_PLUGIN_ABI_MAJOR
#endif
#ifdef FIXTURE_SERIALIZE
#define FIXTURE_FLAGS NW_PLUGIN_SERIALIZE_CALLS
#else
#define FIXTURE_FLAGS 0
#endif

typedef struct fixture {
    const nw_host *host;
    char *config;
    size_t config_length;
    char data_dir[1024];
    int in_flight, max_in_flight, releases;
} fixture;

#ifdef FIXTURE_DESCRIPTORS
#include "fixture_descriptor_set.h"
#endif

enum { ECHO, FAIL, SLOW, COUNT, CHAT, METADATA, CONFIG, DATA_DIR, STATS, SILENT, ANALYZE, TWICE, ANALYZE_BATCH,
       ECHO_STREAM, MERGE, ECHO_CHAT };

#define B "fixture.v1.Bytes"
static const nw_method methods[] = {
    { sizeof(nw_method), "Echo", NW_METHOD_UNARY, B, B },
    { sizeof(nw_method), "Fail", NW_METHOD_UNARY, B, B },
    { sizeof(nw_method), "Slow", NW_METHOD_UNARY, B, B },
    { sizeof(nw_method), "Count", NW_METHOD_CLIENT_STREAMING, B, B },
    { sizeof(nw_method), "Chat", NW_METHOD_BIDI_STREAMING, B, B },
    { sizeof(nw_method), "Metadata", NW_METHOD_UNARY, B, B },
    { sizeof(nw_method), "Config", NW_METHOD_UNARY, B, B },
    { sizeof(nw_method), "DataDir", NW_METHOD_UNARY, B, B },
    { sizeof(nw_method), "Stats", NW_METHOD_UNARY, B, B },
    { sizeof(nw_method), "Silent", NW_METHOD_UNARY, B, B },
    /* The analyzer convention: the Analysis service calls this for each document. */
    { sizeof(nw_method), "Analyze", NW_METHOD_UNARY, "newswire.analysis.v1.AnalyzerRequest", "newswire.analysis.v1.DocumentAnalysis" },
    { sizeof(nw_method), "Twice", NW_METHOD_UNARY, B, B },
    /* The optional batch step of the analyzer convention. */
    { sizeof(nw_method), "AnalyzeBatch", NW_METHOD_UNARY, "newswire.analysis.v1.AnalyzerBatchRequest", "newswire.analysis.v1.BatchAnalysis" },
    { sizeof(nw_method), "EchoStream", NW_METHOD_SERVER_STREAMING, B, B },
    { sizeof(nw_method), "Merge", NW_METHOD_CLIENT_STREAMING, B, B },
    { sizeof(nw_method), "EchoChat", NW_METHOD_BIDI_STREAMING, B, B },
};
static const nw_service services[] = { { sizeof(nw_service), FIXTURE_SERVICE, methods, sizeof methods / sizeof methods[0] } };

static int32_t create(const nw_create_args *args, void **instance, char *error, size_t cap) {
#ifdef FIXTURE_CREATE_FAILS
    (void)args; (void)instance;
    snprintf(error, cap, "missing api_key in the config");
    return NW_STATUS_FAILED_PRECONDITION;
#else
    (void)error; (void)cap;
    fixture *f = calloc(1, sizeof *f);
    f->host = args->host;
    f->config = malloc(args->config_length + 1);
    memcpy(f->config, args->config, args->config_length);
    f->config_length = args->config_length;
    snprintf(f->data_dir, sizeof f->data_dir, "%s", args->data_dir);
    *instance = f;
    return NW_STATUS_OK;
#endif
}

static void destroy(void *instance) {
    fixture *f = instance;
    if (f) { free(f->config); free(f); }
}

static void release(void *instance, void *state) {
    fixture *f = instance;
    __atomic_add_fetch(&f->releases, 1, __ATOMIC_SEQ_CST);
    free(state);
}

static void sleep_ms(int ms) {
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Sends a message whose field 14 is one ExtensionResult{analyzer, type, value}:
   a DocumentAnalysis or a BatchAnalysis (both keep extensions in field 14). */
static int32_t send_extension(const nw_host *h, nw_call *call, const char *type, const char *value) {
    const char *analyzer = FIXTURE_NAME;
    size_t al = strlen(analyzer), tl = strlen(type), vl = strlen(value);
    uint8_t inner[160], out[192];
    size_t n = 0, m = 0;
    inner[n++] = 0x0A; inner[n++] = (uint8_t)al; memcpy(inner + n, analyzer, al); n += al;
    inner[n++] = 0x12; inner[n++] = (uint8_t)tl; memcpy(inner + n, type, tl); n += tl;
    inner[n++] = 0x1A; inner[n++] = (uint8_t)vl; memcpy(inner + n, value, vl); n += vl;
    out[m++] = 0x72; out[m++] = (uint8_t)n; memcpy(out + m, inner, n); m += n;
    return h->call_send(call, out, m);
}

static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v) {
    *v = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        uint8_t b = *(*p)++;
        *v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) return 1;
    }
    return 0;
}

static int32_t invoke(void *instance, nw_invocation *inv) {
    fixture *f = instance;
    const nw_host *h = f->host;
    int now = __atomic_add_fetch(&f->in_flight, 1, __ATOMIC_SEQ_CST);
    int seen = __atomic_load_n(&f->max_in_flight, __ATOMIC_SEQ_CST);
    while (now > seen && !__atomic_compare_exchange_n(&f->max_in_flight, &seen, now, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {}
    int32_t rc = NW_STATUS_OK;
    switch (inv->method_index) {
    case ECHO:
        rc = h->call_send(inv->call, inv->request, inv->request_length);
        break;
    case FAIL:   /* request: one byte of code, then the message */
        if (inv->request_length > 0) {
            snprintf(inv->message, inv->message_capacity, "%.*s", (int)inv->request_length - 1, (const char *)inv->request + 1);
            rc = inv->request[0];
        }
        break;
    case SLOW: { /* request: milliseconds as decimal text; gives up when the call is over */
        char text[32] = {0};
        memcpy(text, inv->request, inv->request_length < 31 ? inv->request_length : 31);
        int ms = atoi(text);
        for (int i = 0; i < ms && !h->call_is_cancelled(inv->call); i++) sleep_ms(1);
        rc = h->call_send(inv->call, (const uint8_t *)"late", 4);
        break;
    }
    case COUNT: { /* counts messages in call_state; answers at end of stream */
        int *n = inv->call_state;
        if (!n) { n = calloc(1, sizeof *n); inv->call_state = n; }
        if (!inv->end_of_stream) { (*n)++; break; }
        char out[32];
        int len = snprintf(out, sizeof out, "%d", *n);
        rc = h->call_send(inv->call, (const uint8_t *)out, (size_t)len);
        break;
    }
    case CHAT: { /* answers each message with "N:message" */
        int *n = inv->call_state;
        if (!n) { n = calloc(1, sizeof *n); inv->call_state = n; }
        if (inv->end_of_stream) break;
        char out[256];
        int len = snprintf(out, sizeof out, "%d:%.*s", ++*n, (int)inv->request_length, (const char *)inv->request);
        rc = h->call_send(inv->call, (const uint8_t *)out, (size_t)len);
        break;
    }
    case METADATA: {
        size_t len = 0;
        const uint8_t *v = h->call_metadata(inv->call, "x-fixture", &len);
        rc = v ? h->call_send(inv->call, v, len) : h->call_send(inv->call, (const uint8_t *)"", 0);
        break;
    }
    case CONFIG:
        rc = h->call_send(inv->call, (const uint8_t *)f->config, f->config_length);
        break;
    case DATA_DIR:
        rc = h->call_send(inv->call, (const uint8_t *)f->data_dir, strlen(f->data_dir));
        break;
    case STATS: {
        char out[64];
        int len = snprintf(out, sizeof out, "%d %d", __atomic_load_n(&f->max_in_flight, __ATOMIC_SEQ_CST),
                           __atomic_load_n(&f->releases, __ATOMIC_SEQ_CST));
        rc = h->call_send(inv->call, (const uint8_t *)out, (size_t)len);
        break;
    }
    case SILENT:   /* returns OK without a response: the host must report it */
        break;
    case ANALYZE: { /* DocumentAnalysis{extensions: [{analyzer, type, value: the request's size}]}, encoded by hand;
                       a document whose bytes contain "FAIL" gets INVALID_ARGUMENT, "GARBAGE" a malformed answer */
        if (memmem(inv->request, inv->request_length, "FAIL", 4)) {
            snprintf(inv->message, inv->message_capacity, "the document asked to fail");
            rc = NW_STATUS_INVALID_ARGUMENT;
            break;
        }
        if (memmem(inv->request, inv->request_length, "GARBAGE", 7)) {
            rc = h->call_send(inv->call, (const uint8_t *)"\xff\xff\xff", 3);
            break;
        }
        char value[32];
        snprintf(value, sizeof value, "%zu", inv->request_length);
        rc = send_extension(h, inv->call, "fixture.v1.Size", value);
        break;
    }
    case ANALYZE_BATCH: { /* BatchAnalysis{extensions: [{value: "DOCS ANALYSES EMPTY"}]}, counted from the
                             AnalyzerBatchRequest's fields; a batch containing "NOBATCH" fails */
        if (memmem(inv->request, inv->request_length, "NOBATCH", 7)) {
            snprintf(inv->message, inv->message_capacity, "the batch asked to fail");
            rc = NW_STATUS_FAILED_PRECONDITION;
            break;
        }
        size_t docs = 0, analyses = 0, empty = 0;
        const uint8_t *p = inv->request, *end = p + inv->request_length;
        while (p < end) {
            uint64_t tag, len;
            if (!read_varint(&p, end, &tag) || (tag & 7) != 2 || !read_varint(&p, end, &len) || len > (uint64_t)(end - p)) {
                snprintf(inv->message, inv->message_capacity, "malformed AnalyzerBatchRequest");
                rc = NW_STATUS_INVALID_ARGUMENT;
                break;
            }
            if (tag >> 3 == 1) docs++;
            if (tag >> 3 == 2) { analyses++; if (len == 0) empty++; }
            p += len;
        }
        if (rc != NW_STATUS_OK) break;
        char value[64];
        snprintf(value, sizeof value, "%zu %zu %zu", docs, analyses, empty);
        rc = send_extension(h, inv->call, "fixture.v1.BatchCounts", value);
        break;
    }
    case TWICE:   /* a second response to a unary method: the host refuses it */
        h->call_send(inv->call, (const uint8_t *)"one", 3);
        rc = h->call_send(inv->call, (const uint8_t *)"two", 3);
        if (rc != NW_STATUS_OK) snprintf(inv->message, inv->message_capacity, "second call_send returned %d", rc);
        break;
    case ECHO_STREAM:   /* the request, three times */
        for (int i = 0; i < 3 && rc == NW_STATUS_OK; i++) rc = h->call_send(inv->call, inv->request, inv->request_length);
        break;
    case MERGE: {   /* every request appended to a buffer in call_state; sent at the end of the stream */
        struct merged { size_t length; uint8_t bytes[65536]; } *m = inv->call_state;
        if (!m) { m = calloc(1, sizeof *m); inv->call_state = m; }
        if (inv->end_of_stream) { rc = h->call_send(inv->call, m->bytes, m->length); break; }
        if (inv->request_length > sizeof m->bytes - m->length) {
            snprintf(inv->message, inv->message_capacity, "Merge holds at most %zu bytes", sizeof m->bytes);
            rc = NW_STATUS_RESOURCE_EXHAUSTED;
            break;
        }
        memcpy(m->bytes + m->length, inv->request, inv->request_length);
        m->length += inv->request_length;
        break;
    }
    case ECHO_CHAT:
        if (!inv->end_of_stream) rc = h->call_send(inv->call, inv->request, inv->request_length);
        break;
    default:
        rc = NW_STATUS_UNIMPLEMENTED;
    }
    __atomic_sub_fetch(&f->in_flight, 1, __ATOMIC_SEQ_CST);
    return rc;
}

#ifdef FIXTURE_BAD_DESCRIPTORS
static const uint8_t bad_descriptor_set[] = { 0x0A, 0x05, 0x01 };   /* a file of 5 bytes, cut after 1 */
#endif

static const nw_plugin_descriptor descriptor = {
#ifdef FIXTURE_ABI_1_0
    .struct_size = NW_PLUGIN_DESCRIPTOR_SIZE_1_0,
#else
    .struct_size = sizeof(nw_plugin_descriptor),
#endif
    .abi_major = FIXTURE_ABI_MAJOR,
    .abi_minor = 3,
    .name = FIXTURE_NAME,
    .version = "0.1.0",
    .description = "test fixture",
    .flags = FIXTURE_FLAGS,
    .services = services,
    .service_count = 1,
    .create = create,
    .invoke = invoke,
    .call_release = release,
    .destroy = destroy,
#if defined(FIXTURE_DESCRIPTORS)
    .descriptor_set = fixture_descriptor_set,
    .descriptor_set_length = sizeof fixture_descriptor_set,
#elif defined(FIXTURE_BAD_DESCRIPTORS)
    .descriptor_set = bad_descriptor_set,
    .descriptor_set_length = sizeof bad_descriptor_set,
#endif
};

#ifndef FIXTURE_NO_ENTRY
NEWSWIRE_PLUGIN_EXPORT const nw_plugin_descriptor *newswire_plugin_entry(void) { return &descriptor; }
#else
NEWSWIRE_PLUGIN_EXPORT const nw_plugin_descriptor *some_other_symbol(void) { return &descriptor; }
#endif
