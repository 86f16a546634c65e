/*
 * test_hostile.c — input a news archive or a user may hand the analyzer:
 * invalid and overlong UTF-8, NUL bytes, a 10 MB word, a callback that stops
 * the analysis, bad arguments. Nothing crashes, nothing is silently lost.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frana.h"

typedef struct seen {
    size_t tokens, max_term, replaced, longs;
    size_t last_end;
    int stop_after;
    char words[1024];
} seen;

static int on_token(void *ctx, const frana_token *t)
{
    seen *s = ctx;
    s->tokens++;
    if (t->flags & FRANA_TOKEN_REPLACED)
        s->replaced++;
    if (t->flags & FRANA_TOKEN_LONG)
        s->longs++;
    for (size_t i = 0; i < t->nterms; i++)
        if (t->terms[i].len > s->max_term)
            s->max_term = t->terms[i].len;
    size_t n = strlen(s->words);
    if (t->nterms && n + t->terms[0].len + 2 < sizeof s->words)
        snprintf(s->words + n, sizeof s->words - n, "%s%.*s", n ? " " : "",
                 (int)t->terms[0].len, t->terms[0].text);
    s->last_end = t->end;
    if (s->stop_after && s->tokens == (size_t)s->stop_after)
        return 42;
    return 0;
}

int main(void)
{
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == 0, "analyzer: %s", err ? err : "?"))
        return check_report();
    frana_session *s = frana_session_new(a);
    frana_stats st;

    /* Invalid UTF-8: lone continuation (1), truncated sequence (1), overlong
     * '/' (2), a surrogate (3), bytes F5 FF (2): one U+FFFD per maximal
     * subpart, as Unicode recommends. */
    const char bad[] = "avant \x80 milieu\xc3 \xc0\xaf \xed\xa0\x80 \xf5\xff apr\xc3\xa8s";
    seen v = {0};
    int rc = frana_analyze(s, bad, sizeof bad - 1, NULL, FRANA_MODE_INDEX, on_token, &v);
    frana_session_stats(s, &st);
    check(rc == 0, "invalid UTF-8 is not an error (rc %d)", rc);
    check(strcmp(v.words, "avant milieu apres") == 0, "the valid words survive: [%s]", v.words);
    check(st.invalid_utf8 == 9, "9 invalid sequences counted (%zu)", st.invalid_utf8);
    check(v.replaced >= 1, "tokens after a replacement are flagged");

    /* NUL bytes separate words and do not end the text. */
    const char nul[] = "premier\0second\0\0troisième";
    memset(&v, 0, sizeof v);
    rc = frana_analyze(s, nul, sizeof nul - 1, NULL, FRANA_MODE_INDEX, on_token, &v);
    check(rc == 0 && strcmp(v.words, "premier second troisieme") == 0,
          "NUL bytes separate words: [%s]", v.words);

    /* A 10 MB line with no space: one token, terms cut and hashed. */
    size_t big = 10u << 20;
    char *line = malloc(big);
    for (size_t i = 0; i < big; i++)
        line[i] = (char)('a' + i % 26);
    memset(&v, 0, sizeof v);
    rc = frana_analyze(s, line, big, NULL, FRANA_MODE_INDEX, on_token, &v);
    frana_session_stats(s, &st);
    check(rc == 0 && v.tokens == 1, "a 10 MB word is one token (%zu)", v.tokens);
    check(v.max_term <= FRANA_MAX_TERM, "its terms fit Xapian's limit (%zu bytes)", v.max_term);
    check(v.longs == 1 && st.long_tokens == 1, "it is flagged and counted as long");
    check(v.last_end == big, "its offsets cover the whole word");
    /* The same long word typed as a query gives the same term. */
    seen q = {0};
    frana_analyze(s, line, big, NULL, FRANA_MODE_QUERY, on_token, &q);
    check(strcmp(q.words, v.words) == 0, "the long word's query term equals its index term");
    free(line);

    /* The callback stops the analysis; its value comes back. */
    memset(&v, 0, sizeof v);
    v.stop_after = 2;
    const char text[] = "un deux trois quatre";
    rc = frana_analyze(s, text, sizeof text - 1, NULL, FRANA_MODE_INDEX, on_token, &v);
    check(rc == 42 && v.tokens == 2, "a non-zero callback value stops and is returned (%d)", rc);

    /* Bad arguments are errors, not crashes. */
    check(frana_analyze(NULL, text, 3, NULL, FRANA_MODE_INDEX, on_token, &v) == FRANA_ERR_INVALID,
          "NULL session");
    check(frana_analyze(s, NULL, 3, NULL, FRANA_MODE_INDEX, on_token, &v) == FRANA_ERR_INVALID,
          "NULL text with a length");
    check(frana_analyze(s, "x", 1, NULL, (frana_mode)7, on_token, &v) == FRANA_ERR_INVALID,
          "unknown mode");
    check(frana_analyze(s, NULL, 0, NULL, FRANA_MODE_INDEX, on_token, &v) == 0, "empty text");
    check(frana_session_new(NULL) == NULL, "a session needs an analyzer");
    frana_session_free(NULL);
    frana_analyzer_free(NULL);
    check(strcmp(frana_strerror(FRANA_ERR_DB_LOCKED), "database locked by another writer") == 0,
          "frana_strerror names codes");
    frana_options o = {.stopwords_path = "/nonexistent/stop.txt"};
    frana_analyzer *b = NULL;
    rc = frana_analyzer_new(&o, &b, &err);
    check(rc == FRANA_ERR_IO && b == NULL && err && strstr(err, "/nonexistent/stop.txt"),
          "a missing stopword file is reported by name");
    frana_free(err);

    frana_session_free(s);
    frana_analyzer_free(a);
    return check_report();
}
