/*
 * test_stages.c — one group of checks per stage of the chain: tokenizer,
 * elision, normalization, folding, stopwords, stems, term sets.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "analysis.h"

/* Spans of text as "a|b|c" (kind N for numbers). */
static void spans(const char *text, char *out, size_t cap, size_t *invalid)
{
    size_t cur = 0, n = 0, len = strlen(text);
    frana_span sp;
    out[0] = 0;
    *invalid = 0;
    while (frana_next_span(text, len, &cur, &sp, invalid)) {
        n += (size_t)snprintf(out + n, cap - n, "%s%s%.*s", n ? "|" : "",
                              sp.kind == FRANA_SPAN_NUMBER ? "N:" : "",
                              (int)(sp.end - sp.start), text + sp.start);
    }
}

static void test_tokenize(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Bonjour, le monde !", "Bonjour|le|monde"},
        {"l’élection d'Obama", "l’élection|d'Obama"},
        {"Saint-Pétersbourg -- fin-", "Saint-Pétersbourg|fin"},
        {"100 000 personnes", "N:100 000|personnes"},
        {"100\xc2\xa0""000 et 1\xe2\x80\xaf""000\xe2\x80\xaf""000", "N:100\xc2\xa0""000|et|N:1\xe2\x80\xaf""000\xe2\x80\xaf""000"},
        {"en 2020 100 morts", "en|N:2020|N:100|morts"},
        {"80 % et 3,5 points", "N:80|et|N:3,5|points"},
        {"le 2020-09-14 à 14:30", "le|N:2020-09-14|à|N:14:30"},
        {"« cité » — “quoted”", "cité|quoted"},
        {"Лукашенко и Путин", "Лукашенко|и|Путин"},
        {"covid-19 14h30", "covid-19|14h30"},
        {"'guillemets' isolés'", "guillemets|isolés"},
    };
    char got[512];
    size_t inv;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        spans(cases[i].in, got, sizeof got, &inv);
        check(strcmp(got, cases[i].want) == 0, "tokenize(%s) = %s, want %s", cases[i].in, got,
              cases[i].want);
    }
    spans("a\xff\xfe" "b \xc3(c \xe2\x82", got, sizeof got, &inv);
    /* FF, FE, a lone C3 and a truncated E2 82: four maximal subparts. */
    check(strcmp(got, "a|b|c") == 0 && inv == 4, "invalid bytes split words and are counted: %s %zu",
          got, inv);
}

static void test_elision(void)
{
    const char *yes[] = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        check(frana_is_elision(yes[i], strlen(yes[i])), "%s is an elision", yes[i]);
    const char *no[] = {"aujourd", "prud", "presqu", "o", "x", "quel"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        check(!frana_is_elision(no[i], strlen(no[i])), "%s is not an elision", no[i]);
}

static void test_normalize_fold(void)
{
    static const struct {
        const char *in, *norm, *fold;
    } cases[] = {
        {"ÉLECTION", "élection", "election"},
        {"e\xcc\x81lection", "élection", "election"}, /* NFD in, NFC out */
        {"Cœur", "coeur", "coeur"},
        {"ÆTHER", "aether", "aether"},
        {"aujourd’hui", "aujourd'hui", "aujourd'hui"},
        {"Straße", "strasse", "strasse"},
        {"Łódź", "łódź", "lodz"},
        {"Tikhanovskaïa", "tikhanovskaïa", "tikhanovskaia"},
        {"Lukašenko", "lukašenko", "lukasenko"},
        {"ﬁnance", "finance", "finance"},
        {"ＡＢＣ", "abc", "abc"},
        {"ЛУКАШЕНКО", "лукашенко", "лукашенко"},
        {"Ёлка", "ёлка", "елка"},
    };
    frana_buf norm = {0}, fold = {0};
    int32_t *scratch = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = frana_normalize(cases[i].in, strlen(cases[i].in), &norm, &scratch, &cap);
        check(rc == 0 && strcmp(norm.data, cases[i].norm) == 0, "normalize(%s) = %s, want %s",
              cases[i].in, norm.data, cases[i].norm);
        frana_fold(norm.data, norm.len, &fold);
        check(strcmp(fold.data, cases[i].fold) == 0, "fold(%s) = %s, want %s", norm.data,
              fold.data, cases[i].fold);
    }
    check(frana_fold("election", 8, &fold) == 0, "an ASCII word is not changed by folding");
    check(frana_is_cyrillic_word("путин", strlen("путин")), "путин is Cyrillic");
    check(!frana_is_cyrillic_word("putin", 5), "putin is not Cyrillic");
    frana_buf_free(&norm);
    frana_buf_free(&fold);
    free(scratch);
}

static void test_stopwords(void)
{
    frana_stopwords *sw = NULL;
    char *err = NULL;
    int rc = frana_stopwords_load("../stopwords/french.txt", &sw, &err);
    if (!check(rc == 0, "load stopwords: %s", err ? err : "?"))
        return;
    /* 154 words listed; "eût"/"eut" and "celà"/"cela" fold to the same word. */
    check(frana_stopwords_count(sw) == 152, "stopwords/french.txt gives %zu folded words, want 152",
          frana_stopwords_count(sw));
    const char *yes[] = {"le", "la", "de", "meme", "etaient", "a", "qu", "eumes"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        check(frana_stopwords_has(sw, yes[i], strlen(yes[i])), "%s is a stopword", yes[i]);
    const char *no[] = {"election", "paris", "chat", "lee", ""};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        check(!frana_stopwords_has(sw, no[i], strlen(no[i])), "%s is not a stopword", no[i]);
    frana_stopwords_free(sw);
    rc = frana_stopwords_load("/nonexistent/stop.txt", &sw, &err);
    check(rc == FRANA_ERR_IO && err && strstr(err, "/nonexistent/stop.txt"),
          "a missing stopword file is an I/O error naming the file");
    free(err);
}

static void test_terms(void)
{
    frana_termset ts = {0};
    frana_termset_clear(&ts);
    frana_termset_add(&ts, "Z", "elect", 5, FRANA_TERM_STEM);
    frana_termset_add(&ts, "Z", "elect", 5, FRANA_TERM_STEM);
    frana_termset_add(&ts, "", "election", 8, FRANA_TERM_WORD);
    frana_termset_finish(&ts);
    check(ts.n == 2, "duplicate terms are merged (%zu)", ts.n);
    char big[1000];
    memset(big, 'a', sizeof big);
    memcpy(big + 230, "é", 2); /* a two-byte character across the cut */
    frana_termset_clear(&ts);
    frana_termset_add(&ts, "", big, sizeof big, FRANA_TERM_WORD);
    frana_termset_finish(&ts);
    check(ts.long_token && ts.terms[0].len <= FRANA_MAX_TERM,
          "a 1000-byte term is cut to at most %d bytes (%zu)", FRANA_MAX_TERM, ts.terms[0].len);
    check(ts.terms[0].text[ts.terms[0].len - 9] == '#', "a cut term ends with #hash");
    char first[FRANA_MAX_TERM + 1];
    memcpy(first, ts.terms[0].text, ts.terms[0].len);
    big[999] = 'b';
    frana_termset_clear(&ts);
    frana_termset_add(&ts, "", big, sizeof big, FRANA_TERM_WORD);
    frana_termset_finish(&ts);
    check(memcmp(first, ts.terms[0].text, ts.terms[0].len) != 0,
          "two long words that differ after the cut get different terms");
    frana_buf_free(&ts.buf);
}

int main(void)
{
    test_tokenize();
    test_elision();
    test_normalize_fold();
    test_stopwords();
    test_terms();
    return check_report();
}
