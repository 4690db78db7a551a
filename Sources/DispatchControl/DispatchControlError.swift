/// Why the controller could not plan or command; matchable by `code`, naming what it concerns.
package struct DispatchControlError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable, Equatable {
        /// The site or profiles do not describe a controllable plant.
        case configuration
        /// A device could not be read.
        case deviceRead
        /// A value to write is outside the profile's limits (never sent).
        case outOfRange
        /// No plan could be made.
        case planning
        /// The store's history could not be read.
        case history
    }

    package var code: Code
    /// The device, field or control point concerned.
    package var subject: String
    package var message: String

    package init(_ code: Code, subject: String, _ message: String) {
        self.code = code
        self.subject = subject
        self.message = message
    }

    package var description: String { "\(subject): \(message)" }
}
