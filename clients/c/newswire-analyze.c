/*
 * newswire-analyze: a small Newswire client in C, written from docs/PROTOCOL.md.
 *
 * It makes one Analysis/Analyze call over a plain blocking socket (TCP or a
 * Unix socket) with the article files named on the command line, then prints
 * each document's sentiment summary and its quotations (QuotesResult).
 *
 *   newswire-analyze [--server HOST:PORT|unix:PATH] [--timeout SECONDS]
 *                    [--analyzer NAME]... FILE...
 *
 * Messages are encoded with libprotobuf-c and the generated C code committed
 * in Sources/NewswireMessages. Exit status: 0 on success, 1 on a local error
 * (unreadable file, bad server answer), 2 on a usage error, and 10 + the gRPC
 * status code when the call fails (24: UNAVAILABLE, no server there), like
 * the `newswire` CLI.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "newswire/analysis/v1/analysis.pb-c.h"
#include "newswire/rpc/v1/rpc.pb-c.h"

enum { HEADERS = 1, MESSAGE = 2, HALF_CLOSE = 3, TRAILERS = 4, CANCEL = 5, PING = 6, GOAWAY = 7 };
enum { END_STREAM = 1, ACK = 1 };
enum { UNAVAILABLE = 14, DEADLINE_EXCEEDED = 4, INTERNAL = 13 };
#define METHOD "/newswire.analysis.v1.Analysis/Analyze"
#define MAX_RESPONSE (64u << 20)   /* the largest response message this client accepts */
#define MAX_CONTROL (1u << 20)     /* HEADERS, TRAILERS, GOAWAY */

static const char *server_label;
static double deadline;            /* CLOCK_MONOTONIC seconds; 0 = none */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Prints a message and exits with `status`. */
static void die(int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("newswire-analyze: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

/* ---- socket ------------------------------------------------------------ */

static int connect_to(const char *addr) {
    int fd;
    if (strncmp(addr, "unix:", 5) == 0) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        if (strlen(addr + 5) >= sizeof sa.sun_path) die(2, "unix socket path too long: %s", addr + 5);
        strcpy(sa.sun_path, addr + 5);
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
            die(10 + UNAVAILABLE, "cannot connect to %s: %s — is newswired running?", addr, strerror(errno));
        return fd;
    }
    /* HOST:PORT or [IPV6]:PORT */
    char host[256];
    const char *colon = strrchr(addr, ':');
    if (!colon || colon == addr || (size_t)(colon - addr) >= sizeof host) die(2, "bad server address \"%s\": expected HOST:PORT or unix:PATH", addr);
    size_t hl = (size_t)(colon - addr);
    const char *h = addr;
    if (addr[0] == '[' && hl >= 2 && addr[hl - 1] == ']') { h = addr + 1; hl -= 2; }
    memcpy(host, h, hl);
    host[hl] = 0;
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res, *ai;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0) die(10 + UNAVAILABLE, "cannot resolve %s: %s", addr, gai_strerror(rc));
    fd = -1;
    int err = 0;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) { err = errno; continue; }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) die(10 + UNAVAILABLE, "cannot connect to %s: %s — is newswired running?", addr, strerror(err));
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void write_all(int fd, const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) die(10 + UNAVAILABLE, "connection to %s lost while sending: %s", server_label, strerror(errno));
        p += w;
        n -= (size_t)w;
    }
}

/* Reads exactly n bytes, or exits: on EOF, error or the deadline. */
static void read_all(int fd, uint8_t *p, size_t n) {
    while (n > 0) {
        int wait_ms = -1;
        if (deadline > 0) {
            double left = deadline - now();
            if (left <= 0) die(10 + DEADLINE_EXCEEDED, "deadline exceeded waiting for %s", server_label);
            wait_ms = (int)(left * 1000) + 1;
        }
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int pr = poll(&pfd, 1, wait_ms);
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) continue; /* the deadline check above ends it */
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) die(10 + UNAVAILABLE, "connection to %s lost: %s", server_label, strerror(errno));
        if (r == 0) die(10 + UNAVAILABLE, "connection to %s lost: the server closed it", server_label);
        p += r;
        n -= (size_t)r;
    }
}

/* ---- frames (PROTOCOL.md sections 3 and 4) ------------------------------ */

static void put32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* Appends one frame to buf (which has room). */
static size_t put_frame(uint8_t *buf, uint8_t type, uint8_t flags, uint32_t call_id, const uint8_t *payload, size_t len) {
    put32(buf, (uint32_t)len);
    buf[4] = type;
    buf[5] = flags;
    buf[6] = buf[7] = 0;
    put32(buf + 8, call_id);
    if (len) memcpy(buf + 12, payload, len);
    return 12 + len;
}

/* ---- the request --------------------------------------------------------- */

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) die(1, "cannot read %s: %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0) break;
        n += r;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    if (strlen(buf) != n) die(1, "%s contains a NUL byte; not an article", path);
    return buf;
}

