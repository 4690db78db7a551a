"""Writes holding registers with pymodbus (an independent client) and prints, as JSON, the exception
code of each write (0 = accepted). Usage: pymodbus_write.py PORT UNIT ADDRESS=VALUE[,VALUE...]..."""
import json
import sys

from pymodbus.client import ModbusTcpClient

port, unit = int(sys.argv[1]), int(sys.argv[2])
client = ModbusTcpClient("127.0.0.1", port=port)
client.connect()
results = []
try:
    for spec in sys.argv[3:]:
        address, values = spec.split("=")
        words = [int(v) & 0xFFFF for v in values.split(",")]
        response = client.write_registers(int(address), words, device_id=unit)
        results.append(getattr(response, "exception_code", 0) if response.isError() else 0)
finally:
    client.close()
print(json.dumps(results))
