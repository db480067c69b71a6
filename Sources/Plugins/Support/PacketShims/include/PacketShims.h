// Linux calls that Swift's Glibc module does not import because they are GNU extensions
// (declared only with _GNU_SOURCE): ppoll with a nanosecond timeout, and eventfd.
#ifndef VANTAGE_PACKET_SHIMS_H
#define VANTAGE_PACKET_SHIMS_H

#include <poll.h>
#include <time.h>

/// ppoll(2) without a signal mask; `timeout` may be NULL to wait for ever.
int vantage_ppoll(struct pollfd *descriptors, unsigned long count, const struct timespec *timeout);

/// eventfd(2), non-blocking and close-on-exec.
int vantage_eventfd(void);

#endif
