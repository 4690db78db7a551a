import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the credentials of `village login` live, and reading and writing them.
///
/// The path is, first that is given: `--credentials FILE`, the environment variable
/// `VILLAGE_CREDENTIALS`, `$XDG_CONFIG_HOME/village/credentials.json`,
/// `~/.config/village/credentials.json`.
package struct CredentialsFile: Sendable, Equatable {
    /// The environment variable that overrides the default place.
    package static let environmentVariable = "VILLAGE_CREDENTIALS"

    package var path: String

    package init(path: String) { self.path = path }

    /// The file named by `option`, else by the environment, else the default under the user's
    /// configuration directory.
    package static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> CredentialsFile {
        if let option, !option.isEmpty { return CredentialsFile(path: option) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return CredentialsFile(path: fromEnvironment)
        }
        let configuration: String
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            configuration = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            configuration = (home as NSString).appendingPathComponent(".config")
        }
        return CredentialsFile(path: (configuration as NSString).appendingPathComponent("village/credentials.json"))
    }

    /// The stored credentials, nil when there is no file (not logged in).
    package func load() throws(ClientError) -> ServerCredentials? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClientError(.credentials, "cannot read the credentials file \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(ServerCredentials.self, from: data)
        } catch {
            throw ClientError(
                .credentials,
                "the credentials file \(path) is not what `village login` writes; run `village login` again")
        }
    }

    /// Writes `credentials` whole or not at all: a new 0600 file beside the target, renamed over it.
    /// Creates the directory 0700 when missing.
    package func save(_ credentials: ServerCredentials) throws(ClientError) {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ClientError(.credentials, "--credentials: \(path) is a directory")
        }
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ClientError(
                    .credentials, "cannot create the directory \(directory): \(error.localizedDescription)")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(credentials) } catch {
            throw ClientError(.credentials, "cannot encode the credentials")
        }
        let temporary = directory + "/.\(target.lastPathComponent).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ClientError(.credentials, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        // The umask may have taken bits away, never added them; make the mode exact.
        _ = fchmod(descriptor, 0o600)
        let written = data.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ClientError(.credentials, "cannot write the credentials file \(path): \(reason)")
        }
    }

    /// Removes the file; true if there was one.
    @discardableResult
    package func remove() throws(ClientError) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        guard unlink(path) == 0 else {
            throw ClientError(.credentials, "cannot remove \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }
}
