/*
 * utf8.c — UTF-8 decoding that never fails: an invalid or truncated sequence
 * becomes U+FFFD, one byte at a time, and is counted by the caller.
 */
#include "internal.h"

#include <utf8proc.h>

int32_t frana_utf8_next_slow(const uint8_t *s, size_t len, size_t *i, int *invalid)
{
    utf8proc_int32_t cp = -1;
    size_t room = len - *i;
    if (room > 4)
        room = 4;
    utf8proc_ssize_t n = utf8proc_iterate(s + *i, (utf8proc_ssize_t)room, &cp);
    if (n <= 0 || cp < 0) {
        (*i)++;
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
