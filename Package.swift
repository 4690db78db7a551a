// swift-tools-version: 6.1
import PackageDescription

/// Shared by every target: Swift 6 mode plus the upcoming features the house style asks for.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SmartVillage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "village", targets: ["VillageCLI"]),
        .library(name: "Modbus", targets: ["Modbus"]),
        // MARK: Firmware-Sim products
        .library(name: "Site", targets: ["Site"]),
        .library(name: "FirmwareSim", targets: ["FirmwareSim"]),
        .executable(name: "village-sim", targets: ["village-sim"]),
        .library(name: "DeviceProfiles", targets: ["DeviceProfiles"]),
        .library(name: "Market", targets: ["Market"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // MARK: Market (issue 7)
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // MARK: Modbus (issue 2)
        .systemLibrary(
            name: "CModbus",
            pkgConfig: "libmodbus",
            providers: [.apt(["libmodbus-dev"])]
        ),
        .target(
            name: "Modbus",
            dependencies: ["CModbus", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModbusTests", dependencies: ["Modbus", "TestKit"], swiftSettings: swiftSettings),

        // MARK: Helpers shared by test targets (peer processes, ports, pseudo-terminals)
        .target(name: "TestKit", path: "Tests/TestKit", swiftSettings: swiftSettings),

        // MARK: Site (issue 3): the site file shared by the simulator and the collector
        .target(
            name: "Site",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SiteTests", dependencies: ["Site"], swiftSettings: swiftSettings),

        // MARK: Firmware-Sim (issue 3): simulated village devices and physics
        .target(
            name: "FirmwareSim",
            dependencies: [
                "Site", "Modbus", "DeviceProfiles",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Firmware-Sim/Sources/FirmwareSim",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "village-sim",
            dependencies: [
                "FirmwareSim",
                "Site",
                "DeviceProfiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Firmware-Sim/Sources/village-sim",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FirmwareSimTests",
            dependencies: [
                "FirmwareSim", "Site", "DeviceProfiles", "Modbus", "TestKit",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Configuration files: YAML read with file, key path and line in every error
        .target(
            name: "ConfigFiles",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),

        // MARK: Device profiles in Meters/ (issue 2)
        .target(
            name: "DeviceProfiles",
            dependencies: ["Modbus", "ConfigFiles"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeviceProfilesTests",
            dependencies: ["DeviceProfiles", "Modbus", "TestKit"],
            swiftSettings: swiftSettings
        ),

        // MARK: Tariffs (issue 5)
        .target(
            name: "Tariffs",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TariffsTests", dependencies: ["Tariffs", "TestKit"], swiftSettings: swiftSettings),
        .executableTarget(name: "tariff-bench", dependencies: ["Tariffs"], path: "Sources/TariffBench", swiftSettings: swiftSettings),

        // MARK: Market (issue 7)
        .target(
            name: "Market",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarketTests",
            dependencies: ["Market", "TestKit"],
            exclude: ["Resources"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "market-bench", dependencies: ["Market"], path: "Sources/MarketBench", swiftSettings: swiftSettings),

        // MARK: The end-to-end demo: simulator and platform in lock step
        .target(
            name: "VillageDemo",
            dependencies: [
                "FirmwareSim", "Site", "Metering", "VillageStore", "DeviceProfiles", "Market", "MarketStore", "Tariffs",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: EnergyDispatch (issue 6): LP solvers (Clp default, GLPK selectable), plans, strategies, MPC
        .systemLibrary(
            name: "CClp",
            pkgConfig: "clp",
            providers: [.apt(["coinor-libclp-dev"])]
        ),
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        .target(
            name: "EnergyDispatch",
            dependencies: ["CClp", "CGLPK", "Tariffs"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnergyDispatchTests",
            dependencies: [
                "EnergyDispatch", "Tariffs", "TestKit", "DispatchControl", "FirmwareSim", "Site", "DeviceProfiles", "VillageStore",
                "VillageDemo", "Modbus", .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Execution: forecasts from the store, plans through the safety clamp to the devices over Modbus.
        .target(
            name: "DispatchControl",
            dependencies: [
                "EnergyDispatch", "Tariffs", "Modbus", "DeviceProfiles", "Site", "VillageStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "dispatch-bench", dependencies: ["EnergyDispatch"], path: "Sources/DispatchBench", swiftSettings: swiftSettings),

        .testTarget(
            name: "VillageDemoTests",
            // VillageCLI is a dependency so that the `village` binary is built before the crash test runs it.
            dependencies: ["VillageDemo", "VillageStore", "Market", "MarketStore", "TestKit", "VillageCLI"],
            swiftSettings: swiftSettings
        ),

        // MARK: The `village` command
        .executableTarget(
            name: "VillageCLI",
            dependencies: [
                "Modbus",
                "DeviceProfiles",
                "Tariffs",
                "Metering",
                "Site",
                "VillageStore",
                "VillageDemo",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "EnergyDispatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// MARK: VillageStore and Metering counter logic (issue 4)
// Appended with `+=` so that this block merges without touching the lines above.
package.dependencies += [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
]
package.products += [
    .library(name: "VillageStore", targets: ["VillageStore"]),
    .library(name: "Metering", targets: ["Metering"]),
]
package.targets += [
    .target(
        name: "VillageStore",
        dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "Metering",
        dependencies: [
            "VillageStore", "Modbus", "DeviceProfiles", "Site", .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "VillageStoreTests",
        // store-kill-writer is a dependency so that it is built before the kill test runs it.
        dependencies: ["VillageStore", "store-kill-writer", "TestKit", .product(name: "GRDB", package: "GRDB.swift")],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "MeteringTests",
        dependencies: [
            "Metering", "VillageStore", "FirmwareSim", "Site", "DeviceProfiles", "TestKit",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "store-kill-writer",
        dependencies: ["VillageStore"],
        path: "Sources/StoreKillWriter",
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "store-bench",
        dependencies: ["VillageStore", .product(name: "GRDBSQLite", package: "GRDB.swift")],
        path: "Sources/StoreBench",
        swiftSettings: swiftSettings
    ),
]

// MARK: Export (issue 8): researcher exports (CSV, JSON Lines, NGSI-LD) with a Frictionless data package
package.targets += [
    .target(
        name: "Export",
        dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "ExportTests",
        // VillageCLI is a dependency so that the `village` binary is built before the CLI tests run it.
        dependencies: [
            "Export", "VillageStore", "TestKit", "VillageCLI", "Market", "MarketStore", "MarketTestKit",
            .product(name: "GRDB", package: "GRDB.swift"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "export-bench",
        dependencies: ["Export", "VillageStore", .product(name: "GRDBSQLite", package: "GRDB.swift")],
        path: "Sources/ExportBench",
        swiftSettings: swiftSettings
    ),
]
// The `village export` subcommand needs the module; appended here so the CLI target's lines stay untouched.
for target in package.targets where target.name == "VillageCLI" {
    target.dependencies.append("Export")
}

// MARK: MarketStore (issue 7): the ledger in the village database, settlement from metered intervals
// VillageStore owns the schema (its migrator must know every migration, or it would refuse a file
// with a ledger as "newer"); MarketStore maps Market's transactions to those tables and reads
// intervals and tariffs to settle. Market and VillageStore stay independent of each other.
package.products += [
    .library(name: "MarketStore", targets: ["MarketStore"]),
]
package.targets += [
    .target(
        name: "MarketStore",
        dependencies: ["Market", "VillageStore", "Tariffs", .product(name: "GRDB", package: "GRDB.swift")],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "MarketStoreTests",
        dependencies: [
            // The executables are dependencies so that they are built before the tests run them.
            "MarketStore", "Market", "VillageStore", "Tariffs", "MarketTestKit", "ledger-kill-writer", "VillageCLI", "TestKit",
            .product(name: "GRDB", package: "GRDB.swift"),
        ],
        swiftSettings: swiftSettings
    ),
    // Random villages shared by the Market and MarketStore property tests.
    .target(name: "MarketTestKit", dependencies: ["Market", "TestKit"], path: "Tests/MarketTestKit", swiftSettings: swiftSettings),
    .executableTarget(
        name: "ledger-kill-writer",
        dependencies: ["MarketStore", "Market", "VillageStore", "MarketTestKit"],
        path: "Sources/LedgerKillWriter",
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "ledger-bench",
        dependencies: ["MarketStore", "Market", "VillageStore", "MarketTestKit"],
        path: "Sources/LedgerBench",
        swiftSettings: swiftSettings
    ),
]
if let cli = package.targets.first(where: { $0.name == "VillageCLI" }) {
    cli.dependencies += ["Market", "MarketStore"]
}
if let marketTests = package.targets.first(where: { $0.name == "MarketTests" }) {
    marketTests.dependencies += ["MarketTestKit"]
}

// MARK: DispatchControl (issue 6): the CLI and the demo drive the controller.
for target in package.targets where target.name == "VillageCLI" {
    target.dependencies += ["DispatchControl"]
}
for target in package.targets where target.name == "VillageDemo" {
    target.dependencies += ["DispatchControl", "EnergyDispatch"]
}

// MARK: VillageRuntime (issue 9): collector, settlement and dispatch as services of one daemon
package.targets += [
    .target(
        name: "VillageRuntime",
        dependencies: [
            "Metering", "MarketStore", "Market", "DispatchControl", "EnergyDispatch", "VillageStore", "DeviceProfiles", "Site",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ],
        swiftSettings: swiftSettings
    ),
]
for target in package.targets where ["VillageCLI", "VillageDemo", "VillageDemoTests"].contains(target.name) {
    target.dependencies += ["VillageRuntime"]
}
// The daemon tests run `village-sim` and `village`, read the database and the plant over Modbus.
for target in package.targets where target.name == "VillageDemoTests" {
    target.dependencies += [
        "village-sim", "DispatchControl", "EnergyDispatch", "FirmwareSim", "DeviceProfiles", "Modbus", "Site", "Tariffs",
        .product(name: "GRDB", package: "GRDB.swift"),
    ]
}
package.targets += [
    .testTarget(
        name: "VillageRuntimeTests",
        dependencies: ["VillageRuntime", "VillageStore", "MarketStore", "Market", "Tariffs", "TestKit", "Site", "Metering"],
        swiftSettings: swiftSettings
    ),
]

// MARK: VillageCore: the time grid, floor division, the civil calendar and the seeded generator
package.targets += [
    .target(name: "VillageCore", swiftSettings: swiftSettings),
    .testTarget(name: "VillageCoreTests", dependencies: ["VillageCore"], swiftSettings: swiftSettings),
]
let villageCoreUsers: Set = [
    "FirmwareSim", "village-sim", "Tariffs", "tariff-bench", "market-bench", "EnergyDispatch", "DispatchControl",
    "VillageStore", "store-kill-writer", "Metering", "Export", "export-bench", "MarketStore", "ledger-bench",
    "VillageRuntime", "VillageDemo", "VillageCLI", "TestKit", "EnergyDispatchTests", "ExportTests", "MeteringTests",
]
for target in package.targets where villageCoreUsers.contains(target.name) {
    target.dependencies.append("VillageCore")
}
