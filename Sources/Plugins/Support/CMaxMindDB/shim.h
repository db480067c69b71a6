#ifndef VANTAGE_CMAXMINDDB_SHIM_H
#define VANTAGE_CMAXMINDDB_SHIM_H

#include <maxminddb.h>

/* MMDB_get_value is variadic, which Swift cannot call; this looks up a path of up to three
   map keys (unused trailing keys NULL) with MMDB_aget_value. */
static inline int vantage_mmdb_get_value(MMDB_entry_s *entry, MMDB_entry_data_s *data,
                                         const char *first, const char *second, const char *third) {
    const char *path[4] = { first, second, third, NULL };
    return MMDB_aget_value(entry, data, path);
}

#endif
