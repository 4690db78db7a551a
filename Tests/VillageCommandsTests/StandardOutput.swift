import Foundation

/// Standard output sent to a file for a while: the commands print with `print`, as the binary does.
enum StandardOutput {
    static func capture(_ body: () async throws -> Void) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("village-stdout-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: file) }
        fflush(nil)
        let saved = dup(STDOUT_FILENO)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard saved >= 0, descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        dup2(descriptor, STDOUT_FILENO)
        close(descriptor)
        do {
            try await body()
        } catch {
            restore(saved)
            throw error
        }
        restore(saved)
        return String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
    }

    private static func restore(_ saved: Int32) {
        fflush(nil)
        dup2(saved, STDOUT_FILENO)
        close(saved)
    }
}
