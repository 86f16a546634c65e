/*
 * fuzz_analyze.c — libFuzzer target for the analysis chain: raw bytes in, in
 * index mode and in query mode, under several languages. Besides crashes and
 * sanitizer reports it checks the token invariants: offsets inside the input
 * and increasing, positions increasing, terms non-empty, valid UTF-8 and within
 * FRANA_MAX_TERM.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "frana.h"

typedef struct state {
    size_t len, last_start;
    uint32_t last_pos;
    int first;
} state;

static void valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            abort();
        i += (size_t)k;
    }
}

static int on_token(void *ctx, const frana_token *t)
{
    state *st = ctx;
    if (t->start > t->end || t->end > st->len)
        abort();
    if (!st->first && (t->pos <= st->last_pos || t->start < st->last_start))
        abort();
    st->first = 0;
    st->last_pos = t->pos;
    st->last_start = t->start;
    valid_utf8(t->surface, t->surface_len);
    for (size_t i = 0; i < t->nterms; i++) {
        if (t->terms[i].len == 0 || t->terms[i].len > FRANA_MAX_TERM)
            abort();
        valid_utf8(t->terms[i].text, t->terms[i].len);
    }
    return 0;
}

static frana_analyzer *analyzer;
static frana_session *session;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {NULL, "fr", "en", "de", "ru", "uk", "pl", "cs"};
    if (!analyzer) {
        char *err = NULL;
        if (frana_analyzer_new(NULL, &analyzer, &err) != 0)
            abort();
        session = frana_session_new(analyzer);
    }
    if (size == 0)
        return 0;
    const char *lang = langs[data[0] & 7];
    frana_mode mode = (data[0] & 8) ? FRANA_MODE_QUERY : FRANA_MODE_INDEX;
    state st = {size - 1, 0, 0, 1};
    int rc = frana_analyze(session, (const char *)data + 1, size - 1, lang, mode, on_token, &st);
    if (rc != 0)
        abort();
    return 0;
}
