import BotCore
import Testing

@testable import BotTelegram

struct TelegramRateLimiterTests {
    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test func aChatGetsABurstThenOnePerSecond() async {
        let limiter = TelegramRateLimiter()
        let chat = ChatRef(platform: "telegram", id: "42")
        var waits: [Double] = []
        for _ in 0..<6 { waits.append(seconds(await limiter.reserve(chat))) }
        #expect(waits.prefix(3).allSatisfy { $0 == 0 })
        #expect(waits[3] > 0.9 && waits[3] <= 1.0)
        #expect(waits[5] > 2.9 && waits[5] <= 3.0)
    }

    @Test func groupsAreHeldToTwentyPerMinute() async {
        let limiter = TelegramRateLimiter()
        let group = ChatRef(platform: "telegram", id: "-1001")
        let person = ChatRef(platform: "telegram", id: "1001")
        var groupWait = Duration.zero, personWait = Duration.zero
        for _ in 0..<40 {
            groupWait = await limiter.reserve(group)
            personWait = await limiter.reserve(person)
        }
        #expect(seconds(groupWait) > 59 && seconds(groupWait) <= 60)  // 20 over the limit, 3 s each
        #expect(seconds(personWait) > 36 && seconds(personWait) <= 37)  // 37 over the burst, 1 s each
    }

    @Test func allChatsTogetherStayUnderThirtyPerSecond() async {
        let limiter = TelegramRateLimiter()
        var waits: [Double] = []
        for n in 0..<31 { waits.append(seconds(await limiter.reserve(ChatRef(platform: "telegram", id: "\(n)")))) }
        #expect(waits.prefix(30).allSatisfy { $0 < 0.01 })
        #expect(waits[30] > 0.02)
    }
}
