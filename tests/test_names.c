/*
 * test_names.c — the name-key stage (plugin/names.c).
 *
 * Table-driven: exact keys of each romanization convention, robustness on bad
 * input, then the data files tests/data/names_cases.tsv (meet|apart),
 * names_nearmiss.tsv (all apart) and names_variants.tsv (real variant pairs,
 * at least VARIANTS_MIN percent must meet). Run from tests/.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frana.h"
#include "names.h"

#include "check.h"

#define VARIANTS_MIN 85.0

static frana_names_session *S;

/* "*" or "" means the language is unknown. */
static const char *lang_arg(const char *l) { return (!l || !*l || strcmp(l, "*") == 0) ? NULL : l; }

static int keys(const char *w, const char *lang, frana_name_key *k)
{
    return frana_name_keys(S, w, strlen(w), lang_arg(lang), k, FRANA_NAME_KEYS_MAX);
}

static void show(const char *w, const char *lang, char *out, size_t cap)
{
    frana_name_key k[FRANA_NAME_KEYS_MAX];
    int n = keys(w, lang, k);
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < n && o + FRANA_NAME_KEY_MAX + 4 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s%s", i ? " " : "", k[i].text,
                              k[i].kind == FRANA_NAME_KEY_EXONYM ? "(x)" : "");
}

static int meet(const char *a, const char *la, const char *b, const char *lb)
{
    frana_name_key ka[FRANA_NAME_KEYS_MAX], kb[FRANA_NAME_KEYS_MAX];
    int na = keys(a, la, ka), nb = keys(b, lb, kb);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (strcmp(ka[i].text, kb[j].text) == 0)
                return 1;
    return 0;
}

