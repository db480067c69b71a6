/// How the options of one kind of record are handled — a monitor's `config` for its probe, a
/// notification channel's `settings` for its notifier, a collector source's `options`, later
/// an SSH host's `credentials` — the same way wherever they appear:
///
/// - decoded strictly: an unknown key (a typo) or a value of the wrong type is an error, and a
///   string outside an enumeration names the allowed values;
/// - checked by the plugin that will use them (`validate`);
/// - secrets at `secretPaths` sealed at rest, opened only for the plugin, and shown as
///   `SealedSecrets.placeholder` by the API;
/// - every error a `ValidationError` naming the field from the record's top
///   (`config.port`, `settings.url`), which the API answers as a 422.
///
/// A plugin role that has per-record options builds one schema from its plugin's
/// `Options` type, secret paths and `validate`; the host then needs no code of its own for a
/// new kind of record. `ProbeRunner`, `NotifierRunner` and `CollectorRunner` are built this way.
public struct OptionsSchema<Options: Decodable & Sendable>: Sendable {
    /// The key the options sit under in their record (`config`, `settings`, `options`).
    public let field: String
    /// Dot-separated paths of secrets inside the options (`basicAuth.password`, `headers.*`).
    public let secretPaths: [String]
    private let check: @Sendable (Options) throws -> Void

    /// Creates a schema. `validate` checks decoded options beyond their types and throws
    /// `ValidationError` with fields relative to the options (`port`), which the schema
    /// places under `field`; fields that already start with `field.` are kept as they are.
    public init(field: String, secretPaths: [String] = [], validate: @escaping @Sendable (Options) throws -> Void = { _ in }) {
        self.field = field
        self.secretPaths = secretPaths
        self.check = validate
    }

    /// Decodes plaintext options strictly and validates them; throws `ValidationError` naming
    /// the field (`config.family`).
    public func decode(_ value: JSONValue) throws -> Options {
        let options: Options
        do {
            options = try StrictDecoder.decode(Options.self, from: value)
        } catch let error as ConfigurationError {
            throw ValidationError(error, under: field)
        }
        do {
            try check(options)
        } catch let error as ValidationError {
            throw error.nested(under: field)
        }
        return options
    }

    /// Decodes stored options: opens their sealed secrets with `sealer`, then `decode`.
    public func open(_ stored: JSONValue, sealer: (any SecretSealer)?) throws -> Options {
        try decode(try SealedSecrets.unseal(stored, paths: secretPaths, sealer: sealer, field: field))
    }

    /// The schema with its options type erased, for tables of records of many plugins.
    public var erased: AnyOptionsSchema {
        AnyOptionsSchema(field: field, secretPaths: secretPaths) { value in _ = try decode(value) }
    }
}
