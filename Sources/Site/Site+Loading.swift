import Foundation
import Yams

extension Site {
    /// Reads and validates a site file. Every failure names the file and the field.
    public static func load(path: String) throws(SiteError) -> Site {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SiteError(code: .unreadable, file: path, field: "", message: "cannot read file: \(error.localizedDescription)")
        }
        return try Site(yaml: text, file: path)
    }

    /// Parses and validates site YAML. `file` is only used in error messages.
    public init(yaml: String, file: String = "<string>") throws(SiteError) {
        let site: Site
        do {
            site = try YAMLDecoder().decode(Site.self, from: yaml)
        } catch let error as SiteFieldError {
            throw SiteError(code: error.code, file: file, field: error.path.fieldPath, message: error.message)
        } catch let error as DecodingError {
            // Yams wraps errors thrown by `init(from:)` in `dataCorrupted`; unwrap ours.
            if case .dataCorrupted(let context) = error, let field = context.underlyingError as? SiteFieldError {
                throw SiteError(code: field.code, file: file, field: field.path.fieldPath, message: field.message)
            }
            throw SiteError(decoding: error, file: file)
        } catch {
            throw SiteError(code: .invalidYAML, file: file, field: "", message: "\(error)")
        }
        try site.validate(file: file)
        self = site
    }

}

extension SiteError {
    /// Translates Swift's decoding errors into the site's vocabulary, keeping the field path.
    init(decoding error: DecodingError, file: String) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(code: .missingField, file: file, field: (context.codingPath + [key]).fieldPath,
                      message: "required field '\(key.stringValue)' is missing")
        case .valueNotFound(let type, let context):
            self.init(code: .missingField, file: file, field: context.codingPath.fieldPath,
                      message: "expected a value of type \(type), found null")
        case .typeMismatch(let type, let context):
            self.init(code: .invalidValue, file: file, field: context.codingPath.fieldPath,
                      message: "expected \(Self.plainName(of: type)): \(context.debugDescription)")
        case .dataCorrupted(let context):
            self.init(code: context.codingPath.isEmpty ? .invalidYAML : .invalidValue, file: file,
                      field: context.codingPath.fieldPath, message: context.debugDescription)
        @unknown default:
            self.init(code: .invalidValue, file: file, field: "", message: "\(error)")
        }
    }

    private static func plainName(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "a mapping" }
        return "a value of type \(name)"
    }
}
