/*
 * exonyms.c — the public side of the names stage: a word's name keys, and the
 * names of the CLDR exonym groups it belongs to (for `frana names`). The group
 * lookup walks the embedded table (names/exonyms.tsv, a few hundred lines) and
 * keys each name with the names stage itself, so it always agrees with what
 * the analysis emits.
 */
#include "analysis.h"

#include <string.h>

#include "names.h"

extern const char frana_exonyms_tsv[];
extern const size_t frana_exonyms_tsv_len;

/* The keys of a word: normalized first, as the chain does. */
static int keys_of(frana_session *s, const char *word, size_t len, const char *lang,
                   frana_name_key *keys)
{
    int rc = frana_normalize(word, len, &s->norm, &s->cps, &s->cps_cap);
    if (rc)
        return rc;
    return frana_name_keys(s->names, s->norm.data, s->norm.len, lang, keys,
                           FRANA_NAME_KEYS_MAX);
}

int frana_name_keys_of(frana_session *s, const char *word, size_t len, const char *lang,
                       frana_key_fn cb, void *ctx)
{
    if (!s || !word || !cb || !s->names)
        return FRANA_ERR_INVALID;
    frana_name_key keys[FRANA_NAME_KEYS_MAX];
    int n = keys_of(s, word, len, lang, keys);
    if (n < 0)
        return n;
    for (int i = 0; i < n; i++) {
        int rc = cb(ctx, keys[i].text, keys[i].len,
                    keys[i].kind == FRANA_NAME_KEY_EXONYM ? FRANA_TERM_EXONYM : FRANA_TERM_NAME);
        if (rc)
            return rc;
    }
    return FRANA_OK;
}

/* Whether a cell's exonym keys meet one of want[0..nwant): 1, 0, or a negative error. */
static int cell_meets(frana_session *s, const char *cell, size_t len, const frana_name_key *want,
                      int nwant)
{
    const char *colon = memchr(cell, ':', len);
    if (!colon || colon - cell > 3)
        return 0;
    char lang[4] = {0};
    memcpy(lang, cell, (size_t)(colon - cell));
    frana_name_key keys[FRANA_NAME_KEYS_MAX];
    int n = keys_of(s, colon + 1, len - (size_t)(colon + 1 - cell), lang, keys);
    if (n < 0)
        return n;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < nwant; j++)
            if (keys[i].kind == FRANA_NAME_KEY_EXONYM && keys[i].len == want[j].len &&
                memcmp(keys[i].text, want[j].text, keys[i].len) == 0)
                return 1;
    return 0;
}

int frana_exonyms(frana_session *s, const char *word, size_t len, const char *lang,
                  frana_name_fn cb, void *ctx)
{
    if (!s || !word || !cb || !s->names)
        return FRANA_ERR_INVALID;
    frana_name_key keys[FRANA_NAME_KEYS_MAX], want[FRANA_NAME_KEYS_MAX];
    int n = keys_of(s, word, len, lang, keys), nwant = 0;
    if (n < 0)
        return n;
    for (int i = 0; i < n; i++)
        if (keys[i].kind == FRANA_NAME_KEY_EXONYM)
            want[nwant++] = keys[i];
    if (nwant == 0)
        return FRANA_OK;
    const char *t = frana_exonyms_tsv, *end = t + frana_exonyms_tsv_len;
    while (t < end) {
        const char *eol = memchr(t, '\n', (size_t)(end - t));
        if (!eol)
            eol = end;
        /* Cells after the group id, tab separated. */
        const char *c = memchr(t, '\t', (size_t)(eol - t));
        int meets = 0;
        for (const char *p = c; p && p < eol && !meets;) {
            const char *q = memchr(p + 1, '\t', (size_t)(eol - p - 1));
            if (!q)
                q = eol;
            meets = cell_meets(s, p + 1, (size_t)(q - p - 1), want, nwant);
            if (meets < 0)
                return meets;
            p = q < eol ? q : NULL;
        }
        for (const char *p = meets ? c : NULL; p && p < eol;) {
            const char *q = memchr(p + 1, '\t', (size_t)(eol - p - 1));
            if (!q)
                q = eol;
            const char *cell = p + 1, *colon = memchr(cell, ':', (size_t)(q - cell));
            if (colon && colon - cell <= 3) {
                char l[4] = {0};
                memcpy(l, cell, (size_t)(colon - cell));
                int rc = cb(ctx, l, colon + 1, (size_t)(q - colon - 1));
                if (rc)
                    return rc;
            }
            p = q < eol ? q : NULL;
        }
        t = eol + 1;
    }
    return FRANA_OK;
}

