import VillageCore

extension PlanRequest {
    /// What each kWh by which a tank ends the horizon below where it started costs the plan, milli-won
    /// per thermal kWh (hot, cold), under the automatic terminal condition; zero otherwise.
    ///
    /// The automatic value of stored heat (lowest import price ÷ mean COP) makes a full tank and an
    /// empty one that the next night refills equally good, so a 24 h plan starting with full tanks
    /// drew them down and never ran the heat pumps: the drain looked free because the refill fell
    /// beyond the horizon. A multiple (`plant.tankShortfallPenaltyFactor`, default 2) of the dearest
    /// way to make that heat within the horizon (highest import price ÷ lowest COP) makes refilling
    /// in the horizon always the cheaper choice, so the plan ends with the tanks at least where they
    /// began; as a cost rather than a hard row it never makes a plan infeasible on a day the heat
    /// pumps cannot keep up.
    public func tankShortfallPenalties() -> (hot: Double, cold: Double) {
        guard case .automatic = plant.terminal else { return (0, 0) }
        guard let highest = importPriceMilliWonPerKWh.compactMap({ $0 }).max(), stepCount > 0 else { return (0, 0) }
        let heatingCOP = (0..<stepCount).map(heatingCOP(step:)).min() ?? 1
        let coolingCOP = (0..<stepCount).map(coolingCOP(step:)).min() ?? 1
        let factor = plant.tankShortfallPenaltyFactor
        return (factor * Double(highest) / max(heatingCOP, 1), factor * Double(highest) / max(coolingCOP, 1))
    }

    /// Steps at whose end the tank charge target applies, with the target's energy (hot, cold), kWh.
    func tankTargetSteps() -> [(step: Int, hotKWh: Double, coldKWh: Double)] {
        guard let target = plant.tankChargeTarget, case .automatic = plant.terminal else { return [] }
        let hot = min(1, max(0, target.hotFraction)) * plant.heating.tankCapacityKWh
        let cold = min(1, max(0, target.coldFraction)) * plant.cooling.tankCapacityKWh
        return (0..<stepCount).compactMap { step in
            let end = startUnixSeconds + Int64(step + 1) * stepSeconds + utcOffsetSeconds
            guard floorModulo(end, TimeGrid.daySeconds) / 60 == Int64(target.minuteOfDay) else { return nil }
            return (step, hot, cold)
        }
    }
}
