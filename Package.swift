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
    .target(name: "Metering", dependencies: ["VillageStore"], swiftSettings: swiftSettings),
    .testTarget(
        name: "VillageStoreTests",
        // store-kill-writer is a dependency so that it is built before the kill test runs it.
        dependencies: ["VillageStore", "store-kill-writer", .product(name: "GRDB", package: "GRDB.swift")],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "MeteringTests",
        dependencies: [
            "Metering", "VillageStore",
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
