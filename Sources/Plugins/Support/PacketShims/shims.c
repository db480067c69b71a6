#define _GNU_SOURCE
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/epoll.h>
#include "PacketShims.h"

int vantage_ppoll(struct pollfd *descriptors, unsigned long count, const struct timespec *timeout) {
    return ppoll(descriptors, (nfds_t)count, timeout, NULL);
}

int vantage_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

int vantage_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int vantage_epoll_control(int epoll, int fd, unsigned int events, unsigned long long token, int modify) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epoll, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
}

int vantage_epoll_wait(int epoll, unsigned long long *tokens, unsigned int *events, int capacity, int timeout_ms) {
    struct epoll_event ready[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(epoll, ready, capacity, timeout_ms);
    for (int index = 0; index < count; index++) {
        tokens[index] = ready[index].data.u64;
        events[index] = ready[index].events;
    }
    return count;
}
