import ConfigFiles

/// Why a site file was rejected. Carries the file and the path of the offending field so a person
/// editing the YAML can go straight to the line that needs fixing.
public struct SiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, matchable in `catch`.
    public enum Code: String, Sendable, Hashable {
        /// The file could not be read at all.
        case unreadable
        /// The text is not valid YAML.
        case invalidYAML
        /// A key the site format does not know (usually a typo).
        case unknownKey
        /// A required field is absent.
        case missingField
        /// A field has the wrong type or a value outside its range.
        case invalidValue
        /// Two devices share an id, or two households a unit number.
        case duplicateIdentifier
        /// Two devices answer on the same host, port and unit id.
        case duplicateEndpoint
        /// A field names a household or device that the file does not define.
        case undefinedReference
        /// A device names a profile that no file in `Meters/` defines.
        case unknownProfile
    }

    public let code: Code
    /// The file the site came from, or `<string>` for in-memory text.
    public let file: String
    /// Dotted field path such as `households[3].roofPV.peakPowerKWp`; empty for the whole file.
    public let field: String
    /// 1-based line of the field in the file, when the file's text is at hand.
    public let line: Int?
    public let message: String

    public init(code: Code, file: String, field: String, line: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.field = field
        self.line = line
        self.message = message
    }

    /// `file:line: field: message`, the form editors and terminals turn into a link to the line.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }

    /// The same error with the line of its field looked up in the file, unless it has one.
    func located(in root: ConfigNode) -> SiteError {
        guard line == nil else { return self }
        return SiteError(code: code, file: file, field: field, line: root.line(of: field), message: message)
    }

    /// A problem the reader found, in the site's vocabulary.
    init(_ error: ConfigError) {
        let code: Code =
            switch error.code {
            case .unreadable: .unreadable
            case .missingKey: .missingField
            default: Code(rawValue: error.code.rawValue) ?? .invalidValue
            }
        self.init(code: code, file: error.file, field: error.keyPath, line: error.line, message: error.message)
    }
}
