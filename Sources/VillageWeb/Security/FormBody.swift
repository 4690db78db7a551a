import Foundation

/// An `application/x-www-form-urlencoded` body or query string: fields by name, the last value of a
/// repeated name winning. Refuses bodies that are not valid percent-encoded UTF-8.
package struct FormBody: Sendable, Hashable {
    package var fields: [String: String]

    package init(fields: [String: String]) { self.fields = fields }

    package init?(encoded: String) {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                return nil
            }
            fields[name] = value
        }
        self.fields = fields
    }

    package subscript(_ name: String) -> String? { fields[name] }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
