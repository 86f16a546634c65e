/*
 * bench_stock.h — stock Xapian as the benchmarks compare frana to it:
 * Stem("french"), a SimpleStopper holding the same stopwords as frana
 * (stopwords/french.txt, Snowball's format: the first word of a line, '|'
 * starts a comment), STEM_SOME.
 */
#ifndef FRANA_BENCH_STOCK_H
#define FRANA_BENCH_STOCK_H

#include <cstdio>
#include <cstdlib>
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

#endif
