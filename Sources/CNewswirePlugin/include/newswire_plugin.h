/*
 * newswire_plugin.h — the Newswire plugin ABI, version 1.1.
 *
 * This header is the whole contract between newswired and a plugin. A plugin
 * is a shared library that exports one C function, newswire_plugin_entry(),
 * which returns a descriptor: who the plugin is, the RPC services it serves,
 * and its lifecycle functions. Requests and responses cross the boundary as
 * serialized protobuf bytes, so a plugin can be written in any language that
 * can export a C function.
 *
 * Rules that hold everywhere:
 *  - Strings are NUL-terminated UTF-8.
 *  - Whoever allocates frees. The host copies what a plugin hands it (response
 *    bytes, messages, strings) before the call returns; a plugin copies what
 *    the host hands it if it keeps it past the call that received it.
 *  - Every struct starts with `struct_size`, the sizeof() the author compiled
 *    against. Newer minor versions only append fields, and a reader never looks
 *    past struct_size. Arrays of structs are walked by their struct_size.
 *  - Status codes are gRPC's (NW_STATUS_*).
 *
 * See docs/PLUGINS.md for the lifecycle, threading and versioning policy, and
 * plugins/examples/ for a complete plugin in C.
 */
#ifndef NEWSWIRE_PLUGIN_H
#define NEWSWIRE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NEWSWIRE_PLUGIN_ABI_MAJOR 1
#define NEWSWIRE_PLUGIN_ABI_MINOR 1

/* The one symbol a plugin exports. */
#define NEWSWIRE_PLUGIN_ENTRY_SYMBOL "newswire_plugin_entry"

/* gRPC's status codes. */
enum {
    NW_STATUS_OK = 0,
    NW_STATUS_CANCELLED = 1,
    NW_STATUS_UNKNOWN = 2,
    NW_STATUS_INVALID_ARGUMENT = 3,
    NW_STATUS_DEADLINE_EXCEEDED = 4,
    NW_STATUS_NOT_FOUND = 5,
    NW_STATUS_ALREADY_EXISTS = 6,
    NW_STATUS_PERMISSION_DENIED = 7,
    NW_STATUS_RESOURCE_EXHAUSTED = 8,
    NW_STATUS_FAILED_PRECONDITION = 9,
    NW_STATUS_ABORTED = 10,
    NW_STATUS_OUT_OF_RANGE = 11,
    NW_STATUS_UNIMPLEMENTED = 12,
    NW_STATUS_INTERNAL = 13,
    NW_STATUS_UNAVAILABLE = 14,
    NW_STATUS_DATA_LOSS = 15,
    NW_STATUS_UNAUTHENTICATED = 16
};

/* How a method streams, as in the .proto: `stream` on the request, the response, both or neither. */
enum {
    NW_METHOD_UNARY = 0,
    NW_METHOD_CLIENT_STREAMING = 1,
    NW_METHOD_SERVER_STREAMING = 2,
    NW_METHOD_BIDI_STREAMING = 3
};

/* Descriptor flags. */
enum {
    /* invoke() must not run on two threads at once: the host serializes every
       call into this plugin. Without it, invoke() runs concurrently on several
       worker threads (never concurrently for the same call). */
    NW_PLUGIN_SERIALIZE_CALLS = 1u << 0
};

/* Log levels for nw_host.log. */
enum {
    NW_LOG_DEBUG = 0,
    NW_LOG_INFO = 1,
    NW_LOG_WARNING = 2,
    NW_LOG_ERROR = 3
};

/* One RPC method. */
typedef struct nw_method {
    uint32_t struct_size;         /* sizeof(nw_method) */
    const char *name;             /* "Stats": the last part of "/pkg.Service/Stats" */
    uint32_t kind;                /* NW_METHOD_* */
    const char *request_type;     /* fully qualified protobuf name, e.g. "example.v1.StatsRequest" */
    const char *response_type;
} nw_method;

/* One RPC service: a fully qualified name and its methods. */
typedef struct nw_service {
    uint32_t struct_size;         /* sizeof(nw_service) */
    const char *name;             /* "example.readability.v1.Readability" */
    const nw_method *methods;     /* method_count entries, each methods[0].struct_size bytes apart */
    uint32_t method_count;
} nw_service;

/* Opaque handle to one call; valid from the first invoke() of the call until
   the plugin's last invoke() for it returns. */
typedef struct nw_call nw_call;

/* The functions the host offers a plugin. The table and `host` pointer stay
   valid from create() until destroy() returns. Any function may be called from
   any thread. */
typedef struct nw_host nw_host;
struct nw_host {
    uint32_t struct_size;         /* sizeof(nw_host) as the host was built */
    uint16_t abi_major;           /* the host's ABI version */
    uint16_t abi_minor;

    /* Writes one line to the server's log, tagged with the plugin's name. */
    void (*log)(const nw_host *host, int32_t level, const char *message);

    /* Non-zero once the call is over for the plugin: the client cancelled,
       the deadline passed, the connection closed, or the server ended the call
       (a limit, a protocol error). Long work should check it and return early;
       whatever it returns then is dropped. */
    int32_t (*call_is_cancelled)(nw_call *call);

    /* Microseconds until the call's deadline; -1 when it has none, 0 once past. */
    int64_t (*call_deadline_remaining_us)(nw_call *call);

