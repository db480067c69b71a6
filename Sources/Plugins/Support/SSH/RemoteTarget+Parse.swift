#if canImport(Glibc)
import Glibc
#endif

/// `inet_pton(AF_INET6, …)`.
func inet_pton_ipv6(_ text: String, _ storage: inout [UInt8]) -> Bool {
    inet_pton(AF_INET6, text, &storage) == 1
}
