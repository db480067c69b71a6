import Foundation
import Kernel
import Testing

@Suite("SchedulePhase")
struct SchedulePhaseTests {
    func monitor(interval: Double = 60) -> Monitor {
        Monitor(tenantID: .defaultTenant, name: "m", kind: "tcp", target: "a:1", interval: interval, timeout: 1)
    }

    @Test func slotsLieOnTheMonitorsGridAtOrAfterTheTime() {
        let m = monitor()
        let now = Date(timeIntervalSince1970: 1_800_000_000.25)
        let slot = SchedulePhase.nextSlot(for: m, notBefore: now)
        #expect(slot >= now && slot.timeIntervalSince(now) <= 60)
        let offset = (slot.timeIntervalSince1970 - SchedulePhase.phase(of: m)).truncatingRemainder(dividingBy: 60)
        #expect(abs(offset) < 1e-3 || abs(offset - 60) < 1e-3)
        #expect(SchedulePhase.nextSlot(for: m, notBefore: slot) == slot)
    }

    @Test func phasesOfManyMonitorsSpreadEvenlyOverTheInterval() {
        var perTenth = [Int](repeating: 0, count: 10)
        for _ in 0..<10_000 { perTenth[min(Int(SchedulePhase.phase(of: monitor()) / 6), 9)] += 1 }
        #expect(perTenth.allSatisfy { (850...1150).contains($0) }, "phases per tenth of the interval: \(perTenth)")
    }

    @Test func thePhaseIsStableForAnId() {
        let m = monitor()
        #expect(SchedulePhase.phase(of: m) == SchedulePhase.phase(of: m))
    }
}
