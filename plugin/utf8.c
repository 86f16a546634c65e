/*
 * utf8.c — UTF-8 decoding that never fails: an invalid or truncated sequence
 * becomes U+FFFD, one byte at a time, and is counted by the caller.
 */
#include "internal.h"

#include <utf8proc.h>

/* Length of the longest prefix of s[0..room) that starts a well-formed
 * sequence (Unicode's "maximal subpart"): an ill-formed sequence is replaced by
 * one U+FFFD per maximal subpart, as the Unicode standard recommends (3.9). */
static size_t maximal_subpart(const uint8_t *s, size_t room)
{
    uint8_t c = s[0];
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 1;
    size_t n = 1;
    while (n <= need && n < room) {
        uint8_t b = s[n];
        if (b < lo || b > hi)
            break;
        lo = 0x80;
        hi = 0xBF;
        n++;
    }
    return n;
}

int32_t frana_utf8_next_slow(const uint8_t *s, size_t len, size_t *i, int *invalid)
{
    utf8proc_int32_t cp = -1;
    size_t room = len - *i;
    if (room > 4)
        room = 4;
    utf8proc_ssize_t n = utf8proc_iterate(s + *i, (utf8proc_ssize_t)room, &cp);
    if (n <= 0 || cp < 0) {
        *i += maximal_subpart(s + *i, room);
        *invalid = 1;
        return 0xFFFD;
    }
    *i += (size_t)n;
    return cp;
}

size_t frana_utf8_put(int32_t cp, uint8_t *out)
{
    utf8proc_ssize_t n = utf8proc_encode_char(cp, out);
    return n > 0 ? (size_t)n : 0;
}
