import Kernel
import GRDB
