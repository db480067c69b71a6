import CMaxMindDB

/// One record found in a MaxMind DB; reads values by their path of map keys
/// (`country`, `iso_code`). Holds its database, so the mapping outlives the read.
struct MaxMindRecord {
    fileprivate var entry: MMDB_entry_s
    private let database: MaxMindDatabase

    init(entry: MMDB_entry_s, database: MaxMindDatabase) {
        self.entry = entry
        self.database = database
    }

    /// The UTF-8 string at `path`, or nil when absent or of another type.
    mutating func string(_ path: String...) -> String? {
        guard let data = value(at: path), data.type == UInt32(MMDB_DATA_TYPE_UTF8_STRING), let bytes = data.utf8_string else { return nil }
        let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(data.data_size))
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The number at `path` (double or float), or nil.
    mutating func double(_ path: String...) -> Double? {
        guard let data = value(at: path) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_DOUBLE: return data.double_value
        case MMDB_DATA_TYPE_FLOAT: return Double(data.float_value)
        default: return nil
        }
    }

    /// The integer at `path` (any of the database's unsigned or signed widths), or nil.
    mutating func integer(_ path: String...) -> Int? {
        guard let data = value(at: path) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_UINT16: return Int(data.uint16)
        case MMDB_DATA_TYPE_UINT32: return Int(data.uint32)
        case MMDB_DATA_TYPE_INT32: return Int(data.int32)
        case MMDB_DATA_TYPE_UINT64: return data.uint64 <= UInt64(Int.max) ? Int(data.uint64) : nil
        default: return nil
        }
    }

    private mutating func value(at path: [String]) -> MMDB_entry_data_s? {
        precondition(!path.isEmpty && path.count <= 3, "paths of one to three keys")
        var data = MMDB_entry_data_s()
        let status = path[0].withCString { first in
            (path.count > 1 ? path[1] : "").withCString { second in
                (path.count > 2 ? path[2] : "").withCString { third in
                    vantage_mmdb_get_value(&entry, &data, first, path.count > 1 ? second : nil, path.count > 2 ? third : nil)
                }
            }
        }
        guard status == MMDB_SUCCESS, data.has_data else { return nil }
        return data
    }
}
