import Foundation
import Yams

extension Site {
    /// Reads and validates a site file. Every failure names the file, the line and the field.
    ///
    /// With `knownProfiles` (the profile ids in `Meters/`), a device whose profile is not among them
    /// is refused here too, at its line, rather than later by whichever component first needs it.
    public static func load(path: String, knownProfiles: Set<String>? = nil) throws(SiteError) -> Site {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SiteError(code: .unreadable, file: path, field: "", message: "cannot read file: \(error.localizedDescription)")
        }
        return try Site(yaml: text, file: path, knownProfiles: knownProfiles)
    }

    /// Parses and validates site YAML. `file` is only used in error messages.
    public init(yaml: String, file: String = "<string>", knownProfiles: Set<String>? = nil) throws(SiteError) {
        do throws(SiteError) {
            let site = try Self.decode(yaml: yaml, file: file)
            try site.validate(file: file)
            if let knownProfiles { try site.checkProfiles(known: knownProfiles, file: file) }
            self = site
        } catch {
            // Decoding and validation know the field path; the text knows where it is.
            throw error.located(in: SiteSourceLines(yaml: yaml))
        }
    }

    private static func decode(yaml: String, file: String) throws(SiteError) -> Site {
        do {
            return try YAMLDecoder().decode(Site.self, from: yaml)
        } catch let error as SiteFieldError {
            throw SiteError(code: error.code, file: file, field: error.path.fieldPath, message: error.message)
        } catch let error as DecodingError {
            // Yams wraps errors thrown by `init(from:)` in `dataCorrupted`; unwrap ours.
            if case .dataCorrupted(let context) = error, let field = context.underlyingError as? SiteFieldError {
                throw SiteError(code: field.code, file: file, field: field.path.fieldPath, message: field.message)
            }
            // ... and syntax errors too, which carry the line.
            if case .dataCorrupted(let context) = error, let syntax = context.underlyingError as? YamlError {
                throw SiteError(syntax: syntax, file: file)
            }
            throw SiteError(decoding: error, file: file, lines: SiteSourceLines(yaml: yaml))
        } catch let error as YamlError {
            throw SiteError(syntax: error, file: file)
        } catch {
            throw SiteError(code: .invalidYAML, file: file, field: "", message: "not valid YAML: \(error)")
        }
    }
}

extension SiteError {
    /// Translates Swift's decoding errors into the site's vocabulary, keeping the field path and
    /// quoting the offending value instead of Swift's type names.
    init(decoding error: DecodingError, file: String, lines: SiteSourceLines) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(code: .missingField, file: file, field: (context.codingPath + [key]).fieldPath,
                      message: "required field '\(key.stringValue)' is missing")
        case .valueNotFound(let type, let context):
            self.init(code: .missingField, file: file, field: context.codingPath.fieldPath,
                      message: "expected \(Self.plainName(of: type)), found nothing")
        case .typeMismatch(let type, let context):
            let field = context.codingPath.fieldPath
            self.init(code: .invalidValue, file: file, field: field,
                      message: "expected \(Self.plainName(of: type)), found \(lines.describeValue(at: field))")
        case .dataCorrupted(let context):
            let field = context.codingPath.fieldPath
            let message = context.codingPath.isEmpty
                ? context.debugDescription : "\(lines.describeValue(at: field)) is not a valid value here"
            self.init(code: context.codingPath.isEmpty ? .invalidYAML : .invalidValue, file: file,
                      field: field, message: message)
        @unknown default:
            self.init(code: .invalidValue, file: file, field: "", message: "\(error)")
        }
    }

    /// A YAML syntax error at the line where the parser stopped.
    init(syntax error: YamlError, file: String) {
        switch error {
        case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
            .composer(let context, let problem, let mark, let yaml):
            let started = context.map { " (\($0.text) that starts on line \($0.mark.line))" } ?? ""
            // Something left open is found at the end of the input, one line past the last.
            let lastLine = max(1, yaml.split(separator: "\n", omittingEmptySubsequences: false).count
                - (yaml.hasSuffix("\n") ? 1 : 0))
            self.init(code: .invalidYAML, file: file, field: "", line: min(mark.line, lastLine),
                      message: "not valid YAML: \(problem)\(started)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(code: .invalidYAML, file: file, field: "", line: context.mark.line,
                      message: "not valid YAML: key \(duplicates.joined(separator: ", ")) appears twice in one mapping")
        default:
            self.init(code: .invalidYAML, file: file, field: "", message: "not valid YAML: \(error)")
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
