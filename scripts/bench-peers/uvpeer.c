// uvpeer: the machine's ceiling for scripts/bench. A plain libuv echo server
// and a load client in C, with Newswire's 12-byte frame header around each
// message and nothing else: no calls, no protobuf, no threads but the loop's.
//
//   uvpeer server [--port P] [--newswire]
//       Echoes every frame it receives. With --newswire it speaks just enough
//       of the Newswire protocol (preface, HEADERS, MESSAGE, TRAILERS, PING) to
//       answer unary calls at once, echoing the request message: a server that
//       costs next to nothing, to see how fast `newswire bench` itself can go.
//   uvpeer client --port P [--connections C] [--concurrency K] [--size N]
//                 [--duration S] [--warmup S] [--threads T]
//       K frames of N payload bytes in flight in all, spread over C
//       connections on T loop threads; each echo sends the next one. Prints
//       one JSON object with the fields `newswire bench --json` uses.
//   uvpeer idle --port P --connections N
//       Opens N connections, sends the Newswire preface on each, prints
//       "ready", and holds them until its standard input closes.
//
// Built by scripts/bench-peers/build: gcc -O2 uvpeer.c $(pkg-config --cflags --libs libuv) -lpthread
#define _GNU_SOURCE
#include <uv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/resource.h>
#include <malloc.h>

#define HDR 12
#define READ_BUF (256 * 1024)
static const unsigned char PREFACE[8] = {'N', 'W', 'R', 'P', 0, 1, 0, 0};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, int rc) {
  fprintf(stderr, "uvpeer: %s: %s\n", what, uv_strerror(rc));
  exit(1);
}

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void put32(unsigned char *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

// A growable byte buffer with a read offset.
typedef struct { unsigned char *data; size_t len, cap, off; } buf_t;

static void buf_reserve(buf_t *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  if (b->off > 0) {  // slide down first
    memmove(b->data, b->data + b->off, b->len - b->off);
    b->len -= b->off; b->off = 0;
    if (b->len + extra <= b->cap) return;
  }
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + extra) cap *= 2;
  b->data = realloc(b->data, cap);
  if (!b->data) { fprintf(stderr, "uvpeer: out of memory\n"); exit(1); }
  b->cap = cap;
}
static void buf_append(buf_t *b, const void *p, size_t n) { buf_reserve(b, n); memcpy(b->data + b->len, p, n); b->len += n; }
static void frame_header(buf_t *b, uint32_t len, uint8_t type, uint8_t flags, uint32_t id) {
  unsigned char h[HDR] = {0};
  put32(h, len); h[4] = type; h[5] = flags; put32(h + 8, id);
  buf_append(b, h, HDR);
}

// One connection, either side.
typedef struct conn conn_t;
typedef void (*frame_fn)(conn_t *, const unsigned char *hdr, const unsigned char *payload, uint32_t len);
struct conn {
  uv_tcp_t tcp;
  buf_t in, out;
  size_t pending;          // bytes in uv_write requests not yet done
  int preface_left;        // peer preface bytes still to skip (newswire mode)
  frame_fn on_frame;
  void *owner;             // client: its thread; server: NULL
  int slots;               // client: calls in flight on this connection
};

typedef struct { uv_write_t req; size_t n; conn_t *c; unsigned char data[]; } wreq_t;

static void write_done(uv_write_t *r, int status) {
  wreq_t *w = (wreq_t *)r;
  w->c->pending -= w->n;
  free(w);
  if (status < 0 && status != UV_ECANCELED) fprintf(stderr, "uvpeer: write: %s\n", uv_strerror(status));
}

// Writes what `out` holds: try_write first, uv_write for the rest.
static void flush(conn_t *c) {
  buf_t *b = &c->out;
  size_t n = b->len - b->off;
  if (n == 0) return;
  const unsigned char *p = b->data + b->off;
  if (c->pending == 0) {
    uv_buf_t ub = uv_buf_init((char *)p, (unsigned)n);
    int w = uv_try_write((uv_stream_t *)&c->tcp, &ub, 1);
    if (w > 0) { p += w; n -= (size_t)w; }
  }
  if (n > 0) {
    wreq_t *w = malloc(sizeof(wreq_t) + n);
    memcpy(w->data, p, n);
    w->n = n; w->c = c;
    c->pending += n;
    uv_buf_t ub = uv_buf_init((char *)w->data, (unsigned)n);
    int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &ub, 1, write_done);
    if (rc < 0) die("write", rc);
  }
  b->len = b->off = 0;
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)suggested;
  char *rb = h->loop->data;   // one read buffer per loop
  *buf = uv_buf_init(rb, READ_BUF);
}

