#ifndef VANTAGE_CLIBSSH2_SHIM_H
#define VANTAGE_CLIBSSH2_SHIM_H

#include <libssh2.h>

/* libssh2's function-like macros (session_init, channel_open_session, channel_exec, ...) and
   its arithmetic constants do not import into Swift; these wrappers are what SSHSupport calls. */
static inline LIBSSH2_SESSION *vantage_ssh2_session_init(void) { return libssh2_session_init(); }

static inline LIBSSH2_CHANNEL *vantage_ssh2_channel_open_session(LIBSSH2_SESSION *session) {
    return libssh2_channel_open_session(session);
}

static inline int vantage_ssh2_channel_exec(LIBSSH2_CHANNEL *channel, const char *command, unsigned int length) {
    return libssh2_channel_process_startup(channel, "exec", sizeof("exec") - 1, command, length);
}

static inline ssize_t vantage_ssh2_channel_read(LIBSSH2_CHANNEL *channel, int stream, char *buffer, size_t length) {
    return libssh2_channel_read_ex(channel, stream, buffer, length);
}

static inline int vantage_ssh2_session_disconnect(LIBSSH2_SESSION *session, const char *description) {
    return libssh2_session_disconnect(session, description);
}

static inline int vantage_ssh2_userauth_password(LIBSSH2_SESSION *session, const char *user, unsigned int userLength,
                                                 const char *password, unsigned int passwordLength) {
    return libssh2_userauth_password_ex(session, user, userLength, password, passwordLength, NULL);
}

static inline int vantage_ssh2_error_again(void) { return LIBSSH2_ERROR_EAGAIN; }
static inline int vantage_ssh2_session_block_inbound(void) { return LIBSSH2_SESSION_BLOCK_INBOUND; }
static inline int vantage_ssh2_session_block_outbound(void) { return LIBSSH2_SESSION_BLOCK_OUTBOUND; }

#endif