    /* Sends one response message (serialized protobuf). The host copies the
       bytes before returning. A unary or client-streaming method sends exactly
       one; a streaming method any number. May block while the client is slow
       to read (a streaming method only). Returns NW_STATUS_OK; otherwise the
       message was dropped and the result says why: NW_STATUS_DEADLINE_EXCEEDED
       or NW_STATUS_CANCELLED when the call is over, NW_STATUS_INTERNAL for a
       second response to a method that has one (the call then fails with
       INTERNAL, whatever invoke returns). */
    int32_t (*call_send)(nw_call *call, const uint8_t *message, size_t length);

    /* The first value of a request metadata key, or NULL. The pointer is valid
       for the rest of the call. `length` receives the value's length. */
    const uint8_t *(*call_metadata)(nw_call *call, const char *key, size_t *length);
};

/* What create() receives. */
typedef struct nw_create_args {
    uint32_t struct_size;         /* sizeof(nw_create_args) */
    const uint8_t *config;        /* this plugin's configuration (see docs/PLUGINS.md); may be empty */
    size_t config_length;
    const char *data_dir;         /* a directory for this plugin's files; exists and is writable */
    const nw_host *host;
} nw_create_args;

/* One invocation of a call. */
typedef struct nw_invocation {
    uint32_t struct_size;         /* sizeof(nw_invocation) as the host was built */
    nw_call *call;
    const char *method_path;      /* "/pkg.Service/Method" */
    uint32_t service_index;       /* into the descriptor's services */
    uint32_t method_index;        /* into that service's methods */
    /* The request message. For a client- or bidi-streaming method the host
       invokes once per message, then once more with end_of_stream set and no
       message when the client half-closes. */
    const uint8_t *request;
    size_t request_length;
    int32_t end_of_stream;
    /* Per-call state: NULL at the first invoke of a call; what the plugin
       stores here comes back on the call's next invoke and in call_release. */
    void *call_state;
    /* A buffer for the status message (UTF-8, NUL-terminated, truncated to
       fit); empty on entry. */
    char *message;
    size_t message_capacity;
} nw_invocation;

/* The descriptor newswire_plugin_entry() returns. It must stay valid and
   unchanged while the library is loaded (a static const struct is ideal). */
typedef struct nw_plugin_descriptor {
    uint32_t struct_size;         /* sizeof(nw_plugin_descriptor) */
    uint16_t abi_major;           /* NEWSWIRE_PLUGIN_ABI_MAJOR */
    uint16_t abi_minor;           /* NEWSWIRE_PLUGIN_ABI_MINOR */
    const char *name;             /* short and unique: [a-z0-9_-]+, e.g. "readability" */
    const char *version;          /* the plugin's own version, e.g. "1.2.0" */
    const char *description;      /* one line */
    uint64_t flags;               /* NW_PLUGIN_* */
    const nw_service *services;   /* service_count entries, walked by services[0].struct_size */
    uint32_t service_count;

    /* Makes an instance. Returns NW_STATUS_OK and sets *instance, or another
       code with a reason written to error (NUL-terminated, at most
       error_capacity bytes); the plugin is then not loaded. */
    int32_t (*create)(const nw_create_args *args, void **instance, char *error, size_t error_capacity);

    /* Serves a call; see nw_invocation. The return value is the call's status
       when this is the call's last invoke: the only one for a unary or
       server-streaming method, the end_of_stream one for a client- or
       bidi-streaming method. Any other invoke returns NW_STATUS_OK to go on,
       or a code to end the call at once with that status. The message buffer
       carries the status message. */
    int32_t (*invoke)(void *instance, nw_invocation *invocation);

    /* Frees a call's state; called once per call that set one, after its
       last invoke or when it ended early (cancel, deadline, error). May be NULL. */
    void (*call_release)(void *instance, void *call_state);

    /* Frees the instance. No invoke is running or will run. */
    void (*destroy)(void *instance);

    /* ---- Added in ABI 1.1; a host reads them only when struct_size covers them. ---- */

    /* The plugin's schemas: a serialized google.protobuf.FileDescriptorSet
       that defines its services and every message they use (what
       `protoc --descriptor_set_out=FILE --include_imports x.proto` writes).
       The server serves it through reflection (FileContainingSymbol), so that
       generic clients such as `newswire call` can call the plugin's methods
       with JSON. NULL and 0 for none. Like the rest of the descriptor, the
       bytes must stay valid and unchanged while the library is loaded. */
    const uint8_t *descriptor_set;
    size_t descriptor_set_length;
} nw_plugin_descriptor;

/* sizeof(nw_plugin_descriptor) in ABI 1.0, before descriptor_set: the least a host accepts. */
#define NW_PLUGIN_DESCRIPTOR_SIZE_1_0 offsetof(nw_plugin_descriptor, descriptor_set)

/* The entry point, exported by the plugin. */
typedef const nw_plugin_descriptor *(*nw_plugin_entry_fn)(void);

/* Marks the entry point for export: NEWSWIRE_PLUGIN_EXPORT const nw_plugin_descriptor *newswire_plugin_entry(void) { ... } */
#if defined(__GNUC__)
#define NEWSWIRE_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define NEWSWIRE_PLUGIN_EXPORT
#endif

#ifdef __cplusplus
}
#endif

#endif /* NEWSWIRE_PLUGIN_H */