static void on_close_free(uv_handle_t *h) { conn_t *c = (conn_t *)h; free(c->in.data); free(c->out.data); free(c); }

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  conn_t *c = (conn_t *)s;
  if (n < 0) { uv_close((uv_handle_t *)s, on_close_free); return; }
  const unsigned char *p = (const unsigned char *)buf->base;
  size_t len = (size_t)n;
  if (c->preface_left > 0) {
    size_t k = len < (size_t)c->preface_left ? len : (size_t)c->preface_left;
    c->preface_left -= (int)k; p += k; len -= k;
  }
  buf_append(&c->in, p, len);
  buf_t *b = &c->in;
  while (b->len - b->off >= HDR) {
    const unsigned char *h = b->data + b->off;
    uint32_t plen = be32(h);
    if (b->len - b->off < HDR + (size_t)plen) { buf_reserve(b, HDR + plen); break; }
    c->on_frame(c, h, h + HDR, plen);
    b->off += HDR + plen;
    if (uv_is_closing((uv_handle_t *)s)) return;
  }
  if (b->off == b->len) b->off = b->len = 0;
  flush(c);
}

// ---- server ----

static void echo_frame(conn_t *c, const unsigned char *h, const unsigned char *payload, uint32_t len) {
  buf_append(&c->out, h, HDR);
  buf_append(&c->out, payload, len);
}

// Newswire: HEADERS / MESSAGE with END_STREAM answer a unary call at once.
static void newswire_frame(conn_t *c, const unsigned char *h, const unsigned char *payload, uint32_t len) {
  uint8_t type = h[4], flags = h[5];
  uint32_t id = be32(h + 8);
  if (type == 6) {  // PING: answer unless it is an answer
    if (!(flags & 1)) { frame_header(&c->out, len, 6, 1, 0); buf_append(&c->out, payload, len); }
    return;
  }
  int answer = (type == 1 || type == 2) && (flags & 1);
  if (type == 3) answer = 1, len = 0;   // HALF_CLOSE: the message is not kept; answer empty
  if (!answer) return;
  if (type == 1) len = 0;               // HEADERS with END_STREAM: no request message
  frame_header(&c->out, 0, 1, 0, id);   // HEADERS, no metadata
  frame_header(&c->out, len, 2, 0, id); // MESSAGE: the request, echoed
  if (len) buf_append(&c->out, payload, len);
  frame_header(&c->out, 0, 4, 0, id);   // TRAILERS: OK
}

static int newswire_mode = 0;

static void on_connection(uv_stream_t *server, int status) {
  if (status < 0) return;
  conn_t *c = calloc(1, sizeof *c);
  uv_tcp_init(server->loop, &c->tcp);
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) { uv_close((uv_handle_t *)&c->tcp, on_close_free); return; }
  uv_tcp_nodelay(&c->tcp, 1);
  c->on_frame = newswire_mode ? newswire_frame : echo_frame;
  if (newswire_mode) { c->preface_left = 8; buf_append(&c->out, PREFACE, 8); flush(c); }
  uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb);
}

static int run_server(int port) {
  uv_loop_t *loop = uv_default_loop();
  loop->data = malloc(READ_BUF);
  uv_tcp_t server;
  uv_tcp_init(loop, &server);
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", port, &addr);
  int rc = uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
  if (rc) die("bind", rc);
  rc = uv_listen((uv_stream_t *)&server, 1024, on_connection);
  if (rc) die("listen", rc);
  struct sockaddr_in bound; int blen = sizeof bound;
  uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &blen);
  printf("listening on 127.0.0.1:%d\n", ntohs(bound.sin_port));
  fflush(stdout);
  return uv_run(loop, UV_RUN_DEFAULT);
}

// ---- client ----

typedef struct {
  uv_loop_t loop;
  int index, nconn;
  conn_t **conns;
  int per_conn_total;      // not used for slots, see conn->slots
  uint64_t measure_from, end_at;
  uint32_t *lat; size_t nlat, caplat;
  uint64_t first_ns, last_ns;
  uint64_t bytes;
  int active;              // slots still sending
  pthread_t tid;
} cthread_t;

static int g_port = 0, g_size = 64;
static unsigned char *g_payload;
static struct sockaddr_in g_addr;

static void send_one(conn_t *c, uint32_t slot) {
  frame_header(&c->out, (uint32_t)g_size, 2, 0, slot);
  buf_append(&c->out, g_payload, (size_t)g_size);
}

// Each frame carries its send time in a per-slot table indexed by call id.
typedef struct { uint64_t *sent; } slots_t;

