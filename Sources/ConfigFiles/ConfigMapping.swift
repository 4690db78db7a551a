/// The entries of a mapping node in file order, read once so that several keys can be looked up
/// without walking the node again.
package struct ConfigMapping {
    /// The mapping's own node, where an error about a missing key is reported.
    package let owner: ConfigNode
    package let entries: [(key: String, value: ConfigNode)]

    package subscript(key: String) -> ConfigNode? {
        entries.first { $0.key == key }?.value
    }

    /// The value under `key`, which must be present.
    package func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = self[key] else { throw owner.error(.missingKey, "missing required key \(key)") }
        return value
    }
}
