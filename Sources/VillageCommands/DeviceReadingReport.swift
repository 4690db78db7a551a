import DeviceProfiles

/// The JSON form of `village read`.
struct DeviceReadingReport: Encodable {
    struct FieldReport: Encodable {
        var name: String
        var semantic: String?
        var value: Double?
        var text: String?
        var unit: String?
    }

    var device: String
    var profile: String
    var sunSpecModels: [Int]?
    var fields: [FieldReport]

    init(device: String, profile: DeviceProfile, reading: DeviceReading) {
        self.device = device
        self.profile = profile.id
        sunSpecModels = reading.sunSpec?.models.map(\.id)
        fields = reading.fields.map {
            FieldReport(name: $0.name, semantic: $0.semantic, value: $0.value, text: $0.text, unit: $0.unit)
        }
    }
}
