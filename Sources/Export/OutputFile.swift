import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One output file, written under a temporary name in the output directory and renamed to its final
/// name only when the whole export has succeeded.
///
/// An interrupted or failed export therefore never leaves a half-written file under a name a
/// researcher would open; at worst a `.partial` file that is obviously incomplete.
final class OutputFile {
    let finalPath: String
    let temporaryPath: String
    let buffer = ByteBuffer(capacity: 1 << 17)
    private var descriptor: Int32
    private(set) var bytesWritten: Int64 = 0
    /// Flush threshold: bounded memory, few system calls.
    private let flushThreshold = 1 << 16

    init(directory: String, name: String) throws(ExportError) {
        finalPath = (directory as NSString).appendingPathComponent(name)
        temporaryPath = (directory as NSString).appendingPathComponent(".\(name).partial-\(getpid())")
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ExportError(.fileAccess, temporaryPath, "cannot create: \(String(cString: strerror(errno)))")
        }
        TemporaryFiles.shared.register(temporaryPath)
    }

    deinit {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    /// Writes the buffer out once it is large enough.
    @inline(__always)
    func flushIfNeeded() throws(ExportError) {
        if buffer.count >= flushThreshold { try flush() }
    }

    func flush() throws(ExportError) {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.pointer + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ExportError(.fileAccess, temporaryPath, "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        bytesWritten += Int64(buffer.count)
        buffer.removeAll()
    }

    /// Flushes, syncs and closes the temporary file (it keeps its temporary name).
    func close() throws(ExportError) {
        try flush()
        guard descriptor >= 0 else { return }
        let synced = fsync(descriptor)
        let closed = Glibc.close(descriptor)
        descriptor = -1
        guard synced == 0, closed == 0 else {
            throw ExportError(.fileAccess, temporaryPath, "cannot close: \(String(cString: strerror(errno)))")
        }
    }

    /// Gives the file its final name (replacing one that `--force` allowed to be overwritten).
    func commit() throws(ExportError) {
        guard rename(temporaryPath, finalPath) == 0 else {
            throw ExportError(.fileAccess, finalPath, "cannot rename into place: \(String(cString: strerror(errno)))")
        }
        TemporaryFiles.shared.unregister(temporaryPath)
    }

    /// Removes the temporary file after a failure.
    func discard() {
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
        TemporaryFiles.shared.unregister(temporaryPath)
    }
}
