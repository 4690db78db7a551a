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
        // MARK: Market (issue 7)
        .library(name: "Market", targets: ["Market"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
        .testTarget(name: "ModbusTests", dependencies: ["Modbus"], swiftSettings: swiftSettings),

        // MARK: Market (issue 7)
        .target(
            name: "Market",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarketTests",
            dependencies: ["Market"],
            exclude: ["Resources"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "market-bench", dependencies: ["Market"], path: "Sources/MarketBench", swiftSettings: swiftSettings),

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
