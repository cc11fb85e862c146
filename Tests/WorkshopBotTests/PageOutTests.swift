import CPlatform
import Foundation
import Testing

/// `wb_page_out_code`, which the bot calls once start-up is over: it hands back the read-only pages of the
/// executable and its libraries, and never a page the process wrote (relocations made read-only afterwards).
struct PageOutTests {
    /// One mapping of `/proc/self/smaps`.
    struct Mapping {
        var start: UInt64
        var end: UInt64
        var permissions: String
        var path: String
        /// The pages of its own (written since it was mapped), in memory or swapped out.
        var privateKB: Int
        /// Its `VmFlags:` (`rr`: read without read-ahead, `MADV_RANDOM`).
        var flags: [String] = []

        var isReadOnlyFile: Bool {
            let letters = Array(permissions)
            return path.hasPrefix("/") && letters.count == 4 && letters[1] == "-" && letters[3] == "p"
        }
    }

    static func mappings() throws -> [Mapping] {
        // Read to its end by hand: /proc files report a size of 0, and the kernel writes them a page at a time.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        var data = Data()
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty { data += chunk }
        let text = String(decoding: data, as: UTF8.self)
        var result: [Mapping] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), !first.hasSuffix(":"), fields.count >= 5 {
                let bounds = first.split(separator: "-")
                guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16),
                    let end = UInt64(bounds[1], radix: 16)
                else { continue }
                let path = fields.count >= 6 ? fields[5...].joined(separator: " ") : ""
                result.append(
                    Mapping(start: start, end: end, permissions: String(fields[1]), path: path, privateKB: 0))
            } else if fields.first == "Anonymous:" || fields.first == "Swap:", fields.count >= 2,
                let kb = Int(fields[1]), !result.isEmpty
            {
                result[result.count - 1].privateKB += kb
            } else if fields.first == "VmFlags:", !result.isEmpty {
                result[result.count - 1].flags = fields.dropFirst().map(String.init)
            }
        }
        return result
    }

    @Test func readOnlyFileMappingsAreHandedBackAndWrittenPagesKept() throws {
        let before = try Self.mappings()
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let code = before.filter { $0.path == executable && $0.permissions == "r-xp" }
        try #require(!code.isEmpty)
        // Relocated data made read-only: pages the process wrote, which must survive.
        let written = before.filter { $0.isReadOnlyFile && $0.privateKB > 0 }

        let advised = wb_page_out_code()

        // The executable's code and the C library's (glibc on Debian) were both advised, but for a page at either
        // end each may share with a neighbouring segment (the count is of address space, so threads running
        // meanwhile do not change it).
        let libc = before.filter { $0.path.hasSuffix("/libc.so.6") && $0.permissions == "r-xp" }
        try #require(!libc.isEmpty, "no glibc code mapping found")
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let expected = (code + libc).reduce(0) { $0 + Int($1.end - $1.start) - 2 * page }
        #expect(advised >= expected)
        // The executable's code is read back without read-ahead; a library's (shared, left in the page cache) is not.
        let after = try Self.mappings()
        let codeAfter = after.filter { $0.path == executable && $0.permissions == "r-xp" }
        let largest = try #require(codeAfter.max { $0.end - $0.start < $1.end - $1.start })
        #expect(largest.flags.contains("rr"))
        let libcAfter = after.filter { $0.path.hasSuffix("/libc.so.6") && $0.permissions == "r-xp" }
        #expect(!libcAfter.isEmpty && libcAfter.allSatisfy { !$0.flags.contains("rr") })
        for mapping in written {
            // What is mapped now where it was (a mapping may have been split, or unmapped by another test).
            let now = after.filter { $0.start >= mapping.start && $0.end <= mapping.end && $0.path == mapping.path }
            if now.isEmpty { continue }
            #expect(
                now.reduce(0) { $0 + $1.privateKB } >= mapping.privateKB,
                "the written pages of \(mapping.path) at \(String(mapping.start, radix: 16)) were dropped")
        }
        // The code and the relocated data read back: Foundation's, the standard library's and this module's.
        let decoded = try JSONDecoder().decode([String: Int].self, from: Data(#"{"pages": 4096}"#.utf8))
        #expect(decoded == ["pages": 4096])
        #expect(String(describing: Mapping.self) == "Mapping")
    }
}
