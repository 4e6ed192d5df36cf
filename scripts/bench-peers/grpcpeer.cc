// grpcpeer: gRPC C++ beside Newswire for scripts/bench, from Debian's
// libgrpc++-dev. It serves and calls the very service Newswire's interop
// cases use (proto/newswire/testing/v1/test.proto), so both carry the same
// request and response bytes.
//
//   grpcpeer server [--port P] [--threads T]
//       The async API, one completion queue and one polling thread per core
//       (gRPC's own tuned path: its qps benchmarks' ASYNC_SERVER). UnaryCall
//       answers with response_size zero bytes, as newswired's test service does.
//   grpcpeer client --port P [--connections C] [--concurrency K] [--size N]
//                   [--duration S] [--warmup S] [--threads T] [--empty]
//       The async API: K calls in flight in all over C channels (each its own
//       TCP connection), T threads each polling its completion queue; each
//       completion starts the next call on its slot. --size N sends a
//       SimpleRequest of N bytes asking for N bytes back (the same bytes as
//       `newswire bench --payload-size N`); --empty calls EmptyCall. Prints
//       one JSON object with the fields `newswire bench --json` uses.
//   grpcpeer idle --port P --connections N
//       N channels, each connected by one EmptyCall; prints "ready", holds
//       them until standard input closes.
//
// Built by scripts/bench-peers/build with g++ -O2 and pkg-config grpc++ protobuf.
#include <grpcpp/grpcpp.h>
#include "newswire/testing/v1/test.grpc.pb.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <sys/resource.h>
#include <malloc.h>
#include <unistd.h>

using newswire::testing::v1::Empty;
using newswire::testing::v1::SimpleRequest;
using newswire::testing::v1::SimpleResponse;
using newswire::testing::v1::TestService;

static uint64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static double cpu_seconds() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ---- server ----

struct Tag {
  virtual void Proceed(bool ok) = 0;
  virtual ~Tag() = default;
};

class UnaryCallData : public Tag {
 public:
  UnaryCallData(TestService::AsyncService* s, grpc::ServerCompletionQueue* cq) : svc_(s), cq_(cq), responder_(&ctx_) {
    svc_->RequestUnaryCall(&ctx_, &req_, &responder_, cq_, cq_, this);
  }
  void Proceed(bool ok) override {
    if (finishing_ || !ok) { if (!finishing_ && ok == false && !shutdown_) {} delete this; return; }
    new UnaryCallData(svc_, cq_);
    resp_.mutable_payload()->mutable_body()->assign(req_.response_size(), '\0');
    finishing_ = true;
    responder_.Finish(resp_, grpc::Status::OK, this);
  }
  static inline bool shutdown_ = false;
 private:
  TestService::AsyncService* svc_;
  grpc::ServerCompletionQueue* cq_;
  grpc::ServerContext ctx_;
  SimpleRequest req_;
  SimpleResponse resp_;
  grpc::ServerAsyncResponseWriter<SimpleResponse> responder_;
  bool finishing_ = false;
};

class EmptyCallData : public Tag {
 public:
  EmptyCallData(TestService::AsyncService* s, grpc::ServerCompletionQueue* cq) : svc_(s), cq_(cq), responder_(&ctx_) {
    svc_->RequestEmptyCall(&ctx_, &req_, &responder_, cq_, cq_, this);
  }
  void Proceed(bool ok) override {
    if (finishing_ || !ok) { delete this; return; }
    new EmptyCallData(svc_, cq_);
    finishing_ = true;
    responder_.Finish(resp_, grpc::Status::OK, this);
  }
 private:
  TestService::AsyncService* svc_;
  grpc::ServerCompletionQueue* cq_;
  grpc::ServerContext ctx_;
  Empty req_, resp_;
  grpc::ServerAsyncResponseWriter<Empty> responder_;
  bool finishing_ = false;
};

static int run_server(int port, int threads) {
  TestService::AsyncService service;
  grpc::ServerBuilder builder;
  int selected = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port), grpc::InsecureServerCredentials(), &selected);
  builder.RegisterService(&service);
  builder.SetMaxReceiveMessageSize(16 << 20);
  builder.SetMaxSendMessageSize(16 << 20);
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> cqs;
  for (int i = 0; i < threads; i++) cqs.push_back(builder.AddCompletionQueue());
  auto server = builder.BuildAndStart();
  if (!server || selected == 0) { fprintf(stderr, "grpcpeer: cannot listen on port %d\n", port); return 1; }
  printf("listening on 127.0.0.1:%d\n", selected);
  fflush(stdout);
  std::vector<std::thread> ts;
  for (int i = 0; i < threads; i++) {
    auto* cq = cqs[i].get();
    // Enough requests posted that every call in flight finds one waiting.
    for (int k = 0; k < 128; k++) { new UnaryCallData(&service, cq); new EmptyCallData(&service, cq); }
    ts.emplace_back([cq] {
      void* tag; bool ok;
      while (cq->Next(&tag, &ok)) static_cast<Tag*>(tag)->Proceed(ok);
    });
  }
  server->Wait();
  return 0;
}

