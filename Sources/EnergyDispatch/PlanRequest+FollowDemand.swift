extension PlanRequest {
    /// The same village with the heat pumps following the heat and cooling demand as it comes: their
    /// electricity (each step's demand ÷ that step's COP) joins the load, and the tanks and heat
    /// pumps leave the plan, so the battery is the only thing left to dispatch.
    ///
    /// It is the problem an optimiser without a model of our tanks (a thermal store drained by a
    /// demand series) can solve as well, so comparing strategies on it compares battery dispatch
    /// alone. What the tanks add (shifting heat-pump energy in time) is left out on purpose, and so
    /// are their standing losses and the heat pumps' ratings: the demand is served as it comes.
    public func heatPumpsFollowingDemand() -> PlanRequest {
        var request = self
        request.loadWh = (0..<stepCount).map { step in
            loadWh[step] + heatDemandWh[step] / max(heatingCOP(step: step), 1e-9)
                + coolingDemandWh[step] / max(coolingCOP(step: step), 1e-9)
        }
        request.heatDemandWh = Array(repeating: 0, count: stepCount)
        request.coolingDemandWh = Array(repeating: 0, count: stepCount)
        for side in [\PlantParameters.heating, \PlantParameters.cooling] {
            request.plant[keyPath: side].heatPumpMaxElectricKW = 0
            request.plant[keyPath: side].tankCapacityKWh = 0
        }
        request.initialState.hotTankKWh = 0
        request.initialState.coldTankKWh = 0
        return request
    }
}
