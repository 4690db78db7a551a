import ArgumentParser
import Export
import Foundation

/// `--format` of `village export`.
extension ExportFormat: ExpressibleByArgument {
    /// Case and surrounding blanks do not matter, as in the library's own parsing.
    public init?(argument: String) {
        self.init(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
