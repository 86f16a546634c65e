/*
 * test_threads.c — one analyzer shared by two threads, each with its own
 * session, gives exactly the terms one thread gives, on real French news.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dump.h"
#include "frana.h"

typedef struct job {
    const frana_analyzer *a;
    const char *text;
    size_t len;
    uint64_t digest; /* of every token's position, offsets and terms */
    size_t tokens;
    int rc;
} job;

static int digest_token(void *ctx, const frana_token *t)
{
    job *j = ctx;
    uint64_t h = j->digest ^ (t->pos * 0x9E3779B97F4A7C15ull) ^ (t->start << 20) ^ t->end;
    for (size_t i = 0; i < t->nterms; i++)
        for (size_t k = 0; k < t->terms[i].len; k++)
            h = (h ^ (unsigned char)t->terms[i].text[k]) * 1099511628211ull;
    j->digest = h;
    j->tokens++;
    return 0;
}

static void *run(void *arg)
{
    job *j = arg;
    frana_session *s = frana_session_new(j->a);
    for (int round = 0; round < 20 && s; round++) {
        j->rc |= frana_analyze(s, j->text, j->len, "fr", FRANA_MODE_INDEX, digest_token, j);
        j->rc |= frana_analyze(s, j->text, j->len, NULL, FRANA_MODE_QUERY, digest_token, j);
    }
    frana_session_free(s);
    return NULL;
}

int main(void)
{
    size_t len = 0;
    char *text = slurp("data/sample_fr.txt", &len);
    if (!check(text && len > 500, "read data/sample_fr.txt"))
        return check_report();
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == 0, "analyzer: %s", err ? err : "?"))
        return check_report();
    job one = {a, text, len, 0, 0, 0};
    run(&one);
    job two[2] = {{a, text, len, 0, 0, 0}, {a, text, len, 0, 0, 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, run, &two[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    check(one.tokens > 1000, "the sample gives tokens (%zu)", one.tokens);
    for (int i = 0; i < 2; i++) {
        check(two[i].rc == 0, "thread %d analyzed without error", i);
        check(two[i].tokens == one.tokens, "thread %d: %zu tokens, one thread: %zu", i,
              two[i].tokens, one.tokens);
        check(two[i].digest == one.digest, "thread %d gives the same terms as one thread", i);
    }
    frana_analyzer_free(a);
    free(text);
    return check_report();
}
