/*
 * options.c — the arguments of `tokenize = 'frana …'`.
 *
 *   lang CODE         the documents' language, ISO 639 (default fr)
 *   query_lang CODE   the queries' language (default: every convention,
 *                     as `frana search` without --lang)
 *   names 0|1         name keys (default 1)
 *   stem 0|1          stem terms (default 1)
 *   fold 0|1          accent-folded terms (default 1)
 *   keep_stopwords 0|1  stopwords get their stem terms too (default 0)
 *   stopwords FILE    a Snowball-format stopword file instead of the built-in list
 *   query_names all|capitalized
 *                     which query words search name keys: all (default, as
 *                     `frana search`), or only those written with a capital
 */
#include "options.h"

#include <stdio.h>
#include <string.h>

static const char known[] =
    "lang, query_lang, names, stem, fold, keep_stopwords, stopwords, query_names";

/* A language code as frana takes it (ISO 639, two or three letters, BCP 47
 * subtags allowed), or "any" for query_lang. */
static int parse_lang(const char *v, char out[4], int any_ok)
{
    if (any_ok && strcmp(v, "any") == 0) {
        out[0] = 0;
        return 0;
    }
    return frana_language_code(v, out) == FRANA_OK ? 0 : -1;
}

/* A boolean value: "1" or "0", nothing else. */
static int parse_bool(const char *v, int *out)
{
    if (strcmp(v, "1") == 0) {
        *out = 1;
        return 0;
    }
    if (strcmp(v, "0") == 0) {
        *out = 0;
        return 0;
    }
    return -1;
}

int fts5_frana_parse_options(const char **azArg, int nArg, fts5_frana_config *out, char *err,
                             size_t errlen)
{
    static const struct {
        const char *name;
        unsigned flag;  /* the frana_flag the option drives */
        int set_when_on; /* 1: the flag means "on"; 0: it means "off" */
    } bools[] = {
        {"names", FRANA_NO_NAMES, 0},
        {"stem", FRANA_NO_STEM, 0},
        {"fold", FRANA_NO_FOLD, 0},
        {"keep_stopwords", FRANA_KEEP_STOPWORDS, 1},
    };
    memset(out, 0, sizeof *out);
    out->opts.size = sizeof out->opts;
    for (int i = 0; i < nArg; i += 2) {
        const char *key = azArg[i];
        if (i + 1 >= nArg) {
            snprintf(err, errlen, "frana tokenizer: option '%s' needs a value", key);
            return -1;
        }
        const char *v = azArg[i + 1];
        if (strcmp(key, "lang") == 0 || strcmp(key, "query_lang") == 0) {
            int q = key[0] == 'q';
            if (parse_lang(v, q ? out->query_lang : out->lang, q) != 0) {
                snprintf(err, errlen,
                         "frana tokenizer: option '%s': '%s' is not a language code "
                         "(ISO 639, two or three letters%s)",
                         key, v, q ? ", or any" : "");
                return -1;
            }
            continue;
        }
        if (strcmp(key, "query_names") == 0) {
            if (strcmp(v, "all") != 0 && strcmp(v, "capitalized") != 0) {
                snprintf(err, errlen,
                         "frana tokenizer: option 'query_names' takes all or capitalized, not '%s'",
                         v);
                return -1;
            }
            out->query_names_capitalized = v[0] == 'c';
            continue;
        }
        if (strcmp(key, "stopwords") == 0) {
            if (!v[0]) {
                snprintf(err, errlen, "frana tokenizer: option 'stopwords' needs a file name");
                return -1;
            }
            out->opts.stopwords_path = v;
            continue;
        }
        size_t b = 0;
        while (b < sizeof bools / sizeof bools[0] && strcmp(key, bools[b].name) != 0)
            b++;
        if (b == sizeof bools / sizeof bools[0]) {
            snprintf(err, errlen, "frana tokenizer: unknown option '%s' (known: %s)", key, known);
            return -1;
        }
        int on;
        if (parse_bool(v, &on) != 0) {
            snprintf(err, errlen, "frana tokenizer: option '%s' takes 0 or 1, not '%s'", key, v);
            return -1;
        }
        if (on == bools[b].set_when_on)
            out->opts.flags |= bools[b].flag;
        else
            out->opts.flags &= ~bools[b].flag;
    }
    return 0;
}
