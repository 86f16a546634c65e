/*
 * cmd_analyze.c — frana analyze [--mode index|query] [--lang L] [--json] [TEXT...]
 * Shows what the analysis chain makes of text: a table, or one JSON object per
 * token. With no TEXT, reads standard input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "frana.h"

typedef struct out {
    int json;
} out;

static void flag_names(unsigned f, char *buf, size_t cap)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{FRANA_TOKEN_STOP, "stop"},     {FRANA_TOKEN_NUMBER, "number"},
                 {FRANA_TOKEN_ELIDED, "elided"},
                 {FRANA_TOKEN_HYPHEN, "hyphen"}, {FRANA_TOKEN_NAME, "name"},
                 {FRANA_TOKEN_LONG, "long"},     {FRANA_TOKEN_REPLACED, "replaced"}};
    size_t n = 0;
    buf[0] = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(f & names[i].bit))
            continue;
        int w = snprintf(buf + n, cap - n, "%s%s", n ? "," : "", names[i].name);
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
}

/* Prints s[0..len) left-aligned in a column of width characters (UTF-8 aware:
 * printf's widths count bytes). */
static void print_padded(const char *s, size_t len, size_t width)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    fput_escaped(stdout, s, len);
    for (; chars < width; chars++)
        putchar(' ');
}

static int print_token(void *ctx, const frana_token *t)
{
    out *o = ctx;
    if (o->json) {
        /* Written by hand: jansson's json_dumps can drop a key when an
         * allocation fails, and this allocates nothing. */
        printf("{\"pos\":%u,\"start\":%zu,\"end\":%zu,\"surface\":", (unsigned)t->pos, t->start,
               t->end);
        fput_json_string(stdout, t->surface, t->surface_len);
        fputs(",\"terms\":[", stdout);
        for (size_t i = 0; i < t->nterms; i++) {
            if (i)
                putchar(',');
            fput_json_string(stdout, t->terms[i].text, t->terms[i].len);
        }
        printf("],\"stop\":%s}\n", (t->flags & FRANA_TOKEN_STOP) ? "true" : "false");
        return 0;
    }
    char flags[96];
    flag_names(t->flags, flags, sizeof flags);
    printf("%4u %6zu %6zu  ", (unsigned)t->pos, t->start, t->end);
    print_padded(t->surface, t->surface_len, 20);
    printf(" %-16s", flags);
    for (size_t i = 0; i < t->nterms; i++) {
        putchar(' ');
        fput_escaped(stdout, t->terms[i].text, t->terms[i].len);
    }
    putchar('\n');
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: frana analyze [--mode index|query] [--lang L] [--json] "
               "[--stopwords FILE] [TEXT...]\n"
               "  Shows the tokens frana makes of TEXT (standard input when no TEXT).\n"
               "  --mode index   terms stored for document words (default)\n"
               "  --mode query   alternatives searched for query words\n"
               "  --lang L       language of the text (fr by default; query mode: any)\n"
               "  --json         one JSON object per token\n");
}

int cmd_analyze(int argc, char **argv)
{
    out o = {0};
    frana_mode mode = FRANA_MODE_INDEX;
    const char *lang = NULL;
    frana_options opts = {0};
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            o.json = 1;
        } else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
            const char *m = argv[++i];
            if (strcmp(m, "index") == 0)
                mode = FRANA_MODE_INDEX;
            else if (strcmp(m, "query") == 0)
                mode = FRANA_MODE_QUERY;
            else {
                fprintf(stderr, "frana analyze: --mode takes index or query, not '%s'\n", m);
                return 2;
            }
        } else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
            lang = argv[++i];
        } else if (strcmp(argv[i], "--stopwords") == 0 && i + 1 < argc) {
            opts.stopwords_path = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "frana analyze: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        } else {
            break;
        }
    }
    frana_analyzer *a = NULL;
    char *err = NULL;
    int rc = frana_analyzer_new(&opts, &a, &err);
    if (rc) {
        fprintf(stderr, "frana analyze: %s\n", err ? err : frana_strerror(rc));
        frana_free(err);
        return 1;
    }
    frana_session *s = frana_session_new(a);
    if (!s) {
        fprintf(stderr, "frana analyze: out of memory\n");
        frana_analyzer_free(a);
        return 1;
    }
    char *text = NULL;
    size_t len = 0;
    if (i < argc) {
        for (int k = i; k < argc; k++)
            len += strlen(argv[k]) + 1;
        text = malloc(len + 1);
        if (text) {
            size_t n = 0;
            for (int k = i; k < argc; k++) {
                size_t l = strlen(argv[k]);
                memcpy(text + n, argv[k], l);
                n += l;
                text[n++] = ' ';
            }
            len = n ? n - 1 : 0;
        }
    } else {
        text = read_all(stdin, &len);
    }
    if (!text) {
        fprintf(stderr, "frana analyze: cannot read the input\n");
        frana_session_free(s);
        frana_analyzer_free(a);
        return 1;
    }
    if (!o.json)
        printf(" pos  start    end  %-20s %-16s terms\n", "surface", "flags");
    if (lang && *lang && strcmp(lang, "any") != 0 && !frana_language_stems(lang))
        fprintf(stderr, "frana analyze: no Snowball stemmer for this language: words get no "
                        "stem term\n");
    rc = frana_analyze(s, text, len, lang, mode, print_token, &o);
    int status = 0;
    if (rc) {
        fprintf(stderr, "frana analyze: %s\n",
                rc < 0 ? frana_session_errmsg(s) : "cannot print a token");
        status = 1;
    }
    frana_stats st;
    frana_session_stats(s, &st);
    if (st.invalid_utf8)
        fprintf(stderr, "frana analyze: %zu invalid UTF-8 sequence(s) replaced by U+FFFD\n",
                st.invalid_utf8);
    free(text);
    frana_session_free(s);
    frana_analyzer_free(a);
    return status;
}
