/*
 * test_cognates.c — French cognates of English query words: the ending table
 * (cognates.c) and, walking tests/data/cognates_cases.tsv, that the query terms
 * of the English word meet the index terms of the French word (or, with
 * "nomatch", do not; with "nomatch-fr", not when the query is given as French).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cognates.h"
#include "frana.h"

#define MAXT 64

typedef struct termlist {
    char t[MAXT][FRANA_MAX_TERM + 8];
    int n;
} termlist;

static int collect(void *ctx, const frana_token *tok)
{
    termlist *l = ctx;
    for (size_t i = 0; i < tok->nterms && l->n < MAXT; i++) {
        if (tok->terms[i].kind != FRANA_TERM_STEM && tok->terms[i].kind != FRANA_TERM_FOLDED)
            continue;
        size_t len = tok->terms[i].len < FRANA_MAX_TERM ? tok->terms[i].len : FRANA_MAX_TERM;
        memcpy(l->t[l->n], tok->terms[i].text, len);
        l->t[l->n++][len] = 0;
    }
    return 0;
}

/* 1 when the query terms of en meet the index terms of fr, 0 when not, -1
 * when an analysis fails (so that neither check passes). */
static int meets(frana_session *s, const char *en, const char *fr, const char *qlang)
{
    termlist q = {0}, d = {0};
    int rq = frana_analyze(s, en, strlen(en), qlang, FRANA_MODE_QUERY, collect, &q);
    int rd = frana_analyze(s, fr, strlen(fr), "fr", FRANA_MODE_INDEX, collect, &d);
    if (!check(rq == 0 && rd == 0 && q.n > 0 && d.n > 0, "analysis of %s / %s (%d %d, %d %d terms)",
               en, fr, rq, rd, q.n, d.n))
        return -1;
    for (int i = 0; i < q.n; i++)
        for (int j = 0; j < d.n; j++)
            if (strcmp(q.t[i], d.t[j]) == 0)
                return 1;
    return 0;
}

static void table_cases(void)
{
    char out[FRANA_COGNATES_MAX][FRANA_COGNATE_MAX];
    int n = frana_cognates("republican", 10, out);
    check(n == 1 && strcmp(out[0], "republicain") == 0, "republican → republicain (%d)", n);
    n = frana_cognates("americans", 9, out);
    check(n == 1 && strcmp(out[0], "americain") == 0, "americans → americain (%d)", n);
    n = frana_cognates("chinese", 7, out);
    check(n == 2 && strcmp(out[1], "chinois") == 0, "chinese → chinais, chinois (%d)", n);
    check(frana_cognates("plan", 4, out) == 0, "plan keeps no root of 3 letters");
    check(frana_cognates("obama", 5, out) == 0, "no ending: no candidate");
    check(frana_cognates("caf\xc3\xa9", 5, out) == 0, "not ASCII: no candidate");
    check(frana_cognates("", 0, out) == 0, "empty word");
    /* Peoples: a stem and at most four letters of ending, the longest stem. */
    n = frana_demonyms("americanization", 15, out); /* stem + 7 letters */
    check(n == 0, "americanization: an ending of 7 letters is no demonym (%d)", n);
    n = frana_demonyms("niemieckiego", 12, out); /* stem + 4 letters */
    check(n == 1 && strcmp(out[0], "allemand") == 0, "niemieckiego → allemand (%d)", n);
    n = frana_demonyms("francouzsky", 11, out);
    check(n == 2 && strcmp(out[0], "francais") == 0 && strcmp(out[1], "francaise") == 0,
          "francouzsky → francais, francaise (%d)", n);
    n = frana_demonyms("niemieckie", 10, out);
    check(n == 1 && strcmp(out[0], "allemand") == 0, "niemieckie → allemand (%d)", n);
    const char *ru = "\xd0\xb0\xd0\xbc\xd0\xb5\xd1\x80\xd0\xb8\xd0\xba\xd0\xb0\xd0\xbd"
                     "\xd1\x81\xd0\xba\xd0\xbe\xd0\xb3\xd0\xbe"; /* американского */
    n = frana_demonyms(ru, strlen(ru), out);
    check(n == 1 && strcmp(out[0], "americain") == 0, "американского → americain (%d)", n);
    check(frana_demonyms("alemania", 8, out) == 0, "Alemania (the country) gives no adjective");
    check(frana_demonyms("americ", 6, out) == 0, "shorter than every stem: none");
    check(frana_demonyms("", 0, out) == 0, "empty word: none");
    /* German nouns: the whole German stem, not a prefix of it. */
    n = frana_nouns_de("jahr", 4, out);
    check(n == 2 && strcmp(out[0], "an") == 0 && strcmp(out[1], "annee") == 0,
          "jahr → an, annee (%d)", n);
    n = frana_nouns_de("arbeit", 6, out); /* Arbeit, Arbeiter */
    check(n == 3 && strcmp(out[2], "ouvrier") == 0, "arbeit → travail, …, ouvrier (%d)", n);
    check(frana_nouns_de("jah", 3, out) == 0, "a prefix of a stem: none");
    check(frana_nouns_de("jahrhunderts", 12, out) == 0, "a stem and more letters: none");
    check(frana_nouns_de("", 0, out) == 0, "empty stem: none");
}

int main(void)
{
    table_cases();
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == FRANA_OK, "analyzer: %s", err ? err : ""))
        return check_report();
    frana_session *s = frana_session_new(a);
    FILE *f = fopen("data/cognates_cases.tsv", "r");
    check(f != NULL, "data/cognates_cases.tsv opens");
    char line[512];
    int lineno = 0, nmeet = 0, nnomatch = 0;
    while (f && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *en = strtok(line, "\t"), *fr = strtok(NULL, "\t"), *mode = strtok(NULL, "\t");
        if (!check(en && fr, "line %d: two columns", lineno))
            continue;
        if (!mode)
            nmeet++, check(meets(s, en, fr, NULL) == 1, "line %d: %s meets %s", lineno, en, fr);
        else if (strcmp(mode, "nomatch") == 0)
            nnomatch++, check(meets(s, en, fr, NULL) == 0, "line %d: %s does not meet %s", lineno,
                              en, fr);
        else if (strcmp(mode, "nomatch-fr") == 0)
            nnomatch++, check(meets(s, en, fr, "fr") == 0, "line %d: %s (French) does not meet %s",
                              lineno, en, fr);
        else
            check(0, "line %d: unknown mode '%s'", lineno, mode);
    }
    /* The file holds 33 matching and 2 non-matching cases. */
    check(nmeet >= 30 && nnomatch >= 2, "cases: %d that meet, %d that do not", nmeet, nnomatch);
    if (f)
        fclose(f);
    frana_session_free(s);
    frana_analyzer_free(a);
    return check_report();
}
