import Yams

/// Where the fields of a site file are, so that an error found by decoding or validation, which
/// knows only a field path, can also name the line a person has to fix.
struct SiteSourceLines {
    private let root: Node?

    /// Composes `yaml` once; text that is not valid YAML has no lines to give.
    init(yaml: String) {
        root = try? Yams.compose(yaml: yaml)
    }

    /// The line of `field` (`households[3].roofPV.peakPowerKWp`), or of the nearest enclosing field
    /// the file has when it is absent (a missing key is reported at its mapping). Nil for the whole
    /// file.
    func line(of field: String) -> Int? {
        guard var node = root, !field.isEmpty else { return nil }
        var line = node.mark?.line
        for component in Self.components(of: field) {
            switch component {
            case .key(let name):
                guard case .mapping(let mapping) = node, let pair = mapping.first(where: { $0.key.string == name }) else {
                    return line
                }
                line = pair.key.mark?.line ?? pair.value.mark?.line ?? line
                node = pair.value
            case .index(let index):
                guard case .sequence(let sequence) = node, index >= 0, index < sequence.count else { return line }
                node = Array(sequence)[index]
                line = node.mark?.line ?? line
            }
        }
        return line
    }

    /// The value at `field` as a message quotes it: `"lots"`, `a list`, `a mapping`.
    func describeValue(at field: String) -> String {
        guard var node = root else { return "another kind of value" }
        for component in Self.components(of: field) {
            switch component {
            case .key(let name):
                guard case .mapping(let mapping) = node, let value = mapping[name] else { return "nothing" }
                node = value
            case .index(let index):
                guard case .sequence(let sequence) = node, index >= 0, index < sequence.count else { return "nothing" }
                node = Array(sequence)[index]
            }
        }
        switch node {
        case .scalar(let scalar): return "\"\(scalar.string)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    enum Component: Equatable {
        case key(String)
        case index(Int)
    }

    /// `households[3].roofPV` → key households, index 3, key roofPV.
    static func components(of field: String) -> [Component] {
        var components: [Component] = []
        for part in field.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { components.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) { components.append(.index(index)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        return components
    }
}
