/// One (owner, channel) series of the intervals table and how it appears in the export.
struct IntervalSeries {
    let ownerKind: String
    let ownerId: String
    let channel: String
    /// The unit number for household owners.
    let householdId: String?
    /// Owner id as it appears in the export (pseudonym when pseudonymising).
    let ownerLabel: String
    let isVolume: Bool
    /// Whether `--households` selects it.
    let included: Bool

    init(kind: String, id: String, channel: String, settings: ExportSettings) {
        ownerKind = kind
        ownerId = id
        self.channel = channel
        householdId = kind == "household" ? id : nil
        ownerLabel = householdId != nil ? settings.identifiers.household(id) : settings.identifiers.device(id)
        isVolume = Channels.isVolume(channel)
        included = settings.includes(householdId: householdId)
    }
}
