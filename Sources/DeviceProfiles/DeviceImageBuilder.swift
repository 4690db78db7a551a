import Modbus

/// Builds the registers a device of a profile serves: for simulated firmware and for tests.
///
/// For SunSpec profiles it lays out the marker, the model chain with its headers and the end
/// marker, so a real SunSpec client can discover the device.
package struct DeviceImageBuilder: Sendable {
    package let profile: DeviceProfile
    /// Where the SunSpec models sit, for SunSpec profiles.
    package let sunSpec: SunSpecMap?
    package private(set) var image = RegisterImage()
    private let decoder: ProfileDecoder

    /// - Parameters:
    ///   - sunSpecBase: the address of the "SunS" marker.
    ///   - modelLengths: lengths to announce instead of the profile's (a model 1 of 65, say).
    package init(profile: DeviceProfile, sunSpecBase: Int = 40000, modelLengths: [Int: Int] = [:]) {
        self.profile = profile
        if let requirements = profile.sunSpec {
            var models: [SunSpecMap.Model] = []
            var address = sunSpecBase + 2
            image.store([0x5375, 0x6E53], table: .holding, at: sunSpecBase)
            for header in requirements.servedModels {
                let length = modelLengths[header.id] ?? header.length
                models.append(SunSpecMap.Model(id: header.id, start: address, length: length))
                image.store([UInt16(header.id), UInt16(length)], table: .holding, at: address)
                image.store(Array(repeating: 0, count: length), table: .holding, at: address + 2)
                address += 2 + length
            }
            image.store([0xFFFF, 0], table: .holding, at: address)
            sunSpec = SunSpecMap(base: sunSpecBase, models: models)
        } else {
            for block in profile.blocks {
                image.store(Array(repeating: 0, count: block.count), table: block.table, at: block.start)
            }
            sunSpec = nil
        }
        decoder = ProfileDecoder(profile: profile, sunSpec: sunSpec)
    }

    /// The address ranges a server must hold for this device.
    package var space: RegisterSpace {
        func span(_ table: RegisterTable) -> Range<Int> {
            let runs = image.runs(table: table)
            guard let first = runs.first, let last = runs.last else { return 0..<0 }
            return first.address..<(last.address + last.words.count)
        }
        return RegisterSpace(holdingRegisters: span(.holding), inputRegisters: span(.input))
    }

    /// Sets a field to a value in its unit, using the power of ten its scale-factor field holds now
    /// (set scale factors first). `nil` writes the type's "not implemented" marker.
    package mutating func set(_ name: String, to value: Double?) throws(ProfileDecoder.Failure) {
        let field = try field(name)
        var exponent = 0
        if let factorName = field.scaleFactorField {
            let factorField = try self.field(factorName)
            let (table, address) = try decoder.address(of: factorField)
            let words = image.words(table: table, at: address, count: factorField.type.registerCount) ?? [0]
            exponent = Int(
                (try? RegisterCodec.decode(words, as: factorField.type, order: factorField.wordOrder))?.number ?? 0)
        }
        try store(try decoder.encode(value, for: field, scaleFactorExponent: exponent), for: field)
    }

    /// Sets a text field.
    package mutating func set(_ name: String, text: String) throws(ProfileDecoder.Failure) {
        let field = try field(name)
        do {
            try store(try RegisterCodec.encode(.string(text), as: field.type, order: field.wordOrder), for: field)
        } catch let error as RegisterCodec.CodecError {
            throw ProfileDecoder.Failure(field: name, message: error.description)
        } catch let error as ProfileDecoder.Failure {
            throw error
        } catch {
            throw ProfileDecoder.Failure(field: name, message: "\(error)")
        }
    }

    /// The registers and location of a field holding `value`, for updating a live bank cheaply.
    package func registers(_ name: String, value: Double?) throws(ProfileDecoder.Failure)
        -> (table: RegisterTable, address: Int, words: [UInt16])
    {
        var copy = self
        try copy.set(name, to: value)
        let field = try field(name)
        let (table, address) = try decoder.address(of: field)
        return (table, address, Array(copy.image.words(table: table, at: address, count: field.type.registerCount)!))
    }

    /// Where a field lives in this device's image.
    package func location(of name: String) throws(ProfileDecoder.Failure) -> (table: RegisterTable, address: Int) {
        try decoder.address(of: try field(name))
    }

    private func field(_ name: String) throws(ProfileDecoder.Failure) -> Field {
        guard let field = profile.field(named: name) else {
            throw ProfileDecoder.Failure(field: name, message: "profile \(profile.id) has no such field")
        }
        return field
    }

    private mutating func store(_ words: [UInt16], for field: Field) throws(ProfileDecoder.Failure) {
        let (table, address) = try decoder.address(of: field)
        image.store(words, table: table, at: address)
    }
}

extension RegisterBank {
    /// Copies a device image into the bank in one step, so clients never see half of it.
    public func load(_ image: RegisterImage) {
        withExclusiveAccess { editor in
            for run in image.runs(table: .holding) { editor.setHoldingRegisters(run.words, at: run.address) }
            for run in image.runs(table: .input) { editor.setInputRegisters(run.words, at: run.address) }
        }
    }
}
