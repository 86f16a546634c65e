/*
 * test_cache_langs — the word cache keys each word by its exact language: one
 * session that analyses many languages, interleaved, gives every token the
 * same terms as a fresh session does for that text alone (index and query
 * modes). Data: tests/data/interleaved_langs.tsv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dump.h"
#include "frana.h"

static int analyse(frana_session *s, const char *lang, const char *text, frana_mode mode,
                   dump *d)
{
    d->len = 0;
    if (d->data)
        d->data[0] = 0;
    return frana_analyze(s, text, strlen(text), lang, mode, on_token, d);
}

int main(void)
{
    FILE *f = fopen("data/interleaved_langs.tsv", "r");
    if (!check(f != NULL, "open data/interleaved_langs.tsv"))
        return check_report();
    char *lines[256], *langs[256];
    size_t n = 0;
    char line[8192];
    while (n < 256 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = 0;
        langs[n] = strdup(line);
        lines[n] = strdup(tab + 1);
        n++;
    }
    fclose(f);
    check(n >= 160, "read %zu lines (want at least 160)", n);

    frana_analyzer *a = NULL;
    char *err = NULL;
    check(frana_analyzer_new(NULL, &a, &err) == FRANA_OK, "analyzer: %s", err ? err : "");
    frana_session *shared = frana_session_new(a);
    dump got = {0}, want = {0};
    size_t compared = 0, distinct_langs = 0;
    /* Three rounds, in three orders (forward, backward, strided), both modes. */
    for (int round = 0; round < 3; round++) {
        for (size_t k = 0; k < n; k++) {
            size_t i = round == 0 ? k : round == 1 ? n - 1 - k : (k * 37) % n;
            for (int m = 0; m < 2; m++) {
                frana_mode mode = m ? FRANA_MODE_QUERY : FRANA_MODE_INDEX;
                int rc1 = analyse(shared, langs[i], lines[i], mode, &got);
                frana_session *fresh = frana_session_new(a);
                int rc2 = analyse(fresh, langs[i], lines[i], mode, &want);
                frana_session_free(fresh);
                if (!check(rc1 == 0 && rc2 == 0, "line %zu: analysis failed (%d, %d)", i + 1,
                           rc1, rc2))
                    continue;
                compared++;
                if (strcmp(got.data, want.data) != 0) {
                    check(0, "line %zu (%s, %s mode, round %d): the shared session's terms "
                             "differ from a fresh session's\n--- shared\n%s--- fresh\n%s",
                          i + 1, langs[i], m ? "query" : "index", round, got.data, want.data);
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        int first = 1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(langs[i], langs[j]) == 0)
                first = 0;
        distinct_langs += first;
    }
    check(distinct_langs >= 14, "%zu languages (want at least 14)", distinct_langs);
    check(compared == 6 * n, "compared %zu analyses (want %zu)", compared, 6 * n);
    /* The case that once differed: Catalan "governos" after Portuguese. */
    frana_session *s = frana_session_new(a);
    analyse(s, "pt", "governos", FRANA_MODE_INDEX, &got);
    analyse(s, "ca", "governos", FRANA_MODE_INDEX, &got);
    frana_session *fresh = frana_session_new(a);
    analyse(fresh, "ca", "governos", FRANA_MODE_INDEX, &want);
    check(strcmp(got.data, want.data) == 0 && strstr(want.data, "XZca:"),
          "ca after pt: '%s', fresh '%s'", got.data, want.data);
    frana_session_free(fresh);
    frana_session_free(s);
    frana_session_free(shared);
    frana_analyzer_free(a);
    for (size_t i = 0; i < n; i++) {
        free(langs[i]);
        free(lines[i]);
    }
    free(got.data);
    free(want.data);
    return check_report();
}
