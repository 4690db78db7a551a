/// One participant's metered energy for one interval, as the settlement sees it.
///
/// For the storage, consumed is energy charged and produced is energy discharged plus the shared
/// PV that charged it behind the plant's meter (what the homes did not sell it; never bought).
public struct MeterReading: Hashable, Sendable, Codable {
    public var participant: Participant
    public var producedWh: Int64
    public var consumedWh: Int64

    public init(participant: Participant, producedWh: Int64, consumedWh: Int64) {
        self.participant = participant
        self.producedWh = producedWh
        self.consumedWh = consumedWh
    }

    /// Net energy drawn from outside the meter (zero for a net exporter).
    public var importWh: Int64 { max(consumedWh - producedWh, 0) }
    /// Net energy delivered beyond the meter (zero for a net importer).
    public var exportWh: Int64 { max(producedWh - consumedWh, 0) }
    /// PV used behind the meter in the interval.
    public var selfConsumedWh: Int64 { min(producedWh, consumedWh) }
}
