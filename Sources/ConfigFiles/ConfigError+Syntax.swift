import Yams

extension ConfigError {
    /// A YAML syntax error at the line where the parser stopped, in words rather than libyaml's
    /// structure dump.
    init(syntax error: YamlError, file: String) {
        switch error {
        case .scanner(let context, let problem, let mark, let yaml),
            .parser(let context, let problem, let mark, let yaml),
            .composer(let context, let problem, let mark, let yaml):
            let started = context.map { " (\($0.text) that starts on line \($0.mark.line))" } ?? ""
            // Something left open is found at the end of the input, one line past the last.
            let lastLine = max(
                1,
                yaml.split(separator: "\n", omittingEmptySubsequences: false).count
                    - (yaml.hasSuffix("\n") ? 1 : 0))
            self.init(
                code: .invalidYAML, file: file, keyPath: "", line: min(mark.line, lastLine),
                message: "not valid YAML: \(problem)\(started)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                code: .invalidYAML, file: file, keyPath: "", line: context.mark.line,
                message: "not valid YAML: key \(duplicates.joined(separator: ", ")) appears twice in one mapping")
        default:
            self.init(code: .invalidYAML, file: file, keyPath: "", message: "not valid YAML: \(error)")
        }
    }
}
