/*
 * terms.c — the set of terms of one token, kept in a session buffer.
 * A term longer than FRANA_MAX_TERM is cut at a character boundary and ends
 * with '#' and 8 hex digits of a hash of the whole term, the same on the index
 * and the query side, so a very long word is still findable and never rejected
 * by Xapian.
 */
#include "analysis.h"

#include <stdio.h>
#include <string.h>

void frana_termset_clear(frana_termset *ts)
{
    ts->n = 0;
    ts->buf.len = 0;
    ts->long_token = 0;
}

static uint32_t fnv1a(const char *a, size_t alen, const char *b, size_t blen)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < alen; i++) {
        h ^= (unsigned char)a[i];
        h *= 16777619u;
    }
    for (size_t i = 0; i < blen; i++) {
        h ^= (unsigned char)b[i];
        h *= 16777619u;
    }
    return h;
}

/* Adds prefix + body + tail (tail: the hash of a cut term, or nothing) unless
 * the set holds it already. */
static inline int add_term(frana_termset *ts, const char *prefix, size_t plen, const char *body,
                           size_t blen, const char *tail, size_t tlen, int kind)
{
    size_t tsize = plen + blen + tlen;
    /* Already present? */
    for (size_t i = 0; i < ts->n; i++) {
        if (ts->terms[i].len != tsize)
            continue;
        const char *t = ts->buf.data + ts->offsets[i];
        if (memcmp(t, prefix, plen) == 0 && memcmp(t + plen, body, blen) == 0 &&
            (tlen == 0 || memcmp(t + plen + blen, tail, tlen) == 0)) {
            /* A word's own key that a place name of several words ending
             * here also gives ("Brytania" in "Wielka Brytania") is both. */
            if (kind == FRANA_TERM_NAME_PHRASE)
                ts->terms[i].kind = kind;
            return 0;
        }
    }
    if (ts->n == FRANA_TERMS_MAX)
        return 0;
    /* No call to grow the buffer while it has room. */
    if (ts->buf.len + tsize + 1 > ts->buf.cap &&
        frana_buf_reserve(&ts->buf, ts->buf.len + tsize + 1))
        return FRANA_ERR_NOMEM;
    char *dst = ts->buf.data + ts->buf.len;
    for (size_t i = 0; i < plen; i++) /* a prefix is a few bytes: no call */
        dst[i] = prefix[i];
    memcpy(dst + plen, body, blen);
    if (tlen)
        memcpy(dst + plen + blen, tail, tlen);
    dst[tsize] = 0;
    ts->offsets[ts->n] = ts->buf.len;
    ts->terms[ts->n].len = tsize;
    ts->terms[ts->n].kind = kind;
    ts->terms[ts->n].text = NULL;
    ts->n++;
    ts->buf.len += tsize + 1;
    return 0;
}

int frana_termset_add(frana_termset *ts, const char *prefix, const char *body, size_t len,
                      int kind)
{
    size_t plen = prefix[0] ? strlen(prefix) : 0;
    if (plen + len <= FRANA_MAX_TERM)
        return add_term(ts, prefix, plen, body, len, NULL, 0, kind);
    size_t keep = FRANA_MAX_TERM - 9;
    /* Back up to a character boundary. */
    while (keep > plen && ((unsigned char)body[keep - plen] & 0xC0) == 0x80)
        keep--;
    char tail[10];
    snprintf(tail, sizeof tail, "#%08x", (unsigned)fnv1a(prefix, plen, body, len));
    ts->long_token = 1;
    return add_term(ts, prefix, plen, body, keep - plen, tail, 9, kind);
}

void frana_termset_finish(frana_termset *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        ts->terms[i].text = ts->buf.data + ts->offsets[i];
}
