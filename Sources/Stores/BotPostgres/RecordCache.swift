import Foundation

/// The plugin records this store last saw committed, so a transaction's reads of records read or written before
/// need no round trip to the server (a `/vote` reads its chat's poll index and the poll every time).
///
/// The database says when the memory is stale: `records_version.version` changes with every change of
/// `records`. A store sets it to a new value of its own (`nextVersion`) in each group that wrote a record, and a
/// trigger sets it to a random value for every statement of any other client (`psql`, an older version), which
/// it tells apart by the `workshop.writer` setting the store gives its sessions. Each group reads that version
/// right after it takes the store's lock, before any of its own writes: the value this store left at its last
/// commit means no store changed a record since, and what is kept is current; any other value empties it. Until
/// that answer is in, reads go to the server. (A client that writes without taking the store's lock, such as
/// `psql`, is seen by the next group after its commit, unless a store's group overwrote the version meanwhile.)
///
/// Changes stay with the body that made them until it ends (a body rolled back to its savepoint drops them), then
/// with the group until its commit; a failed group empties everything. Confined to the store's thread, as the
/// connection is.
final class RecordCache {
    /// Compared as UTF-8 bytes, as the store's `COLLATE "C"` columns are: two canonically equivalent spellings
    /// (`é` and `e` + U+0301), which Swift's `String` counts as equal, are two records.
    struct Key: Hashable {
        var namespace: String
        var collection: String
        var key: String

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.collection.utf8.elementsEqual(rhs.collection.utf8)
                && lhs.namespace.utf8.elementsEqual(rhs.namespace.utf8)
        }

        func hash(into hasher: inout Hasher) {
            ByteString.hash(namespace, into: &hasher)
            ByteString.hash(collection, into: &hasher)
            ByteString.hash(key, into: &hasher)
        }
    }

    /// A delivery key compared as UTF-8 bytes (see `Key`).
    struct ByteString: Hashable {
        var text: String

        static func == (lhs: ByteString, rhs: ByteString) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

        func hash(into hasher: inout Hasher) { Self.hash(text, into: &hasher) }

        /// Feeds `text`'s UTF-8 bytes, then a byte UTF-8 never holds, so ("ab", "c") and ("a", "bc") differ.
        static func hash(_ text: String, into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(0xFF as UInt8)
        }
    }

    /// What this store's sessions carry as `workshop.writer`, so the trigger leaves their writes to the store.
    let writer = UUID().uuidString
    /// How many versions this store has written: each group that writes a record sets a new one (`nextVersion`),
    /// so another store that kept what it read at this store's previous version sees the change.
    private var written = 0
    /// The most bytes kept (values, keys and a share for each entry): past it, everything is forgotten and filled
    /// again from reads.
    static let byteLimit = 8 << 20
    /// What an entry costs beyond its key and value, roughly (the dictionary's slot, the strings' headers).
    static let entryOverhead = 64

    private var committed: [Key: Data?] = [:]
    private var committedBytes = 0
    /// The version of `records` that `committed` reflects; nil when unknown.
    private var version: String?
    private var group: [Key: Data?] = [:]
    private var body: [Key: Data?] = [:]
    /// Whether a committed body of the group changed a record.
    private(set) var groupWrote = false
    private var bodyWrote = false
    /// Whether this group's transaction has read the records' version (and so `committed` may answer).
    private(set) var checked = false

    /// A new group's transaction begins: nothing is known of the version yet.
    func beginGroup() {
        group.removeAll(keepingCapacity: true)
        body.removeAll(keepingCapacity: true)
        groupWrote = false
        bodyWrote = false
        checked = false
    }

    /// The version a group that wrote records leaves in `records_version`: new for every group.
    func nextVersion() -> String {
        written += 1
        return "\(writer)/\(written)"
    }

    /// The records' version read at the start of this group's transaction: what is kept stays only if it is the
    /// version this store left. Nil (the row is missing): nothing kept can be trusted, now or later.
    func check(version read: String?) {
        if read == nil || read != version {
            committed.removeAll()
            committedBytes = 0
            version = read
        }
        checked = true
    }

    /// What is known of the record: `.some(nil)` for a record known to be absent, nil when the server must be
    /// asked.
    func value(_ key: Key) -> Data?? {
        if let known = body[key] { return known }
        if let known = group[key] { return known }
        if checked, let known = committed[key] { return known }
        return nil
    }

    /// A value the server answered for `key` in the current body.
    func read(_ key: Key, _ value: Data?) { body[key] = value }

    /// A value the current body wrote (nil: deleted).
    func wrote(_ key: Key, _ value: Data?) {
        body[key] = value
        bodyWrote = true
    }

    /// The current body ended: its reads and writes join the group's, unless it was rolled back.
    func endBody(kept: Bool) {
        if kept {
            group.merge(body) { _, new in new }
            groupWrote = groupWrote || bodyWrote
        }
        body.removeAll(keepingCapacity: true)
        bodyWrote = false
    }

    /// The group committed: what it read and wrote is what the store now holds, at the version it left (its
    /// own token when it wrote a record).
    func committedGroup(leaving written: String?) {
        guard checked, version != nil else {
            forget()
            return
        }
        if groupWrote { version = written }
        for (key, value) in group {
            if let old = committed[key] { committedBytes -= Self.cost(key, old) }
            committedBytes += Self.cost(key, value)
            committed[key] = value
        }
        if committedBytes > Self.byteLimit {
            committed.removeAll()
            committedBytes = 0
        }
        group.removeAll(keepingCapacity: true)
    }

    private static func cost(_ key: Key, _ value: Data?) -> Int {
        (value?.count ?? 0) + key.namespace.utf8.count + key.collection.utf8.count + key.key.utf8.count
            + entryOverhead
    }

    /// Forgets everything (a failed group, or a transaction that wrote without the cache).
    func forget() {
        committed.removeAll()
        committedBytes = 0
        version = nil
        group.removeAll()
        body.removeAll()
        checked = false
    }
}

/// The delivery keys a group's bodies will record (`Store.transaction(recordingHandled:_:)`), looked up in one
/// round trip before the bodies run, so that a handling's claim needs none: under the store's lock nothing else
/// changes the handled keys, so the answer stays true for the group, with what its own bodies record added.
final class HandledLookAhead {
    /// The keys looked up.
    private var looked: Set<RecordCache.ByteString> = []
    /// Of those, the ones recorded: found in the store, or by a body of the group kept so far.
    private var recorded: Set<RecordCache.ByteString> = []
    private var recordedByBody: Set<RecordCache.ByteString> = []

    /// A new group: `looked` were looked up and `found` of them are recorded.
    func reset(looked: [String], found: [String]) {
        self.looked = Set(looked.map(RecordCache.ByteString.init))
        recorded = Set(found.map(RecordCache.ByteString.init))
        recordedByBody.removeAll()
    }

    /// Whether recording `key` now would be new (the claim is fresh), or nil when the key was not looked up.
    func isFresh(_ key: String) -> Bool? {
        let key = RecordCache.ByteString(text: key)
        guard looked.contains(key) else { return nil }
        return !recorded.contains(key) && !recordedByBody.contains(key)
    }

    /// The current body recorded `key`.
    func record(_ key: String) { recordedByBody.insert(RecordCache.ByteString(text: key)) }

    /// The current body ended: what it recorded counts for the next bodies unless it was rolled back.
    func endBody(kept: Bool) {
        if kept { recorded.formUnion(recordedByBody) }
        recordedByBody.removeAll()
    }
}
