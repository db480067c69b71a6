import Foundation
import Kernel
import Testing

/// The hand-written state JSON is the document `JSONEncoder` writes: stores read it back
/// with `JSONDecoder`, and states written before keep decoding.
@Suite("monitor state as JSON text")
struct MonitorStateTextTests {
    static let states: [MonitorState] = [
        .initial,
        MonitorState(status: .down, consecutiveFailures: 3, consecutiveSuccesses: 0,
                     lastCheckedAt: Date(timeIntervalSince1970: 1_764_000_000.123_456), lastChangedAt: Date(timeIntervalSinceReferenceDate: 0),
                     nextRunAt: Date(timeIntervalSince1970: 1_764_000_060.5),
                     lastFailure: ProbeFailure(code: "refused", message: "connection \"refused\" by 127.0.0.1:1\r\n\tand a \\ backslash, \u{1}, é")),
        MonitorState(status: .up, consecutiveFailures: 0, consecutiveSuccesses: 12_345, lastCheckedAt: Date(timeIntervalSinceReferenceDate: -1.5e-7)),
        MonitorState(status: .degraded, nextRunAt: Date(timeIntervalSinceReferenceDate: 1e15)),
    ]

    @Test(arguments: states)
    func decodesToTheSameStateAndMatchesTheEncoder(_ state: MonitorState) throws {
        let decoded = try JSONDecoder().decode(MonitorState.self, from: Data(state.jsonText.utf8))
        #expect(decoded == state)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(state)) as? NSDictionary
        let written = try JSONSerialization.jsonObject(with: Data(state.jsonText.utf8)) as? NSDictionary
        #expect(encoded == written, "\(state.jsonText)")
    }
}
