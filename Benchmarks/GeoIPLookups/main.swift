// Looks up every address of a file through enricher.geoip, in batches as the enrichment
// stage asks, and reports lookups per second and CPU per lookup: with the cache off (every
// lookup reads the database) and with it on after a pass that filled it (every lookup a hit). Usage: GeoIPLookupBenchmark DIRECTORY ADDRESSES_FILE [BATCH=20]
import EnricherGeoIP
import Foundation
import Kernel
import Logging

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: GeoIPLookupBenchmark DIRECTORY ADDRESSES_FILE [BATCH=20]")
    exit(64)
}
let directory = arguments[1]
let addresses = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n").map(String.init)
let batch = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func measure(_ label: String, cache: Int, warm: Bool) async throws {
    let context = PluginContext(instanceName: "geoip", logger: Logger(label: "bench"), dataDirectory: directory, events: EventBus())
    let enricher = try await GeoIPEnricher(configuration: GeoIPConfiguration(directory: directory, cacheEntries: cache), context: context)
    if let reason = await enricher.unavailableReason() { print("warning: \(reason)") }
    if warm { for start in stride(from: 0, to: addresses.count, by: batch) { _ = await enricher.annotations(for: slice(start)) } }
    var found = 0
    var lookups = 0
    let wall = ContinuousClock.now
    let cpu = cpuSeconds()
    for start in stride(from: 0, to: addresses.count, by: batch) {
        let slice = slice(start)
        found += await enricher.annotations(for: slice).count
        lookups += slice.count
    }
    let seconds = (ContinuousClock.now - wall) / .seconds(1)
    let used = cpuSeconds() - cpu
    print(String(format: "%@: %d lookups in %.3f s: %.0f lookups/s, %.2f µs CPU per lookup, %d of %d addresses found",
                 label, lookups, seconds, Double(lookups) / seconds, used / Double(lookups) * 1e6, found, addresses.count))
}

func slice(_ start: Int) -> [String] { Array(addresses[start..<min(start + batch, addresses.count)]) }

try await measure("enricher, cache off", cache: 0, warm: false)
try await measure("enricher, cache on, every lookup a hit", cache: addresses.count * 2 + 2, warm: true)