/* Exact first keys: they document the key space of each convention. */
static void test_exact(void)
{
    static const char *const cases[][3] = {
        {"loukachenko", "fr", "lukaxenk"}, {"lukashenko", "en", "lukaxenk"},
        {"lukaschenko", "de", "lukaxenk"}, {"łukaszenka", "pl", "lukaxenk"},
        {"lukašenko", "cs", "lukaxenk"},   {"лукашенко", "ru", "lukaxenk"},
        {"лукашэнка", "be", "lukaxenk"},   {"khrouchtchev", "fr", "hruxev"},
        {"khrushchev", "en", "hruxev"},   {"chruschtschow", "de", "hruxev"},
        {"chruszczow", "pl", "hruxev"},   {"chruščov", "cs", "hruxev"},
        {"jruschov", "es", "hruxev"},     {"хрущёв", "ru", "hruxev"},
        {"poutine", "fr", "putin"},        {"путиным", "ru", "putin"},
        {"москве", "ru", "moskv"},         {"moskwy", "pl", "moskv"},
        {"yeltsin", "en", "eltsin"},       {"jelzin", "de", "eltsin"},
        {"харків", "uk", "harkiv"},        {"харьков", "ru", "harkov"},
        {"gorbaciov", "it", "gorbacev"},   {"sevilla", "es", "sevil"},
        {"chroesjtsjov", "nl", "hruxev"}, {"minskas", "lt", "minsk"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        frana_name_key k[FRANA_NAME_KEYS_MAX];
        int n = keys(cases[i][0], cases[i][1], k);
        check(n >= 1 && strcmp(k[0].text, cases[i][2]) == 0, "exact: %s (%s) -> %s, want %s",
              cases[i][0], cases[i][1], n ? k[0].text : "(none)", cases[i][2]);
    }
}

/* Bad input never crashes and gets no key; limits are kept. */
static void test_robust(void)
{
    frana_name_key k[FRANA_NAME_KEYS_MAX];
    static const char *const nokey[] = {"\xff\xfe", "\xd0", "lu\xc3", "abc123", "αθήνα",
                                         "", "'", "--"};
    for (size_t i = 0; i < sizeof nokey / sizeof nokey[0]; i++)
        check(frana_name_keys(S, nokey[i], strlen(nokey[i]), NULL, k, FRANA_NAME_KEYS_MAX) == 0,
              "robust: no key for bad word #%zu", i);
    size_t big = 100000;
    char *huge = malloc(big);
    if (huge) {
        memset(huge, 'a', big);
        check(frana_name_keys(S, huge, big, "fr", k, FRANA_NAME_KEYS_MAX) == 0, "robust: huge word");
        /* 63 letters: no key longer than the buffer */
        int n = frana_name_keys(S, "bcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcd",
                                63, "en", k, FRANA_NAME_KEYS_MAX);
        check(n == 1 && k[0].len == 63, "robust: 63-letter key kept");
        n = frana_name_keys(S, "bcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfgbcdfg",
                            65, "en", k, FRANA_NAME_KEYS_MAX);
        check(n == 0, "robust: a key longer than the buffer is not emitted");
        free(huge);
    }
    check(frana_name_keys(NULL, "putin", 5, NULL, k, 8) == 0, "robust: NULL session");
    check(frana_name_keys(S, NULL, 5, NULL, k, 8) == 0, "robust: NULL word");
    check(frana_name_keys(S, "putin", 5, NULL, k, 0) == 0, "robust: max 0");
    check(frana_name_keys(S, "loukachenko", 11, NULL, k, 1) == 1, "robust: max 1");
    check(frana_name_keys(S, "putin", 5, "xx", k, 8) >= 1, "robust: unknown language");
    check(keys("Putin", "en", k) == 1 && strcmp(k[0].text, "putin") == 0, "robust: upper case");
    check(keys("путин", "fr", k) >= 1 && strcmp(k[0].text, "putin") == 0,
          "robust: a Cyrillic word in a French text is keyed as Cyrillic");
    /* unknown language on both scripts: keys are distinct, ASCII, NUL-terminated */
    static const char *const words[] = {"loukachenko", "warschau", "москва", "jirinovski",
                                        "chruschtschow", "moscou", "lukaszenko"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        int n = keys(words[i], NULL, k);
        check(n >= 1 && n <= FRANA_NAME_KEYS_MAX, "keys: %s has 1..%d keys", words[i],
              FRANA_NAME_KEYS_MAX);
        for (int a = 0; a < n; a++) {
            check(k[a].len == strlen(k[a].text) && k[a].len < FRANA_NAME_KEY_MAX,
                  "keys: %s key %d length", words[i], a);
            int ascii = 1;
            for (size_t c = 0; c < k[a].len; c++)
                ascii &= k[a].text[c] >= 'a' && k[a].text[c] <= 'z';
            check(ascii, "keys: %s key %s is lower-case ASCII", words[i], k[a].text);
            for (int b = a + 1; b < n; b++)
                check(strcmp(k[a].text, k[b].text) != 0, "keys: %s duplicate %s", words[i],
                      k[a].text);
        }
    }
    int n = keys("moscou", "fr", k), exo = 0;
    for (int i = 0; i < n; i++)
        exo |= k[i].kind == FRANA_NAME_KEY_EXONYM && strcmp(k[i].text, "moskov") == 0;
    check(exo, "exonym: moscou carries the Moscow group key");
}

/* Splits a TSV line in place; returns the field count. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        f[n++] = line;
        char *t = strchr(line, '\t');
        if (!t)
            break;
        *t = '\0';
        line = t + 1;
    }
    return n;
}

/* Walks a pair file; returns the number of pairs, counts meets in *met. */
static int walk(const char *path, int strict, int *met)
{
    FILE *f = fopen(path, "r");
    check(f != NULL, "cannot open %s", path);
    if (!f)
        return 0;
    char line[2048];
    int lineno = 0, pairs = 0;
    *met = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *fl[6];
        if (split(line, fl, 6) < 5) {
            check(0, "%s:%d: fewer than 5 fields", path, lineno);
            continue;
        }
        pairs++;
        int want = strcmp(fl[4], "meet") == 0;
        int got = meet(fl[0], fl[1], fl[2], fl[3]);
        if (!want) /* apart whatever side has the unknown language */
            got |= meet(fl[0], "*", fl[2], fl[3]) | meet(fl[0], fl[1], fl[2], "*");
        *met += got;
        if (strict || (want && !got)) {
            char a[640], b[640];
            show(fl[0], fl[1], a, sizeof a);
            show(fl[2], fl[3], b, sizeof b);
            if (strict)
                check(got == want, "%s:%d: %s (%s) [%s] vs %s (%s) [%s]: want %s", path, lineno,
                      fl[0], fl[1], a, fl[2], fl[3], b, fl[4]);
            else
                printf("  variant apart: %s:%d: %s (%s) [%s] vs %s (%s) [%s]\n", path, lineno,
                       fl[0], fl[1], a, fl[2], fl[3], b);
        }
    }
    fclose(f);
    return pairs;
}

