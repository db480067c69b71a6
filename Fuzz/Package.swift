// swift-tools-version:6.2
// libFuzzer targets, built apart from the main package so that `swift build` there never
// needs a fuzzing runtime. Each target compiles the parser sources it fuzzes itself
// (symbolic links into Sources/), so it has no dependencies. Run with `scripts/fuzz.sh`.
import PackageDescription

let package = Package(
    name: "vantage-fuzz",
    targets: [
        .executableTarget(
            name: "PacketParserFuzzer",
            path: "Sources/PacketParserFuzzer",
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "DNSMessageFuzzer",
            path: "Sources/DNSMessageFuzzer",
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "WHOISParserFuzzer",
            path: "Sources/WHOISParserFuzzer",
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "MTRJSONFuzzer",
            path: "Sources/MTRJSONFuzzer",
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "ProcFuzzer",
            path: "Sources/ProcFuzzer",
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
