/*
 * querylang.h — the language of a query (querylang.c), for the query parser.
 */
#ifndef FRANA_QUERYLANG_H
#define FRANA_QUERYLANG_H

#include <stddef.h>

/* The hint ("?en", "?de", "?es", "?ru") for a query whose function words or
 * script show that it is not French, or NULL. Given to frana_analyze as the
 * language, a hint makes that language's stopwords stopwords and leaves the
 * rest as for no language. A static string; reads text only. */
const char *frana_query_lang_hint(const char *text, size_t len);

#endif
