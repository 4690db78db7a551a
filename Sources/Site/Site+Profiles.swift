extension Site {
    /// Fails naming the first device whose profile is not among `known` (the profile ids in
    /// `Meters/`): such a device can be neither simulated nor collected, so the file is wrong.
    /// `Site.load(path:knownProfiles:)` runs this with the file at hand and adds the line.
    public func checkProfiles(known: Set<String>, file: String = "<string>") throws(SiteError) {
        for (index, device) in devices.enumerated() where !known.contains(device.profile) {
            throw SiteError(
                code: .unknownProfile, file: file, field: "devices[\(index)].profile",
                message: "unknown profile \"\(device.profile)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}
