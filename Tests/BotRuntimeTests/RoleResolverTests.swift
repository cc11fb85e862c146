import BotConfig
import BotCore
import BotRuntime
import BuiltinPlugins
import Foundation
import Synchronization
import Testing

/// A platform that makes `admins` administrators of every chat they ask about (as anyone is of a group they
/// create), and counts how often it is asked.
final class EverywhereAdmins: RoleSource {
    let admins: Set<UserRef>
    let configured: Set<ChatRef>
    let grant: Role
    private let asked = Mutex(0)

    init(_ admins: Set<UserRef>, configured: Set<ChatRef> = [], grant: Role = .chatFacilitator) {
        self.admins = admins
        self.configured = configured
        self.grant = grant
    }

    var questions: Int { asked.withLock { $0 } }

    func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: RoleOrigin)? {
        asked.withLock { $0 += 1 }
        return admins.contains(user) ? (grant, "Test group administrator") : nil
    }

    func isConfiguredChat(_ chat: ChatRef) async -> Bool { configured.contains(chat) }
}

extension Optional where Wrapped == CommandError {
    /// The refusal's text, when it is one.
    var denial: String? {
        if case .denied(let text)? = self { return text }
        return nil
    }
}

/// The one place roles are decided: platform roles count only in the workshop's chats and only for that chat;
/// the roster's facilitators and the ids `bot.yaml` names are facilitators of the workshop everywhere.
struct RoleResolverTests {
    static let teamChat = ChatRef(platform: "test", id: "lao-team")
    static let ownGroup = ChatRef(platform: "test", id: "outsider-group")
    static let admin = UserRef(platform: "test", id: "admin")
    static let fac = UserRef(platform: "test", id: "fac")
    static let roster = Roster(
        teams: [Team(id: "lao", name: "Lao PDR", chats: [teamChat])], facilitators: [fac])

    static func message(from user: UserRef, in chat: ChatRef) -> IncomingMessage {
        IncomingMessage(
            chat: chat, sender: user, senderName: user.id, text: "/whoami", time: Date(), messageID: UUID().uuidString,
            botUsername: nil)
    }

    @Test func aPlatformRoleMakesAFacilitatorOfAWorkshopChatOnlyAndNothingOutside() async {
        // The source even claims the workshop-wide role: a platform's grant never counts for more than the chat.
        let source = EverywhereAdmins([Self.admin], grant: .facilitator)
        let resolver = RoleResolver(roster: Self.roster, workshopChats: [Self.teamChat], sources: [source])

        let inTeamChat = await resolver.caller(for: Self.message(from: Self.admin, in: Self.teamChat))
        #expect(inTeamChat.role == .chatFacilitator)
        #expect(inTeamChat.roleSource == "Test group administrator")
        #expect(inTeamChat.inWorkshopChat)

        let asked = source.questions
        let inOwnGroup = await resolver.caller(for: Self.message(from: Self.admin, in: Self.ownGroup))
        #expect(inOwnGroup.role == .participant)
        #expect(!inOwnGroup.inWorkshopChat)
        #expect(source.questions == asked)  // the platform is not even asked about a chat outside the workshop
    }

    @Test func rosterFacilitatorsAreWorkshopFacilitatorsInEveryChat() async {
        let resolver = RoleResolver(
            roster: Self.roster, workshopChats: [Self.teamChat], sources: [EverywhereAdmins([Self.admin])])
        for chat in [Self.teamChat, Self.ownGroup] {
            let caller = await resolver.caller(for: Self.message(from: Self.fac, in: chat))
            #expect(caller.role == .facilitator)
            #expect(caller.roleSource == "roster.yaml")
        }
        let someone = await resolver.caller(
            for: Self.message(from: UserRef(platform: "test", id: "bob"), in: Self.teamChat))
        #expect(someone.role == .participant)
    }

