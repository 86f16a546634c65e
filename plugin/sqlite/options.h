/*
 * options.h — the arguments of `tokenize = 'frana …'`: key/value pairs, each
 * checked, an unknown key or a bad value named in the error.
 */
#ifndef FRANA_FTS5_OPTIONS_H
#define FRANA_FTS5_OPTIONS_H

#include <stddef.h>

#include "frana.h"

/* What the arguments ask for. lang and query_lang are "" when not given. */
typedef struct fts5_frana_config {
    frana_options opts; /* flags; stopwords_path borrowed from the arguments */
    char lang[4];       /* the documents' language (default "fr") */
    char query_lang[4]; /* the queries' language (default: every convention) */
    int query_names_capitalized; /* query side: name keys only for words with a capital */
} fts5_frana_config;

/* Parses nArg arguments (key value key value …). Returns 0, or -1 with a
 * message naming the offending argument in err[0..errlen). */
int fts5_frana_parse_options(const char **azArg, int nArg, fts5_frana_config *out, char *err,
                             size_t errlen);

#endif
