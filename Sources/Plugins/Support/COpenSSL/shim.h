// The system OpenSSL (Debian's libssl-dev) for certificate parsing, chain verification and the
// TLS handshakes of probe.tls. Macros and stack accessors do not import into Swift, so they are
// wrapped here as static inline functions; text is written into caller-provided buffers.
#ifndef VANTAGE_COPENSSL_SHIM_H
#define VANTAGE_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <arpa/inet.h>
#include <string.h>
#include <time.h>

/// Sets the SNI name of a client connection.
static inline int vantage_ssl_set_sni(SSL *ssl, const char *name) { return (int)SSL_set_tlsext_host_name(ssl, name); }

/// Accepts TLS 1.0 and newer, so that old servers are reported rather than refused.
static inline int vantage_ssl_ctx_allow_old_versions(SSL_CTX *ctx) {
    SSL_CTX_set_security_level(ctx, 0);
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
}

/// The number of certificates the peer presented (client side: the leaf first).
static inline int vantage_peer_chain_count(SSL *ssl) {
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
    return chain == NULL ? 0 : sk_X509_num(chain);
}

/// Certificate `index` of the presented chain, with its reference count raised (free it).
static inline X509 *vantage_peer_chain_certificate(SSL *ssl, int index) {
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
    if (chain == NULL || index >= sk_X509_num(chain)) return NULL;
    X509 *certificate = sk_X509_value(chain, index);
    X509_up_ref(certificate);
    return certificate;
}

/// The name of the negotiated cipher, or NULL.
static inline const char *vantage_ssl_cipher_name(SSL *ssl) {
    const SSL_CIPHER *cipher = SSL_get_current_cipher(ssl);
    return cipher == NULL ? NULL : SSL_CIPHER_get_name(cipher);
}

/// Writes a name in RFC 2253 form (`CN=a,O=b`); returns its length.
static inline int vantage_name_text(const X509_NAME *name, char *buffer, int size) {
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL) return 0;
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    int length = BIO_read(bio, buffer, size - 1);
    BIO_free(bio);
    if (length < 0) length = 0;
    buffer[length] = 0;
    return length;
}

/// Writes the subject alternative names as lines `DNS:name` or `IP:address`; returns the count.
static inline int vantage_subject_alternative_names(X509 *certificate, char *buffer, int size) {
    GENERAL_NAMES *names = X509_get_ext_d2i(certificate, NID_subject_alt_name, NULL, NULL);
    buffer[0] = 0;
    if (names == NULL) return 0;
    int count = 0, used = 0;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
        char line[300];
        line[0] = 0;
        if (name->type == GEN_DNS) {
            const unsigned char *text = ASN1_STRING_get0_data(name->d.dNSName);
            int length = ASN1_STRING_length(name->d.dNSName);
            if (length > 255) length = 255;
            snprintf(line, sizeof line, "DNS:%.*s\n", length, text);
        } else if (name->type == GEN_IPADD) {
            char address[INET6_ADDRSTRLEN] = "";
            int length = ASN1_STRING_length(name->d.iPAddress);
            const unsigned char *bytes = ASN1_STRING_get0_data(name->d.iPAddress);
            if (length == 4) inet_ntop(AF_INET, bytes, address, sizeof address);
            else if (length == 16) inet_ntop(AF_INET6, bytes, address, sizeof address);
            if (address[0]) snprintf(line, sizeof line, "IP:%s\n", address);
        } else if (name->type == GEN_EMAIL) {
            const unsigned char *text = ASN1_STRING_get0_data(name->d.rfc822Name);
            int length = ASN1_STRING_length(name->d.rfc822Name);
            if (length > 255) length = 255;
            snprintf(line, sizeof line, "email:%.*s\n", length, text);
        }
        int length = (int)strlen(line);
        if (length > 0 && used + length < size) {
            memcpy(buffer + used, line, (size_t)length + 1);
            used += length;
            count++;
        }
    }
    GENERAL_NAMES_free(names);
    return count;
}

/// Writes the serial number in upper-case hex; returns its length.
static inline int vantage_serial_hex(X509 *certificate, char *buffer, int size) {
    buffer[0] = 0;
    BIGNUM *number = ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), NULL);
    if (number == NULL) return 0;
    char *hex = BN_bn2hex(number);
    BN_free(number);
    if (hex == NULL) return 0;
    snprintf(buffer, (size_t)size, "%s", hex);
    OPENSSL_free(hex);
    return (int)strlen(buffer);
}

/// A validity date as seconds since 1970 (0 when it cannot be read).
static inline long long vantage_time_seconds(const ASN1_TIME *time) {
    struct tm parts;
    memset(&parts, 0, sizeof parts);
    if (time == NULL || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
    return (long long)timegm(&parts);
}

static inline long long vantage_not_before(X509 *certificate) { return vantage_time_seconds(X509_get0_notBefore(certificate)); }
static inline long long vantage_not_after(X509 *certificate) { return vantage_time_seconds(X509_get0_notAfter(certificate)); }

/// Writes the public key's type (`RSA`, `EC`, `Ed25519`, ...) and curve; returns its size in bits.
static inline int vantage_public_key(X509 *certificate, char *type, int typeSize, char *curve, int curveSize) {
    type[0] = 0;
    curve[0] = 0;
    EVP_PKEY *key = X509_get0_pubkey(certificate);
    if (key == NULL) return 0;
    int id = EVP_PKEY_get_base_id(key);
    const char *name = id == EVP_PKEY_RSA ? "RSA" : id == EVP_PKEY_EC ? "EC" : id == EVP_PKEY_ED25519 ? "Ed25519"
        : id == EVP_PKEY_ED448 ? "Ed448" : id == EVP_PKEY_DSA ? "DSA" : OBJ_nid2sn(id);
    snprintf(type, (size_t)typeSize, "%s", name == NULL ? "unknown" : name);
    if (id == EVP_PKEY_EC) {
        size_t length = 0;
        EVP_PKEY_get_group_name(key, curve, (size_t)curveSize, &length);
    }
    return EVP_PKEY_get_bits(key);
}

/// The signature algorithm's long name (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`).
static inline const char *vantage_signature_algorithm(X509 *certificate) {
    return OBJ_nid2ln(X509_get_signature_nid(certificate));
}

/// An empty stack of certificates for the untrusted part of a chain.
static inline STACK_OF(X509) *vantage_stack_new(void) { return sk_X509_new_null(); }
static inline void vantage_stack_push(STACK_OF(X509) *stack, X509 *certificate) { sk_X509_push(stack, certificate); }
static inline void vantage_stack_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }

/// Writes the text of the oldest queued OpenSSL error and clears the queue; returns its code.
static inline unsigned long vantage_error_text(char *buffer, int size) {
    unsigned long code = ERR_get_error();
    buffer[0] = 0;
    if (code != 0) ERR_error_string_n(code, buffer, (size_t)size);
    ERR_clear_error();
    return code;
}

#endif
