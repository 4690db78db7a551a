import ConfigFiles

/// What makes one household's demand differ from its neighbours'. Every field has a default that
/// describes a typical family, so a site file only states what is unusual.
public struct HouseholdHabits: Sendable, Hashable, Codable {
    /// Appliance and lighting electricity per year (heat plant excluded); the simulator scales its
    /// daily shapes so that a normal year lands near this figure.
    public var annualApplianceEnergyKWh: Double
    /// Local hour of the morning peak (breakfast, showers) on weekdays.
    public var morningPeakHour: Double
    /// Local hour of the evening peak (cooking, TV, washing) on weekdays.
    public var eveningPeakHour: Double
    /// Share of weekday daytime (09–17 h) when someone is at home, 0...1.
    public var daytimeOccupancy: Double
    /// How much later the day starts on weekends, in hours.
    public var weekendLateStartHours: Double
    /// Indoor temperature kept in winter; heating demand rises below it.
    public var heatingSetpointC: Double
    /// Indoor temperature kept in summer; cooling demand rises above it.
    public var coolingSetpointC: Double
    /// Domestic hot water heat per person and day, in kWh thermal.
    public var hotWaterKWhPerPersonDay: Double

    public init(
        annualApplianceEnergyKWh: Double = 4_000,
        morningPeakHour: Double = 7.0,
        eveningPeakHour: Double = 19.5,
        daytimeOccupancy: Double = 0.3,
        weekendLateStartHours: Double = 1.5,
        heatingSetpointC: Double = 21,
        coolingSetpointC: Double = 26,
        hotWaterKWhPerPersonDay: Double = 1.6
    ) {
        self.annualApplianceEnergyKWh = annualApplianceEnergyKWh
        self.morningPeakHour = morningPeakHour
        self.eveningPeakHour = eveningPeakHour
        self.daytimeOccupancy = daytimeOccupancy
        self.weekendLateStartHours = weekendLateStartHours
        self.heatingSetpointC = heatingSetpointC
        self.coolingSetpointC = coolingSetpointC
        self.hotWaterKWhPerPersonDay = hotWaterKWhPerPersonDay
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case annualApplianceEnergyKWh, morningPeakHour, eveningPeakHour, daytimeOccupancy
        case weekendLateStartHours, heatingSetpointC, coolingSetpointC, hotWaterKWhPerPersonDay
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = HouseholdHabits()
        annualApplianceEnergyKWh = try c.decode(
            .annualApplianceEnergyKWh, default: d.annualApplianceEnergyKWh, in: 0...100_000)
        morningPeakHour = try c.decode(.morningPeakHour, default: d.morningPeakHour, in: 4...11)
        eveningPeakHour = try c.decode(.eveningPeakHour, default: d.eveningPeakHour, in: 16...23)
        daytimeOccupancy = try c.decode(.daytimeOccupancy, default: d.daytimeOccupancy, in: 0...1)
        weekendLateStartHours = try c.decode(.weekendLateStartHours, default: d.weekendLateStartHours, in: 0...5)
        heatingSetpointC = try c.decode(.heatingSetpointC, default: d.heatingSetpointC, in: 10...30)
        coolingSetpointC = try c.decode(.coolingSetpointC, default: d.coolingSetpointC, in: 18...35)
        hotWaterKWhPerPersonDay = try c.decode(.hotWaterKWhPerPersonDay, default: d.hotWaterKWhPerPersonDay, in: 0...20)
    }
}
