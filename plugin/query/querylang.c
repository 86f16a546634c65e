/*
 * querylang.c — the language of a query (see querylang.h).
 *
 * A query carries no language, so its words are French stopwords only, and
 * English "the", "a", "of" would search French *thé* and *a*. The language is
 * recognised from function words that are no French word (nor a word of
 * another language of the list) and from the script; a query that reads as
 * French, or as nothing in particular, gets no hint.
 */
#include "querylang.h"

#include <string.h>

#include "base.h"

static const char *const hints[] = {"?en", "?de", "?es", "?ru", "?cs", "?pl"};

/* Function words that mark a language and are no word of French (nor of
 * another language of the list): "la", "de", "en", "que" mark nothing.
 * English "I", which English always writes with a capital, marks English
 * written so (Polish and Czech "i" is "and"). */
static const char *const marks_fr[] = {
    "le",   "les",  "des",  "du",   "et",  "est",  "une",   "un",   "dans", "pour",
    "qui",  "pas",  "sur",  "au",   "aux", "ce",   "cette", "il",   "elle", "sont",
    "avec", "par",  "ont",  "été",  "ne",  "ses",  "leur",  "mais", "plus", "nous",
    "vous", "ils",  "était", "être", "aussi", NULL};
static const char *const marks_en[] = {
    "the",  "of",    "and",  "is",   "are",  "were", "with",  "for",  "that",
    "this", "from",  "by",   "have", "has",  "it",   "which", "to",   "be",   "been",
    "at",   "its",   "their", "they", "but", "not",  "or",   "would", "he",  "she",
    "we",   "who",   "had",  "as",   "after", "about", "into", "than", NULL};
static const char *const marks_de[] = {
    "der",  "die",  "das",  "und",   "ist",  "nicht", "mit",  "von",   "den",  "dem",
    "ein",  "eine", "einen", "auf",  "für",  "zu",    "sich", "im",    "wird", "wurde",
    "sind", "auch", "bei",  "nach",  "aus",  "war",   "hat",  "werden", "zum", "zur",
    "oder", "wie",  "einer", "dass", "sie",  "er",    "es",   "noch",  NULL};
static const char *const marks_es[] = {
    "el",  "los",  "las",  "del",   "y",    "una",  "por",   "con",  "para", "está",
    "fue", "sus",  "al",   "lo",    "como", "más",  "pero",  "sobre", "entre", "también",
    "ha",  "han",  "muy",  "hay",   "ser",  "esta", "este",  "años", "su",   "no",
    "uno", "sido", "desde", "cuando", NULL};
static const char *const marks_cs[] = {
    "že",   "ve",   "pro",  "jako", "ale",   "jsou", "byl",  "byla", "bylo",
    "které", "který", "která", "jeho", "její", "při", "podle", "také", "už", "jen",
    "než",  "mezi", "tento", "této", "jsem", "aby",  "nebo", "mají", "bude", "v", NULL};
static const char *const marks_pl[] = {
    "w",    "się",  "że",   "nie",  "jest", "przez", "są",   "był",  "była", "było",
    "który", "która", "które", "jego", "jej", "dla", "przy", "oraz", "także", "też",
    "tylko", "czy", "lub",  "już",  "może", "tym",   "tego", "z", NULL};

static int in_list(const char *const *list, const char *w, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

const char *frana_query_lang_hint(const char *text, size_t len)
{
    int fr = 0, score[5] = {0, 0, 0, 0, 0}; /* en, de, es, cs, pl */
    size_t cyr = 0, latin = 0, i = 0;
    while (i < len) {
        /* one word: a run of letters (ASCII case folded, other bytes as they are) */
        char w[16];
        size_t n = 0, wl = 0, first = 0;
        int is_word = 0;
        while (i < len) {
            size_t at = i;
            int bad = 0;
            int32_t c = frana_utf8_next((const uint8_t *)text, len, &i, &bad);
            int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= 0xc0 && c <= 0x24f) || (c >= 0x400 && c <= 0x52f);
            if (!letter) {
                if (is_word)
                    break;
                continue;
            }
            if (!is_word) {
                first = at;
                if (c >= 0x400 && c <= 0x52f)
                    cyr++;
                else
                    latin++;
            }
            is_word = 1;
            for (size_t k = at; k < i; k++) {
                char b = text[k];
                if (n < sizeof w)
                    w[n++] = (b >= 'A' && b <= 'Z') ? (char)(b + 32) : b;
            }
            wl++;
        }
        if (!is_word || n >= sizeof w || wl > 7)
            continue;
        fr += in_list(marks_fr, w, n);
        score[0] += in_list(marks_en, w, n) || (n == 1 && text[first] == 'I');
        score[1] += in_list(marks_de, w, n);
        score[2] += in_list(marks_es, w, n);
        score[3] += in_list(marks_cs, w, n);
        score[4] += in_list(marks_pl, w, n);
    }
    if (cyr > latin)
        return hints[3]; /* Russian's list also holds many Ukrainian and Belarusian words */
    static const int hint_of[5] = {0, 1, 2, 4, 5};
    int best = 0;
    for (int k = 1; k < 5; k++)
        if (score[k] > score[best])
            best = k;
    if (score[best] == 0 || score[best] <= fr)
        return NULL;
    return hints[hint_of[best]];
}