static void client_frame(conn_t *c, const unsigned char *h, const unsigned char *payload, uint32_t len) {
  (void)payload;
  cthread_t *t = c->owner;
  uint32_t slot = be32(h + 8);
  uint64_t *sent = ((slots_t *)c->tcp.data)->sent;
  uint64_t now = now_ns();
  if (sent[slot] >= t->measure_from) {
    if (t->nlat == t->caplat) { t->caplat = t->caplat ? t->caplat * 2 : 65536; t->lat = realloc(t->lat, t->caplat * sizeof(uint32_t)); }
    uint64_t d = now - sent[slot];
    t->lat[t->nlat++] = d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
    t->bytes += len;
    if (t->first_ns == 0) t->first_ns = sent[slot];
    t->last_ns = now;
  }
  if (now >= t->end_at) {
    if (--t->active == 0) for (int i = 0; i < t->nconn; i++) uv_read_stop((uv_stream_t *)&t->conns[i]->tcp), uv_close((uv_handle_t *)&t->conns[i]->tcp, NULL);
    return;
  }
  sent[slot] = now;
  send_one(c, slot);
}

static void on_connect(uv_connect_t *req, int status) {
  conn_t *c = req->data;
  free(req);
  if (status < 0) die("connect", status);
  uint64_t *sent = ((slots_t *)c->tcp.data)->sent;
  uint64_t now = now_ns();
  for (int s = 0; s < c->slots; s++) { sent[s] = now; send_one(c, (uint32_t)s); }
  flush(c);
  uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb);
}

static void *client_thread(void *arg) {
  cthread_t *t = arg;
  uv_run(&t->loop, UV_RUN_DEFAULT);
  return NULL;
}

static int cmp_u32(const void *a, const void *b) { uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b; return x < y ? -1 : x > y; }

