import Foundation

/// The tariff files of one directory (the repository's `Tariffs/`), loaded by name.
public struct TariffLibrary: Sendable {
    public let directory: String

    /// Nothing is read until a tariff is asked for, so a library is cheap to make per command.
    public init(directory: String) {
        self.directory = directory
    }

    /// Names of the tariff files (`*.yaml` except the holiday lists), sorted.
    public func names() throws(TariffError) -> [String] {
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw TariffError(.unreadableFile, file: directory, "cannot list the tariffs directory")
        }
        return entries.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("holidays") }
            .map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads the tariff `name` (`Tariffs/NAME.yaml`).
    public func tariff(named name: String) throws(TariffError) -> Tariff {
        let path = (directory as NSString).appendingPathComponent("\(name).yaml")
        guard !name.contains("/"), FileManager.default.fileExists(atPath: path) else {
            let known = (try? names()) ?? []
            throw TariffError(
                .unknownTariff, file: "\(name).yaml", "no such tariff; known: \(known.joined(separator: ", "))")
        }
        return try Tariff.load(path: path)
    }

    /// Loads every tariff, failing on the first bad file.
    public func all() throws(TariffError) -> [Tariff] {
        try names().map { name throws(TariffError) in try tariff(named: name) }
    }
}
