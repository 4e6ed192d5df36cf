// The MinHash inner loop, in C so that it can be compiled for several instruction sets and
// chosen at load time (target_clones: AVX2, SSE4.1, or baseline x86-64), which Swift cannot do
// per function. MinHash.swift is its only caller.
#pragma once
#include <stddef.h>
#include <stdint.h>

/// For k in [0, m): sig[k] = min(sig[k], min over the n shingle hashes x of a[k] * fmix32(x) + b[k]),
/// arithmetic mod 2^32 (datasketch's "affine32" permutations; fmix32 is MurmurHash3's finaliser).
void dedup_minhash_update(uint32_t *sig, const uint32_t *a, const uint32_t *b, size_t m,
                          const uint32_t *shingles, size_t n);
