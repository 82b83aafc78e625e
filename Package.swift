// swift-tools-version:6.0
import PackageDescription

// Attune: one package, four layers. Data flows one way:
// AttuneStore -> AttuneCore values -> AttuneCore computes -> AttuneHTML / AttuneWeb / attune render.
let package = Package(
    name: "Attune",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "attune", targets: ["attune"]),
        .library(name: "AttuneCore", targets: ["AttuneCore"]),
        .library(name: "AttuneStore", targets: ["AttuneStore"]),
        .library(name: "AttuneHTML", targets: ["AttuneHTML"]),
        .library(name: "AttuneWeb", targets: ["AttuneWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // The research export downloaded from the web as one .zip file.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // The domain: Foundation and swift-numerics only. No Vapor, no Fluent, no I/O beyond
        // reading its own resources.
        .target(
            name: "AttuneCore",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            resources: [.copy("Resources")]
        ),
        // Persistence: Fluent models, migrations, the database opener and the demo loader.
        .target(
            name: "AttuneStore",
            dependencies: [
                "AttuneCore",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                // The drivers themselves, for reading and writing the large tables (RawSQL.swift).
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // SHA-256 for the activity log's hash chain.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Delivery of reminders to an SMS/email gateway shaped like GOV.UK Notify.
        .target(
            name: "AttuneDelivery",
            dependencies: [
                "AttuneCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // HTML and SVG: SafeHTML (escaping by construction), the charts and the evaluation report.
        .target(name: "AttuneHTML", dependencies: ["AttuneCore"]),
        // The Vapor application: routes, pages, stylesheet.
        .target(
            name: "AttuneWeb",
            dependencies: [
                "AttuneCore",
                "AttuneHTML",
                "AttuneStore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "attune",
            dependencies: [
                "AttuneCore",
                "AttuneStore",
                "AttuneHTML",
                "AttuneWeb",
                "AttuneDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark of the analyses on a synthetic dataset: swift run -c release attune-benchmark
        .executableTarget(name: "attune-benchmark", dependencies: ["AttuneCore"]),
        .testTarget(name: "AttuneCoreTests", dependencies: ["AttuneCore"], resources: [.copy("Resources")]),
        .testTarget(name: "AttuneHTMLTests", dependencies: ["AttuneHTML"]),
        .testTarget(
            name: "AttuneStoreTests",
            dependencies: [
                "AttuneStore",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "AttuneWebTests",
            dependencies: [
                "AttuneWeb",
                "AttuneHTML",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // End-to-end tests of the `attune` binary: exit codes, one-line errors, files left alone.
        // A GOV.UK Notify-shaped gateway for the reminder tests runs in the test process (Vapor).
        .testTarget(
            name: "AttuneCLITests",
            dependencies: ["attune", "AttuneCore", "AttuneDelivery", .product(name: "Vapor", package: "vapor")],
            // Read by path (#filePath): documents given to the command line, not bundled.
            exclude: ["Resources"]),
    ],
    swiftLanguageModes: [.v6]
)
