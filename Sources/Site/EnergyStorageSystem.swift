import ConfigFiles

/// The shared battery and its power conversion system. Percentages are of usable capacity, as the
/// SunSpec storage model reports them.
public struct EnergyStorageSystem: Sendable, Hashable, Codable {
    /// Id of the `sunspec-ess` device that serves this battery.
    public var device: String
    public var capacityKWh: Double
    /// PCS rating, the same for charge and discharge.
    public var pcsPowerKW: Double
    /// The battery management keeps the state of charge inside this window.
    public var socMinPct: Double
    public var socMaxPct: Double
    public var initialSocPct: Double
    /// AC to stored energy.
    public var chargeEfficiency: Double
    /// Stored energy to AC.
    public var dischargeEfficiency: Double
    /// Seconds after the last setpoint write before the PCS returns to idle (SunSpec
    /// `InOutWRte_RvrtTms`); protects the battery when the controller dies.
    public var revertTimeoutSeconds: Int
    /// Self-discharge of second-life cells, percent of stored energy per day.
    public var selfDischargePctPerDay: Double

    public init(
        device: String, capacityKWh: Double = 400, pcsPowerKW: Double = 180,
        socMinPct: Double = 10, socMaxPct: Double = 95, initialSocPct: Double = 50,
        chargeEfficiency: Double = 0.95, dischargeEfficiency: Double = 0.95,
        revertTimeoutSeconds: Int = 900, selfDischargePctPerDay: Double = 0.1
    ) {
        self.device = device
        self.capacityKWh = capacityKWh
        self.pcsPowerKW = pcsPowerKW
        self.socMinPct = socMinPct
        self.socMaxPct = socMaxPct
        self.initialSocPct = initialSocPct
        self.chargeEfficiency = chargeEfficiency
        self.dischargeEfficiency = dischargeEfficiency
        self.revertTimeoutSeconds = revertTimeoutSeconds
        self.selfDischargePctPerDay = selfDischargePctPerDay
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case device, capacityKWh, pcsPowerKW, socMinPct, socMaxPct, initialSocPct
        case chargeEfficiency, dischargeEfficiency, revertTimeoutSeconds, selfDischargePctPerDay
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = EnergyStorageSystem(device: "")
        device = try c.decode(String.self, forKey: .device)
        capacityKWh = try c.decode(.capacityKWh, default: d.capacityKWh, in: 0.001...1_000_000)
        pcsPowerKW = try c.decode(.pcsPowerKW, default: d.pcsPowerKW, in: 0.001...1_000_000)
        socMinPct = try c.decode(.socMinPct, default: d.socMinPct, in: 0...100)
        socMaxPct = try c.decode(.socMaxPct, default: d.socMaxPct, in: 0...100)
        guard socMinPct < socMaxPct else {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.socMaxPct],
                message: "socMaxPct \(socMaxPct) must exceed socMinPct \(socMinPct)")
        }
        initialSocPct = try c.decode(.initialSocPct, default: d.initialSocPct, in: socMinPct...socMaxPct)
        chargeEfficiency = try c.decode(.chargeEfficiency, default: d.chargeEfficiency, in: 0.5...1)
        dischargeEfficiency = try c.decode(.dischargeEfficiency, default: d.dischargeEfficiency, in: 0.5...1)
        revertTimeoutSeconds = try c.decode(.revertTimeoutSeconds, default: d.revertTimeoutSeconds, in: 1...86_400)
        selfDischargePctPerDay = try c.decode(.selfDischargePctPerDay, default: d.selfDischargePctPerDay, in: 0...10)
    }
}
