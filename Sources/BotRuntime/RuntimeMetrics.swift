import CoreMetrics

/// The runtime's metric names in one place (swift-metrics API; the executable picks the backend, Prometheus).
enum RuntimeMetrics {
    static func updatesReceived(_ channel: String) -> Counter {
        Counter(label: "workshop_bot_updates_received_total", dimensions: [("channel", channel)])
    }

    /// Polls of a platform that failed (each retried after the back-off).
    static func pollErrors(_ channel: String) -> Counter {
        Counter(label: "workshop_bot_poll_errors_total", dimensions: [("channel", channel)])
    }

    /// `outcome`: ok, user_error, failed, timed_out, denied.
    static func command(_ plugin: String, _ outcome: String) -> Counter {
        Counter(label: "workshop_bot_commands_total", dimensions: [("plugin", plugin), ("outcome", outcome)])
    }

    static func handlerLatency(_ plugin: String) -> CoreMetrics.Timer {
        CoreMetrics.Timer(
            label: "workshop_bot_handler_seconds", dimensions: [("plugin", plugin)], preferredDisplayUnit: .seconds)
    }

    static func repliesSent(_ channel: String) -> Counter {
        Counter(label: "workshop_bot_replies_sent_total", dimensions: [("channel", channel)])
    }

    static func repliesRetried(_ channel: String) -> Counter {
        Counter(label: "workshop_bot_replies_retried_total", dimensions: [("channel", channel)])
    }

    static func rateLimitWaits(_ channel: String) -> Counter {
        Counter(label: "workshop_bot_rate_limit_waits_total", dimensions: [("channel", channel)])
    }

    /// `outcome`: due (taken up), fired, late, missed, failed.
    static func jobs(_ outcome: String) -> Counter {
        Counter(label: "workshop_bot_jobs_total", dimensions: [("outcome", outcome)])
    }
}
