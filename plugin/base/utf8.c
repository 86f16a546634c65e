/*
 * utf8.c — UTF-8 decoding that never fails: an invalid or truncated sequence
 * becomes U+FFFD, one byte at a time, and is counted by the caller.
 */
#include "base.h"

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

int frana_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

int32_t frana_utf8_lower(int32_t cp)
{
    return utf8proc_tolower(cp);
}

int frana_is_word_char_slow(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

size_t frana_digit_group(const uint8_t *s, size_t len, size_t i)
{
    int invalid = 0; /* counted by the caller's own pass, not here */
    size_t at = i;
    if (i >= len || !frana_is_group_space(frana_utf8_next(s, len, &at, &invalid)))
        return 0;
    size_t n = 0;
    while (at + n < len && s[at + n] >= '0' && s[at + n] <= '9')
        n++;
    size_t end = at + n, next = end;
    if (n != 3 || (end < len && frana_is_word_char(frana_utf8_next(s, len, &next, &invalid))))
        return 0;
    return end;
}
