/*
 * check.h — the tests' tiny assertion helper. Each test program ends with
 * `return check_report();`, which prints "N passed, N failed". The counters
 * are atomic and each failure is one write, so threads may check at once.
 */
#ifndef FRANA_CHECK_H
#define FRANA_CHECK_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_int check_passed, check_failed;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int check(int cond, const char *fmt, ...)
{
    if (cond) {
        atomic_fetch_add(&check_passed, 1);
        return 1;
    }
    atomic_fetch_add(&check_failed, 1);
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    printf("FAIL: %s\n", msg);
    return 0;
}

static int check_report(void)
{
    int passed = atomic_load(&check_passed), failed = atomic_load(&check_failed);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
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