/* The first line with something other than blanks, as `newswire analyze` takes it. */
static char *title_of(const char *text) {
    const char *line = text;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        for (size_t i = 0; i < n; i++)
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                char *t = malloc(n + 1);
                memcpy(t, line, n);
                t[n] = 0;
                return t;
            }
        if (!end) break;
        line = end + 1;
    }
    return strdup("");
}

/* ---- printing --------------------------------------------------------------- */

static const char *quote_kind(Newswire__Analysis__V1__QuoteKind k) {
    switch (k) {
    case NEWSWIRE__ANALYSIS__V1__QUOTE_KIND__DIRECT: return "direct";
    case NEWSWIRE__ANALYSIS__V1__QUOTE_KIND__PARTIAL: return "partial";
    case NEWSWIRE__ANALYSIS__V1__QUOTE_KIND__INDIRECT: return "indirect";
    case NEWSWIRE__ANALYSIS__V1__QUOTE_KIND__TERM: return "term";
    default: return "quote";
    }
}

static void print_result(const Newswire__Analysis__V1__DocumentAnalysis *d, const char *title) {
    printf("== %s: %s\n", d->document_id, title);
    const Newswire__Analysis__V1__SentimentResult *s = d->sentiment;
    if (s && s->document) {
        printf("sentiment: %+.3f (positive %.3f, negative %.3f, neutral %.3f), %zu sentences\n",
               s->document->compound, s->document->positive, s->document->negative, s->document->neutral, s->n_sentences);
        for (size_t i = 0; i < s->n_entities; i++) {
            const Newswire__Analysis__V1__EntitySentiment *e = s->entities[i];
            printf("  entity: %s %+.3f\n", e->name, e->score ? e->score->compound : 0.0);
        }
    } else {
        printf("sentiment: none\n");
    }
    const Newswire__Analysis__V1__QuotesResult *q = d->quotes;
    size_t nq = q ? q->n_quotes : 0;
    printf("quotes: %zu\n", nq);
    for (size_t i = 0; i < nq; i++) {
        const Newswire__Analysis__V1__Quote *x = q->quotes[i];
        const char *speaker = "(unattributed)";
        if (x->speaker > 0 && x->speaker <= q->n_speakers) speaker = q->speakers[x->speaker - 1]->name;
        printf("  [%s] \"%s\" — %s%s%s%s, confidence %.2f\n", quote_kind(x->kind), x->text, speaker,
               x->cue[0] ? " (" : "", x->cue, x->cue[0] ? ")" : "", x->confidence);
    }
    for (size_t i = 0; i < d->n_errors; i++)
        printf("error: %s: code %u: %s\n", d->errors[i]->analyzer[0] ? d->errors[i]->analyzer : "server",
               d->errors[i]->code, d->errors[i]->message);
}

/* ---- main ------------------------------------------------------------------- */

static void usage(void) {
    fputs("usage: newswire-analyze [--server HOST:PORT|unix:PATH] [--timeout SECONDS] [--analyzer NAME]... FILE...\n"
          "Analyses the article files with one Analysis/Analyze call and prints each one's\n"
          "sentiment and quotations. The server defaults to $NEWSWIRE_SERVER, else 127.0.0.1:7411.\n", stderr);
    exit(2);
}

