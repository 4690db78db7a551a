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
        switch TemporaryFiles.shared.create(temporaryPath) {
        case .success(let descriptor): self.descriptor = descriptor
        case .failure(let error): throw ExportError(.fileAccess, temporaryPath, "cannot create: \(error.message)")
        }
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
        if case .failure(let error) = TemporaryFiles.shared.rename(temporaryPath, to: finalPath) {
            throw ExportError(.fileAccess, finalPath, "cannot rename into place: \(error.message)")
        }
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
