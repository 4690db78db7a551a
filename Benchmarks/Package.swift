// swift-tools-version: 6.1
import PackageDescription

/// Benchmarks that need more than the product: the raw C libmodbus baseline and load generators.
/// Their own package, so their code stays out of the product (run with `make bench`).
let package = Package(
    name: "SmartVillageBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SmartVillage", path: ".."),
    ],
    targets: [
        /// The baseline: a read loop written directly against libmodbus in C.
        .target(name: "RawModbusLoop", linkerSettings: [.linkedLibrary("modbus")]),
        .executableTarget(
            name: "modbus-bench",
            dependencies: ["RawModbusLoop", .product(name: "Modbus", package: "SmartVillage")]
        ),
        /// The collector against the simulated village: throughput next to a raw C poll loop over the
        /// same register blocks, and the CPU it takes to poll the village once per second.
        .executableTarget(
            name: "collector-bench",
            dependencies: [
                "RawModbusLoop",
                .product(name: "Metering", package: "SmartVillage"),
                .product(name: "FirmwareSim", package: "SmartVillage"),
                .product(name: "VillageStore", package: "SmartVillage"),
                .product(name: "DeviceProfiles", package: "SmartVillage"),
                .product(name: "Site", package: "SmartVillage"),
                .product(name: "Modbus", package: "SmartVillage"),
            ]
        ),
    ]
)
