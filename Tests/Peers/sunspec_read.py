"""Scans a SunSpec device with pysunspec2 (an independent client) and prints the models found and
the requested points of one model as JSON. Usage: sunspec_read.py PORT UNIT MODEL POINT..."""
import json
import sys

import sunspec2.modbus.client as client

port, unit, model_id = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
device = client.SunSpecModbusClientDeviceTCP(slave_id=unit, ipaddr="127.0.0.1", ipport=port)
try:
    device.scan()
    model = device.models[model_id][0]
    model.read()
    points = {name: getattr(model, name).cvalue for name in sys.argv[4:]}
    print(json.dumps({"models": sorted(k for k in device.models if isinstance(k, int)), "points": points}))
finally:
    device.close()
