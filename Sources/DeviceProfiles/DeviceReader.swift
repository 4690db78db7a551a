import Modbus

/// Reads a device through its profile: plans the requests, decodes and scales every field.
///
/// Like the `ModbusClient` it drives, a reader belongs to one thread. For SunSpec devices it walks
/// the model chain on the first read and keeps the map until a read fails, so a device that reboots
/// with another layout is discovered again.
public final class DeviceReader {
    public let profile: DeviceProfile
    public let client: ModbusClient
    /// The unit read; devices behind one gateway share a client and differ by unit id.
    public let unitID: Int
    /// The requests and the decoder, worked out once per SunSpec discovery (once for other devices)
    /// rather than at every read.
    var plan: Plan?

    typealias Plan = (requests: [RegisterBlock], decoder: ProfileDecoder, sunSpec: SunSpecMap?)

    public init(profile: DeviceProfile, client: ModbusClient, unitID: Int? = nil) {
        self.profile = profile
        self.client = client
        self.unitID = unitID ?? client.configuration.unitID
    }

    /// Reads every field once.
    public func read() throws(ModbusError) -> DeviceReading {
        do {
            return try readOnce()
        } catch {
            plan = nil
            throw error
        }
    }

    private func readOnce() throws(ModbusError) -> DeviceReading {
        let plan: Plan
        if let known = self.plan { plan = known } else { plan = try makePlan() }
        self.plan = plan
        var image = RegisterImage()
        for request in plan.requests {
            let words: [UInt16]
            switch request.table {
            case .holding:
                words = try client.readHoldingRegisters(at: request.start, count: request.count, unit: unitID)
            case .input: words = try client.readInputRegisters(at: request.start, count: request.count, unit: unitID)
            }
            image.store(words, table: request.table, at: request.start)
        }
        return try decode(image, plan)
    }

    func decode(_ image: RegisterImage, _ plan: Plan) throws(ModbusError) -> DeviceReading {
        do {
            return DeviceReading(
                profileID: profile.id, fields: try plan.decoder.decode(image), sunSpec: plan.sunSpec)
        } catch {
            throw ModbusError(
                code: .badData, device: client.configuration.deviceLabel, operation: "decode \(profile.id)",
                message: error.description)
        }
    }

    /// Walks the SunSpec chain when the profile has one, and plans the requests that cover the fields.
    private func makePlan() throws(ModbusError) -> Plan {
        let blocks: [RegisterBlock]
        var map: SunSpecMap?
        if let requirements = profile.sunSpec {
            let discovered = try discover(requirements)
            map = discovered
            let needed = requirements.requiredModels.compactMap { discovered.model($0) }
            blocks = ReadPlan.covering(models: needed, maxRegistersPerRequest: profile.maxRegistersPerRequest)
        } else {
            blocks = profile.blocks
        }
        let requests = ReadPlan(blocks: blocks, maxRegistersPerRequest: profile.maxRegistersPerRequest).requests
        return (requests, ProfileDecoder(profile: profile, sunSpec: map), map)
    }

    private func discover(_ requirements: SunSpecRequirements) throws(ModbusError) -> SunSpecMap {
        let client = self.client
        let unitID = self.unitID
        let map = try SunSpecMap.discover(
            bases: requirements.baseAddresses,
            reading: { (address: Int, count: Int) throws(ModbusError) -> [UInt16] in
                try client.readHoldingRegisters(at: address, count: count, unit: unitID)
            },
            device: client.configuration.deviceLabel)
        for alternatives in requirements.requiredModels where map.model(alternatives) == nil {
            throw ModbusError(
                code: .badData, device: client.configuration.deviceLabel, operation: "walk SunSpec models",
                message: "model \(alternatives.map(String.init).joined(separator: " or ")) is missing "
                    + "(found \(map.models.map { String($0.id) }.joined(separator: ", ")))")
        }
        return map
    }
}

@available(*, unavailable, message: "a reader drives a ModbusClient, which belongs to one thread")
extension DeviceReader: Sendable {}
