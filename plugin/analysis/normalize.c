/*
 * normalize.c — NFKC, case folding, ligatures and apostrophes; accent folding.
 *
 * Normalization gives the form Snowball expects: lowercase, composed, accents
 * kept ("élection"). Folding gives the form used for accent-insensitive
 * matching ("election"); the chain stems before it folds.
 */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

static utf8proc_int32_t map_apostrophe(utf8proc_int32_t cp, void *data)
{
    (void)data;
    return frana_is_apostrophe(cp) ? '\'' : cp;
}

int frana_normalize(const char *src, size_t len, frana_buf *out, int32_t **scratch,
                    size_t *scratch_cap)
{
    if (is_ascii(src, len)) { /* the common case: no tables needed */
        if (frana_buf_reserve(out, len + 1))
            return FRANA_ERR_NOMEM;
        for (size_t i = 0; i < len; i++) {
            char c = src[i];
            out->data[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        out->len = len;
        out->data[len] = 0;
        return 0;
    }
    const utf8proc_option_t opts = UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE;
    /* Room for decomposition, plus ligature expansion, plus the re-encoding. */
    size_t need = len * 4 + 16;
    if (need > *scratch_cap) {
        int32_t *p = realloc(*scratch, need * sizeof *p);
        if (!p)
            return FRANA_ERR_NOMEM;
        *scratch = p;
        *scratch_cap = need;
    }
    utf8proc_ssize_t n;
    for (;;) {
        n = utf8proc_decompose_custom((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len,
                                      *scratch, (utf8proc_ssize_t)(*scratch_cap / 2), opts,
                                      map_apostrophe, NULL);
        if (n < 0)
            return FRANA_ERR_INVALID;
        if ((size_t)n * 2 <= *scratch_cap)
            break;
        size_t grow = (size_t)n * 2 + 16;
        int32_t *p = realloc(*scratch, grow * sizeof *p);
        if (!p)
            return FRANA_ERR_NOMEM;
        *scratch = p;
        *scratch_cap = grow;
    }
    /* Ligatures: œ → oe, æ → ae (case folding keeps them as one letter). */
    int32_t *cp = *scratch;
    size_t m = (size_t)n;
    for (size_t i = 0; i < m; i++) {
        if (cp[i] == 0x153 || cp[i] == 0xE6) {
            int32_t first = cp[i] == 0x153 ? 'o' : 'a';
            memmove(cp + i + 2, cp + i + 1, (m - i - 1) * sizeof *cp);
            cp[i] = first;
            cp[i + 1] = 'e';
            m++;
            i++;
        }
    }
    utf8proc_ssize_t bytes = utf8proc_reencode(cp, (utf8proc_ssize_t)m, UTF8PROC_COMPOSE);
    if (bytes < 0)
        return FRANA_ERR_INVALID;
    if (frana_buf_reserve(out, (size_t)bytes + 1))
        return FRANA_ERR_NOMEM;
    memcpy(out->data, cp, (size_t)bytes);
    out->len = (size_t)bytes;
    out->data[bytes] = 0;
    return 0;
}

/* Latin letters that do not decompose into base + mark. */
static int32_t fold_special(int32_t c, int32_t *second)
{
    *second = 0;
    switch (c) {
    case 0xDF: *second = 's'; return 's'; /* ß */
    case 0xF8: return 'o';                /* ø */
    case 0x142: return 'l';               /* ł */
    case 0x111: return 'd';               /* đ */
    case 0x127: return 'h';               /* ħ */
    case 0x131: return 'i';               /* ı */
    case 0x140: return 'l';               /* ŀ */
    case 0xF0: return 'd';                /* ð */
    case 0xFE: *second = 'h'; return 't'; /* þ */
    case 0x451: return 0x435;             /* ё → е */
    default: return -1;
    }
}

int frana_fold(const char *src, size_t len, frana_buf *out)
{
    if (frana_buf_reserve(out, len * 2 + 1))
        return -1;
    if (is_ascii(src, len)) {
        memcpy(out->data, src, len);
        out->len = len;
        out->data[len] = 0;
        return 0;
    }
    const uint8_t *s = (const uint8_t *)src;
    uint8_t *o = (uint8_t *)out->data;
    size_t i = 0, w = 0;
    int changed = 0;
    while (i < len) {
        int bad = 0;
        int32_t c = frana_utf8_next(s, len, &i, &bad);
        int32_t second;
        int32_t special = fold_special(c, &second);
        if (special >= 0) {
            w += frana_utf8_put(special, o + w);
            if (second)
                o[w++] = (uint8_t)second;
            changed = 1;
            continue;
        }
        int latin = c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF);
        if (latin && c >= 0x80) {
            utf8proc_int32_t d[4];
            utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE, NULL);
            if (k > 0 && k <= 4) {
                for (utf8proc_ssize_t j = 0; j < k; j++) {
                    if (utf8proc_category(d[j]) == UTF8PROC_CATEGORY_MN) {
                        changed = 1;
                        continue;
                    }
                    w += frana_utf8_put(d[j], o + w);
                }
                continue;
            }
        }
        if (utf8proc_category(c) == UTF8PROC_CATEGORY_MN && i > 0 && w > 0 &&
            o[w - 1] < 0x80) {
            changed = 1; /* a stray combining mark after a Latin letter */
            continue;
        }
        w += frana_utf8_put(c, o + w);
    }
    out->len = w;
    out->data[w] = 0;
    return changed;
}

int frana_is_cyrillic_word(const char *word, size_t len)
{
    const uint8_t *s = (const uint8_t *)word;
    size_t i = 0;
    int seen = 0;
    while (i < len) {
        int bad = 0;
        int32_t c = frana_utf8_next(s, len, &i, &bad);
        if (c >= 0x400 && c <= 0x52F)
            seen = 1;
        else if (c != '\'' && c != '-')
            return 0;
    }
    return seen;
}