static double cpu_seconds(void) {
  struct rusage u; getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static int run_client(int connections, int concurrency, double duration, double warmup, int threads) {
  if (threads > connections) threads = connections;
  g_payload = malloc((size_t)g_size + 1);
  memset(g_payload, 'a', (size_t)g_size);
  uv_ip4_addr("127.0.0.1", g_port, &g_addr);
  cthread_t *ts = calloc((size_t)threads, sizeof *ts);
  uint64_t start = now_ns();
  uint64_t measure_from = start + (uint64_t)(warmup * 1e9), end_at = measure_from + (uint64_t)(duration * 1e9);
  for (int i = 0; i < threads; i++) {
    cthread_t *t = &ts[i];
    uv_loop_init(&t->loop);
    t->loop.data = malloc(READ_BUF);
    t->index = i; t->measure_from = measure_from; t->end_at = end_at;
    t->conns = calloc((size_t)connections, sizeof(conn_t *));
  }
  for (int i = 0; i < connections; i++) {
    cthread_t *t = &ts[i % threads];
    conn_t *c = calloc(1, sizeof *c);
    c->owner = t;
    c->on_frame = client_frame;
    c->slots = concurrency / connections + (i < concurrency % connections ? 1 : 0);
    t->active += c->slots;
    t->conns[t->nconn++] = c;
    uv_tcp_init(&t->loop, &c->tcp);
    uv_tcp_nodelay(&c->tcp, 1);
    slots_t *sl = malloc(sizeof *sl);
    sl->sent = calloc((size_t)c->slots, sizeof(uint64_t));
    c->tcp.data = sl;
    uv_connect_t *req = malloc(sizeof *req);
    req->data = c;
    int rc = uv_tcp_connect(req, &c->tcp, (const struct sockaddr *)&g_addr, on_connect);
    if (rc) die("connect", rc);
  }
  for (int i = 0; i < threads; i++) pthread_create(&ts[i].tid, NULL, client_thread, &ts[i]);
  uint64_t now = now_ns();
  if (measure_from > now) usleep((useconds_t)((measure_from - now) / 1000));
  double cpu0 = cpu_seconds();
  for (int i = 0; i < threads; i++) pthread_join(ts[i].tid, NULL);
  double cpu = cpu_seconds() - cpu0;

  size_t n = 0; uint64_t bytes = 0, first = UINT64_MAX, last = 0;
  for (int i = 0; i < threads; i++) {
    n += ts[i].nlat; bytes += ts[i].bytes;
    if (ts[i].nlat) { if (ts[i].first_ns < first) first = ts[i].first_ns; if (ts[i].last_ns > last) last = ts[i].last_ns; }
  }
  uint32_t *all = malloc((n ? n : 1) * sizeof(uint32_t));
  size_t k = 0;
  for (int i = 0; i < threads; i++) { memcpy(all + k, ts[i].lat, ts[i].nlat * sizeof(uint32_t)); k += ts[i].nlat; }
  qsort(all, n, sizeof(uint32_t), cmp_u32);
  double secs = n ? (double)(last - measure_from) / 1e9 : 0;
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += all[i];
  #define PCT(p) (n ? all[(size_t)((p) / 100.0 * (double)(n - 1) + 0.5)] / 1000.0 : 0)
  printf("{\"method\":\"uvpeer-echo\",\"connections\":%d,\"concurrency\":%d,\"threads\":%d,\"count\":%zu,\"ok\":%zu,"
         "\"total_seconds\":%.3f,\"rps\":%.3f,\"latency_us\":{\"fastest\":%.3f,\"slowest\":%.3f,\"average\":%.3f,"
         "\"p50\":%.3f,\"p90\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"p99.9\":%.3f},\"status\":{\"OK\":%zu},\"errors\":{},"
         "\"request_bytes\":%llu,\"response_bytes\":%llu,\"client_cpu_seconds\":%.3f,\"client_cpu_us_per_call\":%.3f}\n",
         connections, concurrency, threads, n, n, secs, secs > 0 ? n / secs : 0,
         n ? all[0] / 1000.0 : 0, n ? all[n - 1] / 1000.0 : 0, n ? sum / n / 1000.0 : 0,
         PCT(50), PCT(90), PCT(95), PCT(99), PCT(99.9), n,
         (unsigned long long)bytes, (unsigned long long)bytes, cpu, n ? cpu * 1e6 / n : 0);
  (void)first;
  return 0;
}

// ---- idle connections ----

static int idle_connected = 0, idle_target = 0;

static void idle_connect(uv_connect_t *req, int status) {
  conn_t *c = req->data;
  free(req);
  if (status < 0) die("connect", status);
  buf_append(&c->out, PREFACE, 8);
  flush(c);
  c->on_frame = NULL;
  if (++idle_connected == idle_target) { printf("ready %d\n", idle_connected); fflush(stdout); }
}

static void idle_stdin(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  (void)buf;
  if (n < 0) { uv_stop(s->loop); }
}

static int run_idle(int connections) {
  uv_loop_t *loop = uv_default_loop();
  loop->data = malloc(READ_BUF);
  uv_ip4_addr("127.0.0.1", g_port, &g_addr);
  idle_target = connections;
  for (int i = 0; i < connections; i++) {
    conn_t *c = calloc(1, sizeof *c);
    uv_tcp_init(loop, &c->tcp);
    uv_connect_t *req = malloc(sizeof *req);
    req->data = c;
    int rc = uv_tcp_connect(req, &c->tcp, (const struct sockaddr *)&g_addr, idle_connect);
    if (rc) die("connect", rc);
  }
  uv_pipe_t in;
  uv_pipe_init(loop, &in, 0);
  uv_pipe_open(&in, 0);
  uv_read_start((uv_stream_t *)&in, alloc_cb, idle_stdin);
  uv_run(loop, UV_RUN_DEFAULT);
  return 0;
}

int main(int argc, char **argv) {
  // Large blocks stay on the heap for reuse, as newswired and newswire bench keep them (see their mallopt).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  if (argc < 2) goto usage;
  const char *mode = argv[1];
  int connections = 1, concurrency = 1, threads = 1;
  double duration = 5, warmup = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--newswire")) { newswire_mode = 1; continue; }
    if (!v) goto usage;
    if (!strcmp(a, "--port")) g_port = atoi(v);
    else if (!strcmp(a, "--connections")) connections = atoi(v);
    else if (!strcmp(a, "--concurrency")) concurrency = atoi(v);
    else if (!strcmp(a, "--size")) g_size = atoi(v);
    else if (!strcmp(a, "--duration")) duration = atof(v);
    else if (!strcmp(a, "--warmup")) warmup = atof(v);
    else if (!strcmp(a, "--threads")) threads = atoi(v);
    else goto usage;
    i++;
  }
  if (connections < 1 || g_size < 0 || threads < 1) goto usage;
  if (!strcmp(mode, "client") && concurrency < connections) goto usage;
  if (!strcmp(mode, "server")) return run_server(g_port);
  if (!strcmp(mode, "client")) return run_client(connections, concurrency, duration, warmup, threads);
  if (!strcmp(mode, "idle")) return run_idle(connections);
usage:
  fprintf(stderr, "usage: uvpeer server [--port P] [--newswire]\n"
                  "       uvpeer client --port P [--connections C] [--concurrency K] [--size N] [--duration S] [--warmup S] [--threads T]\n"
                  "       uvpeer idle --port P --connections N\n");
  return 2;
}
