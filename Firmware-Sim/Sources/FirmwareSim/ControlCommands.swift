/// A charge/discharge request for the shared battery, as a SunSpec storage controller would send it.
public struct StorageSetpoint: Sendable, Hashable, Codable {
    /// AC power at the PCS terminals: positive discharges into the village, negative charges.
    public var powerW: Double
    /// Simulated time (Unix seconds) the write arrived; the PCS reverts to idle when no newer write
    /// arrives within the site's revert timeout.
    public var receivedAt: Int64
    /// SunSpec `ChaGriSet`: when false ("PV"), a charge setpoint is a ceiling and the PCS charges only
    /// from what the village would otherwise export, following the measured surplus as real PCS/EMS
    /// do; when true ("GRID") it draws its setpoint whatever the source.
    public var chargeFromGrid: Bool

    public init(powerW: Double, receivedAt: Int64, chargeFromGrid: Bool = true) {
        self.powerW = powerW
        self.receivedAt = receivedAt
        self.chargeFromGrid = chargeFromGrid
    }

    private enum CodingKeys: String, CodingKey { case powerW, receivedAt, chargeFromGrid }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        powerW = try c.decode(Double.self, forKey: .powerW)
        receivedAt = try c.decode(Int64.self, forKey: .receivedAt)
        // A setpoint saved before the PCS knew the mode drew from the grid.
        chargeFromGrid = try c.decodeIfPresent(Bool.self, forKey: .chargeFromGrid) ?? true
    }
}

/// What a dispatcher asks of one heat pump. Without a command the plant's own controller charges the
/// tanks at night.
public struct HeatPumpCommand: Sendable, Hashable, Codable {
    public var enabled: Bool
    /// Electric power to run at, clamped to the machine's limits; `nil` means full power.
    public var powerW: Double?
    /// Tank to charge; `nil` lets the machine pick the one that needs it most.
    public var tank: TankSide?
    public var receivedAt: Int64
    /// Seconds the command stays in force without a newer one.
    public var holdSeconds: Int64

    /// By default a command older than this (seconds) is dropped and the local controller takes over again, as
    /// a building management system falls back when its supervisor goes silent.
    public static let holdSeconds: Int64 = 3_600

    public init(
        enabled: Bool, powerW: Double? = nil, tank: TankSide? = nil, receivedAt: Int64,
        holdSeconds: Int64 = HeatPumpCommand.holdSeconds
    ) {
        self.enabled = enabled
        self.holdSeconds = holdSeconds
        self.powerW = powerW
        self.tank = tank
        self.receivedAt = receivedAt
    }
}
