/*
 * analyze.c — built against an installed frana with `pkg-config --cflags --libs
 * frana` only: analyzes its argument and prints "pos surface term…" per token.
 */
#include <frana.h>
#include <stdio.h>
#include <string.h>

static int print_token(void *ctx, const frana_token *t)
{
    (void)ctx;
    printf("%u %.*s", (unsigned)t->pos, (int)t->surface_len, t->surface);
    for (size_t i = 0; i < t->nterms; i++)
        printf(" %.*s", (int)t->terms[i].len, t->terms[i].text);
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    frana_analyzer *a = NULL;
    char *err = NULL;
    frana_options o = FRANA_OPTIONS_INIT;
    if (frana_analyzer_new(&o, &a, &err) != FRANA_OK) {
        fprintf(stderr, "analyzer: %s\n", err ? err : "?");
        frana_free(err);
        return 1;
    }
    frana_session *s = frana_session_new(a);
    int rc = s ? frana_analyze(s, argv[1], strlen(argv[1]), "fr", FRANA_MODE_INDEX, print_token,
                               NULL)
               : FRANA_ERR_NOMEM;
    if (rc)
        fprintf(stderr, "analyze: %s\n", frana_strerror(rc));
    printf("frana %s\n", frana_version());
    frana_session_free(s);
    frana_analyzer_free(a);
    return rc ? 1 : 0;
}
