/*
 * test_db.c — end to end through the C API: index tests/data/corpus_fr.jsonl
 * into a real Xapian database in a temporary directory and search it
 * (accents, elision, phrases, vocabulary-aware folding, NOT, title:, dates,
 * snippets, exact counts, facets, sort, filter options, errors, re-import); then check tests/data/vocab_cases.tsv and
 * tests/data/stem_cases.tsv at the database level.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "query.h"
#include "store.h"
#include "frana.h"
#include "frana_db.h"

#include "check.h"
#include "jsonl.h"

static frana_analyzer *A;
static frana_db_reader *R;
static char ids_buf[4096];

/* Runs q; returns the comma-joined ids in rank order (or "ERR:<code>"). */
static const char *search_ids(const char *q, int default_or, size_t limit)
{
    frana_search_options o = {0};
    o.limit = limit ? limit : 100;
    o.default_or = default_or;
    frana_db_results *res = NULL;
    int rc = frana_db_search(R, q, strlen(q), &o, &res);
    if (rc) {
        snprintf(ids_buf, sizeof ids_buf, "ERR:%d", rc);
        return ids_buf;
    }
    size_t n = 0;
    ids_buf[0] = ',';
    ids_buf[1] = 0;
    n = 1;
    for (size_t i = 0; i < frana_db_results_count(res); i++) {
        const frana_db_hit *h = frana_db_results_hit(res, i);
        n += (size_t)snprintf(ids_buf + n, sizeof ids_buf - n, "%s,", h->id);
        if (n >= sizeof ids_buf)
            break;
    }
    frana_db_results_free(res);
    return ids_buf;
}

/* Whether id is among the hits of q (want 1) or not (want 0): 0 when the
 * search fails (and the failure is a failed check), so that a negative
 * check fails when the search does. */
static int search_has(const char *q, const char *id, int want)
{
    char pat[128];
    snprintf(pat, sizeof pat, ",%s,", id);
    const char *ids = search_ids(q, 0, 100);
    if (strncmp(ids, "ERR", 3) == 0)
        return check(0, "search '%s' fails (%s)", q, ids);
    return (strstr(ids, pat) != NULL) == want;
}

static int finds(const char *q, const char *id)
{
    return search_has(q, id, 1);
}

static int not_finds(const char *q, const char *id)
{
    return search_has(q, id, 0);
}

static size_t count(const char *q)
{
    const char *s = search_ids(q, 0, 1000);
    if (strncmp(s, "ERR", 3) == 0)
        return (size_t)-1;
    size_t n = 0;
    for (const char *p = s + 1; *p; p++)
        n += *p == ',';
    return n;
}

typedef struct index_ctx {
    frana_db_writer *w;
    size_t *added, *replaced;
} index_ctx;

static void index_one(void *ctx, const frana_db_article *a)
{
    index_ctx *c = ctx;
    int rep = 0;
    if (frana_db_writer_add(c->w, a, &rep) == 0) {
        (*c->added)++;
        *c->replaced += (size_t)rep;
    }
}

static int index_jsonl(frana_db_writer *w, const char *path, size_t *added, size_t *replaced)
{
    index_ctx c = {w, added, replaced};
    return jsonl_each(path, index_one, &c);
}

