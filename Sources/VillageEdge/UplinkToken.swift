import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The village's upload token, read from a file only its owner can read.
///
/// Its description never shows the value, so that interpolating it into a log or an error is
/// harmless; only ``bearerHeader`` does.
package struct UplinkToken: Sendable, CustomStringConvertible {
    private let value: String

    package init(value: String) { self.value = value }

    /// Reads the token from `path`, given on the command line as `flag`. Refuses a file that its
    /// group or others may read or write (mode not 0600 or stricter), a missing or empty file.
    package init(file path: String, flag: String = "--upstream-token") throws(UplinkError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw UplinkError.configuration(
                "\(flag) \(path): cannot read the token file (\(String(cString: strerror(errno))))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw UplinkError.configuration("\(flag) \(path): not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw UplinkError.configuration(
                "\(flag) \(path): the file's mode is \(String(format: "%04o", mode)), so others may read the token; "
                    + "make it readable by its owner only (chmod 600 \(path))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UplinkError.configuration("\(flag) \(path): cannot read the token file")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw UplinkError.configuration("\(flag) \(path): the token file is empty") }
        guard !text.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw UplinkError.configuration("\(flag) \(path): the token must be one line without spaces")
        }
        value = text
    }

    /// The `Authorization` header's value.
    package var bearerHeader: String { "Bearer \(value)" }

    /// `text` with every occurrence of the token masked: for messages that quote a backend's answer.
    package func redact(_ text: String) -> String {
        text.replacingOccurrences(of: value, with: "[token]")
    }

    package var description: String { "[upload token]" }
}
