/*
 * fuzz_common.h — what the database fuzz targets share: a temporary directory
 * made once per process and removed at exit, a UTF-8 check, and a failure
 * that says what broke before it aborts (libFuzzer then saves the input).
 */
#ifndef FRANA_FUZZ_COMMON_H
#define FRANA_FUZZ_COMMON_H

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "plan.h"
#include "query.h"
#include "store.h"
#include "frana.h"

static char fuzz_tmpdir[512];

static int fuzz_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void fuzz_rm_tmpdir(void)
{
    if (fuzz_tmpdir[0])
        nftw(fuzz_tmpdir, fuzz_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Makes the process's temporary directory; returns its path. */
static const char *fuzz_make_tmpdir(const char *name)
{
    const char *base = getenv("TMPDIR");
    snprintf(fuzz_tmpdir, sizeof fuzz_tmpdir, "%s/frana_%s.XXXXXX", base && *base ? base : "/tmp",
             name);
    if (!mkdtemp(fuzz_tmpdir)) {
        perror("mkdtemp");
        abort();
    }
    atexit(fuzz_rm_tmpdir);
    return fuzz_tmpdir;
}

#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
static void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz finding: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* Whether s[0..len) is valid UTF-8 (NULL with len 0 counts as valid). */
static int fuzz_utf8(const char *s, size_t len)
{
    return len == 0 || (s && frana_utf8_valid(s, len));
}

#endif