static void test_corpus(const char *tmp)
{
    char db[512];
    snprintf(db, sizeof db, "%s/corpus", tmp);
    frana_db_writer *w = NULL;
    char *err = NULL;
    int rc = frana_db_writer_new(A, db, &w, &err);
    check(rc == 0, "writer_new: %s", err ? err : "");
    frana_free(err);
    if (rc)
        return;
    size_t added = 0, replaced = 0;
    check(index_jsonl(w, "data/corpus_fr.jsonl", &added, &replaced) == 0, "read corpus");
    check(added == 26 && replaced == 0, "26 articles added (%zu, %zu replaced)", added, replaced);
    check(frana_db_writer_commit(w) == 0, "commit");

    /* A second writer on the same database is refused. */
    frana_db_writer *w2 = NULL;
    rc = frana_db_writer_new(A, db, &w2, &err);
    check(rc == FRANA_ERR_DB_LOCKED, "second writer: locked (%d: %s)", rc, err ? err : "");
    frana_free(err);
    frana_db_writer_free(w2);

    /* Bad articles through the C API. */
    frana_db_article bad = {0};
    bad.title = "x";
    bad.title_len = 1;
    check(frana_db_writer_add(w, &bad, NULL) == FRANA_ERR_INPUT, "article without id");
    bad.id = "bad-date";
    bad.id_len = 8;
    bad.date = "2020-02-30";
    bad.date_len = 10;
    check(frana_db_writer_add(w, &bad, NULL) == FRANA_ERR_INPUT, "article with 2020-02-30");
    bad.date = NULL;
    bad.body = "caf\xe9";
    bad.body_len = 4;
    check(frana_db_writer_add(w, &bad, NULL) == FRANA_ERR_INPUT, "article with invalid UTF-8");
    frana_db_writer_free(w);

    rc = frana_db_reader_new(A, db, &R, &err);
    check(rc == 0, "reader_new: %s", err ? err : "");
    frana_free(err);
    if (rc)
        return;

    /* Accents, case and elision. */
    static const char *election[] = {"élection", "election", "l'élection", "l’élection",
                                     "ELECTIONS", "Élection", "L'ELECTION", "elections"};
    for (size_t i = 0; i < sizeof election / sizeof election[0]; i++)
        check(finds(election[i], "fr-001"), "%s finds fr-001: %s", election[i],
              search_ids(election[i], 0, 0));
    check(finds("\"election presidentielle\"", "fr-001"), "accentless phrase");
    check(finds("\"l’élection présidentielle\"", "fr-001"), "accented phrase with elision");
    check(count("\"presidentielle election\"") == 0, "phrase order matters: %s",
          search_ids("\"presidentielle election\"", 0, 0));
    check(finds("title:\"nuit de colere\"", "fr-001"), "accentless title phrase");

    /* Vocabulary-aware folding: chat / châtiment. */
    check(finds("chatiment", "fr-004"), "chatiment finds fr-004");
    check(finds("CHATIMENT", "fr-004"), "CHATIMENT finds fr-004");
    check(finds("châtiment", "fr-004"), "châtiment finds fr-004");
    check(not_finds("chat", "fr-004"), "chat does not find fr-004: %s", search_ids("chat", 0, 0));
    check(finds("chat", "fr-005"), "chat finds fr-005");
    check(not_finds("chats", "fr-004"), "chats does not find fr-004");
    /* "chat" is its own stem: the index keeps no "Zchat" for it, the word stands in. */
    check(finds("chats", "fr-005") && finds("chat", "fr-005"), "chats finds fr-005: %s",
          search_ids("chats", 0, 0));
    check(not_finds("châtiment", "fr-005"), "châtiment does not find fr-005");
    /* A stopword is not stemmed: "par" in fr-007 and "du" in fr-002 stand for
     * no stem, so paré (Zpar) and due (Zdu) do not find them. */
    check(not_finds("paré", "fr-007") && not_finds("Paré", "fr-007") &&
              not_finds("due", "fr-002"),
          "a stem that is a stopword searches no stopword: %s", search_ids("paré", 0, 0));
    check(strncmp(search_ids("chatiment", 0, 0), ",fr-004,", 8) == 0,
          "chatiment ranks fr-004 first: %s", search_ids("chatiment", 0, 0));
    check(finds("universite", "fr-006") && finds("universite", "fr-012"), "universite");
    check(finds("universites", "fr-006"), "universites");
    check(finds("aujourd'hui", "fr-006") && finds("aujourd’hui", "fr-013"), "aujourd'hui");

    /* Compound words, names. */
    check(finds("Saint-Pétersbourg", "fr-004") && finds("saint-petersbourg", "fr-023"),
          "Saint-Pétersbourg");
    check(finds("etats-unis", "fr-007"), "etats-unis");
    check(finds("Loukachenko", "fr-002") && finds("Loukachenko", "fr-011"), "Loukachenko");
    check(finds("tikhanovskaia", "fr-002"), "tikhanovskaia");

    /* Spellings of names and exonyms meet through the database's vocabulary
     * (the synonym table), the same in the title field. */
    static const struct {
        const char *query, *id;
    } spellings[] = {
        {"Lukashenko", "fr-002"},   {"Lukaschenko", "fr-011"}, {"Лукашенко", "fr-002"},
        {"Sochi", "fr-002"},        {"Sotschi", "fr-002"},     {"Сочи", "fr-002"},
        {"Putin", "fr-003"},        {"Путин", "fr-002"},       {"Tikhanovskaya", "fr-010"},
        {"Moscow", "fr-016"},       {"Moskau", "fr-003"},      {"Москва", "fr-016"},
        {"Loukachenko", "en-001"},  {"Sotchi", "de-001"},      {"Moscou", "de-001"},
        {"\"United States\"", "fr-007"},
    };
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        check(finds(spellings[i].query, spellings[i].id), "%s finds %s: %s", spellings[i].query,
              spellings[i].id, search_ids(spellings[i].query, 0, 0));
    /* Place names of several words, quoted or not, in the default AND and with OR. */
    static const char *kingdom[] = {"Vereinigtes Königreich", "\"Vereinigtes Königreich\"",
                                    "Spojené království", "Regno Unito", "Wielka Brytania"};
    for (size_t i = 0; i < sizeof kingdom / sizeof kingdom[0]; i++)
        check(finds(kingdom[i], "fr-019"), "%s finds fr-019 (Royaume-Uni): %s", kingdom[i],
              search_ids(kingdom[i], 0, 0));
    check(not_finds("Königreich", "fr-019") && not_finds("Vereinigtes -Königreich", "fr-019"),
          "one word of the name, or the name broken by an operator, is not the name");
    /* A place name inside a longer run of words is that name's: with the
     * default AND the other words stay required (fr-007 and fr-019 do not say
     * Sotchi). */
    static const char *with_word[] = {"Biden États-Unis", "États-Unis Biden", "Biden United States",
                                      "Brexit Vereinigtes Königreich"};
    static const struct {
        const char *query, *id, *same; /* same: the query with AND and quotes */
    } without_word[] = {
        {"Sotchi États-Unis", "fr-007", "Sotchi AND \"États-Unis\""},
        {"États-Unis Sotchi", "fr-007", "Sotchi AND \"États-Unis\""},
        {"Sotchi United States", "fr-007", "Sotchi AND \"United States\""},
        {"Sotchi Vereinigtes Königreich", "fr-019", "Sotchi AND \"Vereinigtes Königreich\""},
        {"Vereinigtes Königreich Sotchi", "fr-019", "Sotchi AND \"Vereinigtes Königreich\""},
    };
    for (size_t i = 0; i < sizeof with_word / sizeof with_word[0]; i++)
        check(finds(with_word[i], i < 3 ? "fr-007" : "fr-019"), "%s finds its article: %s",
              with_word[i], search_ids(with_word[i], 0, 0));
    for (size_t i = 0; i < sizeof without_word / sizeof without_word[0]; i++)
        check(not_finds(without_word[i].query, without_word[i].id) &&
                  count(without_word[i].query) == count(without_word[i].same) &&
                  count(without_word[i].same) != (size_t)-1,
              "%s needs Sotchi: %s", without_word[i].query,
              search_ids(without_word[i].query, 0, 0));
    /* So does a quoted phrase longer than the name: its words, in order. */
    check(finds("\"Les États-Unis\"", "fr-007") && finds("\"Le Royaume-Uni\"", "fr-019"),
          "a phrase holding a place name finds its article");
    check(not_finds("\"aux États-Unis\"", "fr-007") &&
              not_finds("\"président des États-Unis\"", "fr-007") &&
              not_finds("\"au Royaume-Uni\"", "fr-019"),
          "a phrase holding a place name needs its other words: %s / %s",
          search_ids("\"aux États-Unis\"", 0, 0), search_ids("\"au Royaume-Uni\"", 0, 0));
    {
        frana_search_options o = {0};
        o.default_or = 1;
        frana_db_results *res = NULL;
        int found = 0;
        if (frana_db_search(R, "Vereinigtes Königreich", strlen("Vereinigtes Königreich"), &o,
                            &res) == 0)
            for (size_t i = 0; i < frana_db_results_count(res); i++)
                found |= strcmp(frana_db_results_hit(res, i)->id, "fr-019") == 0;
        check(found, "Vereinigtes Königreich with the default OR finds fr-019");
        frana_db_results_free(res);
    }
    check(strcmp(search_ids("title:Putin", 0, 0), ",fr-003,") == 0, "title:Putin: %s",
          search_ids("title:Putin", 0, 0));
    check(not_finds("Lukashenko", "fr-003") && not_finds("Sochi", "fr-016"),
          "a spelling finds only its name: %s / %s", search_ids("Lukashenko", 0, 0),
          search_ids("Sochi", 0, 0));

    /* Fields, operators, dates. */
    check(strcmp(search_ids("title:poutine", 0, 0), ",fr-003,") == 0, "title:poutine: %s",
          search_ids("title:poutine", 0, 0));
    check(finds("poutine", "fr-002") && finds("poutine", "fr-003"), "poutine");
    check(strcmp(search_ids("title:minsk", 0, 0), ",fr-001,") == 0, "title:minsk: %s",
          search_ids("title:minsk", 0, 0));
    check(finds("minsk", "fr-011") && not_finds("minsk NOT poutine", "fr-002") &&
              not_finds("minsk NOT poutine", "fr-003") && finds("minsk NOT poutine", "fr-011"),
          "NOT");
    check(strcmp(search_ids("minsk -poutine", 0, 0), search_ids("minsk AND NOT poutine", 0, 0)) ==
              0,
          "-word is AND NOT");
    check(finds("sotchi OR châtiment", "fr-002") && finds("sotchi OR châtiment", "fr-004"), "OR");
    check(count("sotchi châtiment") == 0, "default AND: %s", search_ids("sotchi châtiment", 0, 0));
    {
        frana_search_options o = {0};
        o.default_or = 1;
        frana_db_results *res = NULL;
        check(frana_db_search(R, "sotchi châtiment", 17, &o, &res) == 0 &&
                  frana_db_results_count(res) >= 2,
              "default OR");
        frana_db_results_free(res);
    }
    check(finds("(sotchi OR châtiment) AND (poutine OR crime)", "fr-002") &&
              finds("(sotchi OR châtiment) AND (poutine OR crime)", "fr-004") &&
              not_finds("(sotchi OR châtiment) AND (poutine OR crime)", "fr-003"),
          "parentheses: %s",
          search_ids("(sotchi OR châtiment) AND (poutine OR crime)", 0, 0));
    check(count("date:2020-09-14") == 5, "one day: %zu", count("date:2020-09-14"));
    check(count("date:2020-09-14..2020-09-14") == 5, "one-day range");
    check(count("date:..2020-01-09") == 1 && count("date:2020-12-24..") == 1, "open ranges: %zu %zu",
          count("date:..2020-01-09"), count("date:2020-12-24.."));
    check(count("date:..2020-12-31") == 26, "everything up to the end of 2020");
    check(finds("minsk date:2020-09-01..2020-09-30", "fr-002") &&
              not_finds("minsk date:2020-09-01..2020-09-30", "fr-011"),
          "words and a date range");

    /* Errors. */
    frana_db_results *res = NULL;
    rc = frana_db_search(R, "(minsk", 6, NULL, &res);
    check(rc == FRANA_ERR_SYNTAX && strstr(frana_db_reader_errmsg(R), "syntax error at 0"),
          "unbalanced: %s", frana_db_reader_errmsg(R));
    rc = frana_db_search(R, "minsk)", 6, NULL, &res);
    check(rc == FRANA_ERR_SYNTAX && strstr(frana_db_reader_errmsg(R), "at 5"), "stray ): %s",
          frana_db_reader_errmsg(R));
    char deep[400];
    memset(deep, '(', 300);
    memcpy(deep + 300, "minsk", 6);
    rc = frana_db_search(R, deep, strlen(deep), NULL, &res);
    check(rc == FRANA_ERR_SYNTAX && strstr(frana_db_reader_errmsg(R), "too deep"), "deep: %s",
          frana_db_reader_errmsg(R));
    static const char *syntax[] = {"a AND", "OR b", "\"open", "date:2020-02-30", "date:..",
                                   "minsk OR NOT poutine", "NOT", "()"};
    for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++) {
        rc = frana_db_search(R, syntax[i], strlen(syntax[i]), NULL, &res);
        check(rc == FRANA_ERR_SYNTAX && !res, "%s: syntax error (%d %s)", syntax[i], rc,
              frana_db_reader_errmsg(R));
    }
    static const char *empty[] = {"", "   ", "le la les", "-minsk", "NOT minsk", "« — »"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        rc = frana_db_search(R, empty[i], strlen(empty[i]), NULL, &res);
        check(rc == FRANA_ERR_EMPTY && !res, "'%s': empty query (%d)", empty[i], rc);
    }
    /* Hostile input never crashes. */
    static const char pattern[] = "(\")-+:AND OR\xff\xc3 title:date:..x";
    char junk[2000];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = pattern[i % (sizeof pattern - 1)];
    rc = frana_db_search(R, junk, sizeof junk, NULL, &res);
    check((rc == 0 && res) ||
              ((rc == FRANA_ERR_SYNTAX || rc == FRANA_ERR_EMPTY) && !res &&
               frana_db_reader_errmsg(R)[0]),
          "junk query: results, or a syntax or empty-query error with a message (%d: %s)", rc,
          frana_db_reader_errmsg(R));
    frana_db_results_free(res);
    res = NULL;

    /* Snippets, paging. */
    frana_search_options o = {0};
    o.limit = 1;
    rc = frana_db_search(R, "election", 8, &o, &res);
    const frana_db_hit *h = rc == 0 ? frana_db_results_hit(res, 0) : NULL;
    check(h && strcmp(h->id, "fr-001") == 0 && strstr(h->snippet, "l’[élection]"),
          "snippet: %s", h ? h->snippet : "");
    check(h && strcmp(h->date, "2020-08-10") == 0 && h->rank == 1 && h->percent > 0,
          "hit fields");
    check(frana_db_results_total(res) >= 3, "total estimate");
    frana_db_results_free(res);
    o.offset = 1;
    o.limit = 2;
    rc = frana_db_search(R, "minsk", 5, &o, &res);
    check(rc == 0 && frana_db_results_count(res) == 2 &&
              frana_db_results_hit(res, 0)->rank == 2,
          "offset");
    frana_db_results_free(res);

    /* Exact counts, count only, facets, sort and filters through the C API,
     * against what corpus_fr.jsonl says: minsk is in 4 French articles of
     * August and September 2020 and in one each in en, de, ru. */
    frana_search_options c = FRANA_SEARCH_OPTIONS_INIT;
    c.count_only = 1;
    c.facets = FRANA_FACET_MONTH | FRANA_FACET_LANG;
    rc = frana_db_search(R, "minsk", 5, &c, &res);
    size_t lo = 0, hi = 0;
    check(rc == 0 && frana_db_results_bounds(res, &lo, &hi) && lo == 7 && hi == 7 &&
              frana_db_results_total(res) == 7 && frana_db_results_count(res) == 0,
          "count only: exact 7 (%zu..%zu, rc %d %s)", lo, hi, rc, frana_db_reader_errmsg(R));
    size_t fr = 0, months = 0;
    for (size_t i = 0; rc == 0 && i < frana_db_results_facet_count(res, FRANA_FACET_LANG); i++) {
        const char *v;
        size_t vlen, n;
        if (frana_db_results_facet(res, FRANA_FACET_LANG, i, &v, &vlen, &n) == 0 &&
            strcmp(v, "fr") == 0)
            fr = n;
    }
    for (size_t i = 0; rc == 0 && i < frana_db_results_facet_count(res, FRANA_FACET_MONTH); i++) {
        size_t n;
        if (frana_db_results_facet(res, FRANA_FACET_MONTH, i, NULL, NULL, &n) == 0)
            months += n;
    }
    check(fr == 4 && months == 7, "facets: %zu in fr, %zu over the months", fr, months);
    check(rc != 0 || frana_db_results_facet(res, FRANA_FACET_LANG, 99, NULL, NULL, NULL) ==
                         FRANA_ERR_INVALID,
          "facet index out of range");
    frana_db_results_free(res);
    c = (frana_search_options)FRANA_SEARCH_OPTIONS_INIT;
    c.sort = FRANA_SORT_DATE_DESC;
    c.filter = "lang:fr";
    c.filter_len = 7;
    rc = frana_db_search(R, "minsk", 5, &c, &res);
    int ordered = rc == 0 && frana_db_results_count(res) == 4;
    for (size_t i = 1; ordered && i < frana_db_results_count(res); i++)
        ordered = strcmp(frana_db_results_hit(res, i - 1)->date, frana_db_results_hit(res, i)->date) >= 0;
    check(ordered, "lang:fr filter option, newest first");
    frana_db_results_free(res);
    c = (frana_search_options)FRANA_SEARCH_OPTIONS_INIT;
    c.limit = 4294967295u;
    c.offset = 1;
    rc = frana_db_search(R, "minsk", 5, &c, &res);
    check(rc == FRANA_ERR_INVALID && res == NULL, "limit + offset past 32 bits: %d", rc);

    frana_db_info info;
    check(frana_db_stats(R, &info) == 0 && info.articles == 26 && info.distinct_terms > 500 &&
              info.disk_bytes > 0,
          "stats");
    size_t terms_before = info.distinct_terms;
    frana_db_reader_free(R);
    R = NULL;

    /* Re-import: the same ids replace, nothing is duplicated. */
    rc = frana_db_writer_new(A, db, &w, NULL);
    check(rc == 0, "reopen writer");
    added = replaced = 0;
    index_jsonl(w, "data/corpus_fr.jsonl", &added, &replaced);
    check(replaced == 26, "re-import replaces 26 (%zu)", replaced);
    check(frana_db_writer_count(w) == 26, "still 26 articles");
    frana_db_writer_free(w);
    rc = frana_db_reader_new(A, db, &R, NULL);
    check(rc == 0 && frana_db_stats(R, &info) == 0 && info.articles == 26 &&
              info.distinct_terms == terms_before,
          "same articles and terms after re-import");
    check(count("élection") == 3, "same results after re-import");
    frana_db_reader_free(R);
    R = NULL;

    /* Opening nothing. */
    char nodb[600];
    snprintf(nodb, sizeof nodb, "%s/nothing-here", tmp);
    rc = frana_db_reader_new(A, nodb, &R, &err);
    check(rc == FRANA_ERR_DB_OPEN && err && *err, "no database: %d", rc);
    frana_free(err);
    R = NULL;
}

