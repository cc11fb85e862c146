import BotCore
import Foundation
import Testing

@testable import BotRuntime

/// The queue between the channels and the lanes: order, the end, cancellation, a reader that waits.
struct DeliveryQueueTests {
    func delivery(_ n: Int) -> Dispatcher.Delivery {
        Dispatcher.Delivery(
            message: IncomingMessage(
                chat: ChatRef(platform: "console", id: "room"), sender: UserRef(platform: "console", id: "ada"),
                senderName: "Ada", text: "message \(n)", time: Date(timeIntervalSince1970: 0), messageID: "m\(n)"))
    }

    func texts(_ queue: DeliveryQueue) async -> [String] {
        var read: [String] = []
        for await item in queue { read.append(item.message.text) }
        return read
    }

    @Test func readsInWrittenOrderAndWhatWasWrittenBeforeTheEnd() async {
        let queue = DeliveryQueue()
        // Enough to pass the compaction threshold several times while reading interleaves with writing.
        for n in 0..<50 { queue.yield(delivery(n)) }
        var read: [String] = []
        for _ in 0..<40 {
            if let item = await queue.next() { read.append(item.message.text) }
        }
        for n in 50..<200 { queue.yield(delivery(n)) }
        queue.finish()
        read += await texts(queue)
        #expect(read == (0..<200).map { "message \($0)" })
    }

    @Test func writesAfterTheEndAreDroppedAndTheEndRepeats() async {
        let queue = DeliveryQueue()
        queue.yield(delivery(1))
        queue.finish()
        queue.yield(delivery(2))
        #expect(await texts(queue) == ["message 1"])
        let again = await queue.next()
        #expect(again == nil)
    }

    @Test func aWaitingReaderGetsTheNextWriteAndTheEnd() async {
        let queue = DeliveryQueue()
        async let read = texts(queue)
        // The reader is (most likely) waiting by now; the order holds either way.
        for n in 0..<1_000 {
            if n % 100 == 0 { await Task.yield() }
            queue.yield(delivery(n))
        }
        queue.finish()
        #expect(await read == (0..<1_000).map { "message \($0)" })
    }

    @Test func aCancelledReaderStopsWaiting() async {
        let queue = DeliveryQueue()
        let reader = Task { await queue.next() }
        // Cancelled while it waits (the handler's path), not before it started (the flag's path).
        while !queue.hasWaitingReader { await Task.yield() }
        reader.cancel()
        let read = await reader.value
        #expect(read == nil)
        // The queue itself is not ended: a new reader still gets what is written.
        queue.yield(delivery(7))
        let next = await queue.next()
        #expect(next?.message.text == "message 7")
    }

    @Test func aCancelledReaderStillGetsWhatIsBuffered() async {
        let queue = DeliveryQueue()
        queue.yield(delivery(1))
        queue.yield(delivery(2))
        let reader = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await texts(queue)
        }
        #expect(await reader.value == ["message 1", "message 2"])
    }
}
