import Glibc

/// A TCP peer that completes the handshake and then never says a word: the kernel accepts
/// connections into the listen backlog, and nothing ever reads or writes them. It stands for a
/// device whose network stack is alive while its Modbus task hangs, independent of our server.
final class SilentTCPPeer {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let (socketDescriptor, address) = try loopbackListener(backlog: 8)
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    struct PeerError: Error {
        var step: String
        var errno: Int32
    }
}
