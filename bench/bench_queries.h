/*
 * bench_queries.h — the query set of bench_index and bench_scale: capitalized
 * words of the English sides of WMT newstest (names: Obama, Moscow, …) and
 * pairs of words of the French sides, alternately, drawn with std::mt19937
 * seed 42.
 */
#ifndef FRANA_BENCH_QUERIES_H
#define FRANA_BENCH_QUERIES_H

#include <cctype>
#include <fstream>
#include <random>
#include <string>
#include <vector>

/* The non-empty lines of a file (none if it is missing). */
inline std::vector<std::string> lines_of(const std::string &path)
{
    std::vector<std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            out.push_back(line);
    return out;
}

inline std::vector<std::string> split_words(const std::string &s)
{
    std::vector<std::string> out;
    std::string w;
    for (char ch : s) {
        unsigned char c = (unsigned char)ch;
        if (c >= 0x80 || std::isalnum(c) || c == '-') {
            w += ch;
        } else {
            if (!w.empty())
                out.push_back(w);
            w.clear();
        }
    }
    if (!w.empty())
        out.push_back(w);
    return out;
}

/* n queries from DATA_DIR/news/wmt_newstest_fr-en. */
inline std::vector<std::string> make_queries(const std::string &data, size_t n)
{
    std::vector<std::string> en, fr;
    const char *sets[] = {"news-test2008", "newstest2009", "newstest2010", "newstest2011",
                          "newstest2014", "newssyscomb2009"};
    for (const char *s : sets) {
        for (auto &l : lines_of(data + "/news/wmt_newstest_fr-en/" + s + ".eng"))
            en.push_back(l);
        for (auto &l : lines_of(data + "/news/wmt_newstest_fr-en/" + s + ".fra"))
            fr.push_back(l);
    }
    std::mt19937 rng(42);
    std::vector<std::string> names;
    for (auto &s : en) {
        auto ws = split_words(s);
        for (size_t i = 1; i < ws.size(); i++)
            if (ws[i].size() >= 4 && std::isupper((unsigned char)ws[i][0]) &&
                !std::isupper((unsigned char)ws[i][1]))
                names.push_back(ws[i]);
    }
    std::vector<std::string> out;
    while (out.size() < n && (!names.empty() || !fr.empty())) {
        if (out.size() % 2 == 0 && !names.empty()) {
            out.push_back(names[rng() % names.size()]);
        } else if (!fr.empty()) {
            auto ws = split_words(fr[rng() % fr.size()]);
            std::vector<std::string> good;
            for (auto &w : ws)
                if (w.size() >= 5)
                    good.push_back(w);
            if (good.size() >= 2)
                out.push_back(good[rng() % good.size()] + " " + good[rng() % good.size()]);
        } else {
            break;
        }
    }
    return out;
}

#endif
