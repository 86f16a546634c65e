/*
 * compact.cc — frana_db_compact: Xapian::Database::compact on one glass
 * database, or on each local database a stub lists, each swapped in
 * atomically. The compacted copy is written into a new folder next to the
 * database (so that the swap is a rename on one file system), checked, given
 * the old folder's owner and modes, and exchanged with the old folder in one
 * renameat2(RENAME_EXCHANGE); the old folder is then removed. A file system
 * that cannot exchange two folders is refused, never swapped in two steps.
 * Because the whole folder is replaced, a folder that holds anything but the
 * files of a glass database is refused. The database's write lock is held
 * from before the copy until after the swap, so no writer commits into the
 * old folder meanwhile; holding it, what an interrupted compaction left
 * beside the database (.NAME.compact-XXXXXX) is removed. Xapian's
 * xapian-compact merges the databases of a stub into one; frana keeps the
 * shards (an article's shard is fixed by its id) and compacts each in place,
 * so the stub stays as it is.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "base.h"
#include "open.h"
#include "store.h"
#include "stub.h"

namespace {

struct compact_error {
    int rc;
    std::string msg;
};

/* Removes a folder tree this file made (the temporary folder). */
void remove_tree(const std::string &dir)
{
    DIR *d = opendir(dir.c_str());
    if (d) {
        while (struct dirent *e = readdir(d)) {
            if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
                continue;
            std::string p = dir + "/" + e->d_name;
            struct stat st;
            if (lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p.c_str());
        }
        closedir(d);
    }
    rmdir(dir.c_str());
}

/* Whether `name` is a file a glass database holds. */
bool glass_file(const char *name)
{
    size_t n = std::strlen(name);
    return std::strcmp(name, "iamglass") == 0 || std::strcmp(name, "flintlock") == 0 ||
           (n > 6 && std::strcmp(name + n - 6, ".glass") == 0);
}

/* Refuses a folder that holds anything but a glass database's files: the
 * swap replaces the whole folder, and what it held would go with the old
 * one. */
void check_only_glass(const std::string &named, const std::string &path)
{
    DIR *d = opendir(path.c_str());
    if (!d)
        throw compact_error{FRANA_ERR_DB_OPEN, named + ": " + std::strerror(errno)};
    std::string odd;
    while (struct dirent *e = readdir(d)) {
        if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        std::string p = path + "/" + e->d_name;
        if (!glass_file(e->d_name) || lstat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
            odd = e->d_name;
            break;
        }
    }
    closedir(d);
    if (!odd.empty())
        throw compact_error{FRANA_ERR_INVALID,
                            named + ": holds " + odd +
                                ", which is not a file of a glass database: compaction "
                                "replaces the whole folder, so frana compacts only a folder "
                                "that holds a database alone (the database is unchanged)"};
}

/* The folder that holds path, and path's last name. */
void split_path(const std::string &path, std::string &parent, std::string &base)
{
    std::string::size_type slash = path.find_last_of('/');
    parent = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    base = slash == std::string::npos ? path : path.substr(slash + 1);
}

/* Removes what an interrupted compaction of the database at path left:
 * folders .BASE.compact-XXXXXX beside it holding only db/ and old/. Called
 * with the database's write lock held, so no compaction of it is running. */
void remove_leftovers(const std::string &path)
{
    std::string parent, base;
    split_path(path, parent, base);
    std::string prefix = "." + base + ".compact-";
    DIR *d = opendir(parent.c_str());
    if (!d)
        return;
    while (struct dirent *e = readdir(d)) {
        if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) != 0 ||
            std::strlen(e->d_name) != prefix.size() + 6)
            continue;
        std::string p = parent + "/" + e->d_name;
        struct stat st;
        if (lstat(p.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        bool ours = true;
        if (DIR *in = opendir(p.c_str())) {
            while (struct dirent *f = readdir(in))
                if (std::strcmp(f->d_name, ".") && std::strcmp(f->d_name, "..") &&
                    std::strcmp(f->d_name, "db") && std::strcmp(f->d_name, "old"))
                    ours = false;
            closedir(in);
        }
        if (ours)
            remove_tree(p);
    }
    closedir(d);
}

/* Gives the folder `to` and its files the owner and modes of `from` and of
 * its files of the same names (a file `from` lacks: those of its iamglass).
 * Returns 0, or -1 with errno. */
