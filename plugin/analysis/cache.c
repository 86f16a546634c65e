/*
 * cache.c — the per-session word cache (see internal.h).
 */
#include "analysis.h"

#include <string.h>

frana_cache_slot *frana_cache_find(frana_cache_slot *cache, const char *key, size_t klen,
                                   int lang, int mode, int *hit)
{
    uint32_t h = frana_hash_seed(2166136261u ^ (uint32_t)(lang * 31 + mode), key, klen);
    frana_cache_slot *slot = &cache[h & (FRANA_CACHE_SLOTS - 1)];
    *hit = slot->used && slot->klen == klen && slot->lang == lang && slot->mode == mode &&
           memcmp(slot->data, key, klen) == 0;
    return slot;
}
