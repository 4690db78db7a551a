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
        .library(name: "DeviceProfiles", targets: ["DeviceProfiles"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
        .testTarget(name: "TariffsTests", dependencies: ["Tariffs"], swiftSettings: swiftSettings),
        .executableTarget(name: "tariff-bench", dependencies: ["Tariffs"], path: "Sources/TariffBench", swiftSettings: swiftSettings),

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
            dependencies: ["EnergyDispatch", "Tariffs", "TestKit"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "dispatch-bench", dependencies: ["EnergyDispatch"], path: "Sources/DispatchBench", swiftSettings: swiftSettings),

        // MARK: The `village` command
        .executableTarget(
            name: "VillageCLI",
            dependencies: [
                "Modbus",
                "DeviceProfiles",
                "Tariffs",
                "EnergyDispatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
