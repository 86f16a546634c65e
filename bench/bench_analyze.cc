/*
 * bench_analyze.cc — analysis throughput of frana next to stock Xapian.
 *
 * Both engines read the same >= 20 MB of French news text (bench_common.c) in
 * the same run, one article at a time, single-threaded:
 *   frana  frana_analyze() in index mode, a callback that touches every term;
 *   stock  Xapian::TermGenerator with Stem("french"), a SimpleStopper holding
 *          the same stopwords (stopwords/french.txt), STEM_SOME, into a Document.
 * Each engine runs in its own child process so its peak memory (max RSS) is
 * its own. Then frana runs with 1..N threads sharing one analyzer.
 *
 * usage: bench_analyze [DATA_DIR] [--stopwords FILE] [--mb N] [--threads N]
 */
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <xapian.h>

#include "bench_common.h"
#include "bench_stock.h"
#include "frana.h"

namespace {

struct result {
    double seconds;
    double tokens;
    long max_rss_kb;
};

struct counter {
    size_t tokens = 0, bytes = 0;
};

int count_token(void *ctx, const frana_token *t)
{
    counter *c = static_cast<counter *>(ctx);
    c->tokens++;
    for (size_t i = 0; i < t->nterms; i++)
        c->bytes += t->terms[i].len;
    return 0;
}

double run_frana(const bench_corpus &c, size_t narticles, const char *stopwords, size_t *tokens)
{
    frana_options o{};
    o.stopwords_path = stopwords;
    frana_analyzer *a = nullptr;
    char *err = nullptr;
    if (frana_analyzer_new(&o, &a, &err)) {
        std::fprintf(stderr, "frana: %s\n", err);
        std::exit(1);
    }
    frana_session *s = frana_session_new(a);
    counter k;
    double t0 = bench_now();
    for (size_t i = 0; i < narticles; i++)
        frana_analyze(s, c.text + c.offsets[i], c.lengths[i], "fr", FRANA_MODE_INDEX,
                      count_token, &k);
    double t = bench_now() - t0;
    *tokens = k.tokens;
    frana_session_free(s);
    frana_analyzer_free(a);
    return t;
}

double run_stock(const bench_corpus &c, size_t narticles, const char *stopwords, size_t *tokens)
{
    Xapian::SimpleStopper stopper;
    bench_stock_stopper(stopper, stopwords);
    Xapian::TermGenerator tg;
    bench_stock_termgen(tg, stopper);
    size_t n = 0;
    double t0 = bench_now();
    for (size_t i = 0; i < narticles; i++) {
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(std::string(c.text + c.offsets[i], c.lengths[i]));
        n += doc.termlist_count();
    }
    double t = bench_now() - t0;
    *tokens = n;
    return t;
}

/* Runs fn in a child; returns its time, tokens and peak memory. */
template <class F> result in_child(F fn)
{
    int fds[2];
    if (pipe(fds) != 0)
        std::exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        size_t tokens = 0;
        double t = fn(&tokens);
        double msg[2] = {t, (double)tokens};
        if (write(fds[1], msg, sizeof msg) != (ssize_t)sizeof msg)
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    double msg[2] = {0, 0};
    if (read(fds[0], msg, sizeof msg) != (ssize_t)sizeof msg)
        std::fprintf(stderr, "bench: child failed\n");
    close(fds[0]);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    return {msg[0], msg[1], ru.ru_maxrss};
}

double run_threads(const bench_corpus &c, const frana_analyzer *a, int nthreads)
{
    std::vector<std::thread> ts;
    double t0 = bench_now();
    for (int k = 0; k < nthreads; k++) {
        ts.emplace_back([&, k] {
            frana_session *s = frana_session_new(a);
            counter cnt;
            for (size_t i = (size_t)k; i < c.narticles; i += (size_t)nthreads)
                frana_analyze(s, c.text + c.offsets[i], c.lengths[i], "fr", FRANA_MODE_INDEX,
                              count_token, &cnt);
            frana_session_free(s);
        });
    }
    for (auto &t : ts)
        t.join();
    return bench_now() - t0;
}

} // namespace

int main(int argc, char **argv)
{
    const char *data = "../shared/data";
    const char *stopwords = "stopwords/french.txt";
    double mb = 20;
    int maxthreads = (int)std::thread::hardware_concurrency();
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--stopwords") && i + 1 < argc)
            stopwords = argv[++i];
        else if (!std::strcmp(argv[i], "--mb") && i + 1 < argc)
            mb = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            maxthreads = std::atoi(argv[++i]);
        else
            data = argv[i];
    }
    if (access(stopwords, R_OK) != 0) {
        std::fprintf(stderr, "bench_analyze: cannot read %s (run from the repository root or "
                             "pass --stopwords)\n", stopwords);
        return 1;
    }
    bench_corpus c;
    if (bench_corpus_load(data, (size_t)(mb * 1e6), &c))
        return 1;
    std::printf("corpus: %.1f MB, %zu articles (%zu unique sentences, repeated)\n\n",
                c.bytes / 1e6, c.narticles, c.nsentences_unique);
    result f = in_child([&](size_t *n) { return run_frana(c, c.narticles, stopwords, n); });
    result s = in_child([&](size_t *n) { return run_stock(c, c.narticles, stopwords, n); });
    /* The distinct text alone, once, from a cold session: what the word cache
     * gives without any repetition. */
    result f1 = in_child([&](size_t *n) { return run_frana(c, c.narticles_unique, stopwords, n); });
    result s1 = in_child([&](size_t *n) { return run_stock(c, c.narticles_unique, stopwords, n); });
    std::printf("%-34s %10s %12s %10s\n", "single thread", "MB/s", "tokens/s", "peak MB");
    std::printf("%-34s %10.1f %12.0f %10.1f\n", "frana analyze (index mode)",
                c.bytes / 1e6 / f.seconds, f.tokens / f.seconds, f.max_rss_kb / 1024.0);
    std::printf("%-34s %10.1f %12s %10.1f\n", "stock TermGenerator (STEM_SOME)",
                c.bytes / 1e6 / s.seconds, "-", s.max_rss_kb / 1024.0);
    std::printf("\nratio frana / stock: %.2fx   (bar: >= 5x)  %s\n", s.seconds / f.seconds,
                s.seconds / f.seconds >= 5 ? "met" : "MISSED");
    std::printf("(peak memory includes the %.1f MB corpus held by both)\n\n", c.bytes / 1e6);
    std::printf("first pass only: the %.1f MB of distinct text, once, cold session\n",
                c.bytes_unique / 1e6);
    std::printf("%-34s %10.1f\n%-34s %10.1f\nratio frana / stock: %.2fx\n\n",
                "frana analyze (index mode)", c.bytes_unique / 1e6 / f1.seconds,
                "stock TermGenerator (STEM_SOME)", c.bytes_unique / 1e6 / s1.seconds,
                s1.seconds / f1.seconds);

    frana_options o{};
    o.stopwords_path = stopwords;
    frana_analyzer *a = nullptr;
    char *err = nullptr;
    if (frana_analyzer_new(&o, &a, &err) == 0) {
        double t1 = 0;
        std::printf("%-10s %10s %10s\n", "threads", "MB/s", "speed-up");
        for (int k = 1; k <= maxthreads; k++) {
            double t = run_threads(c, a, k);
            if (k == 1)
                t1 = t;
            std::printf("%-10d %10.1f %9.2fx\n", k, c.bytes / 1e6 / t, t1 / t);
        }
        frana_analyzer_free(a);
    }
    bench_corpus_free(&c);
    return 0;
}