/* The exonym keys of an analysis, joined with spaces into buf. */
typedef struct exo_terms {
    char buf[1024];
    size_t n;
} exo_terms;

static int collect_exonyms(void *ctx, const frana_token *t)
{
    exo_terms *e = ctx;
    for (size_t i = 0; i < t->nterms; i++)
        if ((t->terms[i].kind == FRANA_TERM_EXONYM || t->terms[i].kind == FRANA_TERM_NAME_PHRASE) &&
            e->n + t->terms[i].len + 2 < sizeof e->buf) {
            e->buf[e->n++] = ' ';
            memcpy(e->buf + e->n, t->terms[i].text, t->terms[i].len);
            e->n += t->terms[i].len;
            e->buf[e->n] = 0;
        }
    return 0;
}

/* Whether some exonym term of a is one of b's. */
static int exo_meet(const exo_terms *a, const exo_terms *b)
{
    const char *p = a->buf;
    while (*p == ' ') {
        const char *q = strchr(p + 1, ' ');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char t[300];
        if (len < sizeof t - 1) {
            memcpy(t, p, len);
            t[len] = ' ';
            t[len + 1] = 0;
            char hay[1100];
            snprintf(hay, sizeof hay, "%s ", b->buf);
            if (strstr(hay, t))
                return 1;
        }
        if (!q)
            break;
        p = q;
    }
    return 0;
}

/* Phrase exonyms through the whole chain: tests/data/names_phrases.tsv. */
static void test_phrases(void)
{
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (frana_analyzer_new(NULL, &a, &err) != FRANA_OK) {
        check(0, "frana_analyzer_new: %s", err ? err : "");
        free(err);
        return;
    }
    frana_session *s = frana_session_new(a);
    FILE *f = fopen("data/names_phrases.tsv", "r");
    check(s && f, "data/names_phrases.tsv and a session");
    char line[512];
    int lineno = 0, cases = 0;
    while (s && f && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *fr = strtok(line, "\t"), *q = strtok(NULL, "\t"), *mode = strtok(NULL, "\t");
        if (!fr || !q)
            continue;
        exo_terms di = {{0}, 0}, qi = {{0}, 0};
        frana_analyze(s, fr, strlen(fr), "fr", FRANA_MODE_INDEX, collect_exonyms, &di);
        frana_analyze(s, q, strlen(q), NULL, FRANA_MODE_QUERY, collect_exonyms, &qi);
        int m = exo_meet(&di, &qi);
        check(mode ? !m : m, "names_phrases.tsv line %d: %s / %s %s (index:%s query:%s)", lineno,
              fr, q, mode ? "must not meet" : "must meet", di.buf, qi.buf);
        cases++;
    }
    check(cases >= 10, "names_phrases.tsv: %d cases", cases);
    if (f)
        fclose(f);
    frana_session_free(s);
    frana_analyzer_free(a);
}

int main(void)
{
    frana_names *n = NULL;
    char *err = NULL;
    int rc = frana_names_new(&n, &err);
    check(rc == 0, "frana_names_new: %s", err ? err : "");
    if (rc) {
        free(err);
        return check_report();
    }
    S = frana_names_session_new(n);
    check(S != NULL, "frana_names_session_new");
    if (S) {
        test_exact();
        test_robust();
        test_phrases();
        int met;
        int pairs = walk("data/names_cases.tsv", 1, &met);
        check(pairs >= 100, "names_cases.tsv: %d cases", pairs);
        pairs = walk("data/names_nearmiss.tsv", 1, &met);
        check(pairs >= 40, "names_nearmiss.tsv: %d pairs (want >= 40)", pairs);
        pairs = walk("data/names_variants.tsv", 0, &met);
        double rate = pairs ? 100.0 * met / pairs : 0.0;
        printf("variants: %d of %d pairs meet (%.1f%%)\n", met, pairs, rate);
        check(pairs >= 60, "names_variants.tsv: %d pairs (want >= 60)", pairs);
        check(rate >= VARIANTS_MIN, "names_variants.tsv: %.1f%% meet, want >= %.0f%%", rate,
              VARIANTS_MIN);
    }
    frana_names_session_free(S);
    frana_names_free(n);
    frana_names_session_free(NULL);
    frana_names_free(NULL);
    return check_report();
}
