// swift-tools-version:6.2
import PackageDescription

/// Every target of ours is built in Swift 6 language mode with complete concurrency
/// checking, and a warning fails the build (CI runs on a clean clone, so it sees them all).
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "workshop-bot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "workshop-bot", targets: ["WorkshopBot"]),
        .executable(name: "workshop-bot-bench", targets: ["WorkshopBotBench"]),
        .library(name: "BotCore", targets: ["BotCore"]),
        .library(name: "BotTesting", targets: ["BotTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.20.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // Core: value types, the command parser and the protocols at the seams. No I/O.
        .target(
            name: "BotCore",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Runtime: dispatch lanes, roles, help catalogue, scheduler, the settings it runs with, composition.
        .target(
            name: "BotRuntime",
            dependencies: [
                "BotCore", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Configuration: the strict YAML decoder and the loader of a config folder (bot.yaml, roster.yaml, one
        // file per plugin), which builds the runtime's settings and plugins. The only target that reads YAML.
        .target(
            name: "BotConfig",
            dependencies: ["BotCore", "BotRuntime", "Yams"],
            swiftSettings: strict
        ),
        // Stores.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/Stores/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "BotSQLite",
            dependencies: ["BotCore", "CSQLite"],
            path: "Sources/Stores/BotSQLite",
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "CPostgres",
            path: "Sources/Stores/CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "BotPostgres",
            dependencies: ["BotCore", "CPostgres"],
            path: "Sources/Stores/BotPostgres",
            swiftSettings: strict
        ),
        .target(
            name: "BotMemoryStore",
            dependencies: ["BotCore"],
            path: "Sources/Stores/BotMemoryStore",
            swiftSettings: strict
        ),
        // HTTP over the system libcurl: the only HTTP client of the bot.
        .systemLibrary(
            name: "CCurl",
            path: "Sources/HTTP/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "BotHTTP",
            dependencies: ["CCurl"],
            path: "Sources/HTTP/BotHTTP",
            swiftSettings: strict
        ),
        // The bot's HTTP/1.1 server for its local addresses (metrics, web:), on FlyingSocks' sockets.
        .target(
            name: "BotHTTPServer",
            dependencies: [
                .product(name: "FlyingSocks", package: "FlyingFox"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/HTTP/BotHTTPServer",
            swiftSettings: strict
        ),
        // Channels.
        .target(
            name: "BotConsole",
            dependencies: ["BotCore"],
            path: "Sources/Channels/BotConsole",
            swiftSettings: strict
        ),
        .target(
            name: "BotTelegram",
            dependencies: [
                "BotCore", "BotHTTP", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/Channels/BotTelegram",
            swiftSettings: strict
        ),
        .target(
            name: "BotMatrix",
            dependencies: [
                "BotCore", "BotHTTP", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/Channels/BotMatrix",
            swiftSettings: strict
        ),
        // Plugins: each depends on BotCore only.
        .target(
            name: "BuiltinPlugins",
            dependencies: ["BotCore"],
            path: "Sources/Plugins/BuiltinPlugins",
            swiftSettings: strict
        ),
        .target(
            name: "AgendaPlugin",
            dependencies: ["BotCore"],
            path: "Sources/Plugins/AgendaPlugin",
            swiftSettings: strict
        ),
        .target(
            name: "ResourcesPlugin",
            dependencies: ["BotCore"],
            path: "Sources/Plugins/ResourcesPlugin",
            swiftSettings: strict
        ),
        .target(
            name: "DeadlinesPlugin",
            dependencies: ["BotCore"],
            path: "Sources/Plugins/DeadlinesPlugin",
            swiftSettings: strict
        ),
        .target(
            name: "VotingPlugin",
            dependencies: ["BotCore"],
            path: "Sources/Plugins/VotingPlugin",
            swiftSettings: strict
        ),
        .target(
            name: "DashboardPlugin",
            dependencies: ["BotCore", .product(name: "Mustache", package: "swift-mustache")],
            path: "Sources/Plugins/DashboardPlugin",
            swiftSettings: strict
        ),
        // Test doubles shipped as a product: manual clock, recording channel, test harness.
        .target(
            name: "BotTesting",
            dependencies: [
                "BotCore", "BotRuntime", "BotSQLite", "BotMemoryStore", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // libc calls Swift's Glibc module does not export.
        .target(name: "CPlatform", path: "Sources/Platform/CPlatform"),
        // The executable: CLI and wiring.
        .executableTarget(
            name: "WorkshopBot",
            dependencies: [
                "BotCore", "BotRuntime", "BotConfig", "BotSQLite", "BotPostgres", "BotConsole", "BotTelegram",
                "BotMatrix",
                "BotHTTP", "BuiltinPlugins", "AgendaPlugin", "ResourcesPlugin", "DeadlinesPlugin", "VotingPlugin",
                "DashboardPlugin", "CPlatform", "BotHTTPServer",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The benchmarks' allocation counter (malloc interposed in the bench executable only).
        .target(name: "CAllocCounter", path: "Sources/Benchmarks/CAllocCounter"),
        .executableTarget(
            name: "WorkshopBotBench",
            dependencies: [
                "BotCore", "BotRuntime", "BotConfig", "BotConsole", "BotSQLite", "BotPostgres", "BuiltinPlugins",
                "BotTesting", "BotHTTP",
                "AgendaPlugin",
                "ResourcesPlugin", "DeadlinesPlugin", "VotingPlugin", "DashboardPlugin", "CAllocCounter", "CPlatform",
            ],
            path: "Sources/Benchmarks/WorkshopBotBench",
            swiftSettings: strict
        ),
        .testTarget(name: "BotCoreTests", dependencies: ["BotCore", "BotTesting"], swiftSettings: strict),
        .testTarget(
            name: "BotRuntimeTests",
            dependencies: [
                "BotCore", "BotRuntime", "BotConfig", "BotTesting", "BuiltinPlugins", "BotSQLite", "BotConsole",
                "BotTelegram",
                "BotMatrix",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BotConfigTests",
            dependencies: [
                "BotCore", "BotRuntime", "BotConfig", "BuiltinPlugins", "Yams", "BotConsole", "BotTelegram",
                "BotMatrix",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgendaPluginTests",
            dependencies: [
                "AgendaPlugin", "DeadlinesPlugin", "BotCore", "BotRuntime", "BotConfig", "BotTesting", "BotHTTP",
                "WorkshopBot",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ResourcesPluginTests",
            dependencies: [
                "ResourcesPlugin", "BotCore", "BotConfig", "BotRuntime", "BotTesting", "BotHTTP", "WorkshopBot",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DeadlinesPluginTests",
            dependencies: [
                "DeadlinesPlugin", "BuiltinPlugins", "BotCore", "BotConfig", "BotRuntime", "BotTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VotingPluginTests",
            dependencies: [
                "VotingPlugin", "BuiltinPlugins", "BotCore", "BotConfig", "BotRuntime", "BotTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DashboardPluginTests",
            dependencies: [
                "DashboardPlugin", "VotingPlugin", "DeadlinesPlugin", "BuiltinPlugins", "BotCore", "BotRuntime",
                "BotTesting",
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "BotHTTPTests", dependencies: ["BotHTTP", "BotTesting"], swiftSettings: strict),
        .testTarget(
            name: "BotTelegramTests",
            dependencies: [
                "BotCore", "BotRuntime", "BotConfig", "BotTelegram", "BotHTTP", "BotTesting", "BotSQLite",
                "BuiltinPlugins", "VotingPlugin", "ResourcesPlugin",
                "WorkshopBot",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BotMatrixTests",
            dependencies: [
                "BotCore", "BotRuntime", "BotConfig", "BotMatrix", "BotTelegram", "BotHTTP", "BotTesting", "BotSQLite",
                "BuiltinPlugins", "VotingPlugin", "ResourcesPlugin",
                "DeadlinesPlugin",
                "WorkshopBot",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BotSQLiteTests", dependencies: ["BotCore", "BotSQLite", "BotTesting"], swiftSettings: strict),
        .testTarget(
            name: "BotPostgresTests", dependencies: ["BotCore", "BotPostgres", "BotTesting"], swiftSettings: strict),
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: ["BotCore", "BotSQLite", "BotMemoryStore", "BotPostgres", "BotTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BuiltinPluginsTests",
            dependencies: ["BotCore", "BotTesting", "BuiltinPlugins"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WorkshopBotTests",
            dependencies: [
                "WorkshopBot", "BotConfig", "BotHTTP", "BotHTTPServer", "BotTesting", "BotSQLite", "BotPostgres",
                "VotingPlugin",
                "DeadlinesPlugin", "CPlatform",
            ],
            swiftSettings: strict),
    ]
)

// libFuzzer targets (docs/FUZZING.md), built only by `scripts/fuzz`, which sets WORKSHOP_BOT_FUZZ=1 and builds
// with -sanitize=fuzzer,address in its own scratch folder; ordinary builds and CI never see them.
if Context.environment["WORKSHOP_BOT_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, dependency: Target.Dependency)] = [
        ("FuzzCommandParser", "BotCore"),
        ("FuzzTelegramUpdates", "BotTelegram"),
        ("FuzzMatrixSync", "BotMatrix"),
        ("FuzzICalendar", "AgendaPlugin"),
        ("FuzzYAMLConfig", "BotConfig"),
        ("FuzzHTTPRequest", "BotHTTPServer"),
    ]
    package.targets.append(.target(name: "CFuzzDriver", path: "Sources/Fuzz/CFuzzDriver"))
    for (name, dependency) in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: name,
                dependencies: [dependency, "CFuzzDriver", "BotHTTP", .product(name: "Logging", package: "swift-log")],
                path: "Sources/Fuzz/\(name)",
                swiftSettings: strict))
    }
}
