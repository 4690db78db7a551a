"""EMHASS as an independent yardstick for the village's `optimal` dispatch (run it through
scripts/bench-emhass, which installs the pinned EMHASS into its own venv first).

Both sides get the same problem, exported by our side: the synthetic village's week
(`village dispatch compare --export-request`: load, PV, heat and cooling demand, outdoor
temperature, KEPCO import prices and SMP export prices per 15 minutes, battery 400 kWh / 180 kW,
SoC window, efficiencies, initial state), with perfect foresight on both sides.

EMHASS has no model of our tanks (a thermal store drained by a demand series: its thermal loads
are a room or a concrete mass whose demand it computes from its own building model), so the
yardstick is the battery-only problem: `--heat-pumps follow-demand` puts the heat pumps'
electricity (demand ÷ COP) into the load on both sides. On it run:
- ours: the MPC backtest that `dispatch compare` runs (a 24 h plan every 15 minutes, the first step
  executed), and the same with a horizon of the whole run (the first plan sees everything);
- EMHASS: `Optimization.perform_perfect_forecast_optim` over the run at our 15-minute step, once
  with the whole run as one problem and once in EMHASS's default 24 h chunks; initial SoC ours,
  final SoC what our 24 h MPC ended with, so the stored energy left is the same.
- the run as one LP written from the request alone (village_lp, SciPy's HiGHS): a lower bound on
  what the pricing gives any plan (optimistic: same-step charge and discharge are not netted).
Every plan is priced by one function (village_costs.cost, checked first against our own totals)
and checked against the same physics (power balance, battery balance, ratings, SoC window). The
pricing values the battery energy left at the end (mean import price × discharge efficiency), so
the end states are reported with every cost.
Our whole-plant run (heat pumps dispatched through the tanks) is reported beside it.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import village_costs  # noqa: E402
import village_lp  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--village", default=".build/release/village", help="the village executable")
parser.add_argument("--days", type=int, default=7, help="days of the synthetic run (1–14)")
parser.add_argument("--season", default="summer", choices=["summer", "winter"])
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--tariff", default="kepco-industrial-eul-high-voltage-a-option-1")
parser.add_argument("--export-tariff", default="smp-export")
parser.add_argument("--tariffs-dir", default="Tariffs")
parser.add_argument("--json", action="store_true", help="print JSON instead of text")
args = parser.parse_args()
if not 1 <= args.days <= 14:
    sys.exit(f"--days: {args.days} is outside 1–14 (EMHASS solves the run as one mixed-integer problem)")
if not os.access(args.village, os.X_OK):
    sys.exit(f"--village: {args.village} is not an executable (swift build -c release --product village first)")
if not os.path.isdir(args.tariffs_dir):
    sys.exit(f"--tariffs-dir: {args.tariffs_dir} is not a directory")


def note(text):
    print(f"bench-emhass: {text}", file=sys.stderr, flush=True)


def ours(heat_pumps, horizon_hours, work):
    """Our `dispatch compare` on the synthetic run: its JSON, the request it ran on, the executed plans."""
    request_path = os.path.join(work, f"request-{heat_pumps}-{horizon_hours}.json")
    plans_path = os.path.join(work, f"plans-{heat_pumps}-{horizon_hours}.json")
    command = [args.village, "dispatch", "compare", "--tariff", args.tariff, "--export-tariff", args.export_tariff,
               "--tariffs-dir", args.tariffs_dir, "--season", args.season, "--days", str(args.days),
               "--seed", str(args.seed), "--horizon-hours", str(horizon_hours), "--heat-pumps", heat_pumps,
               "--export-request", request_path, "--export-plans", plans_path, "--json"]
    began = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.strip()}")
    seconds = time.monotonic() - began
    with open(request_path) as file:
        request = json.load(file)
    with open(plans_path) as file:
        plans = {plan["strategy"]: plan for plan in json.load(file)}
    return json.loads(result.stdout), request, plans, seconds


def checked_entry(comparison, request, plans, strategy):
    """Our reported figures for `strategy`, after the shared pricing reproduced them."""
    entry = next(e for e in comparison["entries"] if e["strategy"] == strategy)
    priced = village_costs.cost(request, plans[strategy]["steps"])
    reported = entry["cost"]["totalWon"]
    if abs(priced["totalWon"] - reported) > 1e-6 * max(1.0, abs(reported)):
        sys.exit(f"the shared pricing gives ₩{priced['totalWon']:.3f} for our {strategy}, we reported ₩{reported:.3f}")
    if entry["failedPlans"]:
        sys.exit(f"our {strategy}: {entry['failedPlans']} plans failed ({entry['firstFailure']})")
    priced["physics"] = village_costs.physics_residuals(request, plans[strategy]["steps"])
    return priced


work = tempfile.mkdtemp(prefix="village-emhass-")
note(f"our side: dispatch compare, battery only, 24 h and {args.days * 24} h horizons; whole plant, 24 h")
battery_24, request, plans_24, seconds_24 = ours("follow-demand", 24, work)
battery_all, request_all, plans_all, seconds_all = ours("follow-demand", args.days * 24, work)
plant_24, request_plant, plans_plant, seconds_plant = ours("dispatched", 24, work)
if request_all != request:
    sys.exit("the two battery-only requests differ: the export is not deterministic")

ours_24 = checked_entry(battery_24, request, plans_24, "optimal")
ours_all = checked_entry(battery_all, request, plans_all, "optimal")
none_battery = checked_entry(battery_24, request, plans_24, "none")
ours_plant = checked_entry(plant_24, request_plant, plans_plant, "optimal")
none_plant = checked_entry(plant_24, request_plant, plans_plant, "none")

import emhass_run  # noqa: E402  (imports EMHASS, which takes seconds: only once our side has run)

final_kwh = ours_24["finalBatteryKWh"]
note(f"EMHASS {emhass_run.version()}: perfect-forecast optimisation, whole run and 24 h chunks")
emhass_all = emhass_run.optimise(request, final_battery_kwh=final_kwh, chunk_hours=args.days * 24)
emhass_daily = emhass_run.optimise(request, final_battery_kwh=final_kwh, chunk_hours=24)
lp_run = village_lp.optimum(request)
for run in (emhass_all, emhass_daily, lp_run):
    run.update(village_costs.cost(request, run["steps"]))
    run["physics"] = village_costs.physics_residuals(request, run["steps"])


def summary(figures, **extra):
    keys = ["totalWon", "importCostWon", "exportRevenueWon", "storedEnergyGainWon", "importKWh", "exportKWh",
            "peakImportKW", "batteryChargedKWh", "batteryDischargedKWh", "finalBatteryKWh", "heatPumpKWh", "physics"]
    out = {key: figures[key] for key in keys if key in figures}
    out.update(extra)
    return out


result = {
    "conditions": {
        "season": args.season, "days": args.days, "seed": args.seed, "startUnixSeconds": request["startUnixSeconds"],
        "stepSeconds": request["stepSeconds"], "tariff": args.tariff, "exportTariff": args.export_tariff,
        "battery": request["plant"]["battery"], "initialBatteryKWh": request["initialState"]["batteryEnergyKWh"],
        "gridImportLimitKW": request["plant"]["gridImportLimitKW"],
        "gridExportLimitKW": request["plant"]["gridExportLimitKW"],
        "gridCharging": request["plant"]["gridCharging"], "emhass": emhass_run.version(),
    },
    "batteryOnly": {
        "none": summary(none_battery),
        "ours24h": summary(ours_24, wallSeconds=seconds_24),
        "oursWholeRun": summary(ours_all, wallSeconds=seconds_all),
        "emhassWholeRun": summary(emhass_all, solveSeconds=emhass_all["seconds"], status=emhass_all["status"]),
        "emhassDaily": summary(emhass_daily, solveSeconds=emhass_daily["seconds"], status=emhass_daily["status"]),
        "lpOptimum": summary(lp_run, status=lp_run["status"]),
    },
    "wholePlant": {"none": summary(none_plant), "ours24h": summary(ours_plant, wallSeconds=seconds_plant)},
}
for name in ("ours24h", "oursWholeRun"):
    for reference in ("emhassWholeRun", "emhassDaily"):
        ours_total = result["batteryOnly"][name]["totalWon"]
        theirs = result["batteryOnly"][reference]["totalWon"]
        result["batteryOnly"][f"{name}Minus{reference[0].upper()}{reference[1:]}Won"] = ours_total - theirs
none_total = none_battery["totalWon"]
for name in ("ours24h", "oursWholeRun", "emhassWholeRun", "emhassDaily", "lpOptimum"):
    result["batteryOnly"][name]["savingsOverNoneWon"] = none_total - result["batteryOnly"][name]["totalWon"]
if emhass_all["totalWon"] > 0 and ours_24["totalWon"] > 0:
    result["batteryOnly"]["ratioOurs24hToEmhassWholeRun"] = ours_24["totalWon"] / emhass_all["totalWon"]
    result["batteryOnly"]["ratioOurs24hToEmhassDaily"] = ours_24["totalWon"] / emhass_daily["totalWon"]
    result["batteryOnly"]["ratioOursWholeRunToEmhassDaily"] = ours_all["totalWon"] / emhass_daily["totalWon"]
if lp_run["totalWon"] > 0:
    result["batteryOnly"]["ratioOurs24hToLpOptimum"] = ours_24["totalWon"] / lp_run["totalWon"]
    result["batteryOnly"]["ratioOursWholeRunToLpOptimum"] = ours_all["totalWon"] / lp_run["totalWon"]
result["wholePlant"]["ours24h"]["savingsOverNoneWon"] = none_plant["totalWon"] - ours_plant["totalWon"]

if args.json:
    print(json.dumps(result, indent=2, sort_keys=True))
    sys.exit(0)


def won(value):
    return ("-₩" if value < 0 else "₩") + f"{abs(value):,.0f}"


c = result["conditions"]
print(f"Synthetic village, {args.season}, {args.days} day(s) from step {c['startUnixSeconds']} (UTC), seed {args.seed}; "
      f"{args.tariff} + {args.export_tariff}; 15-minute steps, perfect foresight")
print(f"  battery {c['battery']['capacityKWh']:.0f} kWh / {c['battery']['pcsPowerKW']:.0f} kW, SoC "
      f"{c['battery']['socMinFraction'] * 100:.0f}–{c['battery']['socMaxFraction'] * 100:.0f} %, η "
      f"{c['battery']['chargeEfficiency']}/{c['battery']['dischargeEfficiency']}, start "
      f"{c['initialBatteryKWh']:.0f} kWh; EMHASS {c['emhass']}")
print("  battery only (heat pumps follow the demand, in the load on both sides):")
rows = [("none", result["batteryOnly"]["none"]),
        ("ours, MPC 24 h", result["batteryOnly"]["ours24h"]),
        (f"ours, MPC {args.days * 24} h", result["batteryOnly"]["oursWholeRun"]),
        ("EMHASS, whole run", result["batteryOnly"]["emhassWholeRun"]),
        ("EMHASS, 24 h chunks", result["batteryOnly"]["emhassDaily"]),
        ("LP bound (SciPy)", result["batteryOnly"]["lpOptimum"])]
for label, row in rows:
    print(f"    {label:<22} {won(row['totalWon']):>12}  import {row['importKWh']:>7,.0f} kWh  export "
          f"{row['exportKWh']:>7,.0f} kWh  peak {row['peakImportKW']:>4.0f} kW  end {row['finalBatteryKWh']:>4.0f} kWh")
b = result["batteryOnly"]
print(f"    ours (24 h) − EMHASS (whole run): {won(b['ours24hMinusEmhassWholeRunWon'])}; "
      f"− EMHASS (24 h chunks): {won(b['ours24hMinusEmhassDailyWon'])}")
if "ratioOurs24hToEmhassWholeRun" in b:
    print(f"    ratio ours / EMHASS: {b['ratioOurs24hToEmhassWholeRun']:.4f} (whole run), "
          f"{b['ratioOurs24hToEmhassDaily']:.4f} (24 h chunks); ours {args.days * 24} h / EMHASS 24 h chunks: "
          f"{b['ratioOursWholeRunToEmhassDaily']:.4f}")
if "ratioOurs24hToLpOptimum" in b:
    print(f"    ratio ours / the run's LP bound: {b['ratioOurs24hToLpOptimum']:.4f} (24 h), "
          f"{b['ratioOursWholeRunToLpOptimum']:.4f} ({args.days * 24} h)")
p = result["wholePlant"]
print(f"  whole plant, ours (heat pumps dispatched through the tanks): none {won(p['none']['totalWon'])}, "
      f"optimal {won(p['ours24h']['totalWon'])} (peak {p['ours24h']['peakImportKW']:.0f} kW)")
