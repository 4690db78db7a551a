"""EMHASS's own optimiser on an exported (battery-only) plan request.

Configured from EMHASS's shipped defaults (config_defaults.json through its own build_config /
build_params / get_yaml_parse), then set to our problem: 15-minute steps, cost function `profit`,
the battery's capacity, power, efficiencies and SoC window, the grid connection's limits, no
deferrable loads, no battery weights. Powers go in as W averages over each step, prices as won/kWh.
"""
import asyncio
import contextlib
import importlib.metadata
import logging
import os
import pathlib
import sys
import time
import warnings

import pandas as pd

from emhass import utils
from emhass.optimization import Optimization

PV, LOAD = "sensor.village_pv", "sensor.village_load"


def version():
    return importlib.metadata.version("emhass")


def _configuration(request, chunk_hours, target_soc):
    logger = logging.getLogger("emhass")
    logger.setLevel(logging.ERROR)
    root = pathlib.Path(utils.__file__).parent
    emhass_conf = {"root_path": root, "data_path": root / "data", "defaults_path": root / "data" / "config_defaults.json",
                   "associations_path": root / "data" / "associations.csv"}
    config = asyncio.run(utils.build_config(emhass_conf, logger, str(emhass_conf["defaults_path"])))
    params = asyncio.run(utils.build_params(emhass_conf, {}, config, logger))
    retrieve, optim, plant = utils.get_yaml_parse(params, logger)
    battery = request["plant"]["battery"]
    retrieve.update({"optimization_time_step": pd.Timedelta(seconds=request["stepSeconds"]), "time_zone": "Asia/Seoul",
                     "sensor_power_photovoltaics": PV, "sensor_power_load_no_var_loads": LOAD})
    import pytz
    retrieve["time_zone"] = pytz.timezone("Asia/Seoul")
    optim.update({"delta_forecast_daily": pd.Timedelta(hours=chunk_hours), "number_of_deferrable_loads": 0,
                  "nominal_power_of_deferrable_loads": [], "operating_hours_of_each_deferrable_load": [],
                  "start_timesteps_of_each_deferrable_load": [], "end_timesteps_of_each_deferrable_load": [],
                  "treat_deferrable_load_as_semi_cont": [], "set_deferrable_load_single_constant": [],
                  "set_deferrable_startup_penalty": [], "minimum_power_of_deferrable_loads": [],
                  "def_load_config": [], "set_use_battery": True, "set_use_pv": True, "set_total_pv_sell": False,
                  "set_nocharge_from_grid": False, "set_nodischarge_to_grid": False, "set_battery_dynamic": False,
                  "weight_battery_discharge": 0.0, "weight_battery_charge": 0.0, "lp_solver": "Highs",
                  # EMHASS's shipped limits (45 s, 1 % MIP gap) are kept, so this is EMHASS as it
                  # ships; its status is reported ("Optimal (Incumbent)": stopped at the limit with
                  # the best solution found). With a 1e-4 gap and 600 s, HiGHS did not finish one
                  # day in 200 s on the shared 2-core machine.
                  "lp_solver_timeout": 45, "lp_solver_mip_rel_gap": 0.01})
    plant.update({"maximum_power_from_grid": request["plant"]["gridImportLimitKW"] * 1000,
                  "maximum_power_to_grid": request["plant"]["gridExportLimitKW"] * 1000,
                  "inverter_is_hybrid": False, "compute_curtailment": False,
                  "battery_discharge_power_max": battery["pcsPowerKW"] * 1000,
                  "battery_charge_power_max": battery["pcsPowerKW"] * 1000,
                  "battery_discharge_efficiency": battery["dischargeEfficiency"],
                  "battery_charge_efficiency": battery["chargeEfficiency"],
                  "battery_nominal_energy_capacity": battery["capacityKWh"] * 1000,
                  "battery_minimum_state_of_charge": battery["socMinFraction"],
                  "battery_maximum_state_of_charge": battery["socMaxFraction"],
                  "battery_target_state_of_charge": target_soc})
    return retrieve, optim, plant, emhass_conf, logger


def _frame(request):
    hours = request["stepSeconds"] / 3600
    index = pd.date_range(pd.Timestamp(request["startUnixSeconds"], unit="s", tz="UTC"),
                          periods=len(request["pvForecastWh"]), freq=f"{request['stepSeconds']}s").tz_convert("Asia/Seoul")
    return pd.DataFrame({PV: [wh / hours for wh in request["pvForecastWh"]],
                         LOAD + "_positive": [wh / hours for wh in request["loadWh"]],
                         "unit_load_cost": [(p or 0) / 1000 for p in request["importPriceMilliWonPerKWh"]],
                         "unit_prod_price": [(p or 0) / 1000 for p in request["exportPriceMilliWonPerKWh"]]},
                        index=index)


def _steps(request, results):
    hours = request["stepSeconds"] / 3600
    capacity_wh = request["plant"]["battery"]["capacityKWh"] * 1000
    steps = []
    for _, row in results.iterrows():
        battery_w = float(row["P_batt"])
        steps.append({"gridImportWh": float(row["P_grid_pos"]) * hours, "gridExportWh": -float(row["P_grid_neg"]) * hours,
                      "batteryChargeWh": max(0.0, -battery_w) * hours, "batteryDischargeWh": max(0.0, battery_w) * hours,
                      "batteryEnergyWh": float(row["SOC_opt"]) * capacity_wh,
                      "curtailmentWh": float(row.get("P_PV_curtailment", 0.0) or 0.0) * hours})
    return steps


@contextlib.contextmanager
def _quiet():
    """HiGHS writes its banner and log to file descriptor 1: keep stdout for our report."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def optimise(request, final_battery_kwh, chunk_hours):
    """EMHASS on `request`: the whole run in one problem (chunk_hours = the run), from our initial SoC
    to `final_battery_kwh`; or, in shorter chunks, EMHASS's `perform_perfect_forecast_optim` as it
    ships (every chunk from and back to the target SoC, here our initial SoC)."""
    capacity = request["plant"]["battery"]["capacityKWh"]
    initial_soc = request["initialState"]["batteryEnergyKWh"] / capacity
    retrieve, optim, plant, emhass_conf, logger = _configuration(request, chunk_hours, initial_soc)
    frame = _frame(request)
    optimization = Optimization(retrieve, optim, plant, "unit_load_cost", "unit_prod_price", "profit", emhass_conf,
                                logger)
    with _quiet():
        return _optimise(request, final_battery_kwh, chunk_hours, optimization, frame, initial_soc, capacity)


def _optimise(request, final_battery_kwh, chunk_hours, optimization, frame, initial_soc, capacity):
    began = time.monotonic()
    steps_total = len(request["pvForecastWh"])
    if chunk_hours * 3600 >= steps_total * request["stepSeconds"]:
        results = optimization.perform_optimization(
            frame, frame[PV].values, frame[LOAD + "_positive"].values, frame["unit_load_cost"].values,
            frame["unit_prod_price"].values, soc_init=initial_soc, soc_final=final_battery_kwh / capacity)
    else:
        days = pd.date_range(frame.index[0], periods=steps_total * request["stepSeconds"] // 86400 + 1, freq="D")
        results = optimization.perform_perfect_forecast_optim(frame, days)
    seconds = time.monotonic() - began
    if len(results) != steps_total:
        raise SystemExit(f"EMHASS returned {len(results)} steps of {steps_total} (status {optimization.optim_status})")
    return {"steps": _steps(request, results), "status": str(optimization.optim_status), "seconds": seconds}
