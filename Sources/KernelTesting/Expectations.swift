/// A conformance expectation that did not hold.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What was expected and what was found.
    public var message: String
    /// Where the expectation is written.
    public var location: String

    public var description: String { "\(location): \(message)" }
}

/// Throws `ConformanceFailure` unless `condition` holds.
public func expect(_ condition: Bool, _ message: @autoclosure () -> String,
                   fileID: StaticString = #fileID, line: UInt = #line) throws {
    if !condition { throw ConformanceFailure(message: message(), location: "\(fileID):\(line)") }
}

/// Throws `ConformanceFailure` unless the values are equal.
public func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String,
                                      fileID: StaticString = #fileID, line: UInt = #line) throws {
    if actual != expected {
        throw ConformanceFailure(message: "\(what): expected \(expected), got \(actual)", location: "\(fileID):\(line)")
    }
}

/// Throws `ConformanceFailure` unless `body` throws an error matching `predicate`.
public func expectThrows(_ what: String, fileID: StaticString = #fileID, line: UInt = #line,
                         matching predicate: (any Error) -> Bool = { _ in true },
                         _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        if predicate(error) { return }
        throw ConformanceFailure(message: "\(what): unexpected error \(error)", location: "\(fileID):\(line)")
    }
    throw ConformanceFailure(message: "\(what): expected an error, none was thrown", location: "\(fileID):\(line)")
}

/// The first element of `stream` that matches, or nil when none arrives within `seconds`.
public func firstElement<T: Sendable>(of stream: AsyncStream<T>, within seconds: Double,
                                      where matches: @escaping @Sendable (T) -> Bool) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask {
            for await element in stream where matches(element) { return element }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
