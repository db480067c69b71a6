import Kernel
import ArgumentParser
import Hummingbird
import Prometheus
import Metrics
