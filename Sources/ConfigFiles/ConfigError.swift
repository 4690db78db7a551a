/// A problem in a human-edited configuration file, located by file, key path and line, so the
/// person who wrote the file can go straight to it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, so a module can map it to its own error codes without parsing messages.
    ///
    /// A module adds the kinds only it knows (a tariff's overlapping hours) by extending this type,
    /// which keeps every reader of a file throwing this one located error.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file could not be read at all.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The text is not valid YAML, or is empty.
        public static let invalidYAML = Code(rawValue: "invalidYAML")
        /// A key the format does not know (usually a typo).
        public static let unknownKey = Code(rawValue: "unknownKey")
        /// A required key is absent.
        public static let missingKey = Code(rawValue: "missingKey")
        /// A value of the wrong kind, or outside its range.
        public static let invalidValue = Code(rawValue: "invalidValue")
    }

    public var code: Code
    /// The file, as the user named it.
    public var file: String
    /// The path of the offending key, for example `fields[3].type`; empty for the whole file.
    public var keyPath: String
    /// 1-based line in the file, when known.
    public var line: Int?
    public var message: String

    public init(code: Code = .invalidValue, file: String, keyPath: String, line: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    /// `file:line: key.path: message`, the form editors and terminals turn into a link to the line.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
