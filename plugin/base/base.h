/*
 * base.h — the bottom layer, shared by every other: UTF-8 decoding and
 * validation, growable buffers, one hash. Not installed; nothing here is public
 * API. It depends on the C library and utf8proc only.
 */
#ifndef FRANA_BASE_H
#define FRANA_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- utf8.c: decoding that never fails, and validation ------------------- */

/* Decodes the code point at s[*i] (i < len) and advances *i. An invalid or
 * truncated sequence yields U+FFFD, advances past its maximal subpart (one
 * U+FFFD per subpart, as Unicode recommends) and sets *invalid. */
int32_t frana_utf8_next_slow(const uint8_t *s, size_t len, size_t *i, int *invalid);
static inline int32_t frana_utf8_next(const uint8_t *s, size_t len, size_t *i, int *invalid)
{
    if (s[*i] < 0x80)
        return s[(*i)++];
    return frana_utf8_next_slow(s, len, i, invalid);
}
/* Encodes cp into out (4 bytes room); returns the byte count. */
size_t frana_utf8_put(int32_t cp, uint8_t *out);

/* The simple lower-case mapping of cp (utf8proc's), cp itself when it has none. */
int32_t frana_utf8_lower(int32_t cp);

/* Whether s[0..len) is valid UTF-8 (no surrogates, no overlong forms). */
int frana_utf8_valid(const char *s, size_t len);

/* ---- character classes that the analysis and the query language share ---- */

/* Whether cp makes words: a letter, a mark or a digit (categories L, M, N). */
int frana_is_word_char_slow(int32_t cp);
static inline int frana_is_word_char(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp >= 0xC0 && cp <= 0x24F)
        return cp != 0xD7 && cp != 0xF7; /* Latin-1 letters and Latin Extended-A/B */
    return frana_is_word_char_slow(cp);
}

/* Whether cp separates the thousands of a number (100 000, with a space, a
 * no-break space, a narrow or a thin one). */
static inline int frana_is_group_space(int32_t cp)
{
    return cp == 0x20 || cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}

/* The end of the thousands group whose space is at s[i] ("100 000"): that
 * space, exactly three ASCII digits, and no word character after them; 0
 * when s[i] begins none. */
size_t frana_digit_group(const uint8_t *s, size_t len, size_t i);

/* ---- buf.c ------------------------------------------------------------- */

/* A growable byte buffer owned by a session; grows geometrically, never shrinks,
 * so steady-state analysis allocates nothing. */
typedef struct frana_buf {
    char *data;
    size_t len, cap;
} frana_buf;
int frana_buf_reserve(frana_buf *b, size_t cap);
void frana_buf_free(frana_buf *b);

/* Room in the array v of *cap elements of elem bytes for one more after the
 * n it holds: v itself while n < *cap, else v reallocated to twice *cap
 * (first: the capacity of an empty array) and *cap updated. NULL when memory
 * runs out, with v and *cap unchanged. */
void *frana_grow(void *v, size_t *cap, size_t n, size_t elem, size_t first);

/* A malloc'd copy of the NUL-terminated s (error messages for the caller,
 * who frees them with frana_free), or NULL when memory runs out. */
char *frana_strdup(const char *s);
/* A malloc'd, NUL-terminated copy of s[0..n), or NULL. */
char *frana_strndup(const char *s, size_t n);

/* ---- structs that cross the ABI ------------------------------------------- */

/* Copies a caller's option struct, whose first field is its size (as the
 * caller's header declared it), into the library's zero-filled copy dst of
 * dstsize bytes. A size of 0 stands for the first version of the struct (v0
 * bytes: callers that zero-initialize and set only the first fields); a
 * larger size than the library's reads only the fields it knows. Returns 0, or
 * -1 when the size is smaller than the first version's. */
static inline int frana_copy_sized(void *dst, size_t dstsize, const void *src, size_t v0)
{
    size_t declared;
    memcpy(&declared, src, sizeof declared);
    if (declared == 0)
        declared = v0;
    if (declared < v0)
        return -1;
    memset(dst, 0, dstsize);
    memcpy(dst, src, declared < dstsize ? declared : dstsize);
    memcpy(dst, &dstsize, sizeof dstsize);
    return 0;
}

/* ---- the one hash (FNV-1a, 32 bits) --------------------------------------- */

static inline uint32_t frana_hash_seed(uint32_t seed, const char *s, size_t len)
{
    uint32_t h = seed;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}
static inline uint32_t frana_hash(const char *s, size_t len)
{
    return frana_hash_seed(2166136261u, s, len);
}

#ifdef __cplusplus
}
#endif

#endif /* FRANA_BASE_H */