int copy_owner_modes(const std::string &from, const std::string &to)
{
    struct stat fs, ts;
    if (stat(from.c_str(), &fs) != 0 || stat(to.c_str(), &ts) != 0)
        return -1;
    if ((ts.st_uid != fs.st_uid || ts.st_gid != fs.st_gid) &&
        chown(to.c_str(), fs.st_uid, fs.st_gid) != 0)
        return -1;
    if (chmod(to.c_str(), fs.st_mode & 07777) != 0)
        return -1;
    struct stat dflt;
    if (stat((from + "/iamglass").c_str(), &dflt) != 0)
        return -1;
    DIR *d = opendir(to.c_str());
    if (!d)
        return -1;
    int rc = 0;
    while (struct dirent *e = readdir(d)) {
        if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
            continue;
        std::string t = to + "/" + e->d_name;
        struct stat of;
        if (stat((from + "/" + e->d_name).c_str(), &of) != 0)
            of = dflt;
        if (stat(t.c_str(), &ts) != 0 ||
            ((ts.st_uid != of.st_uid || ts.st_gid != of.st_gid) &&
             chown(t.c_str(), of.st_uid, of.st_gid) != 0) ||
            chmod(t.c_str(), of.st_mode & 07777) != 0) {
            rc = -1;
            break;
        }
    }
    int e = errno;
    closedir(d);
    errno = e;
    return rc;
}

void compact_one_unnamed(const std::string &path, uint64_t sizes[2]);

/* Compacts the glass database at path in place; adds its sizes to sizes.
 * Every failure names the path. */
void compact_one(const std::string &path, uint64_t sizes[2])
{
    try {
        compact_one_unnamed(path, sizes);
    } catch (const Xapian::Error &e) {
        throw compact_error{FRANA_ERR_DB,
                            path + ": " + e.get_description() + " (the database is unchanged)"};
    }
}

/* The folder of the glass database at `named` (a symbolic link's target, no
 * trailing slash), checked to hold that database alone. */
