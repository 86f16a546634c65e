/*
 * langstop.c — the stopwords of other languages: articles in English, German,
 * Spanish or Russian get their language's Snowball list (stopwords/english.txt,
 * …), Czech and Polish a short list of function words (Snowball has none), as
 * French articles get French's; a query that reads as one of these
 * languages (a hint "?en" from plugin/query/querylang.c) gets that list beside
 * the French one, everything else staying as for a query of no language.
 */
#include "analysis.h"

#include <string.h>

extern const char frana_stopwords_english[], frana_stopwords_german[], frana_stopwords_spanish[],
    frana_stopwords_russian[], frana_stopwords_czech[], frana_stopwords_polish[];
extern const size_t frana_stopwords_english_len, frana_stopwords_german_len,
    frana_stopwords_spanish_len, frana_stopwords_russian_len, frana_stopwords_czech_len,
    frana_stopwords_polish_len;

static const char *const codes[FRANA_LANGSTOP_N] = {"en", "de", "es", "ru", "cs", "pl"};

int frana_langstop_new(frana_stopwords *out[FRANA_LANGSTOP_N], char **errmsg)
{
    const char *text[FRANA_LANGSTOP_N] = {frana_stopwords_english, frana_stopwords_german,
                                          frana_stopwords_spanish, frana_stopwords_russian,
                                          frana_stopwords_czech,   frana_stopwords_polish};
    size_t len[FRANA_LANGSTOP_N] = {frana_stopwords_english_len, frana_stopwords_german_len,
                                    frana_stopwords_spanish_len, frana_stopwords_russian_len,
                                    frana_stopwords_czech_len,   frana_stopwords_polish_len};
    for (int i = 0; i < FRANA_LANGSTOP_N; i++)
        out[i] = NULL;
    for (int i = 0; i < FRANA_LANGSTOP_N; i++) {
        int rc = frana_stopwords_parse(text[i], len[i], &out[i], errmsg);
        if (rc) {
            frana_langstop_free(out);
            return rc;
        }
    }
    return FRANA_OK;
}

void frana_langstop_free(frana_stopwords *sets[FRANA_LANGSTOP_N])
{
    for (int i = 0; i < FRANA_LANGSTOP_N; i++) {
        frana_stopwords_free(sets[i]);
        sets[i] = NULL;
    }
}

int frana_langstop_index(const char *lang, int *hint)
{
    *hint = 0;
    if (!lang)
        return -1;
    if (lang[0] == '?') {
        *hint = 1;
        lang++;
    }
    for (int i = 0; i < FRANA_LANGSTOP_N; i++)
        if (strcmp(lang, codes[i]) == 0)
            return i;
    return -1;
}

