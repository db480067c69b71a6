import Kernel

/// Where a remote trace ran: the host record, as results and trace runs name it.
struct MTRSSHOrigin {
    let id: String
    let name: String
    let address: String
    let location: String?

    init(_ host: RemoteHost) {
        id = host.id.description
        name = host.name
        address = host.address
        location = host.location
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["host": .string(id), "name": .string(name), "address": .string(address)]
        if let location { object["location"] = .string(location) }
        return .object(object)
    }
}
