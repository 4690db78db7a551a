import CModbus
import Glibc

/// Reads one Modbus TCP frame from a socket with poll(2) and recv(2).
///
/// libmodbus 3.1.6 waits for bytes with select(2), whose `fd_set` holds descriptors below
/// FD_SETSIZE (1024) only: Debian builds it with `_FORTIFY_SOURCE`, so `FD_SET` on a higher
/// descriptor aborts the whole process, which happens as soon as a process holds many sockets or
/// files. Waiting with poll(2) beforehand would not help (libmodbus still calls `FD_SET`), and
/// moving the socket below 1024 with dup2 fails exactly when the low descriptors are all in use. So
/// TCP frames are read here, with no limit on the descriptor; libmodbus still builds requests and
/// replies. The frame ends where libmodbus would end it (by the function code, see `FrameKind`),
/// so a reply whose MBAP length is wrong is seen as wrong rather than waited on.
enum TCPFrameReader {
    /// The MBAP header (transaction, protocol, length, unit) and the function code.
    static let headerAndFunction = 8

    /// Which side of the exchange a frame comes from: the function code says how long the rest is,
    /// differently for a request (indication) and a reply (confirmation).
    enum FrameKind {
        case request, reply

        /// The fixed bytes after the function code.
        func metaLength(function: UInt8) -> Int {
            switch self {
            case .request:
                switch function {
                case 0x01...0x06: 4
                case 0x0F, 0x10: 5
                case 0x16: 6
                case 0x17: 9
                default: 0
                }
            case .reply:
                switch function {
                case 0x05, 0x06, 0x0F, 0x10: 4
                case 0x16: 6
                default: 1
                }
            }
        }

        /// The counted bytes after the fixed ones, read from the frame's byte count field.
        func dataLength(_ frame: UnsafeMutableBufferPointer<UInt8>) -> Int {
            let function = frame[7]
            switch self {
            case .request:
                switch function {
                case 0x0F, 0x10: return Int(frame[12])
                case 0x17: return Int(frame[16])
                default: return 0
                }
            case .reply:
                switch function {
                case 0x01...0x04, 0x11, 0x17: return Int(frame[8])
                default: return 0
                }
            }
        }
    }

    /// Why no frame was read, as an errno (or a libmodbus error code) for `ModbusError.fromErrno`.
    struct Failure: Error {
        var code: Int32
    }

    /// Reads one whole frame into `buffer` (at least `ModbusClient.maxTCPFrameLength` bytes) and
    /// returns its length.
    ///
    /// - Parameter timeout: how long the whole frame may take; nil waits as long as the peer keeps
    ///   the connection open (a server waiting for its next request).
    static func read(
        from socket: Int32, kind: FrameKind, into buffer: UnsafeMutableBufferPointer<UInt8>, timeout: Duration?
    ) throws(Failure) -> Int {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var length = 0
        func fill(to wanted: Int) throws(Failure) {
            guard wanted <= buffer.count else { throw Failure(code: cmodbus_embbaddata) }
            while length < wanted {
                try waitReadable(socket, until: deadline)
                let received = recv(socket, buffer.baseAddress! + length, wanted - length, Int32(MSG_DONTWAIT))
                if received > 0 {
                    length += received
                } else if received == 0 {
                    throw Failure(code: ECONNRESET)
                } else if errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK {
                    throw Failure(code: errno)
                }
            }
        }
        try fill(to: headerAndFunction)
        try fill(to: headerAndFunction + kind.metaLength(function: buffer[7]))
        try fill(to: length + kind.dataLength(buffer))
        return length
    }

    /// Waits until the socket has bytes (or has been closed) or the deadline has passed.
    static func waitReadable(_ socket: Int32, until deadline: ContinuousClock.Instant?) throws(Failure) {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { throw Failure(code: ETIMEDOUT) }
                let (seconds, attoseconds) = left.components
                // Rounded up, so a wait never ends just before the deadline and spins.
                milliseconds = Int32(
                    clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            }
            let ready = poll(&poller, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw Failure(code: errno) }
        }
    }
}