int main(int argc, char **argv) {
    const char *server = getenv("NEWSWIRE_SERVER");
    if (!server || !*server) server = "127.0.0.1:7411";
    double timeout = 0;
    char **analyzers = calloc((size_t)argc, sizeof *analyzers);
    size_t n_analyzers = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    size_t n_files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--server") == 0 && i + 1 < argc) server = argv[++i];
        else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
            char *end;
            timeout = strtod(argv[++i], &end);
            if (*end || timeout <= 0) die(2, "--timeout takes a number of seconds above 0");
        } else if (strcmp(argv[i], "--analyzer") == 0 && i + 1 < argc) analyzers[n_analyzers++] = argv[++i];
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0 || argv[i][0] == '-') usage();
        else files[n_files++] = argv[i];
    }
    if (n_files == 0) usage();
    server_label = server;

    /* AnalyzeRequest { documents, analyzers } */
    Newswire__Analysis__V1__Document *docs = calloc(n_files, sizeof *docs);
    Newswire__Analysis__V1__Document **doc_ptrs = calloc(n_files, sizeof *doc_ptrs);
    for (size_t i = 0; i < n_files; i++) {
        size_t len;
        newswire__analysis__v1__document__init(&docs[i]);
        docs[i].id = files[i];
        docs[i].text = read_file(files[i], &len);
        docs[i].title = title_of(docs[i].text);
        doc_ptrs[i] = &docs[i];
    }
    Newswire__Analysis__V1__AnalyzeRequest req = NEWSWIRE__ANALYSIS__V1__ANALYZE_REQUEST__INIT;
    req.n_documents = n_files;
    req.documents = doc_ptrs;
    req.n_analyzers = n_analyzers;
    req.analyzers = analyzers;
    size_t req_len = newswire__analysis__v1__analyze_request__get_packed_size(&req);
    uint8_t *req_bytes = malloc(req_len ? req_len : 1);
    newswire__analysis__v1__analyze_request__pack(&req, req_bytes);

    /* RequestHeaders { method, timeout_micros } */
    Newswire__Rpc__V1__RequestHeaders hdr = NEWSWIRE__RPC__V1__REQUEST_HEADERS__INIT;
    hdr.method = METHOD;
    if (timeout > 0) {
        double us = timeout * 1e6;
        hdr.timeout_micros = us < 1 ? 1 : us > 315360000000000.0 ? 315360000000000ull : (uint64_t)us;
        deadline = now() + timeout;
    }
    size_t hdr_len = newswire__rpc__v1__request_headers__get_packed_size(&hdr);

    /* Preface, HEADERS, MESSAGE with END_STREAM: one write. */
    uint8_t *out = malloc(8 + 12 + hdr_len + 12 + req_len);
    memcpy(out, "NWRP\0\1\0\0", 8);
    uint8_t *hdr_bytes = malloc(hdr_len ? hdr_len : 1);
    newswire__rpc__v1__request_headers__pack(&hdr, hdr_bytes);
    size_t n = 8;
    n += put_frame(out + n, HEADERS, 0, 1, hdr_bytes, hdr_len);
    n += put_frame(out + n, MESSAGE, END_STREAM, 1, req_bytes, req_len);

    int fd = connect_to(server);
    write_all(fd, out, n);

    uint8_t preface[8];
    read_all(fd, preface, 8);
    if (memcmp(preface, "NWRP", 4) != 0) die(10 + UNAVAILABLE, "%s did not answer with the Newswire preface; is it a Newswire server?", server);
    if ((preface[4] << 8 | preface[5]) != 1) die(10 + UNAVAILABLE, "%s speaks protocol %d.%d; this client speaks 1.0", server, preface[4] << 8 | preface[5], preface[6] << 8 | preface[7]);

    uint8_t *response = NULL;
    size_t response_len = 0;
    int have_response = 0;
    for (;;) {
        uint8_t h[12];
        read_all(fd, h, 12);
        uint32_t len = get32(h), id = get32(h + 8);
        uint8_t type = h[4], flags = h[5];
        if (type < HEADERS || type > GOAWAY) die(10 + INTERNAL, "protocol error: unknown frame type 0x%x from %s", type, server);
        uint32_t limit = type == MESSAGE ? MAX_RESPONSE : type == PING ? 8 : (type == HALF_CLOSE || type == CANCEL) ? 0 : MAX_CONTROL;
        if (len > limit) die(10 + INTERNAL, "the server sent a frame of type %u with %u bytes, over this client's limit", type, len);
        uint8_t *payload = malloc(len ? len : 1);
        read_all(fd, payload, len);
        switch (type) {
        case PING:
            if (id != 0 || len != 8) die(10 + INTERNAL, "protocol error: malformed PING from %s", server);
            if (!(flags & ACK)) {
                uint8_t ack[20];
                write_all(fd, ack, put_frame(ack, PING, ACK, 0, payload, 8));
            }
            break;
        case GOAWAY: {
            Newswire__Rpc__V1__GoAway *g = newswire__rpc__v1__go_away__unpack(NULL, len, payload);
            uint32_t code = g ? g->code : UNAVAILABLE, last = g ? g->last_call_id : 0;
            /* Graceful (code 0) and our call (id 1) was accepted: it still finishes. */
            if (code != 0 || last < 1)
                die(10 + (code == 8 ? 8 : UNAVAILABLE), "server closed the connection: %s", g && g->message[0] ? g->message : "GOAWAY");
            if (g) newswire__rpc__v1__go_away__free_unpacked(g, NULL);
            break;
        }
        case HALF_CLOSE:
        case CANCEL:
            die(10 + INTERNAL, "protocol error: the server sent a frame only clients send (type %u)", type);
        case HEADERS:
            break; /* response headers: this client has no use for them */
        case MESSAGE:
            if (id != 1) break;
            if (have_response) die(10 + INTERNAL, "the server sent more than one response message for a unary call");
            response = payload;
            response_len = len;
            have_response = 1;
            continue; /* keep the payload */
        case TRAILERS: {
            if (id != 1) break;
            Newswire__Rpc__V1__Trailers *t = newswire__rpc__v1__trailers__unpack(NULL, len, payload);
            if (!t) die(10 + INTERNAL, "malformed trailers from %s", server);
            if (t->code != 0) die(10 + (int)t->code, "Analyze failed: code %u: %s", t->code, t->message);
            if (!have_response) die(10 + INTERNAL, "the server ended the call with OK but sent no response message");
            close(fd);
            Newswire__Analysis__V1__AnalyzeResponse *r = newswire__analysis__v1__analyze_response__unpack(NULL, response_len, response);
            if (!r) die(10 + INTERNAL, "cannot decode the response as newswire.analysis.v1.AnalyzeResponse (%zu bytes)", response_len);
            for (size_t i = 0; i < r->n_results; i++)
                print_result(r->results[i], r->results[i]->index < n_files ? docs[r->results[i]->index].title : "");
            newswire__analysis__v1__analyze_response__free_unpacked(r, NULL);
            newswire__rpc__v1__trailers__free_unpacked(t, NULL);
            return 0;
        }
        }
        free(payload);
    }
}
