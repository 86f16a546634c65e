/*
 * bench_stock.h — stock Xapian as the benchmarks compare frana to it:
 * Stem("french"), a SimpleStopper holding the same stopwords as frana
 * (stopwords/french.txt, Snowball's format: the first word of a line, '|'
 * starts a comment), STEM_SOME.
 */
#ifndef FRANA_BENCH_STOCK_H
#define FRANA_BENCH_STOCK_H

#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <xapian.h>

/* Fills stopper from a Snowball-format list; exits with a message if unreadable. */
inline void bench_stock_stopper(Xapian::SimpleStopper &stopper, const char *path)
{
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "bench: cannot read %s\n", path);
        std::exit(1);
    }
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ls(line.substr(0, line.find('|')));
        std::string w;
        if (ls >> w)
            stopper.add(w);
    }
}

inline void bench_stock_termgen(Xapian::TermGenerator &tg, const Xapian::SimpleStopper &stopper)
{
    tg.set_stemmer(Xapian::Stem("french"));
    tg.set_stopper(&stopper);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

inline void bench_stock_queryparser(Xapian::QueryParser &qp, const Xapian::SimpleStopper &stopper,
                                    Xapian::Query::op default_op)
{
    qp.set_stemmer(Xapian::Stem("french"));
    qp.set_stopper(&stopper);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(default_op);
}

/* Stock's QueryParser over db with the stopwords of the file at stopwords
 * (the stopper lives as long as the parser). */
struct bench_stock_parser {
    Xapian::SimpleStopper stopper;
    Xapian::QueryParser qp;
    bench_stock_parser(const char *stopwords, const Xapian::Database &db,
                       Xapian::Query::op default_op = Xapian::Query::OP_AND)
    {
        bench_stock_stopper(stopper, stopwords);
        qp.set_database(db);
        bench_stock_queryparser(qp, stopper, default_op);
    }
    bench_stock_parser(const bench_stock_parser &) = delete;
    bench_stock_parser &operator=(const bench_stock_parser &) = delete;
};

/* Rank (1..10) of the document want in the top 10 of query on db, 0 if absent. */
inline int bench_rank_in_top10(const Xapian::Database &db, const Xapian::Query &query,
                               Xapian::docid want)
{
    Xapian::Enquire enq(db);
    enq.set_query(query);
    Xapian::MSet m = enq.get_mset(0, 10);
    int r = 1;
    for (auto it = m.begin(); it != m.end(); ++it, ++r)
        if (*it == want)
            return r;
    return 0;
}

/* Size in bytes of the regular files under dir. */
inline uint64_t bench_dir_bytes(const std::string &dir)
{
    uint64_t n = 0;
    std::error_code ec;
    for (auto &e : std::filesystem::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file(ec))
            n += e.file_size(ec);
    return n;
}

#endif
