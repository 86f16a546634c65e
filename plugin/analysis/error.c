/*
 * error.c — error names, the version, and frana_free.
 */
#include "analysis.h"

#include <stdlib.h>

const char *frana_version(void)
{
    return FRANA_VERSION_STRING;
}

const char *frana_strerror(int code)
{
    switch (code) {
    case FRANA_OK: return "no error";
    case FRANA_ERR_NOMEM: return "out of memory";
    case FRANA_ERR_INVALID: return "invalid argument";
    case FRANA_ERR_IO: return "input/output error";
    case FRANA_ERR_STEMMER: return "no stemmer for this language";
    case FRANA_ERR_SYNTAX: return "query syntax error";
    case FRANA_ERR_EMPTY: return "empty query";
    case FRANA_ERR_DB: return "database error";
    case FRANA_ERR_DB_LOCKED: return "database locked by another writer";
    case FRANA_ERR_DB_OPEN: return "cannot open database";
    case FRANA_ERR_INPUT: return "malformed input record";
    case FRANA_ERR_VERSION: return "unsupported API version";
    case FRANA_ERR_INTERRUPTED: return "interrupted";
    case FRANA_ERR_DB_MODIFIED: return "database modified while reading (reopen and retry)";
    case FRANA_ERR_LIMIT: return "query over the limits";
    default: return code > 0 ? "stopped by the callback" : "unknown error";
    }
}

void frana_free(void *p)
{
    free(p);
}
