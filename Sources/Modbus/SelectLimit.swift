import CModbus
import Glibc

/// libmodbus's RTU code waits for bytes with select(2), and `FD_SET` aborts the process on a
/// descriptor of 1024 (FD_SETSIZE) or more. TCP avoids libmodbus's waits altogether
/// (`TCPFrameReader`); a serial line is moved below the limit instead, or refused with an error.
enum SelectLimit {
    /// glibc's FD_SETSIZE.
    static let descriptors: Int32 = 1024

    static let message =
        "the process has more than \(descriptors) files open and every descriptor below \(descriptors) is taken; libmodbus's serial code cannot wait on a higher one"

    /// Moves the context's descriptor to the lowest free one if it is at or above the limit; false
    /// when no descriptor below the limit is free.
    static func moveBelow(_ context: OpaquePointer) -> Bool {
        let current = modbus_get_socket(context)
        guard current >= descriptors else { return true }
        let lower = fcntl(current, F_DUPFD_CLOEXEC, 0)
        guard lower >= 0 else { return false }
        guard lower < descriptors else {
            close(lower)
            return false
        }
        close(current)
        modbus_set_socket(context, lower)
        return true
    }
}
