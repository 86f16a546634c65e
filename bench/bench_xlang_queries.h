/*
 * bench_xlang_queries.h — the cross-language known-item benchmark's data,
 * shared by every host that runs it (bench_xlang: Xapian; bench_hosts_sqlite:
 * SQLite FTS5): the French side of WMT newstest2013 and FLORES-200 devtest,
 * one document per sentence; each aligned sentence of another language is a
 * query whose one relevant document is its translation. Two query forms:
 * whole (the sentence) and names (its capitalized words after the first
 * token). Query text is stripped of the characters parsers read as syntax.
 */
#ifndef FRANA_BENCH_XLANG_QUERIES_H
#define FRANA_BENCH_XLANG_QUERIES_H

#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <utf8proc.h>
#include <utility>
#include <vector>

inline std::vector<std::string> xlang_read_lines(const std::string &path)
{
    std::vector<std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        out.push_back(line);
    return out;
}

inline bool xlang_is_upper_start(const std::string &w)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)w.data(), (utf8proc_ssize_t)w.size(), &cp) <= 0)
        return false;
    auto c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

inline bool xlang_is_wordish(utf8proc_int32_t cp)
{
    auto c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Strips leading and trailing characters that are not letters, marks or digits. */
inline std::string xlang_trim_word(const std::string &w)
{
    std::vector<std::pair<size_t, utf8proc_int32_t>> cps;
    size_t i = 0;
    while (i < w.size()) {
        utf8proc_int32_t cp;
        auto n = utf8proc_iterate((const utf8proc_uint8_t *)w.data() + i,
                                  (utf8proc_ssize_t)(w.size() - i), &cp);
        if (n <= 0) {
            i++;
            continue;
        }
        cps.push_back({i, cp});
        i += (size_t)n;
    }
    size_t a = 0, b = cps.size();
    while (a < b && !xlang_is_wordish(cps[a].second))
        a++;
    while (b > a && !xlang_is_wordish(cps[b - 1].second))
        b--;
    if (a == b)
        return "";
    size_t end = b < cps.size() ? cps[b].first : w.size();
    return w.substr(cps[a].first, end - cps[a].first);
}

/* The names form: the capitalized words after the first token. */
inline std::string xlang_names_only(const std::string &s)
{
    std::istringstream in(s);
    std::string tok, out;
    bool first = true;
    while (in >> tok) {
        if (first) {
            first = false;
            continue;
        }
        std::string w = xlang_trim_word(tok);
        if (!w.empty() && xlang_is_upper_start(w))
            out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

/* Strips quotes, parentheses, + - : * and upper-case operators. */
inline std::string xlang_plain(const std::string &s)
{
    std::string out = s;
    for (char &c : out)
        if (c == '"' || c == '(' || c == ')' || c == '+' || c == '-' || c == ':' || c == '*')
            c = ' ';
    std::istringstream in(out);
    std::string tok, res;
    while (in >> tok) {
        if (tok == "AND" || tok == "OR" || tok == "NOT" || tok == "XOR" || tok == "NEAR" ||
            tok == "ADJ")
            continue;
        res += (res.empty() ? "" : " ") + tok;
    }
    return res;
}

/* success@1 and MRR@10 over the queries added. */
struct xlang_score {
    double s1 = 0, mrr = 0;
    size_t n = 0;
    void add(int rank) /* 0: not in the top 10 */
    {
        n++;
        if (rank == 1)
            s1 += 1;
        if (rank >= 1 && rank <= 10)
            mrr += 1.0 / rank;
    }
    double success() const { return n ? s1 / n : 0; }
    double rr() const { return n ? mrr / n : 0; }
};

struct xlang_dataset {
    const char *name;
    std::string french;
    std::vector<std::pair<const char *, std::string>> langs;
};

/* The two parallel sets under data (the shared data folder). */
inline std::vector<xlang_dataset> xlang_datasets(const std::string &data)
{
    std::string wmt = data + "/news/wmt_newstest_multiway/newstest2013.";
    std::string fl = data + "/news/flores200_devtest/";
    return {
        {"WMT13", wmt + "fr",
         {{"en", wmt + "en"}, {"de", wmt + "de"}, {"ru", wmt + "ru"}, {"cs", wmt + "cs"},
          {"es", wmt + "es"}}},
        {"FLORES", fl + "fra_Latn.devtest",
         {{"en", fl + "eng_Latn.devtest"},
          {"de", fl + "deu_Latn.devtest"},
          {"ru", fl + "rus_Cyrl.devtest"},
          {"pl", fl + "pol_Latn.devtest"},
          {"be", fl + "bel_Cyrl.devtest"},
          {"uk", fl + "ukr_Cyrl.devtest"}}},
    };
}

#endif
