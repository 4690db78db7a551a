"""The battery-only run as one linear program, solved by SciPy's HiGHS: the lowest cost that
`village_costs.cost` can give any plan with our physics and perfect foresight over the whole run.

Same objective as the pricing (import cost − export revenue + wear − the value of the battery energy
gained, at `village_costs.terminal_values`), same constraints as our LP on a battery-only request
(power balance with curtailment, battery energy balance, PCS rating on charge + discharge, SoC
window, connection limits, exports only from what the village generates, the grid-charging policy).
It is written from the request alone, not from our code, so it checks our LP's formulation from
outside (a test compares the two optima). As a bound it is optimistic: like our LP, it lets the battery
charge and discharge, and the grid import and export, in the same step, which pays where the export
price exceeds the import price (SMP above the night tariff) but which the PCS and the meter net when
a plan is executed; EMHASS forbids both with binaries. So no executed plan reaches it exactly; EMHASS's
plans are feasible here, so none can go below it.
"""
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

import village_costs

IMPORT, EXPORT, CHARGE, DISCHARGE, ENERGY, CURTAIL = range(6)
PER_STEP = 6


def grid_charging_allowed(policy, price):
    if "allowed" in policy:
        return True
    if "cheaperThan" in policy:
        return price is not None and price < policy["cheaperThan"]["milliWonPerKWh"]
    return False


def optimum(request):
    """The LP's plan (steps as `PlanStep` fields) and its status."""
    plant = request["plant"]
    battery = plant["battery"]
    hours = request["stepSeconds"] / 3600
    steps = len(request["pvForecastWh"])
    pv = [wh / 1000 for wh in request["pvForecastWh"]]
    load = [wh / 1000 for wh in request["loadWh"]]
    value_battery = village_costs.terminal_values(request)[0] / 1000
    pcs = battery["pcsPowerKW"] * hours
    columns = steps * PER_STEP
    cost = np.zeros(columns)
    bounds = []
    for t in range(steps):
        price_in = request["importPriceMilliWonPerKWh"][t]
        price_out = request["exportPriceMilliWonPerKWh"][t] or 0
        wear = battery["wearCostMilliWonPerKWh"] / 1000
        deficit, surplus = max(0.0, load[t] - pv[t]), max(0.0, pv[t] - load[t])
        allowed = grid_charging_allowed(plant["gridCharging"], price_in)
        import_upper = 0.0 if price_in is None else plant["gridImportLimitKW"] * hours
        if plant.get("importCapKW") is not None:
            import_upper = min(import_upper, max(plant["importCapKW"] * hours, deficit))
        cost[t * PER_STEP + IMPORT] = (price_in or 0) / 1000
        cost[t * PER_STEP + EXPORT] = -price_out / 1000
        cost[t * PER_STEP + CHARGE] = wear
        cost[t * PER_STEP + DISCHARGE] = wear
        if t == steps - 1:
            cost[t * PER_STEP + ENERGY] = -value_battery
        bounds += [(0, import_upper), (0, plant["gridExportLimitKW"] * hours),
                   (0, pcs if allowed else min(pcs, surplus)), (0, pcs),
                   (battery["socMinFraction"] * battery["capacityKWh"], battery["socMaxFraction"] * battery["capacityKWh"]),
                   (0, pv[t])]
    equal = lil_matrix((2 * steps, columns))
    equal_right = np.zeros(2 * steps)
    upper = lil_matrix((3 * steps, columns))
    upper_right = np.zeros(3 * steps)
    for t in range(steps):
        c = t * PER_STEP
        # import − export − charge + discharge − curtailment = load − PV
        for offset, coefficient in ((IMPORT, 1), (EXPORT, -1), (CHARGE, -1), (DISCHARGE, 1), (CURTAIL, -1)):
            equal[2 * t, c + offset] = coefficient
        equal_right[2 * t] = load[t] - pv[t]
        # E(t) − E(t−1) − ηc·charge + discharge/ηd = 0
        equal[2 * t + 1, c + ENERGY] = 1
        equal[2 * t + 1, c + CHARGE] = -battery["chargeEfficiency"]
        equal[2 * t + 1, c + DISCHARGE] = 1 / battery["dischargeEfficiency"]
        if t == 0:
            equal_right[1] = request["initialState"]["batteryEnergyKWh"]
        else:
            equal[2 * t + 1, c - PER_STEP + ENERGY] = -1
        upper[3 * t, c + CHARGE] = 1
        upper[3 * t, c + DISCHARGE] = 1
        upper_right[3 * t] = pcs
        # export + curtailment − discharge ≤ PV
        upper[3 * t + 1, c + EXPORT] = 1
        upper[3 * t + 1, c + CURTAIL] = 1
        upper[3 * t + 1, c + DISCHARGE] = -1
        upper_right[3 * t + 1] = pv[t]
        # Where the policy forbids grid charging, the grid brings no more than the load beyond PV.
        upper[3 * t + 2, c + IMPORT] = 1
        allowed = grid_charging_allowed(plant["gridCharging"], request["importPriceMilliWonPerKWh"][t])
        upper_right[3 * t + 2] = np.inf if allowed else max(0.0, load[t] - pv[t])
    finite = np.isfinite(upper_right)
    result = linprog(cost, A_ub=upper.tocsr()[finite], b_ub=upper_right[finite], A_eq=equal.tocsr(), b_eq=equal_right,
                     bounds=bounds, method="highs")
    if result.status != 0:
        raise SystemExit(f"SciPy HiGHS on the run's LP: {result.message}")
    x = result.x
    plan = [{"gridImportWh": x[t * PER_STEP + IMPORT] * 1000, "gridExportWh": x[t * PER_STEP + EXPORT] * 1000,
             "batteryChargeWh": x[t * PER_STEP + CHARGE] * 1000, "batteryDischargeWh": x[t * PER_STEP + DISCHARGE] * 1000,
             "batteryEnergyWh": x[t * PER_STEP + ENERGY] * 1000, "curtailmentWh": x[t * PER_STEP + CURTAIL] * 1000}
            for t in range(steps)]
    return {"steps": plan, "status": result.message}
