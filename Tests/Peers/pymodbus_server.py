#!/usr/bin/env python3
"""An independent Modbus TCP server (pymodbus) for interoperability tests.

Usage: pymodbus_server.py PORT SPEC.json
SPEC: {"units": {"1": {"hr": {"start": 0, "values": [..]}, "ir": {...}, "co": {...}}}}
Addresses in SPEC are the 0-based protocol addresses; pymodbus blocks are 1-based, hence the +1.
"""
import json
import sys

from pymodbus.datastore import (ModbusDeviceContext, ModbusSequentialDataBlock,
                                ModbusServerContext)
from pymodbus.server import StartTcpServer


def block(spec):
    if spec is None:
        return ModbusSequentialDataBlock(1, [0])
    return ModbusSequentialDataBlock(spec["start"] + 1, spec["values"])


def main():
    port = int(sys.argv[1])
    with open(sys.argv[2]) as handle:
        spec = json.load(handle)
    devices = {
        int(unit): ModbusDeviceContext(hr=block(tables.get("hr")), ir=block(tables.get("ir")),
                                       co=block(tables.get("co")), di=block(tables.get("di")))
        for unit, tables in spec["units"].items()
    }
    context = ModbusServerContext(devices=devices, single=False)
    StartTcpServer(context=context, address=("127.0.0.1", port))


if __name__ == "__main__":
    main()
