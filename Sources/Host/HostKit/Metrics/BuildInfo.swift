/// What this build of Vantage is, for `vantage --version` and `vantage_build_info`.
public enum BuildInfo {
    /// The Vantage version.
    public static let version = "0.13.0"
    /// The Swift compiler that built it.
    public static let swiftVersion: String = {
        #if compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }()
}
