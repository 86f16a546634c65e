/*
 * elision.c — French elision: l', d', j', m', n', s', t', c', qu', jusqu',
 * lorsqu', puisqu', quoiqu' before a word (as Lucene's ElisionFilter, with the
 * articles of FrenchAnalyzer). The chain splits these off as stopwords whatever
 * the apostrophe; "aujourd'hui" and "prud'homme" are not elisions and stay whole.
 */
#include "analysis.h"

#include <string.h>

static const char *const elisions[] = {"l",  "d",     "j",      "m",      "n",     "s", "t",
                                       "c",  "qu",    "jusqu",  "lorsqu", "puisqu",
                                       "quoiqu"};

int frana_is_elision(const char *word, size_t len)
{
    for (size_t i = 0; i < sizeof elisions / sizeof elisions[0]; i++)
        if (strlen(elisions[i]) == len && memcmp(elisions[i], word, len) == 0)
            return 1;
    return 0;
}
