/*
 * query_lex.c — the characters of the query language that are not ASCII:
 * Unicode spaces separate words, and the quotation marks of French (and
 * neighbouring) typography open and close phrases, as the straight quote does.
 * Byte-level helpers over UTF-8; query.c asks them at each cursor position.
 */
#include "base.h"
#include "query.h"

#include <string.h>

/* The code point at s[0..len) and its byte length in *n; -1 (n = 1) when the
 * bytes are not UTF-8 (the analysis replaces them later). */
static int32_t decode(const unsigned char *s, size_t len, size_t *n)
{
    *n = 1;
    if (len == 0)
        return -1;
    if (s[0] < 0x80)
        return s[0];
    size_t k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (k == 0 || k > len)
        return -1;
    int32_t cp = s[0] & (0x7F >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *n = k;
    return cp;
}

static int is_unicode_space(int32_t cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the space q[i] joins a thousands group as the index's tokenizer
 * does ("250 000" is 250000 there, tokenize.c): 1 to 3 digits before it that
 * begin a number or follow another group, and the group frana_digit_group
 * finds after it. */
static int groups_thousands(const char *q, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)q;
    size_t lead = 0;
    while (lead < i && is_digit(s[i - 1 - lead]))
        lead++;
    if (lead < 1 || lead > 3 || (lead < i && is_alnum(s[i - 1 - lead])))
        return 0;
    return frana_digit_group(s, len, i) != 0;
}

size_t frana_qlex_space(const char *q, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    unsigned char c = (unsigned char)q[i];
    if (c == ' ' && i > 0 && is_digit((unsigned char)q[i - 1]) && groups_thousands(q, len, i))
        return 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    size_t n;
    int32_t cp = decode((const unsigned char *)q + i, len - i, &n);
    if (!is_unicode_space(cp))
        return 0;
    /* A no-break or thin space between digits groups thousands (100 000):
     * the analysis joins the number, as it does in the index. */
    if ((cp == 0xA0 || cp == 0x202F || cp == 0x2009) && i > 0 && is_digit((unsigned char)q[i - 1]) &&
        i + n < len && is_digit((unsigned char)q[i + n]))
        return 0;
    return n;
}

/* Quotation marks: which open a phrase, and which close it. */
static const struct {
    int32_t open;
    int32_t close[3];
} quotes[] = {
    {'"', {'"', 0x201D, 0x201C}},       /* "…", "…” */
    {0x201C, {0x201D, '"', 0x201C}},    /* “…” (and “…“, “…") */
    {0x201E, {0x201C, 0x201D, '"'}},    /* „…“ and „…” */
    {0x00AB, {0x00BB, '"', 0}},         /* «…» */
    {0x2039, {0x203A, 0, 0}},           /* ‹…› */
};

int frana_qlex_quote_open(const char *q, size_t len, size_t i, size_t *n)
{
    size_t k;
    int32_t cp = decode((const unsigned char *)q + i, len - i, &k);
    for (size_t j = 0; j < sizeof quotes / sizeof quotes[0]; j++)
        if (quotes[j].open == cp) {
            *n = k;
            return (int)j + 1;
        }
    return 0;
}

int frana_qlex_quote_close(const char *q, size_t len, size_t i, int kind, size_t *n)
{
    size_t k;
    int32_t cp = decode((const unsigned char *)q + i, len - i, &k);
    if (kind < 1 || kind > (int)(sizeof quotes / sizeof quotes[0]) || cp <= 0)
        return 0;
    for (int j = 0; j < 3; j++)
        if (quotes[kind - 1].close[j] == cp) {
            *n = k;
            return 1;
        }
    return 0;
}

int frana_qlex_is_quote(const char *q, size_t len, size_t i)
{
    size_t k;
    int32_t cp = decode((const unsigned char *)q + i, len - i, &k);
    if (cp <= 0)
        return 0;
    for (size_t j = 0; j < sizeof quotes / sizeof quotes[0]; j++) {
        if (quotes[j].open == cp)
            return 1;
        for (int c = 0; c < 3; c++)
            if (quotes[j].close[c] == cp)
                return 1;
    }
    return 0;
}
