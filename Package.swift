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
                "Site", "Modbus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Firmware-Sim/Sources/FirmwareSim",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "village-sim",
            dependencies: [
                "FirmwareSim",
                "Site",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Firmware-Sim/Sources/village-sim",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FirmwareSimTests",
            dependencies: ["FirmwareSim", "Site"],
            swiftSettings: swiftSettings
        ),

        // MARK: The `village` command
        .executableTarget(
            name: "VillageCLI",
            dependencies: [
                "Modbus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
