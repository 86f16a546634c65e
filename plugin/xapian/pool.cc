/*
 * pool.cc — the worker connections of hit_pool (pool.h). Each worker thread
 * owns one connection to one remote part: it opens it at its first task,
 * reopens it after the reader reopened, and answers its share of the tasks
 * there, only while that connection sees the main connection's revision.
 * Everything the caller and a worker share is under mu_; a task's answer is
 * the worker's until it marks the task ready.
 */
#include "pool.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <exception>
#include <system_error>
#include <thread>
#include <utility>

#include "layout.h"

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
    r.commits = db.get_metadata(FRANA_COMMITS_KEY);
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
    std::condition_variable cv; /* a job, or stop_ (only this worker wakes) */
    /* Under mu_: the job, from the caller to the worker and back. */
    enum { IDLE, TODO, DONE } state = IDLE;
    std::vector<part_task *> job;
    const part_revision *want = nullptr; /* the pool's, unchanged while a job runs */
    unsigned long generation = 0;
    /* The worker thread's alone. */
    Xapian::Database db;
    bool open = false;
    unsigned long seen = 0;       /* the generation db was opened or reopened at */
    part_revision rev;            /* what db reads, as of that open or reopen */
    unsigned long failed_at = 0;  /* generation + 1 of a failed connect: none again before a reopen */
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
    finish();
    {
        std::lock_guard<std::mutex> g(mu_);
        stop_ = true;
        for (auto &part : workers_)
            for (std::unique_ptr<worker> &w : part)
                w->cv.notify_one();
    }
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

bool hit_pool::add_worker(size_t part)
{
    std::unique_ptr<worker> w(new worker(part));
    workers_[part].reserve(PER_PART);
    /* The worker starts with every signal blocked, so that the host's
     * signals (a PostgreSQL backend's, a Python interpreter's) reach its own
     * threads, never a worker. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    bool started = true;
    try {
        w->th = new std::thread(&hit_pool::work, this, w.get());
    } catch (...) {
        started = false; /* no thread to be had: the main connection reads */
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (!started)
        return false;
    workers_[part].push_back(std::move(w));
    return true;
}

void hit_pool::work(worker *w)
{
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
        w->cv.wait(lk, [&] { return stop_ || w->state == worker::TODO; });
        if (stop_)
            break;
        std::vector<part_task *> job = std::move(w->job);
        const part_revision *want = w->want;
        unsigned long gen = w->generation;
        lk.unlock();
        if (w->failed_at != gen + 1) {
            try {
                bool fresh = false;
                if (!w->open) {
                    try {
                        w->db = connect_[w->part]();
                    } catch (...) {
                        w->failed_at = gen + 1; /* no other attempt before a reopen */
                        throw;
                    }
                    w->open = true;
                    fresh = true;
                } else if (w->seen != gen) {
                    w->db.reopen();
                    fresh = true;
                }
                w->seen = gen;
                if (fresh)
                    w->rev = part_revision::of(w->db);
                if (w->rev == *want) {
                    for (part_task *t : job) {
                        t->answer(w->db);
                        std::lock_guard<std::mutex> g(mu_);
                        t->ready = true;
                        if (waiting_ == t)
                            done_cv_.notify_one();
                    }
                }
            } catch (...) {
                /* The main connection answers these, and says what is wrong. A
                 * connection that broke (a server's idle timeout) is opened
                 * again at the next task; one that could not be opened, not
                 * before the next reopen. */
                w->open = false;
                try {
                    w->db = Xapian::Database();
                } catch (...) {
                }
            }
        }
        lk.lock();
        w->state = worker::DONE;
        pending_--;
        /* the caller waits for every job to end (finish), or for a task of
         * this one (wait), which may end unanswered */
        if (pending_ == 0 || (waiting_ && waiting_owner_ == w))
            done_cv_.notify_one();
    }
    lk.unlock();
    try {
        w->db = Xapian::Database(); /* closed by the thread that used it */
    } catch (...) {
    }
}

void hit_pool::start(std::vector<part_task> &tasks)
{
    finish();
    tasks_ = &tasks;
    owner_.assign(tasks.size(), nullptr);
    given_.reserve(mains_.size() * PER_PART); /* a task's worker is always given its job */
    std::vector<std::vector<size_t>> by_part(mains_.size());
    bool forked = static_cast<long>(getpid()) != pid_;
    /* The first task is the caller's own: it asks it on the main
     * connection while the workers ask the others, so the first answer,
     * which the caller waits for first, needs no thread to wake before it
     * is asked nor to wake the caller when it comes. */
    for (size_t i = 0; i < tasks.size(); i++) {
        tasks[i].ready = false;
        if (!forked && i > 0 && connect_[tasks[i].part])
            by_part[tasks[i].part].push_back(i);
    }
    /* each part's tasks dealt to its workers in turn: the first hits first */
    for (size_t p = 0; p < by_part.size(); p++) {
        if (by_part[p].empty())
            continue;
        size_t want = by_part[p].size() < PER_PART ? by_part[p].size() : PER_PART;
        while (workers_[p].size() < want && add_worker(p)) {
        }
        size_t n = workers_[p].size() < want ? workers_[p].size() : want;
        for (size_t i = 0; n && i < by_part[p].size(); i++)
            owner_[by_part[p][i]] = workers_[p][i % n].get();
        for (size_t i = 0; i < n; i++)
            given_.push_back(workers_[p][i].get());
    }
    if (given_.empty())
        return;
    std::vector<std::vector<part_task *>> jobs(given_.size());
    for (size_t j = 0; j < given_.size(); j++)
        for (size_t i = 0; i < tasks.size(); i++)
            if (owner_[i] == given_[j])
                jobs[j].push_back(&tasks[i]);
    {
        /* nothing here throws: a job is given whole, or not at all */
        std::lock_guard<std::mutex> g(mu_);
        for (size_t j = 0; j < given_.size(); j++) {
            worker *w = given_[j];
            w->job.swap(jobs[j]);
            w->want = &revision_[w->part];
            w->generation = generation_;
            w->state = worker::TODO;
        }
        pending_ += given_.size();
    }
    for (worker *w : given_)
        w->cv.notify_one();
}

part_task &hit_pool::wait(size_t i)
{
    part_task &t = (*tasks_)[i];
    if (worker *w = owner_[i]) {
        std::unique_lock<std::mutex> lk(mu_);
        waiting_ = &t;
        waiting_owner_ = w;
        done_cv_.wait(lk, [&] { return t.ready || w->state == worker::DONE; });
        waiting_ = nullptr;
        waiting_owner_ = nullptr;
        if (t.ready)
            return t;
        /* its worker ended without answering it: the main connection answers */
    } else if (t.ready) {
        return t;
    }
    t.answer(mains_[t.part]);
    t.ready = true;
    return t;
}

void hit_pool::finish()
{
    if (given_.empty())
        return;
    std::unique_lock<std::mutex> lk(mu_);
    done_cv_.wait(lk, [&] { return pending_ == 0; });
    for (worker *w : given_)
        w->state = worker::IDLE;
    given_.clear();
}

void hit_pool::run(std::vector<part_task> &tasks)
{
    start(tasks);
    /* The caller's own task first, then one wait for every job to end
     * (not one per task); what a worker left unanswered is asked here. */
    try {
        if (!tasks.empty())
            wait(0);
    } catch (...) {
        finish();
        throw;
    }
    finish();
    for (size_t i = 0; i < tasks.size(); i++)
        if (!tasks[i].ready)
            tasks[i].answer(mains_[tasks[i].part]);
}

} // namespace frana_shim
