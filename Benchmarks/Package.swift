// swift-tools-version: 6.1
import PackageDescription

/// The benchmarks of the platform, each measuring its baseline in the same run: their own package, so
/// that their code and dependencies stay out of the product. They use the root package's library
/// products only (run them all with `make bench` at the root).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SmartVillageBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SmartVillage", path: ".."),
        // The same GRDB as the root package: the raw sqlite3 baselines call its SQLite directly.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // MARK: - Field devices and the collector

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

        // MARK: - Store

        /// Ingest through VillageStore next to a raw sqlite3 prepared-insert loop on the same schema.
        .executableTarget(
            name: "store-bench",
            dependencies: [
                .product(name: "VillageStore", package: "SmartVillage"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Dispatch, market and export

        /// A year-long price timeline and a year of monthly bills for the village.
        .executableTarget(
            name: "tariff-bench",
            dependencies: [
                .product(name: "Tariffs", package: "SmartVillage"),
                .product(name: "VillageCore", package: "SmartVillage"),
            ],
            swiftSettings: swiftSettings
        ),
        /// One plan of a day, a week and 30 days with Clp and GLPK, and the MPC backtest.
        .executableTarget(
            name: "dispatch-bench",
            dependencies: [
                .product(name: "EnergyDispatch", package: "SmartVillage"),
                .product(name: "Tariffs", package: "SmartVillage"),
            ],
            swiftSettings: swiftSettings
        ),
        /// Clearing, settling one village interval and a year of the village, in memory.
        .executableTarget(
            name: "market-bench",
            dependencies: [
                .product(name: "Market", package: "SmartVillage"),
                .product(name: "VillageCore", package: "SmartVillage"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The SQLite ledger: a year of settled intervals, settlement from metered intervals, balances.
        .executableTarget(
            name: "ledger-bench",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "MarketStore", package: "SmartVillage"),
                .product(name: "Market", package: "SmartVillage"),
                .product(name: "VillageStore", package: "SmartVillage"),
                .product(name: "Tariffs", package: "SmartVillage"),
                .product(name: "VillageCore", package: "SmartVillage"),
            ],
            swiftSettings: swiftSettings
        ),
        /// `village export` of interval rows next to the sqlite3 shell running the same SELECT.
        .executableTarget(
            name: "export-bench",
            dependencies: [
                .product(name: "Export", package: "SmartVillage"),
                .product(name: "VillageStore", package: "SmartVillage"),
                .product(name: "VillageCore", package: "SmartVillage"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
