import BotCore

/// Two of the workshop's teams as tests use them: a team chat each, zones seven and eight hours east of UTC.
public enum TestTeams {
    /// Lao PDR, in Vientiane (UTC+7), chat `test:lao-chat`.
    public static let lao = Team(
        id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane", chats: [ChatRef(platform: "test", id: "lao-chat")])
    /// Mongolia, in Ulaanbaatar (UTC+8), chat `test:mn-chat`.
    public static let mongolia = Team(
        id: "mongolia", name: "Mongolia", timeZone: "Asia/Ulaanbaatar",
        chats: [ChatRef(platform: "test", id: "mn-chat")])
}
