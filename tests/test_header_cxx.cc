/*
 * test_header_cxx.cc — the public header compiles as C++ and its functions
 * link and run from C++ with C linkage.
 */
#include "frana.h"

#include <cstdio>
#include <cstring>

static int count(void *ctx, const frana_token *)
{
    ++*static_cast<int *>(ctx);
    return 0;
}

int main()
{
    frana_analyzer *a = nullptr;
    char *err = nullptr;
    int failed = 0;
    if (frana_analyzer_new(nullptr, &a, &err) != FRANA_OK) {
        std::printf("FAIL: frana_analyzer_new: %s\n", err);
        frana_free(err);
        std::printf("0 passed, 1 failed\n");
        return 1;
    }
    frana_session *s = frana_session_new(a);
    int n = 0;
    const char text[] = "L’élection présidentielle";
    int rc = frana_analyze(s, text, std::strlen(text), nullptr, FRANA_MODE_INDEX, count, &n);
    if (rc != FRANA_OK || n != 3) {
        std::printf("FAIL: expected 3 tokens, got %d (rc %d)\n", n, rc);
        failed++;
    }
    if (std::strcmp(frana_version(), FRANA_VERSION_STRING) != 0) {
        std::printf("FAIL: version %s\n", frana_version());
        failed++;
    }
    frana_session_free(s);
    frana_analyzer_free(a);
    std::printf("%d passed, %d failed\n", 2 - failed, failed);
    return failed ? 1 : 0;
}
