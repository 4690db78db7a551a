import Glibc

/// A TCP socket listening on a port the kernel picks free on 127.0.0.1, and that address: what the
/// test peers serve on.
func loopbackListener(backlog: Int32, reuseAddress: Bool = false) throws -> (descriptor: Int32, address: sockaddr_in) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SilentTCPPeer.PeerError(step: "socket", errno: errno) }
    if reuseAddress {
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(descriptor, generic, length) == 0 && listen(descriptor, backlog) == 0
                && getsockname(descriptor, generic, &length) == 0
        }
    }
    guard bound else {
        let failure = SilentTCPPeer.PeerError(step: "bind/listen", errno: errno)
        close(descriptor)
        throw failure
    }
    return (descriptor, address)
}
