import ConfigFiles
import Foundation

/// The profiles of a `Meters/` directory, by id.
public struct ProfileLibrary: Sendable {
    public var profiles: [String: DeviceProfile]

    public init(profiles: [DeviceProfile]) {
        self.profiles = Dictionary(profiles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Loads every `*.yaml` file of `directory`; the first bad file stops the load with its error.
    public init(directory: URL) throws(ConfigError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigError(file: directory.path, keyPath: "", message: "cannot list the profile directory")
        }
        var loaded: [String: DeviceProfile] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let url = directory.appendingPathComponent(name)
            let profile = try DeviceProfile(contentsOf: url)
            guard loaded[profile.id] == nil else {
                throw ConfigError(file: url.path, keyPath: "id", message: "profile id \(profile.id) is used twice")
            }
            loaded[profile.id] = profile
        }
        profiles = loaded
    }

    /// A profile by id, or an error listing the ones there are.
    public func profile(_ id: String) throws(ProfileLookupError) -> DeviceProfile {
        guard let profile = profiles[id] else { throw ProfileLookupError(id: id, known: profiles.keys.sorted()) }
        return profile
    }

    /// The `Meters/` directory: `$VILLAGE_METERS`, else `Meters` under the current directory.
    public static var defaultDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["VILLAGE_METERS"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Meters")
    }
}

/// A profile id that no file defines.
public struct ProfileLookupError: Error, Sendable, CustomStringConvertible {
    public var id: String
    public var known: [String]
    public var description: String { "unknown profile \"\(id)\" (known: \(known.joined(separator: ", ")))" }
}
