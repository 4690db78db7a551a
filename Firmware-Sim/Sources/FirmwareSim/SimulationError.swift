/// Why a simulation could not be set up or driven.
public struct SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The physics step does not divide the 15-minute interval.
        case invalidStep
        /// The site names a time zone the system does not know.
        case unknownTimeZone
        /// A command names a device that is not controllable or does not exist.
        case unknownDevice
        /// A setpoint outside what the device accepts.
        case outOfRange
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
