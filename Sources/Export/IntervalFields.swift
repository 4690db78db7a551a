/// The columns of the `intervals` file in its three shapes.
enum IntervalFields {
    static let qualityNames = ["measured", "estimated", "missing"]

    static let start = ExportField(
        "start", .datetime, "Start of the period (inclusive), ISO 8601 with the site's UTC offset.",
        ngsiName: "dateObservedFrom")
    static let end = ExportField(
        "end", .datetime, "End of the period (exclusive), ISO 8601 with the site's UTC offset.",
        ngsiName: "dateObservedTo")
    static let ownerKind = ExportField(
        "owner_kind", .string,
        "Whom the energy is booked to: a household or plant equipment (battery, heat pumps, tank).",
        allowedValues: ["household", "plant"], ngsiName: "ownerKind")
    static let ownerId = ExportField(
        "owner_id", .string,
        "Household unit number or plant device id; in a pseudonymised export `hh-`/`dev-` and 128 bits of an HMAC-SHA256 under the export key.",
        ngsiName: "owner")
    static let channel = ExportField(
        "channel", .string,
        "Measured quantity: energy.import, energy.export, pv.generation, heating.energy, cooling.energy, ess.charge, ess.discharge, heatpump.electricity, heatpump.heat (Wh); water.volume, hotwater.volume (litres)."
    )
    static let energy = ExportField(
        "energy_wh", .integer, "Energy of the period in watt-hours, for energy channels; empty for volume channels.",
        unit: "Wh", unitCode: "WHR")
    static let volume = ExportField(
        "volume_l", .integer, "Volume of the period in litres, for volume channels; empty for energy channels.",
        unit: "L", unitCode: "LTR")
    static let quality = ExportField(
        "quality", .string,
        "Quality flag of the 15-minute interval: measured (both boundaries bracketed by real readings close together), "
            + "estimated (linear share across a gap shorter than the collector's maximum), missing (not observed; "
            + "the value is only what readings account for and must not be used as a measurement).",
        allowedValues: qualityNames)
    static let gap = ExportField(
        "gap_s", .integer,
        "For estimated and missing intervals, the longest span without usable readings, in seconds; empty when measured.",
        unit: "s", unitCode: "SEC")
    static let measuredCount = ExportField(
        "measured_intervals", .integer, "How many of the period's 15-minute intervals are measured.")
    static let estimatedCount = ExportField(
        "estimated_intervals", .integer, "How many of the period's 15-minute intervals are estimated.")
    static let missingCount = ExportField(
        "missing_intervals", .integer,
        "How many of the period's 15-minute intervals are missing: stored as missing or not stored at all.")
    static let households = ExportField(
        "households", .integer, "How many households' intervals are summed in this row (never fewer than --min-group).")

    /// One row per stored 15-minute interval.
    static let perInterval: [ExportField] = [start, end, ownerKind, ownerId, channel, energy, volume, quality, gap]
    /// One row per owner, channel and local hour or day.
    static let perBucket: [ExportField] = [
        start, end, ownerKind, ownerId, channel, energy, volume, measuredCount, estimatedCount, missingCount,
    ]
    /// One row per channel and period, summed over households.
    static let perGroup: [ExportField] = [
        start, end, channel, households, energy, volume, measuredCount, estimatedCount, missingCount,
    ]
}
