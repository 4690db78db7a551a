import Modbus

/// Where each SunSpec model of one device starts, found by walking the model chain.
public struct SunSpecMap: Sendable, Hashable {
    public struct Model: Sendable, Hashable {
        public var id: Int
        /// Address of the model's ID register.
        public var start: Int
        /// The length the device announced (registers after the ID and L registers).
        public var length: Int
    }

    public var base: Int
    public var models: [Model]

    public func model(_ ids: [Int]) -> Model? {
        for id in ids { if let model = models.first(where: { $0.id == id }) { return model } }
        return nil
    }

    /// Walks the chain: finds "SunS" at one of the base addresses, then follows each model's length
    /// (never a fixed table, because common model 1 is 66 long in the specification and 65 on some
    /// inverters) until the end marker 0xFFFF.
    public static func discover(
        bases: [Int], reading read: (_ address: Int, _ count: Int) throws(ModbusError) -> [UInt16],
        device: String
    ) throws(ModbusError) -> SunSpecMap {
        var lastError: ModbusError?
        for base in bases {
            let marker: [UInt16]
            do { marker = try read(base, 2) } catch {
                // Devices answer "illegal address" at the bases they do not use; try the next one.
                // Any other failure (busy, timeout) is the device's state, not its layout.
                if error.code == .exception(.illegalDataAddress) {
                    lastError = error
                    continue
                }
                throw error
            }
            guard marker == [0x5375, 0x6E53] else { continue }
            var models: [Model] = []
            var address = base + 2
            while models.count < 64 {
                let header = try read(address, 2)
                if header[0] == 0xFFFF { return SunSpecMap(base: base, models: models) }
                models.append(Model(id: Int(header[0]), start: address, length: Int(header[1])))
                address += 2 + Int(header[1])
            }
            throw ModbusError(
                code: .badData, device: device, operation: "walk SunSpec models",
                message: "no end marker after 64 models")
        }
        throw ModbusError(
            code: .badData, device: device, operation: "find SunSpec marker",
            message: "no \"SunS\" marker at \(bases.map(String.init).joined(separator: ", "))"
                + (lastError.map { " (last: \($0.message))" } ?? ""))
    }
}
