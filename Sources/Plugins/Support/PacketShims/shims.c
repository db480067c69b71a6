#define _GNU_SOURCE
#include <poll.h>
#include <sys/eventfd.h>
#include "PacketShims.h"

int vantage_ppoll(struct pollfd *descriptors, unsigned long count, const struct timespec *timeout) {
    return ppoll(descriptors, (nfds_t)count, timeout, NULL);
}

int vantage_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}