/* Cases QUERY<TAB>DOCUMENT<TAB>match|nomatch. one_db: all documents in one
 * database (vocabulary-aware cases); otherwise one database per pair. The
 * file must hold at least min_cases cases. */
static void test_pairs(const char *tmp, const char *file, int one_db, size_t min_cases)
{
    FILE *f = fopen(file, "r");
    check(f != NULL, "open %s", file);
    if (!f)
        return;
    char *q[256], *d[256];
    int match[256];
    size_t n = 0;
    char line[1024];
    while (n < 256 && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = 0;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        *t1 = *t2 = 0;
        char *t3 = strchr(t2 + 1, '\t');
        if (t3)
            *t3 = 0;
        q[n] = strdup(line);
        d[n] = strdup(t1 + 1);
        match[n] = strcmp(t2 + 1, "match") == 0;
        n++;
    }
    fclose(f);
    /* A file read as (almost) empty fails. */
    check(n >= min_cases, "%s: %zu cases, at least %zu", file, n, min_cases);
    char db[600];
    for (size_t i = 0; i < n; i++) {
        if (!one_db || i == 0) {
            snprintf(db, sizeof db, "%s/pairs-%zu", tmp, one_db ? (size_t)0 : i);
            frana_db_writer *w = NULL;
            if (frana_db_writer_new(A, db, &w, NULL)) {
                check(0, "writer for %s", file);
                break;
            }
            for (size_t k = one_db ? 0 : i; k < (one_db ? n : i + 1); k++) {
                int seen = 0;
                for (size_t j = 0; one_db && j < k; j++)
                    seen |= strcmp(d[j], d[k]) == 0;
                if (seen)
                    continue; /* one document per distinct word */
                char id[32];
                snprintf(id, sizeof id, "doc-%zu", k);
                frana_db_article a = {0};
                a.id = id;
                a.id_len = strlen(id);
                a.body = d[k];
                a.body_len = strlen(d[k]);
                check(frana_db_writer_add(w, &a, NULL) == 0, "%s: add '%s': %s", file, d[k],
                      frana_db_writer_errmsg(w));
            }
            check(frana_db_writer_commit(w) == 0, "%s: commit: %s", file,
                  frana_db_writer_errmsg(w));
            frana_db_writer_free(w);
            if (frana_db_reader_new(A, db, &R, NULL)) {
                check(0, "reader for %s", file);
                break;
            }
        }
        /* The pair holds when the query finds a document holding exactly that word. */
        const char *ids = search_ids(q[i], 0, 100);
        if (!check(strncmp(ids, "ERR", 3) != 0, "%s: the search '%s' fails (%s)", file, q[i],
                   ids))
            continue;
        int found = 0;
        for (size_t k = 0; k < n; k++) {
            char pat[40];
            snprintf(pat, sizeof pat, ",doc-%zu,", k);
            if (strcmp(d[k], d[i]) == 0 && strstr(ids, pat))
                found = 1;
        }
        check(found == match[i], "%s: %s -> %s should %s (%s)", file, q[i], d[i],
              match[i] ? "match" : "not match", ids);
        if (!one_db || i + 1 == n) {
            frana_db_reader_free(R);
            R = NULL;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(q[i]);
        free(d[i]);
    }
}

/* The ids a reader finds for query (AND), sorted and joined by spaces;
 * total in *total. "" and a failed check when the search fails. */
static void ids_of(frana_db_reader *r, const char *query, char *out, size_t cap, size_t *total)
{
    out[0] = 0;
    *total = 0;
    frana_search_options o = FRANA_SEARCH_OPTIONS_INIT;
    o.limit = 50;
    o.no_snippets = 1;
    frana_db_results *res = NULL;
    int rc = frana_db_search(r, query, strlen(query), &o, &res);
    if (!check(rc == 0, "search '%s': %s", query, frana_db_reader_errmsg(r)))
        return;
    *total = frana_db_results_total(res);
    size_t n = frana_db_results_count(res), used = 0;
    const char *ids[50];
    for (size_t i = 0; i < n && i < 50; i++)
        ids[i] = frana_db_results_hit(res, i)->id;
    for (size_t i = 0; i < n; i++) /* sorted: ties may come in any order */
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(ids[j], ids[i]) < 0) {
                const char *t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
    for (size_t i = 0; i < n && used + strlen(ids[i]) + 2 < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? " " : "", ids[i]);
    frana_db_results_free(res);
}

static void add_article(frana_db_writer *w, const char *id, const char *body)
{
    frana_db_article a = {0};
    a.id = id;
    a.id_len = strlen(id);
    a.body = body;
    a.body_len = strlen(body);
    check(frana_db_writer_add(w, &a, NULL) == 0, "add %s: %s", id, frana_db_writer_errmsg(w));
}

/* The reader keeps what the query side asked the index (term frequencies,
 * pair terms, co-occurrence) for the revision it sees: a reader that has
 * answered a query, then reopened after the index changed, answers as a
 * new reader does; before its reopen, as it did. "chat" against an index
 * that only says châtiment keeps the accented reading (no article attests
 * the cat); once an article about a cat is in, the cat's reading alone. */
static void test_reader_cache(const char *tmp)
{
    char db[512];
    snprintf(db, sizeof db, "%s/cache", tmp);
    frana_db_writer *w = NULL;
    if (!check(frana_db_writer_new(A, db, &w, NULL) == 0, "cache: writer"))
        return;
    add_article(w, "punition", "Le châtiment fut sévère pour les coupables.");
    add_article(w, "autre", "La pluie tombe sur la ville.");
    check(frana_db_writer_commit(w) == 0, "cache: commit 1");
    frana_db_reader *r = NULL;
    if (!check(frana_db_reader_new(A, db, &r, NULL) == 0, "cache: reader")) {
        frana_db_writer_free(w);
        return;
    }
    const char *queries[] = {"chat", "chatiment", "chats", "chat pluie", "chat OR pluie"};
    enum { NQ = sizeof queries / sizeof *queries };
    char before[NQ][256], seen[256];
    size_t total = 0, t2 = 0;
    for (int k = 0; k < 2; k++) /* twice: the second from the cache */
        for (int i = 0; i < NQ; i++) {
            ids_of(r, queries[i], k ? seen : before[i], 256, k ? &t2 : &total);
            if (k)
                check(strcmp(seen, before[i]) == 0, "cache: '%s' again: '%s', first '%s'",
                      queries[i], seen, before[i]);
        }
    check(strcmp(before[0], "punition") == 0, "cache: 'chat' finds châtiment alone first: '%s'",
          before[0]);

    add_article(w, "chat", "Le chat dort sur le canapé, un chat tranquille.");
    check(frana_db_writer_commit(w) == 0, "cache: commit 2");
    /* Not reopened: the revision it opened, answered as before. */
    for (int i = 0; i < NQ; i++) {
        ids_of(r, queries[i], seen, sizeof seen, &t2);
        check(strcmp(seen, before[i]) == 0, "cache: '%s' before the reopen: '%s', was '%s'",
              queries[i], seen, before[i]);
    }
    check(frana_db_reader_reopen(r) == 0, "cache: reopen");
    frana_db_reader *fresh = NULL;
    check(frana_db_reader_new(A, db, &fresh, NULL) == 0, "cache: new reader");
    for (int i = 0; fresh && i < NQ; i++) {
        char want[256];
        size_t tw = 0;
        ids_of(fresh, queries[i], want, sizeof want, &tw);
        ids_of(r, queries[i], seen, sizeof seen, &t2);
        check(strcmp(seen, want) == 0 && t2 == tw,
              "cache: '%s' after the reopen: '%s' (%zu), a new reader: '%s' (%zu)", queries[i],
              seen, t2, want, tw);
    }
    ids_of(r, "chat", seen, sizeof seen, &t2);
    check(strcmp(seen, "chat") == 0, "cache: 'chat' finds the cat alone after the reopen: '%s'",
          seen);
    /* no_fields: the same hits, weights and percentages, without their fields */
    frana_search_options o = FRANA_SEARCH_OPTIONS_INIT, nf = FRANA_SEARCH_OPTIONS_INIT;
    nf.no_fields = 1;
    o.default_or = nf.default_or = 1;
    frana_db_results *full = NULL, *bare = NULL;
    const char *q = "chat pluie chatiment";
    if (check(frana_db_search(r, q, strlen(q), &o, &full) == 0 &&
                  frana_db_search(r, q, strlen(q), &nf, &bare) == 0,
              "no_fields: searches")) {
        size_t n = frana_db_results_count(full);
        check(n == 3 && frana_db_results_count(bare) == n &&
                  frana_db_results_total(bare) == frana_db_results_total(full),
              "no_fields: %zu hits, as the full search's %zu", frana_db_results_count(bare), n);
        for (size_t i = 0; i < n && i < frana_db_results_count(bare); i++) {
            const frana_db_hit *a = frana_db_results_hit(full, i), *b = frana_db_results_hit(bare, i);
            check(a->weight == b->weight && a->percent == b->percent && a->rank == b->rank,
                  "no_fields: hit %zu keeps rank, weight and percent", i);
            check(a->id[0] && !b->id[0] && !b->title[0] && !b->snippet[0] && a->snippet[0],
                  "no_fields: hit %zu without its fields ('%s')", i, b->id);
        }
    }
    frana_db_results_free(full);
    frana_db_results_free(bare);
    ids_of(r, "chatiment", seen, sizeof seen, &t2);
    check(strcmp(seen, "punition") == 0, "cache: 'chatiment' still finds châtiment: '%s'", seen);
    frana_db_reader_free(fresh);
    frana_db_reader_free(r);
    frana_db_writer_free(w);
}

/* frana_data_scan against jansson: when the scan takes the data, every field
 * is what jansson decodes; the data it leaves to jansson includes all that
 * jansson refuses. Over frana's own records, foreign data and mutations. */
static void data_case(const char *d, size_t len, int *taken)
{
    static const char *keys[FRANA_DATA_NFIELDS] = {"id", "title", "date", "url",
                                                   "source", "lang", "body"};
    frana_data_span f[FRANA_DATA_NFIELDS];
    if (!frana_data_scan(d, len, f))
        return;
    (*taken)++;
    json_error_t jerr;
    json_t *root = json_loadb(d, len, JSON_ALLOW_NUL, &jerr);
    if (!check(json_is_object(root), "scan took data jansson refuses: %.*s", (int)(len > 200 ? 200 : len), d))
        return;
    for (int k = 0; k < FRANA_DATA_NFIELDS; k++) {
        json_t *v = json_object_get(root, keys[k]);
        size_t n = 0;
        char *got = frana_data_span_dup(&f[k], &n);
        check(got != NULL, "dup");
        if (!v) {
            check(f[k].s == NULL, "%s: absent for jansson, present for the scan", keys[k]);
        } else {
            check(json_is_string(v) && json_string_length(v) == n && got &&
                      memcmp(json_string_value(v), got, n) == 0,
                  "%s differs from jansson's in %.*s", keys[k], (int)(len > 200 ? 200 : len), d);
        }
        free(got);
    }
    json_decref(root);
}

static void test_data_scan(void)
{
    const char *texts[] = {"plain", "L’élection « présidentielle »", "a \"quoted\" word",
                           "back\\slash / slash", "line\nbreak\ttab\rcr", "ctrl \x01\x1f bell",
                           "", "русский текст", "nul\0inside"};
    int taken = 0, records = 0;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        for (size_t j = 0; j < sizeof texts / sizeof *texts; j++) {
            const char *t = texts[i], *b = texts[j];
            size_t tl = strlen(t), bl = strlen(b) + (strcmp(b, "nul") == 0 ? 7 : 0);
            frana_db_article a;
            memset(&a, 0, sizeof a);
            a.id = t[0] ? t : "x";
            a.id_len = t[0] ? tl : 1;
            a.title = b;
            a.title_len = bl;
            a.body = t;
            a.body_len = tl;
            a.source = b;
            a.source_len = bl;
            a.date = "2020-09-14";
            a.date_len = 10;
            char *data = NULL;
            size_t dlen = 0;
            if (frana_article_to_data(&a, &data, &dlen) != 0)
                continue;
            records++;
            int before = taken;
            data_case(data, dlen, &taken);
            /* Records without a control character (written \u00XX) are read by the scan. */
            if (!strpbrk(t, "\x01") && !strpbrk(b, "\x01") && strcmp(t, "nul") && strcmp(b, "nul"))
                check(taken == before + 1, "the scan leaves a plain record to jansson: %s", data);
            /* mutations: every byte replaced, every cut */
            for (size_t k = 0; k < dlen; k++) {
                char *m = malloc(dlen + 1);
                memcpy(m, data, dlen);
                static const char subs[] = {'"', '\\', '}', ',', ':', ' ', '\x80', 'u', '\0'};
                for (size_t s = 0; s < sizeof subs; s++) {
                    m[k] = subs[s];
                    data_case(m, dlen, &taken);
                }
                data_case(data, k, &taken);
                free(m);
            }
            free(data);
        }
    }
    check(records > 50, "records written: %d", records);
    const char *foreign[] = {"{}", " { } ", "[]", "\"id\"", "{\"id\":1}", "{\"id\":\"a\",}",
                             "{\"id\":\"a\"} x", "{\"id\":\"a\",\"id\":\"b\"}",
                             "{\"i\\u0064\":\"a\"}", "{\"id\":\"\\u00e9\"}", "{\"id\":\"a\\x\"}",
                             "{\"id\":{\"a\":\"b\"}}", "{\"title\":\"\xc3\"}", "{\"x\":\"\xed\xa0\x80\"}",
                             "{ \"id\" : \"a\" ,\n\"title\"\t:\r\"b\" }", "{\"id\":\"a\"", ""};
    for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++)
        data_case(foreign[i], strlen(foreign[i]), &taken);
    frana_data_span f[FRANA_DATA_NFIELDS];
    const char *dup = "{\"id\":\"a\",\"id\":\"b\"}";
    check(frana_data_scan(dup, strlen(dup), f) && f[FRANA_DATA_ID].len == 1 &&
              f[FRANA_DATA_ID].s[0] == 'b',
          "a repeated key: the last, as jansson");
    check(taken > records, "the scan took %d of the cases", taken);
}

int main(void)
{
    char tmp[] = "/tmp/frana_test_db.XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    char *err = NULL;
    if (frana_analyzer_new(NULL, &A, &err)) {
        fprintf(stderr, "analyzer: %s\n", err);
        return 1;
    }
    test_data_scan();
    test_reader_cache(tmp);
    test_corpus(tmp);
    test_pairs(tmp, "data/vocab_cases.tsv", 1, 9);
    test_pairs(tmp, "data/stem_cases.tsv", 0, 80);
    frana_analyzer_free(A);
    if (!getenv("FRANA_TEST_KEEP"))
        check_rm_rf(tmp);
    else
        fprintf(stderr, "kept %s\n", tmp);
    return check_report();
}
