import Foundation
import Glibc

/// A TCP peer whose connections hang in the handshake until the test releases it: it listens with
/// a backlog of none and fills it with a connection of its own, so the kernel drops every SYN that
/// comes (a host that does not answer, as far as a client can tell). ``release()`` takes the filler
/// off the queue, so the client's next SYN retransmission gets through, and then answers that
/// client's register reads, every register holding `value`.
final class HeldConnectPeer: @unchecked Sendable {
    let port: Int
    let value: UInt16
    private let listener: Int32
    private let filler: Int32
    private let lock = NSLock()
    private var released = false
    private var answered = 0

    init(value: UInt16) throws {
        self.value = value
        let (descriptor, listening) = try loopbackListener(backlog: 0)
        var address = listening
        let fillerDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let filled = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                connect(fillerDescriptor, generic, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard fillerDescriptor >= 0, filled else {
            let failure = SilentTCPPeer.PeerError(step: "fill the backlog", errno: errno)
            if fillerDescriptor >= 0 { close(fillerDescriptor) }
            close(descriptor)
            throw failure
        }
        listener = descriptor
        filler = fillerDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(filler)
        close(listener)
    }

    /// Lets the next handshake through and answers the connection it opens; once only.
    func release() {
        let first = lock.withLock {
            defer { released = true }
            return !released
        }
        guard first else { return }
        let thread = Thread { [self] in
            let queued = accept(listener, nil, nil)
            if queued >= 0 { close(queued) }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            serve(connection)
        }
        thread.start()
    }

    /// Requests answered so far.
    var answeredRequests: Int { lock.withLock { answered } }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        while let header = read(connection, count: 7) {
            let length = Int(header[4]) << 8 | Int(header[5])
            guard length >= 1, let pdu = read(connection, count: length - 1) else { return }
            let reply = ScriptedTCPPeer.goodReply(to: header + pdu, value: value)
            _ = reply.withUnsafeBytes { send(connection, $0.baseAddress, reply.count, Int32(MSG_NOSIGNAL)) }
            lock.withLock { answered += 1 }
        }
    }

    private func read(_ connection: Int32, count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress! + received, count - received, 0) }
            guard n > 0 else { return nil }
            received += n
        }
        return buffer
    }
}