std::string checked_path(const std::string &named)
{
    struct stat st;
    if (stat(named.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
        access((named + "/iamglass").c_str(), F_OK) != 0)
        throw compact_error{FRANA_ERR_DB_OPEN, named + ": no glass database here"};
    /* The folder itself (a symbolic link's target, no trailing slash), so that
     * the new folder is made beside it and swapped in its place. */
    char *real = realpath(named.c_str(), nullptr);
    if (!real)
        throw compact_error{FRANA_ERR_DB_OPEN, named + ": " + std::strerror(errno)};
    std::string path(real);
    std::free(real);
    check_only_glass(named, path);
    return path;
}

/* A new folder beside path ("PARENT/.BASE.KIND-XXXXXX", on the same file
 * system), for the database that takes path's place; named names path in the
 * message, tail (when not empty) says what a failure leaves. */
std::string folder_beside(const std::string &path, const char *kind, const std::string &named,
                          const std::string &tail)
{
    std::string parent, base;
    split_path(path, parent, base);
    std::string tmpl = parent + "/." + base + "." + kind + "-XXXXXX";
    if (!mkdtemp(&tmpl[0]))
        throw compact_error{FRANA_ERR_DB, named + ": cannot make the folder to " + kind +
                                              " into in " + parent + ": " + std::strerror(errno) +
                                              (tail.empty() ? "" : " (" + tail + ")")};
    return tmpl;
}

/* Checks the database just written at out: frana's layout and n articles
 * (what names it in the message, tail says what a failure leaves). */
void check_written(const std::string &out, Xapian::doccount n, const std::string &named,
                   const char *what, const std::string &tail)
{
    Xapian::Database check(out, Xapian::DB_BACKEND_GLASS);
    frana_shim::check_layout(check);
    if (check.get_doccount() != n)
        throw compact_error{FRANA_ERR_DB, named + ": " + what + " holds " +
                                              std::to_string(check.get_doccount()) +
                                              " articles, not " + std::to_string(n) + " (" +
                                              tail + ")"};
}

void compact_one_unnamed(const std::string &named, uint64_t sizes[2])
{
    std::string path = checked_path(named);
    Xapian::WritableDatabase db;
    try {
        db = Xapian::WritableDatabase(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError &e) {
        if (e.get_msg().find("already locked") != std::string::npos)
            throw compact_error{FRANA_ERR_DB_LOCKED,
                                named + ": a writer holds the database (" + e.get_msg() +
                                    "): compact it when no writer runs"};
        throw compact_error{FRANA_ERR_DB_LOCKED, named + ": cannot take the database's write lock (" +
                                                     e.get_msg() + "); the database is unchanged"};
    }
    frana_shim::check_layout(db);
    Xapian::doccount n = db.get_doccount();
    const std::string unchanged = "the database is unchanged";
    remove_leftovers(path);
    std::string tmpl = folder_beside(path, "compact", named, unchanged);
    std::string out = tmpl + "/db";
    try {
        db.compact(out, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DB_BACKEND_GLASS);
        check_written(out, n, named, "the compacted copy", unchanged);
        uint64_t before = frana_dir_bytes(path.c_str()), after = frana_dir_bytes(out.c_str());
        if (copy_owner_modes(path, out) != 0)
            throw compact_error{FRANA_ERR_DB,
                                named + ": cannot give the compacted copy the owner and modes "
                                        "of the database: " +
                                    std::strerror(errno) + " (the database is unchanged)"};
        if (renameat2(AT_FDCWD, out.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0)
            throw compact_error{
                FRANA_ERR_DB,
                named + ": cannot swap in the compacted copy: " + std::strerror(errno) +
                    (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP
                         ? " (this file system cannot exchange two folders in one step; "
                           "compact with xapian-compact into a new folder instead)"
                         : "") +
                    " (the database is unchanged)"};
        sizes[0] += before;
        sizes[1] += after;
    } catch (...) {
        db.close();
        remove_tree(tmpl);
        throw;
    }
    /* The old folder is at out now: the lock goes with it. */
    db.close();
    remove_tree(tmpl);
}

} // namespace

extern "C" int frana_db_compact(const char *path, unsigned flags, uint64_t sizes[2],
                                char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    uint64_t local[2] = {0, 0};
    if (!sizes)
        sizes = local;
    sizes[0] = sizes[1] = 0;
    if (!path || !*path || (flags & ~FRANA_COMPACT_STUB)) {
        if (errmsg)
            *errmsg = frana_strdup("frana_db_compact: no path, or unknown flags");
        return FRANA_ERR_INVALID;
    }
    frana_stub st{};
    char msg[512];
    int rc = FRANA_OK;
    try {
        if (!(flags & FRANA_COMPACT_STUB)) {
            struct stat sb;
            if (lstat((std::string(path) + "/XAPIANDB").c_str(), &sb) == 0)
                throw compact_error{FRANA_ERR_INVALID,
                                    std::string(path) + ": holds a stub of shards (XAPIANDB): "
                                                        "compact it as a stub (frana compact "
                                                        "--stub)"};
            compact_one(path, sizes);
            return FRANA_OK;
        }
        /* Every kind of line is read (nothing is opened): remote ones are refused. */
        rc = frana_stub_read(path, FRANA_STUB_ALLOW_REMOTE | FRANA_STUB_ALLOW_PROGRAMS, &st, msg,
                             sizeof msg);
        if (rc)
            throw compact_error{rc, msg};
        for (size_t i = 0; i < st.n; i++)
            if (st.parts[i].kind != FRANA_STUB_GLASS)
                throw compact_error{FRANA_ERR_INVALID,
                                    std::string(path) + ":" + std::to_string(st.parts[i].line) +
                                        ": " + st.parts[i].name +
                                        " is a remote database: compact it on its server "
                                        "(xapian-compact there, while no writer runs); nothing "
                                        "was compacted"};
        /* Every database checked before any is compacted. */
        for (size_t i = 0; i < st.n; i++)
            checked_path(st.parts[i].path);
        for (size_t i = 0; i < st.n; i++)
            compact_one(st.parts[i].path, sizes);
    } catch (const compact_error &e) {
        rc = e.rc;
        if (errmsg)
            *errmsg = frana_strdup(e.msg.c_str());
    } catch (const Xapian::Error &e) {
        rc = FRANA_ERR_DB;
        if (errmsg)
            *errmsg = frana_strdup((std::string(path) + ": " + e.get_description()).c_str());
    } catch (const std::bad_alloc &) {
        rc = FRANA_ERR_NOMEM;
    } catch (...) {
        rc = FRANA_ERR_DB;
        if (errmsg)
            *errmsg = frana_strdup("frana_db_compact: unexpected error");
    }
    frana_stub_free(&st);
    return rc;
}

namespace {

/* A folder that does not exist, or is empty. */
bool absent_or_empty(const std::string &dir)
{
    DIR *d = opendir(dir.c_str());
    if (!d)
        return errno == ENOENT;
    bool empty = true;
    while (struct dirent *e = readdir(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
            empty = false;
            break;
        }
    closedir(d);
    return empty;
}

void merge_unnamed(const char *stub, const std::string &dest, uint64_t *docs)
{
    frana_stub st{};
    char msg[512];
    /* Every kind of line is read (nothing is opened): remote ones are refused. */
    int rc = frana_stub_read(stub, FRANA_STUB_ALLOW_REMOTE | FRANA_STUB_ALLOW_PROGRAMS, &st, msg,
                             sizeof msg);
    if (rc)
        throw compact_error{rc, msg};
    struct stub_guard {
        frana_stub *st;
        ~stub_guard() { frana_stub_free(st); }
    } guard{&st};
    if (st.n == 0)
        throw compact_error{FRANA_ERR_INVALID, std::string(stub) + ": lists no database"};
    Xapian::Database all;
    for (size_t i = 0; i < st.n; i++) {
        const std::string named = std::string(stub) + ":" + std::to_string(st.parts[i].line);
        if (st.parts[i].kind != FRANA_STUB_GLASS)
            throw compact_error{FRANA_ERR_INVALID, named + ": " + st.parts[i].name +
                                                       " is a remote database: only local "
                                                       "databases are merged"};
        std::string path = checked_path(st.parts[i].path);
        try {
            Xapian::Database part(path, Xapian::DB_BACKEND_GLASS);
            frana_shim::check_layout(part);
            all.add_database(part);
        } catch (const Xapian::Error &e) {
            throw compact_error{FRANA_ERR_DB_OPEN, path + ": " + e.get_description()};
        }
    }
    if (!absent_or_empty(dest))
        throw compact_error{FRANA_ERR_INVALID,
                            dest + ": exists and is not an empty folder: merge into a new one"};
    Xapian::doccount n = all.get_doccount();
    std::string tmpl = folder_beside(dest, "merge", dest, "");
    std::string out = tmpl + "/db";
    try {
        all.compact(out, Xapian::DB_BACKEND_GLASS);
        check_written(out, n, dest, "the merged database", "nothing was written to " + dest);
        /* rename(2) puts a folder in the place of an empty one, or of none. */
        if (rename(out.c_str(), dest.c_str()) != 0)
            throw compact_error{FRANA_ERR_DB, dest + ": cannot move the merged database into "
                                                     "place: " +
                                                  std::strerror(errno)};
    } catch (const Xapian::Error &e) {
        remove_tree(tmpl);
        throw compact_error{FRANA_ERR_DB, dest + ": " + e.get_description() +
                                              " (nothing was written to " + dest + ")"};
    } catch (...) {
        remove_tree(tmpl);
        throw;
    }
    remove_tree(tmpl);
    if (docs)
        *docs = n;
}

} // namespace

extern "C" int frana_db_merge(const char *stub, const char *dest, uint64_t *docs, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (docs)
        *docs = 0;
    if (!stub || !*stub || !dest || !*dest) {
        if (errmsg)
            *errmsg = frana_strdup("frana_db_merge: no stub or no destination");
        return FRANA_ERR_INVALID;
    }
    try {
        merge_unnamed(stub, dest, docs);
        return FRANA_OK;
    } catch (const compact_error &e) {
        if (errmsg)
            *errmsg = frana_strdup(e.msg.c_str());
        return e.rc;
    } catch (const Xapian::Error &e) {
        if (errmsg)
            *errmsg = frana_strdup((std::string(dest) + ": " + e.get_description()).c_str());
        return FRANA_ERR_DB;
    } catch (const std::bad_alloc &) {
        return FRANA_ERR_NOMEM;
    } catch (...) {
        if (errmsg)
            *errmsg = frana_strdup("frana_db_merge: unexpected error");
        return FRANA_ERR_DB;
    }
}
