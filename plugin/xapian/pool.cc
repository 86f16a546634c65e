/*
 * pool.cc — the worker connections of hit_pool (pool.h). Each worker thread
 * owns one connection to one remote part: it opens it at its first read,
 * reopens it after the reader reopened, and reads its share of a page's
 * documents there, only while that connection sees the main connection's
 * revision. Everything the caller and a worker share is under mu_; the
 * data slots a worker fills are its own until it reports done.
 */
#include "pool.h"

#include <unistd.h>

#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace frana_shim {

part_revision part_revision::of(const Xapian::Database &db)
{
    part_revision r;
    r.docs = db.get_doccount();
    r.last = db.get_lastdocid();
    r.total = db.get_total_length();
    r.lo = db.get_doclength_lower_bound();
    r.hi = db.get_doclength_upper_bound();
    r.positions = db.has_positions();
    r.uuid = db.get_uuid();
    return r;
}

void part_task::answer(const Xapian::Database &db)
{
    if (kind == DOCUMENT) {
        data = db.get_document(did).get_data();
    } else if (kind == TERMFREQ) {
        freq = db.get_termfreq(term);
    } else {
        terms.clear();
        for (Xapian::TermIterator t = db.allterms_begin(term);
             t != db.allterms_end(term) && terms.size() < max; ++t)
            terms.push_back(*t);
    }
}

struct hit_pool::worker {
    explicit worker(size_t p) : part(p) {}
    size_t part;
    std::thread *th = nullptr;
    /* Under mu_: the job, from the caller to the worker and back. */
    enum { IDLE, TODO, DONE } state = IDLE;
    std::vector<part_task *> job;
    part_revision want;
    unsigned long generation = 0;
    bool unread = false; /* the job's documents were not read: the caller reads them */
    /* The worker thread's alone. */
    Xapian::Database db;
    bool open = false;
    unsigned long seen = 0;       /* the generation db was opened or reopened at */
    unsigned long failed_at = 0;  /* generation + 1 of a failure: no retry before a reopen */
};

hit_pool::hit_pool(const reader_parts &parts)
    : mains_(parts.parts), connect_(parts.connect), workers_(parts.parts.size()),
      pid_(static_cast<long>(getpid()))
{
    connect_.resize(mains_.size());
    for (const Xapian::Database &db : mains_)
        revision_.push_back(part_revision::of(db));
}

hit_pool::~hit_pool()
{
    {
        std::lock_guard<std::mutex> g(mu_);
        stop_ = true;
    }
    work_cv_.notify_all();
    bool forked = static_cast<long>(getpid()) != pid_;
    for (auto &part : workers_)
        for (std::unique_ptr<worker> &w : part) {
            if (forked) {
                /* a forked child has not these threads: nothing to join, and
                 * the connections' sockets are the parent's */
                w.release();
                continue;
            }
            w->th->join();
            delete w->th;
        }
}

void hit_pool::reopened()
{
    for (size_t p = 0; p < mains_.size(); p++)
        revision_[p] = part_revision::of(mains_[p]);
    std::lock_guard<std::mutex> g(mu_);
    generation_++;
}

bool hit_pool::start(size_t part)
{
    std::unique_ptr<worker> w(new worker(part));
    try {
        w->th = new std::thread(&hit_pool::work, this, w.get());
    } catch (const std::system_error &) {
        return false; /* no thread to be had: the main connection reads */
    }
    workers_[part].push_back(std::move(w));
    return true;
}

void hit_pool::work(worker *w)
{
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
        work_cv_.wait(lk, [&] { return stop_ || w->state == worker::TODO; });
        if (stop_)
            break;
        std::vector<part_task *> job = std::move(w->job);
        part_revision want = w->want;
        unsigned long gen = w->generation;
        lk.unlock();
        bool read = false;
        if (w->failed_at != gen + 1) {
            try {
                if (!w->open) {
                    w->db = connect_[w->part]();
                    w->open = true;
                } else if (w->seen != gen) {
                    w->db.reopen();
                }
                w->seen = gen;
                if (part_revision::of(w->db) == want) {
                    for (part_task *t : job)
                        t->answer(w->db);
                    read = true;
                }
            } catch (...) {
                /* the main connection reads these, and says what is wrong */
                w->failed_at = gen + 1;
                w->open = false;
                try {
                    w->db = Xapian::Database();
                } catch (...) {
                }
            }
        }
        lk.lock();
        w->unread = !read;
        w->state = worker::DONE;
        if (--pending_ == 0)
            done_cv_.notify_all();
    }
    lk.unlock();
    try {
        w->db = Xapian::Database(); /* closed by the thread that used it */
    } catch (...) {
    }
}

void hit_pool::run(std::vector<part_task> &tasks)
{
    std::vector<part_task *> mine; /* answered here, on the main connections */
    std::vector<std::vector<part_task *>> by_part(mains_.size());
    bool forked = static_cast<long>(getpid()) != pid_;
    for (part_task &t : tasks) {
        if (!forked && connect_[t.part])
            by_part[t.part].push_back(&t);
        else
            mine.push_back(&t);
    }
    /* each worker given a job, and the tasks of that job */
    std::vector<std::pair<worker *, std::vector<part_task *>>> given;
    for (size_t p = 0; p < by_part.size(); p++) {
        if (by_part[p].empty())
            continue;
        size_t want = by_part[p].size() < PER_PART ? by_part[p].size() : PER_PART;
        while (workers_[p].size() < want && start(p)) {
        }
        size_t n = workers_[p].size() < want ? workers_[p].size() : want;
        if (n == 0) {
            mine.insert(mine.end(), by_part[p].begin(), by_part[p].end());
            continue;
        }
        size_t first = given.size();
        for (size_t i = 0; i < n; i++)
            given.emplace_back(workers_[p][i].get(), std::vector<part_task *>());
        for (size_t i = 0; i < by_part[p].size(); i++)
            given[first + i % n].second.push_back(by_part[p][i]);
    }
    if (!given.empty()) {
        {
            std::lock_guard<std::mutex> g(mu_);
            for (auto &job : given) {
                worker *w = job.first;
                w->job = job.second;
                w->want = revision_[w->part];
                w->generation = generation_;
                w->unread = false;
                w->state = worker::TODO;
            }
            pending_ += given.size();
        }
        work_cv_.notify_all();
    }
    /* Until the workers are done, the tasks are theirs too: an exception of
     * this thread waits for them. */
    std::exception_ptr error;
    try {
        for (part_task *t : mine)
            t->answer(mains_[t->part]);
    } catch (...) {
        error = std::current_exception();
    }
    if (!given.empty()) {
        std::unique_lock<std::mutex> lk(mu_);
        done_cv_.wait(lk, [&] { return pending_ == 0; });
        for (auto &job : given) {
            job.first->state = worker::IDLE;
            if (!job.first->unread)
                job.second.clear();
        }
    }
    if (error)
        std::rethrow_exception(error);
    /* what a worker did not answer: on the main connection */
    for (auto &job : given)
        for (part_task *t : job.second)
            t->answer(mains_[t->part]);
}

} // namespace frana_shim
