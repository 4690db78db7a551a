/// Why the uplink could not do what it was asked. No case ever carries the upload token.
package enum UplinkError: Error, Equatable, CustomStringConvertible {
    /// A flag or file given to the uplink is wrong; the text names it.
    case configuration(String)
    /// The village database could not be read or written.
    case store(String)
    /// No answer from the backend (refused connection, cut connection, timeout).
    case transport(String)
    /// The backend answered with something other than an acknowledgement or a conflict.
    case refused(status: Int, message: String)
    /// The backend answered 200 or 409 with a body that is not what the protocol says.
    case malformedAnswer(String)

    package var description: String {
        switch self {
        case .configuration(let message): message
        case .store(let message): "village database: \(message)"
        case .transport(let message): "no answer from the backend: \(message)"
        case .refused(let status, let message):
            "the backend refused the batch with HTTP \(status)\(message.isEmpty ? "" : ": \(message)")"
        case .malformedAnswer(let message): "the backend's answer is not an uplink answer: \(message)"
        }
    }
}
