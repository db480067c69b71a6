import HostKit
