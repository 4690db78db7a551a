import Foundation
import Yams

/// A node of a YAML configuration file that knows where it is, so every typed read can report the
/// file, key path and line of a bad value, and a mapping can report keys nobody asked for.
package struct ConfigNode {
    package let node: Node
    package let file: String
    package let keyPath: String

    /// Parses `text`; a syntax error names the line where the parser stopped.
    package static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(syntax: error, file: file)
        } catch {
            throw ConfigError(code: .invalidYAML, file: file, keyPath: "", message: "not valid YAML: \(error)")
        }
        guard let root else {
            throw ConfigError(code: .invalidYAML, file: file, keyPath: "", message: "the file is empty")
        }
        return ConfigNode(node: root, file: file, keyPath: "")
    }

    /// Reads and parses a file, named in errors by its URL's path.
    package static func load(contentsOf url: URL) throws(ConfigError) -> ConfigNode {
        try load(path: url.path)
    }

    /// Reads and parses the file at `path`; errors name it `file`, by default the path as given,
    /// so that a relative path typed by a person comes back as they typed it.
    package static func load(path: String, file: String? = nil) throws(ConfigError) -> ConfigNode {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(
                code: .unreadable, file: file ?? path, keyPath: "",
                message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: file ?? path)
    }

    package init(node: Node, file: String, keyPath: String) {
        self.node = node
        self.file = file
        self.keyPath = keyPath
    }

    package var line: Int? { node.mark?.line }

    /// An error at this node.
    package func error(_ message: String) -> ConfigError {
        ConfigError(code: .invalidValue, file: file, keyPath: keyPath, line: line, message: message)
    }

    /// An error of kind `code` at this node, or at its `key` (named in the path, at this node's line,
    /// for a key that is absent or whose value is not the problem alone).
    package func error(_ code: ConfigError.Code, _ message: String, key: String? = nil) -> ConfigError {
        ConfigError(code: code, file: file, keyPath: key.map(path(of:)) ?? keyPath, line: line, message: message)
    }

    /// The key path of `key` below this node.
    package func path(of key: String) -> String {
        keyPath.isEmpty ? key : "\(keyPath).\(key)"
    }

    // MARK: Mappings

    /// The entries of a mapping in file order, refusing any key outside `allowed`: a misspelt key
    /// must not be silently ignored.
    package func mapping(allowed: Set<String>? = nil) throws(ConfigError) -> ConfigMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys") }
        var entries: [(key: String, value: ConfigNode)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else { throw error("keys must be plain text") }
            let key = keyScalar.string
            if let allowed, !allowed.contains(key) {
                throw ConfigError(
                    code: .unknownKey, file: file, keyPath: path(of: key), line: keyNode.mark?.line ?? line,
                    message: "unknown key '\(key)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            entries.append((key, ConfigNode(node: valueNode, file: file, keyPath: path(of: key))))
        }
        return ConfigMapping(owner: self, entries: entries)
    }

    /// The keys of a mapping, in file order.
    package func keys() throws(ConfigError) -> [String] {
        try mapping().entries.map(\.key)
    }

    /// Fails on any key outside `allowed`.
    package func rejectUnknownKeys(allowed: Set<String>) throws(ConfigError) {
        _ = try mapping(allowed: allowed)
    }

    /// The value under `key`, or nil when absent.
    package func child(_ key: String) throws(ConfigError) -> ConfigNode? {
        try mapping()[key]
    }

    /// The value under `key`, which must be present.
    package func required(_ key: String) throws(ConfigError) -> ConfigNode {
        try mapping().required(key)
    }

    // MARK: Sequences

    package func elements() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { index, element in
            ConfigNode(node: element, file: file, keyPath: "\(keyPath)[\(index)]")
        }
    }

    /// A list, or a single value standing for a one-element list.
    package func elementsOrSingle() throws(ConfigError) -> [ConfigNode] {
        if case .sequence = node { return try elements() }
        return [self]
    }

    package var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    package var isSequence: Bool {
        if case .sequence = node { return true }
        return false
    }

    // MARK: Scalars

    /// A plain scalar `text` in this node's place (file, key path and line), for the values a reader
    /// cuts out of one written value (the pieces of `22-8, 13-14`), so their errors point at it.
    package func scalar(_ text: String) -> ConfigNode {
        ConfigNode(node: .scalar(Node.Scalar(text, .implicit, .plain, node.mark)), file: file, keyPath: keyPath)
    }

    /// A plain `null`, `~` or nothing at all.
    package var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The text of a scalar, as written; nil for a list or a mapping.
    package var scalarText: String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    package func string() throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text") }
        return scalar.string
    }

    /// An integer; hexadecimal (`0x48`) is accepted because register maps are written that way.
    package func int() throws(ConfigError) -> Int {
        guard case .scalar(let scalar) = node else { throw error("expected an integer") }
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        if text.lowercased().hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return value }
        if let value = Int(text) { return value }
        throw error("expected an integer, found \"\(scalar.string)\"")
    }

    /// An integer within `range`; the message names the range whatever was wrong.
    package func int(in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let value = try? int(), range.contains(value) else {
            throw error("expected a whole number in \(range.lowerBound)...\(range.upperBound), found \(quotedValue)")
        }
        return value
    }

    package func double() throws(ConfigError) -> Double {
        guard case .scalar(let scalar) = node,
            let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")),
            value.isFinite
        else { throw error("expected a number") }
        return value
    }

    package func bool() throws(ConfigError) -> Bool {
        guard let value = node.bool else { throw error("expected true or false, found \(quotedValue)") }
        return value
    }

    /// A value that must be one of `choices`.
    package func oneOf<T>(_ choices: [String: T]) throws(ConfigError) -> T {
        let text = try string()
        guard let value = choices[text] else {
            throw error("\"\(text)\" is not one of: \(choices.keys.sorted().joined(separator: ", "))")
        }
        return value
    }

    /// A single integer or a list of integers.
    package func ints() throws(ConfigError) -> [Int] {
        try elementsOrSingle().map { element throws(ConfigError) in try element.int() }
    }

    /// The value as a message quotes it: `'lots'`, `a list`, `a mapping`.
    var quotedValue: String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        default: return Self.kind(of: node)
        }
    }
}
