import Foundation
import HostKit
import Testing

/// The offline world outline (vendor/natural-earth/world.js) is one SVG path of closed rings in
/// the 720 x 360 box that widgets/map.js projects onto, and it has the world in it.
@Suite("world outline")
struct WorldOutlineTests {
    @Test func everyRingIsClosedAndInsideTheMapBox() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Host/HostKit/Resources/Web").standardized
        let assets = try WebAssets(root: root)
        let module = String(decoding: try #require(assets.files["vendor/natural-earth/world.js"]).bytes, as: UTF8.self)
        let start = try #require(module.range(of: "WORLD_PATH = \"")).upperBound
        let path = module[start...].prefix { $0 != "\"" }
        var rings = 0, points = 0
        var x = 0.0, y = 0.0, minX = 720.0, maxX = 0.0, minY = 360.0, maxY = 0.0
        var command: Character = " "
        var numbers: [Double] = []
        var number = ""
        func flushNumber() {
            if !number.isEmpty, let value = Double(number) { numbers.append(value) }
            number = ""
        }
        func apply() {
            guard numbers.count == 2 else { return }
            if command == "M" { x = numbers[0]; y = numbers[1]; rings += 1 } else { x += numbers[0]; y += numbers[1] }
            numbers = []
            points += 1
            minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
        }
        for character in path {
            switch character {
            case "M", "l", "z":
                flushNumber(); apply()
                command = character
            case " ":
                flushNumber()
            case "-":
                flushNumber()
                number = "-"
            default:
                #expect(character.isNumber || character == ".", "unexpected \(character) in the path")
                number.append(character)
            }
            if numbers.count == 2 { apply() }
        }
        #expect(path.last == "z", "the last ring is closed")
        #expect(rings > 200 && points > 5_000, "\(rings) rings, \(points) points")
        #expect(minX >= 0 && maxX <= 720 && minY >= 0 && maxY <= 360, "x \(minX)...\(maxX), y \(minY)...\(maxY)")
        #expect(maxX - minX > 700 && maxY - minY > 250, "spans the world: x \(minX)...\(maxX), y \(minY)...\(maxY)")
    }
}
