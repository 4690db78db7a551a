import Yams

extension ConfigNode {
    /// The line of `keyPath` (`households[3].roofPV.peakPowerKWp`, relative to this node), or of the
    /// nearest enclosing key the file has when it is absent (a missing key is reported at its
    /// mapping). Nil for an empty path: the whole file has no one line.
    ///
    /// Checks made after reading (a duplicate id, a dangling reference) know only a key path; this
    /// gives them the line a person has to fix.
    package func line(of keyPath: String) -> Int? {
        guard !keyPath.isEmpty else { return nil }
        return walk(keyPath).line
    }

    /// The value at `keyPath` as a message quotes it: `"lots"`, `a list`, `a mapping`, or `nothing`
    /// when the file has no such key.
    package func describeValue(at keyPath: String) -> String {
        let found = walk(keyPath)
        guard found.complete else { return "nothing" }
        if case .scalar(let scalar) = found.node { return "\"\(scalar.string)\"" }
        return Self.kind(of: found.node)
    }

    /// The key path of `relative` below this node.
    func path(below relative: String) -> String {
        if keyPath.isEmpty || relative.isEmpty { return keyPath + relative }
        return relative.hasPrefix("[") ? keyPath + relative : "\(keyPath).\(relative)"
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .scalar: return "a value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// Follows `keyPath` as far as the file goes: the last node reached, the line of the last key
    /// (or element) found, and whether the whole path was found.
    private func walk(_ keyPath: String) -> (node: Node, line: Int?, complete: Bool) {
        var node = self.node
        var line = node.mark?.line
        for component in KeyPathComponent.components(of: keyPath) {
            switch component {
            case .key(let name):
                guard case .mapping(let mapping) = node, let pair = mapping.first(where: { $0.key.string == name })
                else {
                    return (node, line, false)
                }
                line = pair.key.mark?.line ?? pair.value.mark?.line ?? line
                node = pair.value
            case .index(let index):
                guard case .sequence(let sequence) = node, index >= 0, index < sequence.count else {
                    return (node, line, false)
                }
                node = Array(sequence)[index]
                line = node.mark?.line ?? line
            }
        }
        return (node, line, true)
    }
}

/// One step of a key path.
enum KeyPathComponent: Equatable {
    case key(String)
    case index(Int)

    /// `households[3].roofPV` → key households, index 3, key roofPV.
    static func components(of keyPath: String) -> [KeyPathComponent] {
        var components: [KeyPathComponent] = []
        for part in keyPath.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { components.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                        components.append(.index(index))
                    }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        return components
    }
}
