import Kernel

/// A small JSONPath: `$`, then `.name`, `['name']` or `[index]` steps (`$.db.ok`,
/// `$.items[0].name`, `$['odd key']`). Parsed when a monitor is created, so a bad path is a
/// 422, not a failure at run time.
struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    let steps: [Step]
    let description: String

    init(parsing text: String) throws(Problem) {
        description = text
        var characters = Array(text)
        guard characters.first == "$" else { throw Problem(message: "must start with '$' (such as $.status or $.items[0].name)") }
        characters.removeFirst()
        var steps: [Step] = []
        var position = 0
        while position < characters.count {
            switch characters[position] {
            case ".":
                position += 1
                var name = ""
                while position < characters.count, characters[position] != ".", characters[position] != "[" {
                    name.append(characters[position])
                    position += 1
                }
                guard !name.isEmpty else { throw Problem(message: "has an empty name after '.' at character \(position + 1)") }
                steps.append(.key(name))
            case "[":
                guard let close = characters[position...].firstIndex(of: "]") else { throw Problem(message: "has a '[' without ']'") }
                let inside = String(characters[(position + 1)..<close])
                if let index = Int(inside), index >= 0 {
                    steps.append(.index(index))
                } else if inside.count >= 2, let quote = inside.first, quote == "'" || quote == "\"", inside.last == quote {
                    steps.append(.key(String(inside.dropFirst().dropLast())))
                } else {
                    throw Problem(message: "'[\(inside)]' is neither an index (≥ 0) nor a quoted name")
                }
                position = close + 1
            default:
                throw Problem(message: "unexpected '\(characters[position])' at character \(position + 2); use .name, ['name'] or [index]")
            }
        }
        self.steps = steps
    }

    /// The value at the path, or nil when a step finds nothing.
    func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for step in steps {
            switch step {
            case .key(let name):
                guard let next = current.objectValue?[name] else { return nil }
                current = next
            case .index(let index):
                guard let array = current.arrayValue, index < array.count else { return nil }
                current = array[index]
            }
        }
        return current
    }

    struct Problem: Error { var message: String }
}
