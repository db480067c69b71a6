import Foundation
import Kernel

/// Builders of test records with deterministic, millisecond-exact times.
public enum Fixtures {
    /// A fixed time `seconds` after 2026-01-01T00:00:00Z.
    public static func time(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_767_225_600 + seconds) }

    /// Creates a tenant in the store.
    public static func tenant(in store: any Store, name: String = "Tenant") async throws -> TenantID {
        let tenant = Tenant(name: name, createdAt: time(0))
        try await store.tenants.create(tenant)
        return tenant.id
    }

    /// A monitor with every field set.
    public static func monitor(tenant: TenantID, name: String = "web", created: Double = 0) -> Monitor {
        Monitor(tenantID: tenant, name: name, kind: "tcp", target: "example.net:443", interval: 60, timeout: 5,
                config: .object(["family": .string("ipv4"), "nested": .array([.number(1), .bool(true), .null])]),
                paused: false, failureThreshold: 3, recoveryThreshold: 2, tags: ["prod", "team:payments"],
                locations: [MonitorLocations.server, "eu"], createdAt: time(created), updatedAt: time(created))
    }

    /// A result of a monitor (or an ad-hoc probe when `monitor` is nil) at `seconds`.
    public static func record(tenant: TenantID, monitor: MonitorID?, at seconds: Double, status: ProbeStatus = .up) -> ResultRecord {
        let failure = status == .up ? nil : ProbeFailure(code: "refused", message: "connection refused by 192.0.2.1:443")
        return ResultRecord(tenantID: tenant, monitorID: monitor, kind: "tcp", target: "example.net:443",
                            startedAt: time(seconds), duration: 0.012,
                            result: ProbeResult(status: status, latency: 0.011, failure: failure,
                                                metrics: ["connect_seconds": 0.011],
                                                details: .object(["address": .string("192.0.2.1")])))
    }

    /// True when two dates are within a millisecond (stores keep at least that precision).
    public static func close(_ a: Date?, _ b: Date?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): abs(a.timeIntervalSince(b)) < 0.001
        default: false
        }
    }

    /// True when two monitors are equal but for sub-millisecond differences of their dates.
    public static func same(_ a: Monitor?, _ b: Monitor?) -> Bool {
        guard var a, let b else { return a == nil && b == nil }
        guard close(a.createdAt, b.createdAt), close(a.updatedAt, b.updatedAt) else { return false }
        a.createdAt = b.createdAt
        a.updatedAt = b.updatedAt
        return a == b
    }
}

extension Fixtures {
    /// `count` results of 100 monitors of one tenant, one in ten down, with the metrics and
    /// details a TCP check writes: the rows the store write benchmarks insert.
    public static func benchmarkRecords(count: Int, tenant: TenantID) -> [ResultRecord] {
        let monitors = (0..<100).map { _ in MonitorID.random() }
        let start = Date()
        return (0..<count).map { index in
            let up = index % 10 != 0
            return ResultRecord(
                tenantID: tenant, monitorID: monitors[index % monitors.count], kind: "tcp", target: "10.0.\(index % 250).1:443",
                startedAt: start.addingTimeInterval(Double(index) * 0.01), duration: 0.0012,
                result: ProbeResult(status: up ? .up : .down, latency: up ? 0.0011 : nil,
                                    failure: up ? nil : ProbeFailure(code: "refused", message: "connection refused by 10.0.0.1:443"),
                                    metrics: ["connect_seconds": 0.0011, "resolve_seconds": 0.000004],
                                    details: .object(["address": .string("10.0.0.1"), "family": .string("ipv4")])))
        }
    }
}
