import Kernel
import SSHSupport

/// The argument vector of one remote mtr run: `mtr --json -c N -i S -m H -G W [-n] [-u|-T]
/// [-P port] [-4|-6] -- TARGET`. The target has passed `RemoteTarget` (an address or a host
/// name, never an option: `--` ends the options besides); `ShellQuoting` quotes every argument.
enum MTRSSHCommand {
    static func arguments(target: String, options: MTRSSHOptions) -> [String] {
        var arguments = ["mtr", "--json", "-c", String(options.count), "-i", number(options.interval),
                         "-m", String(options.maxHops), "-G", number(options.wait)]
        if !options.resolveNames { arguments.append("-n") }
        switch options.method {
        case .icmp: break
        case .udp: arguments.append("-u")
        case .tcp: arguments.append("-T")
        }
        if let port = options.port { arguments += ["-P", String(port)] }
        switch options.family {
        case .any: break
        case .ipv4: arguments.append("-4")
        case .ipv6: arguments.append("-6")
        }
        return arguments + ["--", target]
    }

    /// A number as mtr reads it: `1`, `0.5`.
    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
