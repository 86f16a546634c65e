/*
 * check.h — the tests' tiny assertion helper. Each test program ends with
 * `return check_report();`, which prints "N passed, N failed".
 */
#ifndef FRANA_CHECK_H
#define FRANA_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int check_passed, check_failed;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int check(int cond, const char *fmt, ...)
{
    if (cond) {
        check_passed++;
        return 1;
    }
    check_failed++;
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
    return 0;
}

static int check_report(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

/* Removes a test's temporary directory and all it holds. */
static inline void check_rm_rf(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", dir);
}

#endif
