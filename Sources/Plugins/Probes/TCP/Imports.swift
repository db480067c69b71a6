import Kernel
import NIOCore
import NIOPosix
