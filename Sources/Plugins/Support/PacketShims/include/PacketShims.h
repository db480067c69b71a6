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

/// epoll(7) without `struct epoll_event`, which glibc packs on x86-64 and Swift cannot
/// import faithfully: descriptors carry a 64-bit token, events are the EPOLL* bits below.
#define VANTAGE_EPOLLIN 0x001u
#define VANTAGE_EPOLLOUT 0x004u
#define VANTAGE_EPOLLERR 0x008u
#define VANTAGE_EPOLLHUP 0x010u

/// epoll_create1(EPOLL_CLOEXEC).
int vantage_epoll_create(void);

/// EPOLL_CTL_ADD (`modify` 0) or EPOLL_CTL_MOD (`modify` 1) of `fd` with `events` and `token`.
int vantage_epoll_control(int epoll, int fd, unsigned int events, unsigned long long token, int modify);

/// epoll_wait into parallel arrays of tokens and event bits; returns the count or -1.
int vantage_epoll_wait(int epoll, unsigned long long *tokens, unsigned int *events, int capacity, int timeout_ms);

#endif
