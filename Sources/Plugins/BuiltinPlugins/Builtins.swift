import BotCore

/// The built-in plugins, for the executable's plugin list.
public enum Builtins {
    public static let all: [any Plugin.Type] = [
        HelpPlugin.self, PingPlugin.self, WhoAmIPlugin.self, UpcomingPlugin.self, LangPlugin.self,
    ]
}
