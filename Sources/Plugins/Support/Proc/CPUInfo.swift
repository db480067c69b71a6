/// What `/proc/cpuinfo` says of the processors: their model, how many logical CPUs there are
/// and how many physical cores.
public struct CPUInfo: Sendable, Hashable, Codable {
    /// The model: `model name` (x86) or `cpu model` (MIPS), else the board's `Model` (Raspberry
    /// Pi), else `Processor`, `Hardware` or `cpu` (older ARM, PowerPC); nil when the file names
    /// none (arm64 servers often print only part numbers).
    public var model: String?
    /// Logical CPUs (`processor` entries).
    public var logicalCPUs: Int
    /// Physical cores: distinct `physical id` and `core id` pairs where the kernel prints them
    /// (x86), otherwise the logical count.
    public var physicalCores: Int

    /// Creates a description.
    public init(model: String?, logicalCPUs: Int, physicalCores: Int) {
        self.model = model
        self.logicalCPUs = logicalCPUs
        self.physicalCores = physicalCores
    }

    /// Reads `/proc/cpuinfo`: `key<TAB>: value` lines, one block per logical CPU.
    public static func parse(_ text: some StringProtocol) throws -> CPUInfo {
        let file = "/proc/cpuinfo"
        var models: [Int: String] = [:]
        var processors = 0
        var cores = Set<String>()
        var physicalID: Substring = ""
        for line in try ProcText.lines(text, file: file) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = ProcText.trimmed(line[..<colon])
            let value = ProcText.trimmed(line[line.index(after: colon)...])
            switch key {
            case "processor": processors += 1
            case "model name", "cpu model", "Model", "Processor", "Hardware", "cpu":
                let rank = key == "model name" || key == "cpu model" ? 0 : key == "Model" ? 1 : 2
                if models[rank] == nil, !value.isEmpty { models[rank] = String(value.prefix(200)) }
            case "physical id": physicalID = value
            case "core id": if cores.count < 65_536 { cores.insert("\(physicalID.prefix(16))/\(value.prefix(16))") }
            default: break
            }
        }
        guard processors > 0 else { throw ProcParseError(file: file, message: "lists no processor") }
        return CPUInfo(model: models[0] ?? models[1] ?? models[2], logicalCPUs: processors, physicalCores: cores.isEmpty ? processors : cores.count)
    }
}