// ---- requests of an exact size, as `newswire bench --payload-size N` builds them ----

static bool echo_request(int size, SimpleRequest* out) {
  if (size == 0) { out->Clear(); return true; }
  int body = -1;
  for (int n = size; n >= 0; n--) {
    SimpleResponse r;
    r.mutable_payload()->mutable_body()->assign(n, '\0');
    if ((int)r.ByteSizeLong() <= size) { if ((int)r.ByteSizeLong() == size) body = n; break; }
  }
  if (body < 0) return false;
  for (int n = size; n >= 0; n--) {
    SimpleRequest q;
    q.set_response_size(body);
    q.mutable_payload()->mutable_body()->assign(n, 'a');
    if ((int)q.ByteSizeLong() <= size) {
      if ((int)q.ByteSizeLong() != size) return false;
      *out = q;
      return true;
    }
  }
  return false;
}

// ---- client ----

struct Worker;

struct Slot {
  Worker* w;
  TestService::Stub* stub;
  std::unique_ptr<grpc::ClientContext> ctx;
  std::unique_ptr<grpc::ClientAsyncResponseReader<SimpleResponse>> unary;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Empty>> empty;
  SimpleResponse resp;
  Empty eresp;
  grpc::Status status;
  uint64_t sent = 0;
};

struct Worker {
  grpc::CompletionQueue cq;
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<uint32_t> lat;
  uint64_t last = 0, bytes = 0, errors = 0;
  int active = 0;
};

static SimpleRequest g_req;
static Empty g_empty;
static bool g_use_empty = false;
static uint64_t g_measure_from, g_end_at;

static void start_call(Slot* s) {
  s->ctx = std::make_unique<grpc::ClientContext>();
  s->sent = now_ns();
  if (g_use_empty) {
    s->empty = s->stub->PrepareAsyncEmptyCall(s->ctx.get(), g_empty, &s->w->cq);
    s->empty->StartCall();
    s->empty->Finish(&s->eresp, &s->status, s);
  } else {
    s->unary = s->stub->PrepareAsyncUnaryCall(s->ctx.get(), g_req, &s->w->cq);
    s->unary->StartCall();
    s->unary->Finish(&s->resp, &s->status, s);
  }
}

static void run_worker(Worker* w) {
  for (auto& s : w->slots) start_call(s.get());
  void* tag; bool ok;
  while (w->active > 0 && w->cq.Next(&tag, &ok)) {
    Slot* s = static_cast<Slot*>(tag);
    uint64_t now = now_ns();
    if (s->sent >= g_measure_from) {
      uint64_t d = now - s->sent;
      w->lat.push_back(d > UINT32_MAX ? UINT32_MAX : (uint32_t)d);
      if (!ok || !s->status.ok()) w->errors++;
      else w->bytes += g_use_empty ? 0 : s->resp.ByteSizeLong();
      w->last = now;
    }
    if (now >= g_end_at) { w->active--; continue; }
    start_call(s);
  }
}

