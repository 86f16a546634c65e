/*
 * frana_db.h — Xapian indexing and search over frana's analysis (C API).
 * Included by frana.h; follows the conventions stated at the top of frana.h.
 */
#ifndef FRANA_DB_H
#define FRANA_DB_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* FRANA_DB_H */
