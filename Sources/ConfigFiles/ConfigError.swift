/// A problem in a human-edited configuration file, located by file, key path and line, so the
/// person who wrote the file can go straight to it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// The path of the offending key, for example `fields[3].type`; empty for the whole file.
    public var keyPath: String
    /// 1-based line in the file, when known.
    public var line: Int?
    public var message: String

    public init(file: String, keyPath: String, line: Int? = nil, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
