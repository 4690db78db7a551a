/// A refusal of the backend outside HTTP (command line, configuration, administration): what is
/// wrong and which argument or field it concerns. Never carries a secret.
package struct BackendError: Error, Sendable, CustomStringConvertible, Equatable {
    package var subject: String
    package var message: String

    package init(_ subject: String, _ message: String) {
        self.subject = subject
        self.message = message
    }

    package static func invalidArgument(_ argument: String, _ message: String) -> BackendError {
        BackendError(argument, message)
    }

    package var description: String { "\(subject): \(message)" }
}
