/// Why the simulated village could not start serving: names the address and the devices that
/// needed it, so "port already in use" points at what to move.
public struct SimulatorStartError: Error, Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let devices: [String]
    public let reason: String
    public let portInUse: Bool

    public var description: String {
        "cannot serve \(devices.joined(separator: ", ")) on \(host):\(port): \(reason)"
    }
}

/// One listening address and the devices behind it, as `village-sim` prints them.
public struct ServedEndpoint: Sendable, Hashable, Codable {
    public struct Unit: Sendable, Hashable, Codable {
        public let unitId: Int
        public let device: String
        public let profile: String
    }

    public let host: String
    public let port: Int
    public let units: [Unit]
}

/// A device the simulator cannot set up (its profile is missing from `Meters/`, say).
package struct SimulatorSetupError: Error, Sendable, CustomStringConvertible {
    package let device: String
    package let message: String

    package var description: String { "device \(device): \(message)" }
}