static int run_client(int port, int connections, int concurrency, double duration, double warmup, int threads, int size) {
  if (!g_use_empty && !echo_request(size, &g_req)) { fprintf(stderr, "grpcpeer: no SimpleRequest of %d bytes\n", size); return 2; }
  if (threads > connections) threads = connections;
  std::string target = "127.0.0.1:" + std::to_string(port);
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<TestService::Stub>> stubs;
  for (int i = 0; i < connections; i++) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);   // a TCP connection of its own
    args.SetInt("grpcpeer.channel", i);
    args.SetMaxReceiveMessageSize(16 << 20);
    args.SetMaxSendMessageSize(16 << 20);
    channels.push_back(grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
    if (!channels.back()->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      fprintf(stderr, "grpcpeer: cannot connect to %s\n", target.c_str());
      return 1;
    }
    stubs.push_back(TestService::NewStub(channels.back()));
  }
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < threads; i++) workers.push_back(std::make_unique<Worker>());
  for (int i = 0; i < connections; i++) {
    Worker* w = workers[i % threads].get();
    int k = concurrency / connections + (i < concurrency % connections ? 1 : 0);
    for (int j = 0; j < k; j++) {
      auto s = std::make_unique<Slot>();
      s->w = w;
      s->stub = stubs[i].get();
      w->slots.push_back(std::move(s));
      w->active++;
    }
  }
  uint64_t start = now_ns();
  g_measure_from = start + (uint64_t)(warmup * 1e9);
  g_end_at = g_measure_from + (uint64_t)(duration * 1e9);
  std::vector<std::thread> ts;
  for (auto& w : workers) ts.emplace_back(run_worker, w.get());
  uint64_t now = now_ns();
  if (g_measure_from > now) usleep((g_measure_from - now) / 1000);
  double cpu0 = cpu_seconds();
  for (auto& t : ts) t.join();
  double cpu = cpu_seconds() - cpu0;

  std::vector<uint32_t> all;
  uint64_t last = 0, bytes = 0, errors = 0;
  for (auto& w : workers) {
    all.insert(all.end(), w->lat.begin(), w->lat.end());
    last = std::max(last, w->last);
    bytes += w->bytes;
    errors += w->errors;
  }
  std::sort(all.begin(), all.end());
  size_t n = all.size();
  double secs = n ? (last - g_measure_from) / 1e9 : 0;
  double sum = 0;
  for (auto v : all) sum += v;
  auto pct = [&](double p) { return n ? all[(size_t)(p / 100.0 * (n - 1) + 0.5)] / 1000.0 : 0.0; };
  size_t req_bytes = g_use_empty ? 0 : g_req.ByteSizeLong();
  printf("{\"method\":\"grpcpeer-%s\",\"connections\":%d,\"concurrency\":%d,\"threads\":%d,\"count\":%zu,\"ok\":%zu,"
         "\"total_seconds\":%.3f,\"rps\":%.3f,\"latency_us\":{\"fastest\":%.3f,\"slowest\":%.3f,\"average\":%.3f,"
         "\"p50\":%.3f,\"p90\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"p99.9\":%.3f},\"status\":{\"OK\":%zu%s},\"errors\":{},"
         "\"request_bytes\":%zu,\"response_bytes\":%llu,\"client_cpu_seconds\":%.3f,\"client_cpu_us_per_call\":%.3f}\n",
         g_use_empty ? "empty" : "unary", connections, concurrency, threads, n, (size_t)(n - errors), secs, secs > 0 ? n / secs : 0,
         n ? all[0] / 1000.0 : 0, n ? all[n - 1] / 1000.0 : 0, n ? sum / n / 1000.0 : 0,
         pct(50), pct(90), pct(95), pct(99), pct(99.9), (size_t)(n - errors),
         errors ? (",\"ERROR\":" + std::to_string(errors)).c_str() : "",
         req_bytes * n, (unsigned long long)bytes, cpu, n ? cpu * 1e6 / n : 0);
  fflush(stdout);
  _exit(0);   // skip the channels' teardown
}

static int run_idle(int port, int connections) {
  std::string target = "127.0.0.1:" + std::to_string(port);
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < connections; i++) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("grpcpeer.channel", i);
    auto ch = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
    auto stub = TestService::NewStub(ch);
    grpc::ClientContext ctx;
    Empty in, out;
    auto st = stub->EmptyCall(&ctx, in, &out);
    if (!st.ok()) { fprintf(stderr, "grpcpeer: idle connection %d: %s\n", i, st.error_message().c_str()); return 1; }
    channels.push_back(ch);
  }
  printf("ready %d\n", connections);
  fflush(stdout);
  char buf[256];
  while (read(0, buf, sizeof buf) > 0) {}
  _exit(0);
}

int main(int argc, char** argv) {
  // Large blocks stay on the heap for reuse, as newswired and newswire bench keep them (see their mallopt).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  if (argc < 2) goto usage;
  {
    std::string mode = argv[1];
    int port = 0, connections = 1, concurrency = 1, threads = (int)std::thread::hardware_concurrency(), size = 64;
    double duration = 5, warmup = 0;
    bool threads_given = false;
    for (int i = 2; i < argc; i++) {
      std::string a = argv[i];
      if (a == "--empty") { g_use_empty = true; continue; }
      if (i + 1 >= argc) goto usage;
      const char* v = argv[++i];
      if (a == "--port") port = atoi(v);
      else if (a == "--connections") connections = atoi(v);
      else if (a == "--concurrency") concurrency = atoi(v);
      else if (a == "--size") size = atoi(v);
      else if (a == "--duration") duration = atof(v);
      else if (a == "--warmup") warmup = atof(v);
      else if (a == "--threads") { threads = atoi(v); threads_given = true; }
      else goto usage;
    }
    if (threads < 1) threads = 1;
    if (connections < 1 || size < 0) goto usage;
    if (mode == "client" && concurrency < connections) goto usage;
    if (mode == "server") return run_server(port, threads);
    if (mode == "client") return run_client(port, connections, concurrency, duration, warmup, threads_given ? threads : 1, size);
    if (mode == "idle") return run_idle(port, connections);
  }
usage:
  fprintf(stderr,
          "usage: grpcpeer server [--port P] [--threads T]\n"
          "       grpcpeer client --port P [--connections C] [--concurrency K] [--size N] [--duration S] [--warmup S] [--threads T] [--empty]\n"
          "       grpcpeer idle --port P --connections N\n");
  return 2;
}
