#ifndef VANTAGE_CLIBPQ_SHIM_H
#define VANTAGE_CLIBPQ_SHIM_H

#include <libpq-fe.h>
#include <postgres_ext.h>

/* PG_DIAG_* are character macros, which Swift does not import as the `int` libpq expects. */
static inline int vantage_pq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int vantage_pq_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }
static inline int vantage_pq_diag_message_detail(void) { return PG_DIAG_MESSAGE_DETAIL; }

#endif
