/*
 * stem.c — Snowball stemmers through libstemmer, one per language, created on
 * first use and owned by a session (libstemmer handles are not thread-safe).
 */
#include "analysis.h"

#include <libstemmer.h>
#include <stdio.h>
#include <limits.h>
#include <string.h>

static const struct {
    const char *iso, *algorithm;
} langs[FRANA_STEM_LANGS] = {
    {"fr", "french"},     {"en", "english"},   {"de", "german"},     {"ru", "russian"},
    {"es", "spanish"},    {"it", "italian"},   {"pt", "portuguese"}, {"nl", "dutch"},
    {"sv", "swedish"},    {"da", "danish"},    {"no", "norwegian"},  {"fi", "finnish"},
    {"hu", "hungarian"},  {"ro", "romanian"},  {"tr", "turkish"},    {"ca", "catalan"},
};

static int lang_index(const char *lang)
{
    if (!lang)
        return 0;
    for (int i = 0; i < FRANA_STEM_LANGS; i++)
        if (strcmp(langs[i].iso, lang) == 0)
            return i;
    return -1;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int frana_language_code(const char *lang, char out[4])
{
    if (!lang || !out)
        return FRANA_ERR_INVALID;
    size_t n = 0;
    while (n < 4 && is_alpha(lang[n]))
        n++;
    if (n < 2 || n > 3)
        return FRANA_ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] + 32 : lang[i]);
    out[n] = 0;
    /* BCP 47 subtags after the language ("fr-CA", "pt_BR"): checked, not used. */
    for (const char *p = lang + n; *p;) {
        if (*p != '-' && *p != '_')
            return FRANA_ERR_INVALID;
        size_t k = 0;
        for (p++; p[0] && (is_alpha(p[0]) || (p[0] >= '0' && p[0] <= '9')); p++)
            k++;
        if (k == 0 || k > 8)
            return FRANA_ERR_INVALID;
    }
    return FRANA_OK;
}

int frana_language_stems(const char *lang)
{
    char code[4];
    if (!lang)
        return 1;
    return frana_language_code(lang, code) == FRANA_OK && lang_index(code) >= 0;
}

/* Whether libstemmer has the algorithm (sb_stemmer_list allocates nothing). */
static int algorithm_known(const char *algorithm)
{
    for (const char **l = sb_stemmer_list(); *l; l++)
        if (strcmp(*l, algorithm) == 0)
            return 1;
    return 0;
}

const char *frana_stem_algorithm(const char *lang)
{
    int i = lang_index(lang);
    return i < 0 ? NULL : langs[i].algorithm;
}

int frana_stem(frana_stemmers *st, const char *lang, const char *word, size_t len,
               const char **out, size_t *outlen)
{
    int i = lang_index(lang);
    if (i < 0)
        return 0;
    if (!st->by_lang[i]) {
        if (st->tried[i])
            return 0;
        st->by_lang[i] = sb_stemmer_new(langs[i].algorithm, "UTF_8");
        if (!st->by_lang[i]) {
            /* This libstemmer lacks the algorithm (tried once, then the
             * language goes unstemmed), or memory ran out (an error, and the
             * next word tries again). */
            if (algorithm_known(langs[i].algorithm))
                return FRANA_ERR_NOMEM;
            st->tried[i] = 1;
            return 0;
        }
    }
    if (len > INT_MAX)
        return 0;
    const sb_symbol *r = sb_stemmer_stem(st->by_lang[i], (const sb_symbol *)word, (int)len);
    if (!r)
        return FRANA_ERR_NOMEM; /* libstemmer's only failure: its buffer did not grow */
    *out = (const char *)r;
    *outlen = (size_t)sb_stemmer_length(st->by_lang[i]);
    return 1;
}

int frana_stem_word(frana_session *s, const char *lang, const char *word, size_t len,
                    const char **out, size_t *outlen)
{
    if (!s || (!word && len) || !out || !outlen)
        return FRANA_ERR_INVALID;
    int rc = frana_stem(&s->stemmers, lang ? lang : "fr", word ? word : "", len, out, outlen);
    if (rc > 0)
        return FRANA_OK;
    if (rc < 0) {
        snprintf(s->errmsg, sizeof s->errmsg, "out of memory in Snowball");
        return rc;
    }
    snprintf(s->errmsg, sizeof s->errmsg, "no Snowball stemmer for language \"%.15s\"",
             lang ? lang : "fr");
    return FRANA_ERR_STEMMER;
}

void frana_stemmers_free(frana_stemmers *st)
{
    for (int i = 0; i < FRANA_STEM_LANGS; i++) {
        sb_stemmer_delete(st->by_lang[i]);
        st->by_lang[i] = NULL;
        st->tried[i] = 0;
    }
}
