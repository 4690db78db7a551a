import ConfigFiles

/// One dwelling of the village. Its unit number is the household's identity everywhere downstream
/// (readings, market orders, bills).
public struct Household: Sendable, Hashable, Codable {
    /// Unit number as text, such as `"101"`.
    public var unit: String
    /// `false` for a show unit: no residents, standby load only, no heating or hot water.
    public var occupied: Bool
    public var occupants: Int
    /// Heated floor area; heating and cooling demand scale with it.
    public var floorAreaM2: Double
    public var habits: HouseholdHabits
    /// The PV on this household's own roof, whose output it has the right to use.
    public var roofPV: PVGenerator?
    /// Its standing instructions to the neighbourhood market.
    public var trading: HouseholdTrading

    public init(
        unit: String, occupied: Bool = true, occupants: Int = 3, floorAreaM2: Double = 84,
        habits: HouseholdHabits = HouseholdHabits(), roofPV: PVGenerator? = nil,
        trading: HouseholdTrading = HouseholdTrading()
    ) {
        self.unit = unit
        self.occupied = occupied
        self.occupants = occupants
        self.floorAreaM2 = floorAreaM2
        self.habits = habits
        self.roofPV = roofPV
        self.trading = trading
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case unit, occupied, occupants, floorAreaM2, habits, roofPV, trading
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        unit = try c.decode(String.self, forKey: .unit)
        guard !unit.isEmpty else {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.unit],
                message: "unit must not be empty")
        }
        occupied = try c.decode(.occupied, default: true)
        occupants = try c.decode(.occupants, default: occupied ? 3 : 0, in: 0...20)
        floorAreaM2 = try c.decode(.floorAreaM2, default: 84, in: 1...1_000)
        habits = try c.decode(.habits, default: HouseholdHabits())
        roofPV = try c.decodeIfPresent(PVGenerator.self, forKey: .roofPV)
        trading = try c.decode(.trading, default: HouseholdTrading())
    }
}
