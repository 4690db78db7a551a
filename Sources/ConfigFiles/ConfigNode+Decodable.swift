import Yams

extension ConfigNode {
    /// Decodes a `Decodable` type from this node, for formats whose types are `Codable` anyway.
    ///
    /// Every failure becomes a `ConfigError` with this file, the key path and its line, and a
    /// message in a person's words that quotes the offending value instead of Swift's type names.
    package func decode<T: Decodable>(_ type: T.Type) throws(ConfigError) -> T {
        do {
            return try YAMLDecoder().decode(type, from: node)
        } catch let error as ConfigFieldError {
            throw self.error(error)
        } catch let error as DecodingError {
            // A decoder may wrap what `init(from:)` threw in `dataCorrupted`; unwrap ours.
            if case .dataCorrupted(let context) = error, let field = context.underlyingError as? ConfigFieldError {
                throw self.error(field)
            }
            throw self.error(decoding: error)
        } catch {
            throw self.error("\(error)")
        }
    }

    /// An error at `relativePath` below this node, with the line of that key.
    private func error(_ code: ConfigError.Code, at relativePath: String, _ message: String) -> ConfigError {
        ConfigError(
            code: code, file: file, keyPath: path(below: relativePath),
            line: relativePath.isEmpty ? line : line(of: relativePath), message: message)
    }

    private func error(_ field: ConfigFieldError) -> ConfigError {
        error(field.code, at: field.path.keyPath, field.message)
    }

    /// Translates Swift's decoding errors, keeping the key path.
    private func error(decoding error: DecodingError) -> ConfigError {
        switch error {
        case .keyNotFound(let key, let context):
            return self.error(
                .missingKey, at: (context.codingPath + [key]).keyPath,
                "required field '\(key.stringValue)' is missing")
        case .valueNotFound(let type, let context):
            return self.error(
                .missingKey, at: context.codingPath.keyPath, "expected \(Self.plainName(of: type)), found nothing")
        case .typeMismatch(let type, let context):
            let path = context.codingPath.keyPath
            return self.error(
                .invalidValue, at: path,
                "expected \(Self.plainName(of: type)), found \(describeValue(at: path))")
        case .dataCorrupted(let context):
            let path = context.codingPath.keyPath
            if context.codingPath.isEmpty { return self.error(.invalidYAML, at: "", context.debugDescription) }
            return self.error(.invalidValue, at: path, "\(describeValue(at: path)) is not a valid value here")
        @unknown default:
            return self.error(.invalidValue, at: "", "\(error)")
        }
    }

    private static func plainName(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "a mapping" }
        if name.hasPrefix("Int") || name.hasPrefix("UInt") { return "an integer" }
        switch name {
        case "Double", "Float": return "a number"
        case "String": return "text"
        case "Bool": return "true or false"
        default: return "a value of type \(name)"
        }
    }
}
