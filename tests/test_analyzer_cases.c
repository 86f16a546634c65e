/*
 * test_analyzer_cases.c — the data-driven analyzer cases:
 *   data/analyzer_cases.tsv  MODE<TAB>INPUT<TAB>EXPECTED: the folded words of
 *                            the non-stop tokens, in order;
 *   data/stem_cases.tsv      QUERY<TAB>DOCUMENT<TAB>match|nomatch: the query
 *                            word's query-mode terms share one with the
 *                            document word's index-mode terms, or not.
 * A failure names the file and line.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frana.h"

typedef struct words {
    char buf[4096];
    size_t n;
} words;

static int collect_words(void *ctx, const frana_token *t)
{
    words *w = ctx;
    if (t->flags & FRANA_TOKEN_STOP)
        return 0;
    for (size_t i = 0; i < t->nterms; i++) {
        if (t->terms[i].kind != FRANA_TERM_WORD)
            continue;
        if (w->n + t->terms[i].len + 2 >= sizeof w->buf)
            return 1;
        if (w->n)
            w->buf[w->n++] = ' ';
        memcpy(w->buf + w->n, t->terms[i].text, t->terms[i].len);
        w->n += t->terms[i].len;
    }
    w->buf[w->n] = 0;
    return 0;
}

#define MAXTERMS 64
typedef struct termlist {
    char t[MAXTERMS][256];
    int n;
} termlist;

static int collect_terms(void *ctx, const frana_token *t)
{
    termlist *l = ctx;
    if (t->flags & FRANA_TOKEN_STOP)
        return 0;
    for (size_t i = 0; i < t->nterms && l->n < MAXTERMS; i++) {
        snprintf(l->t[l->n], sizeof l->t[0], "%.*s", (int)t->terms[i].len, t->terms[i].text);
        l->n++;
    }
    return 0;
}

/* Splits line at tabs into at most max fields; returns the count. */
static int fields(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

static void analyzer_cases(frana_session *s)
{
    const char *path = "data/analyzer_cases.tsv";
    FILE *fp = fopen(path, "r");
    if (!check(fp != NULL, "cannot open %s", path))
        return;
    char line[8192];
    int lineno = 0, cases = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *f[3];
        int n = fields(line, f, 3);
        if (!check(n >= 2, "%s:%d: expected MODE<TAB>INPUT<TAB>EXPECTED", path, lineno))
            continue;
        const char *want = n == 3 ? f[2] : "";
        frana_mode mode = strcmp(f[0], "query") == 0 ? FRANA_MODE_QUERY : FRANA_MODE_INDEX;
        words w = {{0}, 0};
        int rc = frana_analyze(s, f[1], strlen(f[1]), NULL, mode, collect_words, &w);
        check(rc == 0 && strcmp(w.buf, want) == 0, "%s:%d: %s [%s] gives [%s], expected [%s]",
              path, lineno, f[0], f[1], w.buf, want);
        cases++;
    }
    fclose(fp);
    check(cases >= 60, "%s holds %d cases", path, cases);
}

static int meet(frana_session *s, const char *query, const char *doc)
{
    termlist q = {.n = 0}, d = {.n = 0};
    frana_analyze(s, query, strlen(query), NULL, FRANA_MODE_QUERY, collect_terms, &q);
    frana_analyze(s, doc, strlen(doc), "fr", FRANA_MODE_INDEX, collect_terms, &d);
    for (int i = 0; i < q.n; i++)
        for (int j = 0; j < d.n; j++)
            if (strcmp(q.t[i], d.t[j]) == 0)
                return 1;
    return 0;
}

static void stem_cases(frana_session *s)
{
    const char *path = "data/stem_cases.tsv";
    FILE *fp = fopen(path, "r");
    if (!check(fp != NULL, "cannot open %s", path))
        return;
    char line[4096];
    int lineno = 0, cases = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *f[4];
        int n = fields(line, f, 4);
        if (!check(n >= 3, "%s:%d: expected QUERY<TAB>DOCUMENT<TAB>match|nomatch", path, lineno))
            continue;
        int want = strcmp(f[2], "match") == 0;
        int got = meet(s, f[0], f[1]);
        check(got == want, "%s:%d: query [%s] %s document [%s]", path, lineno, f[0],
              want ? "should match" : "should not match", f[1]);
        cases++;
    }
    fclose(fp);
    check(cases >= 40, "%s holds %d cases", path, cases);
}

int main(void)
{
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == 0, "analyzer: %s", err ? err : "?"))
        return check_report();
    frana_session *s = frana_session_new(a);
    analyzer_cases(s);
    stem_cases(s);
    frana_session_free(s);
    frana_analyzer_free(a);
    return check_report();
}
