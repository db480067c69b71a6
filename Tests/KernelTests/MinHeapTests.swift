import Kernel
import Testing

struct MinHeapTests {
    @Test func popsInKeyOrderWhateverTheInsertionOrder() {
        var heap = MinHeap<Int, String>()
        var generator = SystemRandomNumberGenerator()
        let keys = (0..<1000).map { _ in Int.random(in: 0..<200, using: &generator) }
        for key in keys { heap.insert("v\(key)", key: key) }
        #expect(heap.count == 1000)
        var popped: [Int] = []
        while let top = heap.popFirst() {
            #expect(top.value == "v\(top.key)")
            popped.append(top.key)
        }
        #expect(popped == keys.sorted())
        #expect(heap.isEmpty && heap.first == nil && heap.popFirst() == nil)
    }
}
