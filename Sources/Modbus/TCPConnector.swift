import CModbus
import Glibc

/// Opens a client's TCP connection without libmodbus, which waits for a connection in progress with
/// select(2) and so aborts on a descriptor of 1024 or more (see `TCPFrameReader`). The socket is
/// non-blocking, with Nagle off, as libmodbus makes it.
enum TCPConnector {
    /// A connection being opened: its socket, and whether the handshake is still under way (the
    /// socket turns writable when it ends; ``finish(_:)`` then tells how).
    struct Attempt {
        var socket: Int32
        var inProgress: Bool
    }

    /// Connects to an IPv4 address (`modbus_new_tcp` takes addresses only) and returns the socket,
    /// waiting at most `timeout` for the handshake.
    static func connect(host: String, port: Int, timeout: Duration) throws(TCPFrameReader.Failure) -> Int32 {
        let attempt = try start(host: host, port: port)
        guard attempt.inProgress else { return attempt.socket }
        do throws(TCPFrameReader.Failure) {
            try waitWritable(attempt.socket, until: .now + timeout)
            try finish(attempt.socket)
            return attempt.socket
        } catch {
            close(attempt.socket)
            throw error
        }
    }

    /// Starts connecting without waiting for the handshake. The caller owns the socket: it closes it
    /// if the attempt fails or is given up.
    static func start(host: String, port: Int) throws(TCPFrameReader.Failure) -> Attempt {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw .init(code: EINVAL) }
        let socket = Glibc.socket(
            AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw .init(code: errno) }
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        let started = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if started == 0 { return Attempt(socket: socket, inProgress: false) }
        let failure = errno
        guard failure == EINPROGRESS || failure == EINTR else {
            close(socket)
            throw .init(code: failure)
        }
        return Attempt(socket: socket, inProgress: true)
    }

    /// Whether the handshake of a socket that turned writable succeeded; throws its error if not.
    static func finish(_ socket: Int32) throws(TCPFrameReader.Failure) {
        var failure: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(socket, SOL_SOCKET, SO_ERROR, &failure, &size) == 0 else { throw .init(code: errno) }
        guard failure == 0 else { throw .init(code: failure) }
    }

    private static func waitWritable(_ socket: Int32, until deadline: ContinuousClock.Instant) throws(TCPFrameReader
        .Failure)
    {
        var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw .init(code: ETIMEDOUT) }
            let milliseconds = Int32(
                clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&poller, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .init(code: errno) }
        }
    }
}
