/*
 * test_query.c — the query parser (plugin/query.c): structure of the AST for
 * each construct, errors with their byte positions, empty queries.
 * Cases: QUERY, default operator, then the expected rendering (or error).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plan.h"
#include "query.h"
#include "store.h"

#include "check.h"

typedef struct qcase {
    const char *query;
    int default_or;
    const char *expect; /* the rendering, or "ERR <code> <message part>" */
} qcase;

static const qcase cases[] = {
    {"élection", 0, "election|Zélect"},
    {"election", 0, "election|Zelect|XAelect"},
    {"l'élection", 0, "election|Zélect"},
    {"L’ÉLECTION", 0, "election|Zélect"},
    {"Saint-Pétersbourg", 0, "\"saint petersbourg\""},
    {"pomme-de-terre", 0, "\"pomme terre\""},
    {"\"le chat\"", 0, "\"le chat\""},
    {"\"élection\"", 0, "election"},
    {"sotchi minsk", 0, "(AND sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    {"sotchi minsk", 1, "(OR sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    /* Xapian's precedence: a sequence binds tighter than AND, AND than XOR, XOR than OR. */
    {"sotchi minsk OR moscou", 0,
     "(OR (AND sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk) moscou|Zmoscou|XAmoscou)"},
    {"sotchi OR minsk NOT moscou", 0,
     "(OR sotchi|Zsotch|XAsotch (AND_NOT minsk|Zminsk|XAminsk moscou|Zmoscou|XAmoscou))"},
    {"sotchi AND minsk moscou", 1,
     "(AND sotchi|Zsotch|XAsotch (OR minsk|Zminsk|XAminsk moscou|Zmoscou|XAmoscou))"},
    {"sotchi XOR minsk OR moscou", 0,
     "(OR (XOR sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk) moscou|Zmoscou|XAmoscou)"},
    {"sotchi OR minsk XOR moscou", 0,
     "(OR sotchi|Zsotch|XAsotch (XOR minsk|Zminsk|XAminsk moscou|Zmoscou|XAmoscou))"},
    {"sotchi NOT minsk AND moscou", 0,
     "(AND_NOT (AND sotchi|Zsotch|XAsotch moscou|Zmoscou|XAmoscou) minsk|Zminsk|XAminsk)"},
    {"sotchi NEAR minsk", 0, "(NEAR/11 sotchi minsk)"},
    {"sotchi NEAR/3 minsk NEAR moscou", 0, "(NEAR/5 sotchi minsk moscou)"},
    {"Sotchi ADJ/2 l'élection", 0, "(ADJ/3 sotchi election)"},
    {"élect*", 0, "elect*"},
    {"title:Élect*", 0, "title:elect*"},
    {"lang:FR minsk", 0, "(AND filter:XLfr minsk|Zminsk|XAminsk)"},
    {"lang:fr lang:en minsk", 0,
     "(AND (OR filter:XLfr filter:XLen) minsk|Zminsk|XAminsk)"},
    {"source:\"La  Gazette de frana\"", 0, "filter:XSla gazette de frana"},
    {"id:fr-001", 0, "filter:Qfr-001"},
    {"date:2020", 0, "date:20200101..20201231"},
    {"date:2020-09", 0, "date:20200901..20200931"},
    {"date:2020..2021-02", 0, "date:20200101..20210231"},
    {"minsk lang:fr", 1, "(AND filter:XLfr minsk|Zminsk|XAminsk)"},
    /* French typography: quotation marks and Unicode spaces. */
    {"« nuit de colère »", 0, "\"nuit de colere\""},
    {"“nuit de colère”", 0, "\"nuit de colere\""},
    {"„nuit de colère“", 0, "\"nuit de colere\""},
    {"‹nuit de colère›", 0, "\"nuit de colere\""},
    {"\"nuit de colère”", 0, "\"nuit de colere\""},
    {"sotchi\xc2\xa0minsk", 0, "(AND sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    {"sotchi\xe2\x80\xafminsk", 0, "(AND sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    /* A space in a thousands group joins it, as in the index (tokenize.c). */
    {"250 000", 0, "250000"},
    {"1 000 000", 0, "1000000"},
    {"2020 2021", 0, "(AND 2020 2021)"},
    {"12345 678", 0, "(AND 12345 678)"},
    {"1 0000", 0, "(AND 1 0000)"},
    {"(sotchi OR minsk) moscou", 0,
     "(AND (OR sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk) moscou|Zmoscou|XAmoscou)"},
    {"sotchi NOT minsk", 0, "(AND_NOT sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    {"sotchi -minsk", 1, "(AND_NOT sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    {"sotchi AND NOT minsk", 0, "(AND_NOT sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    {"+sotchi minsk", 1, "(AND_MAYBE sotchi|Zsotch|XAsotch minsk|Zminsk|XAminsk)"},
    {"NOT NOT sotchi", 0, "sotchi|Zsotch|XAsotch"},
    {"le sotchi", 0, "sotchi|Zsotch|XAsotch"},
    {"title:sotchi", 0, "title:sotchi|Zsotch|XAsotch"},
    {"title:\"nuit de colère\"", 0, "title:\"nuit de colere\""},
    {"title:(sotchi minsk)", 0, "(AND title:sotchi|Zsotch|XAsotch title:minsk|Zminsk|XAminsk)"},
    {"date:2020-09-01..2020-09-30", 0, "date:20200901..20200930"},
    {"date:2020-09-01..", 0, "date:20200901.."},
    {"date:..2020-09-30", 0, "date:..20200930"},
    {"date:2020-02-29", 0, "date:20200229..20200229"},
    {"minsk date:..2020-09-30", 1, "(AND date:..20200930 minsk|Zminsk|XAminsk)"},
    {"and or not", 0, "(AND and|Zand|XAand or|Zor|XAor not|Znot|XAnot)"},
    /* errors */
    {"(minsk", 0, "ERR -5 syntax error at 0: unbalanced parenthesis"},
    {"minsk)", 0, "ERR -5 syntax error at 5: unbalanced parenthesis"},
    {"minsk ((sotchi)", 0, "ERR -5 syntax error at 6: unbalanced parenthesis"},
    {"\"minsk", 0, "ERR -5 syntax error at 0: unterminated quote"},
    {"minsk AND", 0, "ERR -5 syntax error at 6: AND needs a word after it"},
    {"OR minsk", 0, "ERR -5 syntax error at 0: OR needs a word before it"},
    {"minsk OR NOT sotchi", 0, "ERR -5 syntax error at 9: an excluded word"},
    {"NOT", 0, "ERR -5 syntax error at 0: NOT needs a word"},
    {"()", 0, "ERR -5 syntax error at 0: empty parentheses"},
    {"date:2020-02-30", 0, "ERR -5 syntax error at 5: date must be"},
    {"date:2020-13-01..", 0, "ERR -5 syntax error at 5: bad date"},
    {"date:2020-01-01..2019-1", 0, "ERR -5 syntax error at 17: bad date"},
    {"date:2020-01-01..2019", 0, "ERR -5 syntax error at 5: date range ends before"},
    {"minsk foo:bar", 0, "ERR -5 syntax error at 6: unknown field 'foo:'"},
    {"minsk NEAR", 0, "ERR -5 syntax error at 6: NEAR needs a word after it"},
    {"NEAR minsk", 0, "ERR -5 syntax error at 0: NEAR needs a word before it"},
    {"minsk NEAR \"a b\"", 0, "ERR -5 syntax error at 11: NEAR joins single words"},
    {"minsk NEAR sotchi ADJ moscou", 0, "ERR -5 syntax error at 18: NEAR and ADJ cannot be mixed"},
    {"mi*sk", 0, "ERR -5 syntax error at 2: a wildcard * goes at the end"},
    {"*", 0, "ERR -5 syntax error at 0: a wildcard needs letters"},
    {"minsk XOR", 0, "ERR -5 syntax error at 6: XOR needs a word after it"},
    {"~minsk", 0, "ERR -5 syntax error at 0: ~"},
    {"lang:f", 0, "ERR -5 syntax error at 0: lang: wants a language code"},
    {"« minsk", 0, "ERR -5 syntax error at 0: unterminated quote"},
    {"date:..", 0, "ERR -5 syntax error at 5: date range open on both sides"},
    {"date:2021-01-01..2020-01-01", 0, "ERR -5 syntax error at 5: date range ends before"},
    {"", 0, "ERR -6 nothing to search for"},
    {"le la les", 0, "ERR -6 nothing to search for"},
    {"« , »", 0, "ERR -6 nothing to search for"},
    {"-minsk", 0, "ERR -6 nothing to search for: the query only excludes"},
    {"NOT minsk", 0, "ERR -6 nothing to search for: the query only excludes"},
};

/* ---- accent resolution against a vocabulary, without Xapian ------------------ */

/* A tiny index: term frequencies, the pairs of terms some document holds
 * together, and the accent vocabulary (FOLDED term → index terms). */
typedef struct fake_index {
    const char *const *tf;       /* "term", "count", … NULL */
    const char *const *together; /* "a", "b", … NULL */
    const char *const *vocab;    /* "XAkey", "term", … NULL */
} fake_index;

static int fake_termfreq(void *ctx, const char *t, size_t len, uint64_t *out)
{
    const fake_index *x = ctx;
    *out = 0;
    for (size_t i = 0; x->tf[i]; i += 2)
        if (strlen(x->tf[i]) == len && memcmp(x->tf[i], t, len) == 0)
            *out = (uint64_t)atoi(x->tf[i + 1]);
    return 0;
}

static int fake_cooccur(void *ctx, const char *a, size_t alen, const char *const *bs,
                        const size_t *blens, size_t n, int *out)
{
    const fake_index *x = ctx;
    *out = 0;
    for (size_t i = 0; x->together[i]; i += 2)
        for (size_t j = 0; j < n; j++)
            if (strlen(x->together[i]) == alen && memcmp(x->together[i], a, alen) == 0 &&
                strlen(x->together[i + 1]) == blens[j] &&
                memcmp(x->together[i + 1], bs[j], blens[j]) == 0)
                *out = 1;
    return 0;
}

/* The index terms that begin with prefix, among the pair terms "key term". */
static int fake_expand(void *ctx, const char *prefix, size_t plen, size_t max,
                       int (*cb)(void *, const char *, size_t), void *cbctx)
{
    const fake_index *x = ctx;
    size_t n = 0;
    for (size_t i = 0; x->vocab[i] && n < max; i += 2) {
        char pair[512];
        int len = snprintf(pair, sizeof pair, "%s%c%s", x->vocab[i], FRANA_DB_PAIR_SEP,
                           x->vocab[i + 1]);
        if (len > 0 && (size_t)len >= plen && memcmp(pair, prefix, plen) == 0) {
            int rc = cb(cbctx, pair, (size_t)len);
            if (rc)
                return rc;
            n++;
        }
    }
    return 0;
}

static void expect_plan(frana_session *s, const fake_index *x, const char *query,
                        const char *want)
{
    char err[256], got[1024];
    frana_qnode *n = NULL;
    frana_plan *p = NULL;
    const frana_vocab v = {(void *)x, fake_termfreq, fake_cooccur, fake_expand};
    int rc = frana_query_parse(s, query, strlen(query), NULL, 0, &n, err, sizeof err);
    if (rc == 0)
        rc = frana_plan_build(s, n, &v, "", "S", &p, err, sizeof err);
    if (check(rc == 0, "%s: %d %s", query, rc, err)) {
        frana_plan_describe(p, got, sizeof got);
        check(strcmp(got, want) == 0, "%s: plan '%s', want '%s'", query, got, want);
    }
    frana_plan_free(p);
    frana_qnode_free(n);
}

static void test_vocabulary(frana_session *s)
{
    /* "election" typed without accents: the index holds élection (Zélect), which
     * the FOLDED term XAelect stands for; the plain stem Zelect is unattested. */
    static const char *const tf1[] = {"Zélect", "40", "election", "40",
                                      "SZélect", "4", "Selection", "4", NULL};
    static const char *const tog1[] = {"election", "Zélect", "Selection", "SZélect", NULL};
    static const char *const voc1[] = {"XAelect", "Zélect", NULL};
    const fake_index elect = {tf1, tog1, voc1};
    expect_plan(s, &elect, "election", "(SYN election Zélect)");
    expect_plan(s, &elect, "title:election", "(SYN Selection SZélect)");
    /* "chat": both readings exist (chat → Zchat, châtiment → Zchâti), and the
     * index shows the word as typed next to the plain stem: the folded reading
     * is dropped. */
    static const char *const tf2[] = {"Zchat", "5", "Zchâti", "3", "chat", "5", NULL};
    static const char *const tog2[] = {"chat", "Zchat", NULL};
    static const char *const voc2[] = {"XAchat", "Zchâti", NULL};
    const fake_index chat = {tf2, tog2, voc2};
    expect_plan(s, &chat, "chat", "(SYN chat Zchat)");
    /* The same index where "chat" only ever stands next to châtiment. */
    static const char *const tog3[] = {"chat", "Zchâti", NULL};
    const fake_index chat2 = {tf2, tog3, voc2};
    expect_plan(s, &chat2, "chat", "(SYN chat Zchâti)");
    /* Without an index to ask, the accentless reading is dropped. */
    char err[256], got[512];
    frana_qnode *n = NULL;
    frana_plan *p = NULL;
    int rc = frana_query_parse(s, "election", 8, NULL, 0, &n, err, sizeof err);
    if (rc == 0)
        rc = frana_plan_build(s, n, NULL, "", "S", &p, err, sizeof err);
    if (check(rc == 0, "election without a vocabulary: %d %s", rc, err)) {
        frana_plan_describe(p, got, sizeof got);
        check(strcmp(got, "(SYN election Zelect)") == 0, "election without a vocabulary: %s", got);
    }
    frana_plan_free(p);
    frana_qnode_free(n);
}

int main(void)
{
    frana_options o = {0};
    o.flags = FRANA_NO_NAMES; /* name keys depend on the names stage's tables */
    frana_analyzer *a = NULL;
    if (frana_analyzer_new(&o, &a, NULL))
        return 1;
    frana_session *s = frana_session_new(a);
    if (!check(s != NULL, "session"))
        return check_report();
    char err[256], buf[2048], got[2400];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const qcase *c = &cases[i];
        frana_qnode *n = NULL;
        int rc = frana_query_parse(s, c->query, strlen(c->query), NULL, c->default_or, &n, err,
                                   sizeof err);
        if (rc) {
            snprintf(got, sizeof got, "ERR %d %s", rc, err);
            check(strncmp(got, c->expect, strlen(c->expect)) == 0, "%s: got '%s', want '%s'",
                  c->query, got, c->expect);
        } else {
            frana_query_describe(n, buf, sizeof buf);
            check(strcmp(buf, c->expect) == 0, "%s: got '%s', want '%s'", c->query, buf,
                  c->expect);
        }
        frana_qnode_free(n);
    }
    /* Nesting: 100 levels parse, 101 do not. */
    char deep[512];
    for (int depth = 100; depth <= 101; depth++) {
        memset(deep, '(', (size_t)depth);
        memcpy(deep + depth, "minsk", 5);
        memset(deep + depth + 5, ')', (size_t)depth);
        size_t len = (size_t)depth * 2 + 5;
        frana_qnode *n = NULL;
        int rc = frana_query_parse(s, deep, len, NULL, 0, &n, err, sizeof err);
        check(depth == 100 ? rc == 0 : (rc == FRANA_ERR_SYNTAX && strstr(err, "too deep")),
              "depth %d: %d %s", depth, rc, err);
        frana_qnode_free(n);
    }
    /* Highlight terms leave out the excluded side. */
    frana_qnode *n = NULL;
    frana_plan *plan = NULL;
    int prc = frana_query_parse(s, "sotchi -minsk", 13, NULL, 0, &n, err, sizeof err);
    check(prc == 0, "parse 'sotchi -minsk': %d %s", prc, err);
    if (prc == 0) {
        prc = frana_plan_build(s, n, NULL, "", "S", &plan, err, sizeof err);
        check(prc == 0, "plan 'sotchi -minsk': %d %s", prc, err);
    }
    if (plan) {
        frana_termset_view v;
        check(frana_plan_highlight_terms(plan, &v) == 0, "highlight terms");
        check(frana_termset_view_has(&v, "sotchi", 6) && frana_termset_view_has(&v, "Zsotch", 6) &&
                  !frana_termset_view_has(&v, "minsk", 5),
              "highlight set");
        frana_termset_view_free(&v);
    }
    frana_plan_free(plan);
    frana_qnode_free(n);
    test_vocabulary(s);
    /* Hostile bytes: any code, no crash. */
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)((i * 2654435761u) >> 13);
    n = NULL;
    int rc = frana_query_parse(s, junk, sizeof junk, NULL, 0, &n, err, sizeof err);
    check((rc == 0 && n) || ((rc == FRANA_ERR_SYNTAX || rc == FRANA_ERR_EMPTY) && !n && err[0]),
          "junk: a tree, or a syntax or empty-query error with a message (%d: %s)", rc, err);
    frana_qnode_free(n);
    /* The word cap: the parser stops at the first word over it. */
    n = NULL;
    rc = frana_query_parse_limited(s, "sotchi minsk moscou", 19, NULL, 0, 2, &n, err, sizeof err);
    check(rc == FRANA_ERR_LIMIT && !n && strstr(err, "over the limit of 2 words (at byte 13"),
          "3 words over a cap of 2: %d %s", rc, err);
    frana_qnode_free(n);
    n = NULL;
    rc = frana_query_parse_limited(s, "sotchi \"minsk moscou\"", 21, NULL, 0, 3, &n, err,
                                   sizeof err);
    check(rc == 0 && n, "3 words (a phrase of 2) under a cap of 3: %d %s", rc, err);
    frana_qnode_free(n);
    frana_session_free(s);
    frana_analyzer_free(a);
    return check_report();
}
