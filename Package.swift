// swift-tools-version: 6.1
import PackageDescription

// Shared by every target: Swift 6 mode plus the upcoming features the house style asks for.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SmartVillage",
    platforms: [.macOS(.v15)],
    products: [
        // MARK: Foundation
        .library(name: "VillageCore", targets: ["VillageCore"]),

        // MARK: Field devices
        .library(name: "Modbus", targets: ["Modbus"]),
        .library(name: "DeviceProfiles", targets: ["DeviceProfiles"]),
        .library(name: "Site", targets: ["Site"]),
        .library(name: "FirmwareSim", targets: ["FirmwareSim"]),
        .executable(name: "village-sim", targets: ["village-sim"]),

        // MARK: Store
        .library(name: "VillageStore", targets: ["VillageStore"]),
        .library(name: "Metering", targets: ["Metering"]),

        // MARK: Dispatch, market and export
        .library(name: "Tariffs", targets: ["Tariffs"]),
        .library(name: "EnergyDispatch", targets: ["EnergyDispatch"]),
        .library(name: "Market", targets: ["Market"]),
        .library(name: "MarketStore", targets: ["MarketStore"]),
        .library(name: "PriceFeed", targets: ["PriceFeed"]),
        .library(name: "Export", targets: ["Export"]),

        // MARK: Server
        .library(name: "VillageAccounts", targets: ["VillageAccounts"]),
        .library(name: "VillageServer", targets: ["VillageServer"]),
        .library(name: "VillageBackend", targets: ["VillageBackend"]),

        // MARK: CLI
        .executable(name: "village", targets: ["VillageCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: - Foundation: what every layer shares

        // The time grid, floor division, the civil calendar and the seeded generator.
        .target(name: "VillageCore", swiftSettings: swiftSettings),

        // The periodic loop of every long-running service.
        .target(
            name: "ServiceSupport",
            dependencies: [.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Field devices: Modbus, device profiles, the site file and the simulated village

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
        // Device profiles loaded from Meters/.
        .target(
            name: "DeviceProfiles",
            dependencies: ["Modbus", "ConfigFiles"],
            swiftSettings: swiftSettings
        ),
        // YAML read with file, key path and line in every error.
        .target(
            name: "ConfigFiles",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The site file shared by the simulator and the collector.
        .target(
            name: "Site",
            dependencies: ["ConfigFiles"],
            swiftSettings: swiftSettings
        ),
        // Simulated village devices and physics.
        .target(
            name: "FirmwareSim",
            dependencies: [
                "VillageCore",
                "Site", "Modbus", "DeviceProfiles", "ServiceSupport",
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
                "VillageCore",
                "FirmwareSim", "Site", "DeviceProfiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Firmware-Sim/Sources/village-sim",
            swiftSettings: swiftSettings
        ),

        // MARK: - Store: the village database and the collector that fills it

        // The database. It owns the schema of every table, the ledger's included: its migrator must
        // know every migration, or it would refuse a file with a ledger as "newer".
        .target(
            name: "VillageStore",
            dependencies: [
                "VillageCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The collector service and the counter → interval logic.
        .target(
            name: "Metering",
            dependencies: [
                "VillageCore",
                "VillageStore", "Modbus", "DeviceProfiles", "Site", "ServiceSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Dispatch, market and export: what the village does with its intervals

        .target(
            name: "Tariffs",
            dependencies: ["VillageCore", "ConfigFiles"],
            swiftSettings: swiftSettings
        ),
        // LP solvers: Clp by default, GLPK selectable.
        .systemLibrary(
            name: "CClp",
            pkgConfig: "clp",
            providers: [.apt(["coinor-libclp-dev"])]
        ),
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // Forecasts, the LP model, plans, strategies and the MPC backtest.
        .target(
            name: "EnergyDispatch",
            dependencies: ["VillageCore", "CClp", "CGLPK", "Tariffs"],
            swiftSettings: swiftSettings
        ),
        // Execution: forecasts from the store, plans through the safety clamp to the devices over Modbus.
        .target(
            name: "DispatchControl",
            dependencies: [
                "VillageCore",
                "EnergyDispatch", "Tariffs", "Modbus", "DeviceProfiles", "Site", "VillageStore", "ServiceSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Orders, clearing, settlement and the hash-chained ledger, independent of the store.
        .target(
            name: "Market",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The ledger in the village database and settlement from metered intervals: maps Market's
        // transactions to VillageStore's tables, so that Market and VillageStore stay independent.
        .target(
            name: "MarketStore",
            dependencies: [
                "VillageCore", "Market", "VillageStore", "Tariffs", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The power exchange's published hourly prices (SMP) read from its files into the store.
        .target(name: "PriceFeed", dependencies: ["VillageCore", "VillageStore"], swiftSettings: swiftSettings),
        // What a village sends the city backend, and what it answers: the edge/backend contract.
        .target(name: "VillageUplink", dependencies: ["Market", "VillageStore"], swiftSettings: swiftSettings),
        // zlib, for the gzip bodies of the uplink.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The village's side of the uplink: the outbox of what the backend has not acknowledged, batches
        // from it, and the uploader that sends them with backoff and never holds up the village.
        .target(
            name: "VillageEdge",
            dependencies: [
                "VillageCore", "VillageUplink", "VillageStore", "MarketStore", "Market", "ServiceSupport", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Researcher exports (CSV, JSON Lines, NGSI-LD) with a Frictionless data package.
        .target(
            name: "Export",
            dependencies: [
                "VillageCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Server: accounts, roles and the HTTP API

        // Accounts, roles, password hashes, API tokens and sessions, login lockout, the dispatch
        // settings override and its audit log, all in the village database.
        .target(
            name: "VillageAccounts",
            dependencies: [
                "VillageCore", "VillageStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The JSON API on Hummingbird: the route table, bearer-token authentication, authorisation by
        // role, the OpenAPI document and Prometheus metrics.
        .target(
            name: "VillageServer",
            dependencies: [
                "VillageCore", "VillageAccounts", "VillageStore", "MarketStore", "Market", "Tariffs", "Export",
                "Site", "ConfigFiles", "EnergyDispatch", "DispatchControl", "ServiceSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The city backend: villages' uplink batches verified and stored in PostgreSQL, city-wide reads.
        .target(
            name: "VillageBackend",
            dependencies: [
                "VillageCore", "VillageUplink", "VillageAccounts", "VillageStore", "Market", "VillageServer", "CZlib",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Client: the `village` commands as a client of the village server

        // Login credentials (a 0600 file) and the JSON API over HTTP(S) with Foundation's URLSession.
        .target(name: "VillageClient", swiftSettings: swiftSettings),

        // MARK: - Runtime: the daemon's services and the end-to-end demo

        // Collector, settlement and dispatch as services of one daemon.
        .target(
            name: "VillageRuntime",
            dependencies: [
                "VillageCore",
                "Metering", "MarketStore", "Market", "DispatchControl", "EnergyDispatch", "VillageStore",
                "DeviceProfiles", "Site",
                "ServiceSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The simulator and the platform in lock step.
        .target(
            name: "VillageDemo",
            dependencies: [
                "VillageCore",
                "FirmwareSim", "Site", "Metering", "VillageStore", "DeviceProfiles", "Market", "MarketStore", "Tariffs",
                "DispatchControl", "EnergyDispatch", "VillageRuntime",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Web: the pages a household, a manager and a researcher see in a browser

        // Page view models from the store, Mustache templates, and the pure parts of web security
        // (CSRF tokens, cookie attributes, security headers).
        .target(
            name: "VillageWeb",
            dependencies: [
                "VillageCore", "VillageStore", "Market", "MarketStore", "Tariffs", "EnergyDispatch", "DispatchControl",
                "DeviceProfiles", "Site", "Export", "ServiceSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // The web pages on the HTTP server's router: cookie sessions from the account store, CSRF on
        // every form, login throttling, security headers and a role check on every page.
        .target(
            name: "VillageWebApp",
            dependencies: [
                "VillageWeb", "VillageServer", "VillageAccounts", "VillageStore", "Export", "Site", "Tariffs",
                "DeviceProfiles", "ServiceSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - CLI: the `village` command

        // The subcommands, a library so that tests run them in-process; the executable only calls it.
        .target(
            name: "VillageCommands",
            dependencies: [
                "VillageCore",
                "Modbus", "DeviceProfiles", "Site", "Metering", "VillageStore", "Tariffs", "EnergyDispatch",
                "DispatchControl",
                "Market", "MarketStore", "Export", "VillageRuntime", "VillageDemo", "PriceFeed", "VillageAccounts",
                "VillageServer", "VillageWebApp", "VillageClient", "VillageEdge", "VillageBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "VillageCLI",
            dependencies: ["VillageCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Test helpers: shared by test targets, never by a product

        // Peer processes, ports, pseudo-terminals, built executables, a seeded generator.
        .target(name: "TestKit", dependencies: ["VillageCore"], path: "Tests/TestKit", swiftSettings: swiftSettings),
        // Random villages shared by the Market and MarketStore property tests.
        .target(
            name: "MarketTestKit", dependencies: ["Market", "TestKit"], path: "Tests/MarketTestKit",
            swiftSettings: swiftSettings),
        // A small village settled into the ledger, shared by the command and web page tests.
        .target(
            name: "SettledVillageKit", dependencies: ["MarketStore", "VillageStore", "Tariffs", "TestKit"],
            path: "Tests/SettledVillageKit", swiftSettings: swiftSettings),
        // Writers that the crash tests run as child processes and SIGKILL. A test target that runs
        // one depends on it, so that it is built before the test.
        .executableTarget(
            name: "store-kill-writer",
            dependencies: ["VillageCore", "VillageStore"],
            path: "Tests/Helpers/StoreKillWriter",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ledger-kill-writer",
            dependencies: ["MarketStore", "Market", "VillageStore", "MarketTestKit"],
            path: "Tests/Helpers/LedgerKillWriter",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests
        // Executables (`village`, `village-sim`, the kill writers) are dependencies of the test
        // targets that run them, so that they are built before the tests.

        .testTarget(name: "VillageCoreTests", dependencies: ["VillageCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ServiceSupportTests",
            dependencies: [
                "ServiceSupport", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ModbusTests", dependencies: ["Modbus", "TestKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DeviceProfilesTests",
            dependencies: ["DeviceProfiles", "Modbus", "TestKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SiteTests", dependencies: ["Site"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FirmwareSimTests",
            dependencies: [
                "FirmwareSim", "Site", "DeviceProfiles", "Modbus", "TestKit",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VillageStoreTests",
            dependencies: [
                "VillageStore", "store-kill-writer", "TestKit", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MeteringTests",
            dependencies: [
                "VillageCore",
                "Metering", "VillageStore", "FirmwareSim", "Site", "DeviceProfiles", "TestKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TariffsTests", dependencies: ["Tariffs", "TestKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PriceFeedTests", dependencies: ["PriceFeed", "VillageStore", "TestKit"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnergyDispatchTests",
            dependencies: [
                "VillageCore",
                "EnergyDispatch", "Tariffs", "TestKit", "DispatchControl", "FirmwareSim", "Site", "DeviceProfiles",
                "VillageStore",
                "VillageDemo", "Modbus",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarketTests",
            dependencies: ["Market", "TestKit", "MarketTestKit"],
            exclude: ["Resources"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarketStoreTests",
            dependencies: [
                "MarketStore", "Market", "VillageStore", "Tariffs", "MarketTestKit", "ledger-kill-writer", "VillageCLI",
                "TestKit", "SettledVillageKit",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExportTests",
            dependencies: [
                "VillageCore",
                "Export", "VillageStore", "TestKit", "VillageCLI", "Market", "MarketStore", "MarketTestKit",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VillageRuntimeTests",
            dependencies: [
                "VillageRuntime", "VillageStore", "MarketStore", "Market", "Tariffs", "TestKit", "Site", "Metering",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The demo, the daemon and the crash tests: they run `village-sim` and `village`, read the
        // database and the plant over Modbus.
        .testTarget(
            name: "VillageDemoTests",
            dependencies: [
                "VillageDemo", "VillageRuntime", "VillageCLI", "village-sim", "VillageStore", "Market", "MarketStore",
                "DispatchControl", "EnergyDispatch", "FirmwareSim", "DeviceProfiles", "Modbus", "Site", "Tariffs",
                "TestKit",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The city backend against a real PostgreSQL server, over HTTP on loopback.
        .testTarget(
            name: "VillageBackendTests",
            dependencies: [
                "VillageBackend", "VillageUplink", "VillageStore", "VillageAccounts", "VillageServer", "Market",
                "TestKit", "VillageCommands", "VillageCLI", "SettledVillageKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The throwaway PostgreSQL server of the backend tests.
        .testTarget(name: "PostgresHarnessTests", dependencies: ["TestKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "VillageWebTests",
            dependencies: [
                "VillageWeb", "VillageAccounts", "VillageStore", "Market", "MarketStore", "MarketTestKit",
                "EnergyDispatch", "Tariffs", "TestKit", "SettledVillageKit", "VillageCLI", "Site", "DeviceProfiles",
            ],
            swiftSettings: swiftSettings
        ),
        // The edge against an in-test HTTP receiver on loopback (NIO, so that it can fail mid-request);
        // the kill test runs `village uplink push`, the daemon test `village run` against `village-sim`.
        .testTarget(
            name: "VillageEdgeTests",
            dependencies: [
                "VillageEdge", "VillageUplink", "VillageCLI", "village-sim", "VillageStore", "MarketStore", "Market",
                "SettledVillageKit", "TestKit", "Site", "FirmwareSim",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `village` client against a real `village serve` on loopback; it runs the executable.
        .testTarget(
            name: "VillageClientTests",
            dependencies: ["VillageCLI", "VillageStore", "Market", "MarketStore", "MarketTestKit", "TestKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VillageCommandsTests",
            dependencies: [
                "VillageCommands", "VillageStore", "EnergyDispatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VillageAccountsTests",
            dependencies: [
                "VillageAccounts", "VillageStore", "TestKit", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VillageServerTests",
            dependencies: [
                "VillageServer", "ServiceSupport", "VillageAccounts", "VillageCLI", "VillageStore", "MarketStore",
                "Market", "Site",
                "Tariffs", "DispatchControl", "DeviceProfiles", "EnergyDispatch", "TestKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
