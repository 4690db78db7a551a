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
        .testTarget(name: "ModbusTests", dependencies: ["Modbus"], swiftSettings: swiftSettings),

        // MARK: Tariffs (issue 5)
        .target(
            name: "Tariffs",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TariffsTests", dependencies: ["Tariffs"], swiftSettings: swiftSettings),
        .executableTarget(name: "tariff-bench", dependencies: ["Tariffs"], path: "Sources/TariffBench", swiftSettings: swiftSettings),

        // MARK: The `village` command
        .executableTarget(
            name: "VillageCLI",
            dependencies: [
                "Modbus",
                "Tariffs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
