// See include/dedup_kernel.h.
#include "dedup_kernel.h"

static inline uint32_t fmix32(uint32_t h) {
    h ^= h >> 16; h *= 0x85EBCA6Bu;
    h ^= h >> 13; h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

enum { BLOCK = 32, CHUNK = 256 };

// Permutations in blocks of 32: a block's minima, multipliers and offsets stay in vector
// registers while every shingle of a chunk passes through them (4 AVX2 registers each).
__attribute__((target_clones("avx2", "sse4.1", "default")))
static void update(uint32_t *restrict sig, const uint32_t *restrict a, const uint32_t *restrict b, size_t m,
                   const uint32_t *restrict hs, size_t n) {
    size_t k0 = 0;
    for (; k0 + BLOCK <= m; k0 += BLOCK) {
        uint32_t s[BLOCK], aa[BLOCK], bb[BLOCK];
        for (int j = 0; j < BLOCK; j++) { s[j] = sig[k0 + j]; aa[j] = a[k0 + j]; bb[j] = b[k0 + j]; }
        for (size_t i = 0; i < n; i++) {
            uint32_t h = hs[i];
            for (int j = 0; j < BLOCK; j++) {
                uint32_t v = aa[j] * h + bb[j];
                s[j] = v < s[j] ? v : s[j];
            }
        }
        for (int j = 0; j < BLOCK; j++) sig[k0 + j] = s[j];
    }
    for (; k0 < m; k0++) {
        uint32_t s = sig[k0];
        for (size_t i = 0; i < n; i++) {
            uint32_t v = a[k0] * hs[i] + b[k0];
            s = v < s ? v : s;
        }
        sig[k0] = s;
    }
}

void dedup_minhash_update(uint32_t *sig, const uint32_t *a, const uint32_t *b, size_t m,
                          const uint32_t *shingles, size_t n) {
    uint32_t hs[CHUNK];
    for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
        size_t c = n - i0 < CHUNK ? n - i0 : CHUNK;
        for (size_t i = 0; i < c; i++) hs[i] = fmix32(shingles[i0 + i]);
        update(sig, a, b, m, hs, c);
    }
}
