import DeviceProfiles

/// Turns named control values into register runs through the device's profile: each point is
/// checked against the profile's limits before anything is sent, and adjacent points go out in one
/// write request.
enum ControlEncoding {
    static func runs(
        _ values: [(name: String, value: Double)], profile: DeviceProfile, decoder: ProfileDecoder,
        exponent: (String) -> Int
    ) throws(DispatchControlError) -> [(address: Int, words: [UInt16])] {
        var runs: [(address: Int, words: [UInt16])] = []
        for (name, value) in values {
            guard let control = profile.controls.first(where: { $0.field.name == name }) else {
                throw DispatchControlError(
                    .configuration, subject: "\(profile.id).\(name)", "is not a control point of the profile")
            }
            guard value.isFinite, value >= control.minimum - 1e-9, value <= control.maximum + 1e-9 else {
                throw DispatchControlError(
                    .outOfRange, subject: "\(profile.id).\(name)",
                    "\(value) is outside \(control.minimum)…\(control.maximum)")
            }
            do {
                let (_, address) = try decoder.address(of: control.field)
                let words = try decoder.encode(value, for: control.field, scaleFactorExponent: exponent(name))
                if let last = runs.last, last.address + last.words.count == address {
                    runs[runs.count - 1].words += words
                } else {
                    runs.append((address, words))
                }
            } catch {
                throw DispatchControlError(.configuration, subject: "\(profile.id).\(name)", error.description)
            }
        }
        return runs
    }
}
