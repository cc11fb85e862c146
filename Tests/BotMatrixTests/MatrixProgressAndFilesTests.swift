import BotCore
import BotHTTP
import BotRuntime
import BotTesting
import Foundation
import Testing
import VotingPlugin

@testable import BotMatrix
@testable import ResourcesPlugin

/// Calls every link with "gone" in it broken, at once.
private struct GoneLinks: LinkChecking {
    func check(_ urls: [String]) async -> [String: LinkState] {
        Dictionary(
            uniqueKeysWithValues: urls.map { ($0, $0.contains("gone") ? LinkState.broken("HTTP 404") : .working) })
    }
}

private let roster = Roster(facilitators: [UserRef(platform: "matrix", id: "@host:localhost")])

/// On a real Synapse: the link check's report is an edit of its progress message, and a poll export is a file
/// in the media repository.
@Suite(.serialized)
struct MatrixProgressAndFilesTests {
    let server: Synapse

    init() async throws { server = try await Synapse.shared() }

    @Test func theLinkCheckReportIsAnEditOfItsProgressMessage() async throws {
        let host = try await server.user("host")
        let links = ["fine", "also-fine", "gone"].map {
            ResourcesConfiguration.Entry(
                id: $0, title: LocalizedText($0.capitalized), url: "https://example.org/\($0)", tags: nil,
                description: nil,
                language: nil, team: nil, sessions: nil)
        }
        let resources = LoadedPlugin(
            try ResourcesPlugin(configuration: .init(resources: links), checker: GoneLinks()))
        try await withMatrixBot(server, bot: "bot15", plugins: [resources], roster: roster) { _, _ in
            let room = try await host.createRoom(invite: ["@bot15:localhost"])
            #expect(await waitForJoin(host, room: room, bot: "bot15"))
            let command = try await host.say(room, "!resources check")
            let held = await eventually(timeout: .seconds(30)) {
                ((try? await host.replies(in: room, from: "bot15")) ?? []).count >= 2
            }
            #expect(held)
            let events = try await host.replies(in: room, from: "bot15")
            #expect(events.count == 2)
            let progress = try #require(events.first)
            #expect(progress.body == "Checking 3 links…")
            #expect(progress.inReplyTo == command)
            let edit = try #require(events.last)
            let relation = try #require(edit.content["m.relates_to"] as? [String: Any])
            #expect(relation["rel_type"] as? String == "m.replace")
            #expect(relation["event_id"] as? String == progress["event_id"] as? String)
            let report = "1 of 3 links are broken:\ngone Gone: HTTP 404"
            #expect(edit.body == "* " + report)
            let new = try #require(edit.content["m.new_content"] as? [String: Any])
            #expect(new["body"] as? String == report)
            #expect(new["msgtype"] as? String == "m.text")
            #expect(
                new["formatted_body"] as? String
                    == "<b>1 of 3 links are broken:</b><br><code>gone</code> Gone: HTTP 404")
            #expect(new["m.relates_to"] == nil)
        }
    }

    @Test func aPollExportIsAnMFileWhoseURLDownloadsToTheCSV() async throws {
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_636_534_800))  // 2021-11-10 09:00 UTC
        let voting = LoadedPlugin(try VotingPlugin(configuration: .init()))
        try await withMatrixBot(server, bot: "bot17", plugins: [voting], roster: roster, clock: clock) { _, _ in
            let room = try await host.createRoom(invite: ["@bot17:localhost"])
            try await alice.join(room)
            #expect(await waitForJoin(host, room: room, bot: "bot17"))
            _ = try await host.say(room, #"!poll new "Lunch, or coffee?" Soup "=1+1""#)
            let opened = await eventually(timeout: .seconds(20)) {
                ((try? await host.replies(in: room, from: "bot17")) ?? []).contains { $0.body.contains("Poll #1") }
            }
            #expect(opened)
            _ = try await alice.say(room, "!vote 2")
            let voted = await eventually(timeout: .seconds(20)) {
                ((try? await host.replies(in: room, from: "bot17")) ?? []).contains {
                    $0.body.contains("Vote recorded")
                }
            }
            #expect(voted)
            _ = try await host.say(room, "!poll close")
            let export = try await host.say(room, "!poll export 1")
            let held = await eventually(timeout: .seconds(30)) {
                ((try? await host.replies(in: room, from: "bot17")) ?? []).contains {
                    $0.content["msgtype"] as? String == "m.file"
                }
            }
            #expect(held)
            let replies = try await host.replies(in: room, from: "bot17")
            let foundText = replies.first { $0.inReplyTo == export }
            let text = try #require(foundText)
            #expect(text.body == "Poll #1 as CSV (1 ballot): one row per choice, times in UTC.")
            let foundFile = replies.first { $0.content["msgtype"] as? String == "m.file" }
            let file = try #require(foundFile)
            let csv =
                "poll,option,voter,team,time\r\n"
                + "\"Lunch, or coffee?\",'=1+1,matrix:@alice:localhost,,2021-11-10T09:00:00+00:00\r\n"
            #expect(file.body == "poll-1-lunch-or-coffee.csv")
            let info = try #require(file.content["info"] as? [String: Any])
            #expect(info["mimetype"] as? String == "text/csv")
            #expect(info["size"] as? Int == csv.utf8.count)
            let uri = try #require(file.content["url"] as? String)
            #expect(uri.hasPrefix("mxc://localhost/"))
            // Authenticated media (Synapse 1.111+): the file as the homeserver serves it to room members.
            let media = uri.dropFirst("mxc://".count)
            let download = try await server.http.fetch(
                HTTPRequest(
                    url: server.url + "/_matrix/client/v1/media/download/\(media)",
                    headers: [("Authorization", "Bearer \(alice.token)")]))
            #expect(download.text == csv)
        }
    }
}
