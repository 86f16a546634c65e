/*
 * cache.c — the per-session word cache (see analysis.h).
 */
#include "analysis.h"

#include <string.h>

/* A hash of the key read eight bytes at a time (a word is short: one or two
 * multiplications), with the language and the mode. Only the choice of slot
 * depends on it, never a result. */
static uint32_t key_hash(const char *key, size_t klen, int lang, int mode)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)(klen * 0x100 + (size_t)lang * 4 + (size_t)mode);
    while (klen >= 8) {
        uint64_t v;
        memcpy(&v, key, 8);
        h = (h ^ v) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 29;
        key += 8;
        klen -= 8;
    }
    if (klen) {
        uint64_t v = 0;
        for (size_t i = 0; i < klen; i++) /* no call for the last bytes */
            v |= (uint64_t)(unsigned char)key[i] << (8 * i);
        h = (h ^ v) * 0xFF51AFD7ED558CCDu;
    }
    h ^= h >> 32;
    h *= 0xC4CEB9FE1A85EC53u;
    return (uint32_t)(h >> 32);
}

/* Whether a[0..n) and b[0..n) are equal: a key is short, no call. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

frana_cache_slot *frana_cache_find(frana_cache_slot *cache, const char *key, size_t klen,
                                   int lang, int mode, int *hit)
{
    uint32_t h = key_hash(key, klen, lang, mode);
    frana_cache_slot *set = &cache[(h & (FRANA_CACHE_SLOTS / FRANA_CACHE_WAYS - 1)) *
                                   FRANA_CACHE_WAYS];
    frana_cache_slot *victim = NULL;
    for (int w = 0; w < FRANA_CACHE_WAYS; w++) {
        frana_cache_slot *slot = &set[w];
        if (!slot->used) {
            if (!victim || victim->used)
                victim = slot;
            continue;
        }
        if (slot->klen == klen && slot->lang == lang && slot->mode == mode &&
            same_bytes(slot->data, key, klen)) {
            *hit = 1;
            return slot;
        }
        if (!victim || (victim->used && slot->hits < victim->hits))
            victim = slot;
    }
    *hit = 0;
    return victim;
}
