import Foundation
import Hummingbird
import Site
import VillageStore

/// `GET /plant`: what the facility manager watches. Village totals only, never a household's money.
extension VillageAPI {
    struct PlantAnswer: Encodable {
        struct Devices: Encodable {
            var online: Int
            var offline: Int
            var unknown: Int
        }
        struct Plan: Encodable {
            var plannedAt: Int64
            var strategy: String
            var steps: [DispatchPlanStepRecord]
        }

        var devices: Devices
        var lastPoll: Int64?
        /// The battery's stored energy at the end of the last metered interval, Wh.
        var batteryEnergyWh: Int64?
        var batteryCapacityWh: Int64
        var services: [ServiceStatus]
        var dispatchSettingsSource: String
        var lastPlan: Plan?

        static var schema: JSONSchema {
            let step = JSONSchema.record([
                "plannedAt": .integer, "strategy": .string(), "stepStart": .integer, "batteryChargeWh": .integer,
                "batteryDischargeWh": .integer, "batteryEnergyWh": .integer, "heatingWh": .integer,
                "coolingWh": .integer, "gridImportWh": .integer, "gridExportWh": .integer,
                "expectedCostMilliWon": .integer,
            ])
            let service = JSONSchema.record(
                [
                    "service": .string(), "lastRun": .integer, "lastSuccess": .integer, "lastError": .string(),
                    "lastErrorAt": .integer, "detail": .string(),
                ], optional: ["lastSuccess", "lastError", "lastErrorAt", "detail"])
            return .record(
                [
                    "devices": .record(["online": .integer, "offline": .integer, "unknown": .integer]),
                    "lastPoll": .nullable(.integer), "batteryEnergyWh": .nullable(.integer),
                    "batteryCapacityWh": .integer, "services": .array(of: service),
                    "dispatchSettingsSource": .string(values: ["site-file", "override"]),
                    "lastPlan": .nullable(
                        .record(["plannedAt": .integer, "strategy": .string(), "steps": .array(of: step)])),
                ], optional: ["lastPoll", "batteryEnergyWh", "lastPlan"])
        }
    }

    func plant(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let health = try await store.health()
        var plan: PlantAnswer.Plan?
        if let last = try await store.lastPlanTimestamp() {
            let steps = try await store.dispatchPlanSteps(plannedFrom: last, to: last + 1)
            plan = PlantAnswer.Plan(plannedAt: last, strategy: steps.first?.strategy ?? "", steps: steps)
        }
        var battery: Int64?
        if let lastInterval = try await store.lastIntervalStart() {
            battery = try await store.intervals(
                owner: .plant(site.ess.device), channel: .essStateOfCharge, from: lastInterval - 24 * 3600,
                to: lastInterval + 1
            ).last?.value
        }
        let overridden = try await store.dispatchSettingsOverrideJSON() != nil
        return try JSONResponse.make(
            PlantAnswer(
                devices: .init(
                    online: health.count { $0.state == .online }, offline: health.count { $0.state == .offline },
                    unknown: health.count { $0.state == .unknown }),
                lastPoll: try await store.lastPollTimestamp(), batteryEnergyWh: battery,
                batteryCapacityWh: Int64((site.ess.capacityKWh * 1000).rounded()),
                services: try await store.serviceStatuses(),
                dispatchSettingsSource: overridden ? "override" : "site-file", lastPlan: plan))
    }

    func healthz(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        _ = try await store.lastPollTimestamp()
        return try JSONResponse.make(["status": "ok"])
    }
}
