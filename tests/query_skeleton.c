/*
 * query_skeleton.c — prints the operator skeleton of frana's parse of each
 * query, for tests/xapian_conformance.py: one input line "or|and<TAB>HEX"
 * (the query as hex bytes), one output line "OK SKELETON" or "ERR CODE MESSAGE".
 * A skeleton keeps the operators and replaces what frana's analysis decides
 * (each word, and the phrase a word splits into) by "w"; NEAR and ADJ keep
 * their window, a wildcard is "w*", a filter "f". The analyzer has no
 * stopwords, so that the skeleton shows the syntax and not the stopword list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

static void skeleton(const frana_qnode *n)
{
    static const char *ops[] = {"AND", "OR", "AND_NOT", "AND_MAYBE", "", "", "", "NOT", "XOR"};
    switch (n->type) {
    case FRANA_Q_WORD:
    case FRANA_Q_PHRASE:
        fputs("w", stdout);
        return;
    case FRANA_Q_WILDCARD:
        fputs("w*", stdout);
        return;
    case FRANA_Q_FILTER:
    case FRANA_Q_DATE:
        fputs("f", stdout);
        return;
    case FRANA_Q_NEAR:
    case FRANA_Q_ADJ:
        printf("(%s/%u", n->type == FRANA_Q_NEAR ? "NEAR" : "ADJ", (unsigned)n->window);
        for (size_t i = 0; i < n->nterms; i++)
            fputs(" w", stdout);
        fputs(")", stdout);
        return;
    default:
        printf("(%s", ops[n->type]);
        for (size_t i = 0; i < n->nkids; i++) {
            putchar(' ');
            skeleton(n->kids[i]);
        }
        putchar(')');
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int main(void)
{
    frana_options o = {0};
    o.flags = FRANA_NO_NAMES; /* name keys add alternatives, not structure */
    /* No stopwords: Xapian's parser keeps every word, and the English words of
     * its cases ("a", "to", "on") must not vanish as French stopwords here. */
    o.stopwords_path = "/dev/null";
    frana_analyzer *a = NULL;
    if (frana_analyzer_new(&o, &a, NULL))
        return 1;
    frana_session *s = frana_session_new(a);
    char line[8192], q[4096], err[512];
    while (fgets(line, sizeof line, stdin)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        int default_or = strncmp(line, "or", 2) == 0;
        size_t n = 0;
        for (char *h = tab + 1; hexval(h[0]) >= 0 && hexval(h[1]) >= 0 && n < sizeof q; h += 2)
            q[n++] = (char)(hexval(h[0]) * 16 + hexval(h[1]));
        frana_qnode *root = NULL;
        /* "fr": no language hint, so no other language's stopwords either */
        int rc = frana_query_parse(s, q, n, "fr", default_or, &root, err, sizeof err);
        if (rc) {
            printf("ERR %d %s\n", rc, err);
        } else {
            fputs("OK ", stdout);
            skeleton(root);
            putchar('\n');
        }
        frana_qnode_free(root);
    }
    frana_session_free(s);
    frana_analyzer_free(a);
    return 0;
}
