"""Prices a plan on an exported plan request exactly as the village's cost evaluator does.

The request is what `village dispatch compare --export-request` writes (series in Wh per step,
prices in milli-won per kWh, the plant, the initial state); a plan is a list of steps with the
fields of `PlanStep` (Wh per step, stores at each step's end). One function prices our executed
plans and EMHASS's alike, and the script first checks that it reproduces our own totals.
"""


def cop(curve, celsius):
    return min(curve["maximum"], max(curve["minimum"], curve["copAtZeroCelsius"] + curve["slopePerCelsius"] * celsius))


def terminal_values(request):
    """Milli-won per stored kWh (battery, hot tank, cold tank): `PlanRequest.terminalValues()`."""
    terminal = request["plant"]["terminal"]
    if "values" in terminal:
        values = terminal["values"]
        return values["batteryMilliWonPerKWh"], values["hotTankMilliWonPerKWh"], values["coldTankMilliWonPerKWh"]
    if "targets" in terminal:
        return 0.0, 0.0, 0.0
    prices = [float(p) for p in request["importPriceMilliWonPerKWh"] if p is not None]
    if not prices:
        return 0.0, 0.0, 0.0
    steps = max(len(request["pvForecastWh"]), 1)
    temperatures = request["outdoorTemperatureCelsius"]
    plant = request["plant"]
    heating = sum(cop(plant["heating"]["cop"], t) for t in temperatures) / steps
    cooling = sum(cop(plant["cooling"]["cop"], t) for t in temperatures) / steps
    mean = sum(prices) / len(prices)
    return mean * plant["battery"]["dischargeEfficiency"], min(prices) / max(heating, 1), min(prices) / max(cooling, 1)


def cost(request, steps):
    """Won and kWh figures of `steps` on `request`, as `CostEvaluator` (without the tank-floor
    penalty, which steers plans and is not paid: the backtest leaves it out of what it reports)."""
    plant = request["plant"]
    hours = request["stepSeconds"] / 3600
    out = {"importCostWon": 0.0, "exportRevenueWon": 0.0, "importKWh": 0.0, "exportKWh": 0.0, "peakImportKW": 0.0,
           "batteryChargedKWh": 0.0, "batteryDischargedKWh": 0.0, "heatPumpKWh": 0.0}
    for index, step in enumerate(steps):
        import_kwh = step["gridImportWh"] / 1000
        export_kwh = step["gridExportWh"] / 1000
        out["importCostWon"] += import_kwh * (request["importPriceMilliWonPerKWh"][index] or 0) / 1000
        out["exportRevenueWon"] += export_kwh * (request["exportPriceMilliWonPerKWh"][index] or 0) / 1000
        out["importKWh"] += import_kwh
        out["exportKWh"] += export_kwh
        out["peakImportKW"] = max(out["peakImportKW"], import_kwh / hours)
        out["batteryChargedKWh"] += step["batteryChargeWh"] / 1000
        out["batteryDischargedKWh"] += step["batteryDischargeWh"] / 1000
        out["heatPumpKWh"] += (step.get("heatPumpHeatingWh", 0) + step.get("heatPumpCoolingWh", 0)) / 1000
    battery = plant["battery"]
    wear = (out["batteryChargedKWh"] + out["batteryDischargedKWh"]) * battery["wearCostMilliWonPerKWh"] / 1000
    demand = 0.0
    if plant["demandChargeMilliWonPerKW"] > 0:
        demand = max(plant["peakImportSoFarKW"], out["peakImportKW"]) * plant["demandChargeMilliWonPerKW"] / 1000
    initial = request["initialState"]
    last = steps[-1]
    value_battery, value_hot, value_cold = terminal_values(request)
    gain = (value_battery * (last["batteryEnergyWh"] / 1000 - initial["batteryEnergyKWh"])
            + value_hot * (last.get("hotTankWh", 0) / 1000 - initial["hotTankKWh"])
            + value_cold * (last.get("coldTankWh", 0) / 1000 - initial["coldTankKWh"])) / 1000
    out["wearCostWon"] = wear
    out["demandChargeWon"] = demand
    out["storedEnergyGainWon"] = gain
    out["finalBatteryKWh"] = last["batteryEnergyWh"] / 1000
    out["totalWon"] = out["importCostWon"] - out["exportRevenueWon"] + wear + demand - gain
    return out


def physics_residuals(request, steps):
    """Largest violation, Wh, of the power balance and the battery's energy balance, ratings and
    SoC window over `steps` (battery-only requests: the heat pumps are in the load)."""
    battery = request["plant"]["battery"]
    hours = request["stepSeconds"] / 3600
    pcs_wh = battery["pcsPowerKW"] * hours * 1000
    low = battery["socMinFraction"] * battery["capacityKWh"] * 1000
    high = battery["socMaxFraction"] * battery["capacityKWh"] * 1000
    energy = request["initialState"]["batteryEnergyKWh"] * 1000
    worst = {"powerBalanceWh": 0.0, "batteryBalanceWh": 0.0, "ratingWh": 0.0, "socWindowWh": 0.0}
    for index, step in enumerate(steps):
        supplied = (request["pvForecastWh"][index] - step.get("curtailmentWh", 0) + step["gridImportWh"]
                    + step["batteryDischargeWh"])
        used = (request["loadWh"][index] + step["gridExportWh"] + step["batteryChargeWh"]
                + step.get("heatPumpHeatingWh", 0) + step.get("heatPumpCoolingWh", 0))
        worst["powerBalanceWh"] = max(worst["powerBalanceWh"], abs(supplied - used))
        expected = (energy + step["batteryChargeWh"] * battery["chargeEfficiency"]
                    - step["batteryDischargeWh"] / battery["dischargeEfficiency"])
        worst["batteryBalanceWh"] = max(worst["batteryBalanceWh"], abs(expected - step["batteryEnergyWh"]))
        worst["ratingWh"] = max(worst["ratingWh"], step["batteryChargeWh"] + step["batteryDischargeWh"] - pcs_wh,
                                -step["batteryChargeWh"], -step["batteryDischargeWh"])
        worst["socWindowWh"] = max(worst["socWindowWh"], low - step["batteryEnergyWh"], step["batteryEnergyWh"] - high)
        energy = step["batteryEnergyWh"]
    return worst
