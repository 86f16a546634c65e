/*
 * tokenize.c — splits UTF-8 text into spans of word characters.
 *
 * Letters, marks and digits (Unicode categories L*, M*, N*) make words. An
 * apostrophe (' ’ ʼ ＇) or a hyphen between two word characters stays inside the
 * span: the elision and hyphen stages split it later, so they see the whole
 * compound. A span of digits is a number; it keeps the separators of decimals
 * and dates (3,5  2020-09-14  14/09/2020  14:30) and the thousands groups of
 * French typography (100 000 with a space, a no-break space or a narrow one).
 */
#include "analysis.h"

int frana_is_apostrophe(int32_t cp)
{
    return cp == 0x27 || cp == 0x2019 || cp == 0x02BC || cp == 0xFF07 || cp == 0x2018;
}

int frana_is_hyphen(int32_t cp)
{
    return cp == 0x2D || cp == 0x2010 || cp == 0x2011;
}

static int is_digit(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* The class of an ASCII byte: 1 a letter, 2 a digit, 0 anything else. */
#define L1 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const uint8_t ascii_class[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* controls */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* space, punctuation */
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, /* 0-9 */
    0, L1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* @, A-Z */
    0, L1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* `, a-z */
};
#undef L1

/* An ASCII letter or digit (b < 0x80). */
static inline int ascii_word(uint8_t b)
{
    return ascii_class[b] != 0;
}

/* Peeks the code point at i without counting invalid bytes. */
static int32_t peek(const uint8_t *s, size_t len, size_t i, size_t *next)
{
    int invalid = 0;
    int32_t cp = frana_utf8_next(s, len, &i, &invalid);
    *next = i;
    return cp;
}

/* Length of a run of ASCII digits at i. */
static size_t digit_run(const uint8_t *s, size_t len, size_t i)
{
    size_t n = 0;
    while (i + n < len && is_digit(s[i + n]))
        n++;
    return n;
}

/* Extends a number span that ends at *end with separators and digit groups. */
static void extend_number(const uint8_t *s, size_t len, size_t *end, size_t group)
{
    for (;;) {
        size_t i = *end, after;
        if (i >= len)
            return;
        int32_t cp = peek(s, len, i, &after);
        if (after >= len)
            return;
        if (cp == ',' || cp == '.' || cp == '/' || cp == ':' || cp == '-') {
            size_t n = digit_run(s, len, after);
            if (n == 0)
                return;
            /* "2020-09-14" and "3,5" join; a hyphen joins digits only. */
            size_t next;
            if (after + n < len && frana_is_word_char(peek(s, len, after + n, &next)) &&
                !is_digit(s[after + n]))
                return;
            *end = after + n;
            group = n;
            continue;
        }
        if (frana_is_group_space(cp) && group >= 1 && group <= 3) {
            size_t g = frana_digit_group(s, len, i);
            if (!g)
                return;
            *end = g;
            group = 3;
            continue;
        }
        return;
    }
}

/* The end of a dotted acronym at i ("S.N.C.F.", "U.S.A"): single letters,
 * each but the last followed by a dot, at least two of them, and no word
 * character right after; the final dot stays outside. 0 when there is none. */
static size_t acronym_end(const uint8_t *s, size_t len, size_t i)
{
    size_t letters = 0, end = 0;
    for (;;) {
        size_t next;
        int32_t cp = i < len ? peek(s, len, i, &next) : -1;
        if (cp < 0 || is_digit(cp) || !frana_is_word_char(cp) || frana_is_apostrophe(cp))
            break;
        letters++;
        end = next;
        if (next >= len || s[next] != '.')
            break;
        i = next + 1;
        if (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
            break;
    }
    if (letters < 2 || letters > FRANA_ACRONYM_MAX)
        return 0;
    /* A letter must not run on ("S.N.C.Fabc"), nor a word follow the last dot ("a.b.cd"). */
    size_t after = end < len && s[end] == '.' ? end + 1 : end, n2;
    if (end < len && s[end] != '.' && frana_is_word_char(peek(s, len, end, &n2)))
        return 0;
    if (after < len && after != end && frana_is_word_char(peek(s, len, after, &n2)))
        return 0;
    return end;
}

int frana_next_span(const char *text, size_t len, size_t *cursor, frana_span *out,
                    size_t *invalid)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t i = *cursor;
    int replaced = 0;
    /* Skip separators. */
    while (i < len) {
        if (s[i] < 0x80) { /* ASCII: no decoding, no Unicode tables */
            if (ascii_word(s[i]))
                break;
            i++;
            continue;
        }
        size_t at = i;
        int bad = 0;
        int32_t cp = frana_utf8_next(s, len, &i, &bad);
        if (bad) {
            (*invalid)++;
            replaced = 1;
            continue;
        }
        if (frana_is_word_char(cp) && !frana_is_apostrophe(cp)) {
            i = at;
            break;
        }
    }
    if (i >= len) {
        *cursor = len;
        return 0;
    }
    size_t start = i;
    /* A dotted acronym has a dot right after its first letter: test that first. */
    size_t acro = (s[i] >= 0x80 || (i + 1 < len && s[i + 1] == '.')) ? acronym_end(s, len, i) : 0;
    if (acro) {
        out->start = start;
        out->end = acro;
        out->replaced = replaced;
        out->joiners = 0;
        out->kind = FRANA_SPAN_ACRONYM;
        *cursor = acro;
        return 1;
    }
    int all_digits = 1, joiners = 0;
    size_t end = i;
    while (i < len) {
        if (s[i] < 0x80 && ascii_class[s[i]]) {
            unsigned digits = 2; /* a run of ASCII letters and digits at once */
            do
                digits &= ascii_class[s[i++]];
            while (i < len && s[i] < 0x80 && ascii_class[s[i]]);
            all_digits &= digits != 0;
            end = i;
            continue;
        }
        size_t at = i;
        int bad = 0;
        int32_t cp = frana_utf8_next(s, len, &i, &bad);
        if (bad) {
            i = at;
            break;
        }
        if (frana_is_word_char(cp) && !frana_is_apostrophe(cp)) {
            if (!is_digit(cp))
                all_digits = 0;
            end = i;
            continue;
        }
        if ((frana_is_apostrophe(cp) || frana_is_hyphen(cp)) && i < len && !all_digits) {
            size_t next;
            int32_t nx = peek(s, len, i, &next);
            if (frana_is_word_char(nx)) {
                joiners = 1;
                continue; /* the joiner stays inside the span */
            }
        }
        i = at;
        break;
    }
    out->start = start;
    out->end = end;
    out->replaced = replaced;
    out->joiners = joiners;
    out->kind = FRANA_SPAN_WORD;
    if (all_digits) {
        out->kind = FRANA_SPAN_NUMBER;
        extend_number(s, len, &out->end, out->end - start);
    }
    *cursor = out->end;
    return 1;
}
