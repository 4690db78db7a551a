/// The entries of a mapping node in file order, read once so that several keys can be looked up
/// without walking the node again.
public struct ConfigMapping {
    /// The mapping's own node, where an error about a missing key is reported.
    public let owner: ConfigNode
    public let entries: [(key: String, value: ConfigNode)]

    public subscript(key: String) -> ConfigNode? {
        entries.first { $0.key == key }?.value
    }

    /// The value under `key`, which must be present.
    public func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = self[key] else { throw owner.error(.missingKey, "missing required key \(key)") }
        return value
    }
}
