import Modbus

extension DeviceReader {
    /// The requests the next read sends, once a first read has planned them (after walking a SunSpec
    /// chain); nil before, and again after a failed read, which plans anew.
    package var plannedRequests: [RegisterBlock]? { plan?.requests }

    /// Decodes the words read by someone else for ``plannedRequests`` (in their order), as
    /// ``read()`` would have; a failure forgets the plan, as a failed read does.
    package func decode(plannedWords: [[UInt16]]) throws(ModbusError) -> DeviceReading {
        guard let plan, plannedWords.count == plan.requests.count else {
            throw ModbusError(
                code: .invalidRequest, device: client.configuration.deviceLabel, operation: "decode \(profile.id)",
                message: "the words do not match the planned requests")
        }
        var image = RegisterImage()
        for (request, words) in zip(plan.requests, plannedWords) {
            image.store(words, table: request.table, at: request.start)
        }
        do {
            return try decode(image, plan)
        } catch {
            forgetPlan()
            throw error
        }
    }

    /// Makes the next read plan anew (a planned read by someone else failed).
    package func forgetPlan() { plan = nil }
}
