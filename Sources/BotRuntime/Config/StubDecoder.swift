import Foundation
import Yams

public struct ConfigIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var field: String
    public var message: String
    public init(file: String, line: Int?, column: Int?, field: String, message: String) {
        self.file = file; self.line = line; self.column = column; self.field = field; self.message = message
    }
    public var description: String { "\(file):\(line ?? 0):\(column ?? 0): \(field): \(message)" }
}
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]
    public init(_ issues: [ConfigIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
public struct YAMLConfigDecoder: Sendable {
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {}
    public func decode<T: Decodable>(_ type: T.Type, from yaml: String, file: String) throws -> T {
        do { return try YAMLDecoder().decode(type, from: yaml.isEmpty ? "{}" : yaml) } catch {
            throw ConfigErrors([ConfigIssue(file: file, line: nil, column: nil, field: "", message: "\(error)")])
        }
    }
    public func decode<T: Decodable>(_ type: T.Type, from node: Node?, file: String) throws -> T {
        do { return try YAMLDecoder().decode(type, from: node ?? Node([(Node, Node)]())) } catch {
            throw ConfigErrors([ConfigIssue(file: file, line: nil, column: nil, field: "", message: "\(error)")])
        }
    }
    public func issue(at path: [String], message: String, in node: Node?, file: String) -> ConfigIssue {
        ConfigIssue(file: file, line: nil, column: nil, field: path.joined(separator: "."), message: message)
    }
}
