/*
 * fuzz_query.c — libFuzzer target for the query language (plugin/query.c) and
 * the search path behind it (the shim's query building, Xapian, snippets).
 *
 * Once per process a small real Xapian database is built in a temporary
 * directory from a few articles (French, Cyrillic, hyphens, elisions, dates).
 * Each input is then a query: byte 0 picks the options (default OR, language,
 * paging, snippet length), the rest is the query text. It is parsed alone
 * (AST description and highlight terms) and run with frana_db_search.
 *
 * Besides crashes and sanitizer reports it checks: the result code is one a
 * query may give (OK, SYNTAX, EMPTY), a syntax error names a byte offset inside
 * the query, and every hit is one of the indexed articles with valid UTF-8
 * fields and snippet.
 */
#include "fuzz_common.h"

#include <stdint.h>

static const char *const articles[] = {
    "{\"id\":\"q-1\",\"title\":\"Nuit de colère dans les rues de Minsk\",\"body\":\"Des milliers "
    "de manifestants ont contesté les résultats de l’élection présidentielle. L'université "
    "est fermée jusqu’à nouvel ordre.\",\"date\":\"2020-08-10\",\"source\":\"Gazette\"}",
    "{\"id\":\"q-2\",\"title\":\"Rencontre à Sotchi\",\"body\":\"Alexandre Loukachenko est "
    "arrivé à Sotchi pour rencontrer Vladimir Poutine. Saint-Pétersbourg attend.\","
    "\"date\":\"2020-09-14\"}",
    "{\"id\":\"q-3\",\"title\":\"Le chat et le châtiment\",\"body\":\"Un chat a été vu près du "
    "tribunal ; le châtiment est tombé. Aujourd'hui, 100 000 personnes, 3,5 % des voix.\","
    "\"date\":\"2021-02-28\",\"url\":\"https://example.org/chat\"}",
    "{\"id\":\"q-4\",\"title\":\"Лукашенко в Сочи\",\"body\":\"Александр Лукашенко прибыл в "
    "Сочи. Президент встретился с Путиным.\",\"lang\":\"ru\",\"date\":\"2020-09-14\"}",
    "{\"id\":\"q-5\",\"title\":\"Œuvres d’art et cœur de l’été\",\"body\":\"Les œuvres "
    "exposées à Kyiv, Kiev ou Kiïv ; qu’il pleuve ou non, l’exposition ouvre.\"}",
    "{\"id\":\"q-6\",\"body\":\"Election results in Minsk were contested; the university "
    "closed.\",\"lang\":\"en\",\"date\":\"2019-12-31\"}",
};
#define NARTICLES (sizeof articles / sizeof articles[0])

static frana_analyzer *A;
static frana_session *S;
static frana_db_reader *R;

static void setup(void)
{
    char *err = NULL;
    if (frana_analyzer_new(NULL, &A, &err) != 0)
        fuzz_fail("analyzer: %s", err ? err : "?");
    S = frana_session_new(A);
    if (!S)
        fuzz_fail("session");
    char path[600];
    snprintf(path, sizeof path, "%s/db", fuzz_make_tmpdir("fuzz_query"));
    frana_db_writer *w = NULL;
    if (frana_db_writer_new(A, path, &w, &err) != 0)
        fuzz_fail("writer: %s", err ? err : "?");
    frana_db_record *rec = frana_db_record_new();
    for (size_t i = 0; i < NARTICLES; i++) {
        if (frana_db_record_parse_json(rec, articles[i], strlen(articles[i]), NULL) != 0)
            fuzz_fail("article %zu: %s", i, frana_db_record_errmsg(rec));
        if (frana_db_writer_add(w, frana_db_record_article(rec), NULL) != 0)
            fuzz_fail("add %zu: %s", i, frana_db_writer_errmsg(w));
    }
    frana_db_record_free(rec);
    if (frana_db_writer_commit(w) != 0)
        fuzz_fail("commit: %s", frana_db_writer_errmsg(w));
    frana_db_writer_free(w);
    if (frana_db_reader_new(A, path, &R, &err) != 0)
        fuzz_fail("reader: %s", err ? err : "?");
}

static int known_id(const char *id)
{
    for (size_t i = 0; i < NARTICLES; i++) {
        char want[16];
        snprintf(want, sizeof want, "q-%zu", i + 1);
        if (strcmp(id, want) == 0)
            return 1;
    }
    return 0;
}

