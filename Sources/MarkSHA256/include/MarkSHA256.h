// SHA-256 compression with the x86 SHA extensions, for MarkCore's `SHA256` (Support/SHA256.swift).
//
// Swift cannot reach these instructions itself: it has no per-function target attribute, and the
// intrinsics the rounds need with an immediate operand (_mm_shuffle_epi32, _mm_alignr_epi8,
// _mm_blend_epi16) are C macros the importer does not bring over. So this one function is C,
// compiled for the SHA extensions alone, and chosen at run time by CPUID.
#ifndef MARK_SHA256_H
#define MARK_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA extensions, SSSE3 and SSE4.1 (CPUID), else 0; always 0 off x86.
int mark_sha256_hardware_available(void);

/// Compresses `blocks` whole 64-byte blocks of `data` into the eight state words, in the order
/// of FIPS 180-4 (H0 … H7). Call only when mark_sha256_hardware_available() returned 1.
void mark_sha256_hardware_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
