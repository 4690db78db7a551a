import Foundation
import Yams

/// A node of a YAML configuration file that knows where it is, so every typed read can report the
/// file, key path and line of a bad value, and a mapping can report keys nobody asked for.
public struct ConfigNode {
    public let node: Node
    public let file: String
    public let keyPath: String

    /// Parses `text`; syntax errors become a `ConfigError` for the whole file.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, keyPath: "", message: "the file is empty")
            }
            return ConfigNode(node: node, file: file, keyPath: "")
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: file, keyPath: "", message: "not valid YAML: \(error)")
        }
    }

    /// Reads and parses a file.
    public static func load(contentsOf url: URL) throws(ConfigError) -> ConfigNode {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(file: url.path, keyPath: "", message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: url.path)
    }

    public init(node: Node, file: String, keyPath: String) {
        self.node = node
        self.file = file
        self.keyPath = keyPath
    }

    public var line: Int? { node.mark?.line }

    /// An error at this node.
    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, keyPath: keyPath, line: line, message: message)
    }

    // MARK: Mappings

    /// The keys of a mapping, in file order.
    public func keys() throws(ConfigError) -> [String] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys") }
        return mapping.keys.compactMap(\.string)
    }

    /// Fails on any key outside `allowed`: a misspelt key must not be silently ignored.
    public func rejectUnknownKeys(allowed: Set<String>) throws(ConfigError) {
        for key in try keys() where !allowed.contains(key) {
            let child = try self.child(key)
            throw child?.error("unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
                ?? error("unknown key \(key)")
        }
    }

    /// The value under `key`, or nil when absent.
    public func child(_ key: String) throws(ConfigError) -> ConfigNode? {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys") }
        guard let value = mapping[Node(key)] else { return nil }
        return ConfigNode(node: value, file: file, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)")
    }

    /// The value under `key`, which must be present.
    public func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let child = try child(key) else { throw error("missing required key \(key)") }
        return child
    }

    // MARK: Sequences

    public func elements() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { index, element in
            ConfigNode(node: element, file: file, keyPath: "\(keyPath)[\(index)]")
        }
    }

    // MARK: Scalars

    public func string() throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text") }
        return scalar.string
    }

    /// An integer; hexadecimal (`0x48`) is accepted because register maps are written that way.
    public func int() throws(ConfigError) -> Int {
        guard case .scalar(let scalar) = node else { throw error("expected an integer") }
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        if text.lowercased().hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return value }
        if let value = Int(text) { return value }
        throw error("expected an integer, found \"\(scalar.string)\"")
    }

    public func double() throws(ConfigError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")),
            value.isFinite
        else { throw error("expected a number") }
        return value
    }

    public func bool() throws(ConfigError) -> Bool {
        guard let value = node.bool else { throw error("expected true or false") }
        return value
    }

    /// A value that must be one of `choices`.
    public func oneOf<T>(_ choices: [String: T]) throws(ConfigError) -> T {
        let text = try string()
        guard let value = choices[text] else {
            throw error("\"\(text)\" is not one of: \(choices.keys.sorted().joined(separator: ", "))")
        }
        return value
    }

    /// A single integer or a list of integers.
    public func ints() throws(ConfigError) -> [Int] {
        if case .sequence = node { return try elements().map { element throws(ConfigError) in try element.int() } }
        return [try int()]
    }
}
