/// Why the collector cannot start: the site and the profiles disagree, or the store refuses.
public struct CollectorError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case unknownProfile
        case store
        case configuration
    }

    public var code: Code
    /// What is wrong, for example `device meter-101`.
    public var subject: String
    public var message: String

    public var description: String { "\(subject): \(message)" }
}