    @Test func theConfigurationNamesFacilitatorIdsAndTheWorkshopsChats() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        plugins:
          enabled: [help, whoami]
          chats:
            whoami: [telegram:-300]
        channels:
          telegram:
            token: "1:x"
            facilitators: ["77"]
            allowed_chats: ["-100"]
            admins_are_facilitators: true
          matrix:
            homeserver: https://matrix.example.org
            user_id: "@bot:example.org"
            password: pw
            facilitators: ["@anna:example.org"]
            rooms: ["!room:example.org", "#alias:example.org"]
        scheduler:
          report_chats: [telegram:-200]
        """.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        try """
        teams:
          - id: lao
            name: Lao PDR
            chats: [telegram:-400]
        """.write(to: folder.appendingPathComponent("roster.yaml"), atomically: true, encoding: .utf8)
        let configuration = try ConfigLoader(
            factories: Builtins.all.map { PluginFactory($0) }, channels: channelFactories
        ).load(directory: folder.path)
        #expect(configuration.warnings.isEmpty)  // rooms and allowed chats listed: nothing to warn about
        let aliasRoom = ChatRef(platform: "matrix", id: "!resolved-alias:example.org")
        let admins = EverywhereAdmins([UserRef(platform: "telegram", id: "5")], configured: [aliasRoom])
        let resolver = RoleResolver(configuration: configuration, sources: [admins])

        let named = await resolver.caller(
            for: Self.message(from: UserRef(platform: "telegram", id: "77"), in: Self.ownGroup))
        #expect(named.role == .facilitator)
        #expect(named.roleSource == .botYAML(channel: "telegram"))
        #expect(named.roleSource.description == "telegram.facilitators in bot.yaml")
        let anna = await resolver.caller(
            for: Self.message(from: UserRef(platform: "matrix", id: "@anna:example.org"), in: Self.ownGroup))
        #expect(anna.role == .facilitator)
        #expect(anna.roleSource.description == "matrix.facilitators in bot.yaml")

        for id in ["-100", "-200", "-300", "-400"] {
            #expect(await resolver.isWorkshopChat(ChatRef(platform: "telegram", id: id)), "telegram:\(id)")
        }
        #expect(await resolver.isWorkshopChat(ChatRef(platform: "matrix", id: "!room:example.org")))
        #expect(await resolver.isWorkshopChat(aliasRoom))  // reported by the channel, which resolved the alias
        #expect(!(await resolver.isWorkshopChat(ChatRef(platform: "telegram", id: "-999"))))
        #expect(!(await resolver.isWorkshopChat(ChatRef(platform: "matrix", id: "#alias:example.org"))))

        let adminInAllowed = await resolver.caller(
            for: Self.message(
                from: UserRef(platform: "telegram", id: "5"), in: ChatRef(platform: "telegram", id: "-100")))
        #expect(adminInAllowed.role == .chatFacilitator)
        let adminElsewhere = await resolver.caller(
            for: Self.message(
                from: UserRef(platform: "telegram", id: "5"), in: ChatRef(platform: "telegram", id: "-999")))
        #expect(adminElsewhere.role == .participant)
    }

    @Test func aPluginsAnnouncementChatsAreWorkshopChats() async {
        let plugin = LoadedPlugin(
            name: "announcer", summary: "posts", commands: [], workshopChats: [ChatRef(platform: "test", id: "plenary")]
        )
        let resolver = RoleResolver(configuration: LoadedConfiguration(plugins: [plugin]))
        #expect(await resolver.isWorkshopChat(ChatRef(platform: "test", id: "plenary")))
        #expect(!(await resolver.isWorkshopChat(Self.ownGroup)))
    }

    @Test func aChatFacilitatorIsRefusedWhatReachesBeyondTheChatWithTheReason() {
        let resolver = RoleResolver(roster: Self.roster)
        let wide = Command("deadline", summary: "", subcommandRoles: ["add": .facilitator]) { _, _ in "" }
        let local = Command("poll", summary: "", subcommandRoles: ["close": .chatFacilitator]) { _, _ in "" }
        let chatFacilitator = Caller(
            user: Self.admin, displayName: "Admin", role: .chatFacilitator, team: nil,
            roleSource: "Telegram group administrator")
        let participant = Caller(
            user: Self.admin, displayName: "P", role: .participant, team: nil, roleSource: "default")
        let workshop = Caller(
            user: Self.fac, displayName: "F", role: .facilitator, team: nil, roleSource: "roster.yaml")

        #expect(
            resolver.authorize(chatFacilitator, for: wide, subcommand: "add").denial
                == "Sorry, /deadline add is for the workshop's facilitators (roster.yaml); you are a facilitator of this chat only (Telegram group administrator). Nothing was changed."
        )
        #expect(resolver.authorize(chatFacilitator, for: local, subcommand: "close") == nil)
        #expect(resolver.authorize(workshop, for: wide, subcommand: "add") == nil)
        #expect(
            resolver.authorize(participant, for: local, subcommand: "close").denial
                == "Sorry, /poll close is for facilitators only; you are a participant. Nothing was changed.")
        #expect(
            resolver.authorize(participant, for: wide, subcommand: "add").denial
                == "Sorry, /deadline add is for facilitators only; you are a participant. Nothing was changed.")
    }

    @Test func anExistingFacilitatorCommandStaysForTheWorkshopsFacilitators() {
        // A command written before chat facilitators existed says `role: .facilitator`: the safe reading.
        let command = Command("reset", summary: "", role: .facilitator) { _, _ in "" }
        let chatFacilitator = Caller(
            user: Self.admin, displayName: "Admin", role: .chatFacilitator, team: nil, roleSource: "Matrix room creator"
        )
        #expect(RoleResolver(roster: Self.roster).authorize(chatFacilitator, for: command) != nil)
        #expect(Role.participant < .chatFacilitator && Role.chatFacilitator < .facilitator)
    }
}