static void check_syntax_message(const char *msg, size_t len)
{
    unsigned long at;
    if (sscanf(msg, "syntax error at %lu:", &at) != 1)
        fuzz_fail("syntax error without an offset: %s", msg);
    if (at > len)
        fuzz_fail("syntax error offset %lu beyond the query (%zu bytes)", at, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {NULL, "fr", "en", "ru"};
    if (!R)
        setup();
    if (size == 0)
        return 0;
    unsigned flags = data[0];
    const char *q = (const char *)data + 1;
    size_t len = size - 1;
    const char *lang = langs[(flags >> 1) & 3];

    /* The parser alone: AST description (into a small buffer, which truncates)
     * and the highlight set. */
    frana_qnode *root = NULL;
    char err[256];
    int rc = frana_query_parse(S, q, len, lang, flags & 1, &root, err, sizeof err);
    if (rc == FRANA_OK) {
        char desc[64];
        frana_query_describe(root, desc, sizeof desc);
        frana_plan *plan = NULL;
        frana_termset_view v;
        int prc = frana_plan_build(S, root, NULL, "", "S", &plan, err, sizeof err);
        if (prc != FRANA_OK && prc != FRANA_ERR_EMPTY)
            fuzz_fail("frana_plan_build returned %d: %s", prc, err);
        if (frana_plan_highlight_terms(plan, &v) != 0)
            fuzz_fail("highlight terms");
        for (size_t i = 0; i + 1 < v.n; i++) {
            size_t a = v.lens[i], b = v.lens[i + 1];
            int c = memcmp(v.terms[i], v.terms[i + 1], a < b ? a : b);
            if (c > 0 || (c == 0 && a >= b))
                fuzz_fail("highlight set not sorted or holds a duplicate");
            if (!frana_termset_view_has(&v, v.terms[i], a))
                fuzz_fail("highlight set lookup misses a member");
        }
        frana_termset_view_free(&v);
        frana_plan_free(plan);
        frana_qnode_free(root);
    } else if (rc == FRANA_ERR_SYNTAX) {
        check_syntax_message(err, len);
    } else if (rc != FRANA_ERR_EMPTY) {
        fuzz_fail("frana_query_parse returned %d: %s", rc, err);
    }

    /* The whole search. */
    frana_search_options o = {0};
    o.default_or = flags & 1;
    o.lang = lang;
    o.limit = 1 + ((flags >> 3) & 3) * 3;
    o.offset = (flags >> 5) & 1;
    o.snippet_words = (flags & 0x40) ? 3 : 0;
    if (flags & 0x80) {
        o.hl_open = "<b>";
        o.hl_close = "</b>";
    }
    frana_db_results *res = NULL;
    int src = frana_db_search(R, q, len, &o, &res);
    if (src != rc)
        fuzz_fail("search gives %d where the parser gave %d: %s", src, rc,
                  frana_db_reader_errmsg(R));
    if (src == FRANA_ERR_SYNTAX)
        check_syntax_message(frana_db_reader_errmsg(R), len);
    if (src != FRANA_OK) {
        if (res)
            fuzz_fail("results on failure");
        return 0;
    }
    size_t n = frana_db_results_count(res);
    if (n > o.limit)
        fuzz_fail("%zu hits for a limit of %zu", n, o.limit);
    for (size_t i = 0; i < n; i++) {
        const frana_db_hit *h = frana_db_results_hit(res, i);
        if (!h || !known_id(h->id))
            fuzz_fail("hit %zu: an id that was never indexed: %s", i, h ? h->id : "(null)");
        if (h->rank != o.offset + i + 1 || h->percent < 0 || h->percent > 100)
            fuzz_fail("hit %zu: rank %zu, percent %d", i, h->rank, h->percent);
        const char *fields[] = {h->title, h->date, h->url, h->source, h->lang, h->snippet};
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            if (!fields[k] || !fuzz_utf8(fields[k], strlen(fields[k])))
                fuzz_fail("hit %zu: field %zu missing or not UTF-8", i, k);
    }
    if (frana_db_results_hit(res, n) != NULL)
        fuzz_fail("a hit past the end");
    frana_db_results_free(res);
    return 0;
}
