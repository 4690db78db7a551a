import Glibc

/// A TCP peer that completes the handshake and then never says a word: the kernel accepts
/// connections into the listen backlog, and nothing ever reads or writes them. It stands for a
/// device whose network stack is alive while its Modbus task hangs, independent of our server.
final class SilentTCPPeer {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw PeerError(step: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketDescriptor, generic, length) == 0 && listen(socketDescriptor, 8) == 0
                    && getsockname(socketDescriptor, generic, &length) == 0
            }
        }
        guard bound else {
            let failure = PeerError(step: "bind/listen", errno: errno)
            close(socketDescriptor)
            throw failure
        }
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    struct PeerError: Error {
        var step: String
        var errno: Int32
    }
}
