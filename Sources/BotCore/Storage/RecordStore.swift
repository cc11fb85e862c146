import Foundation

/// Plugin records: opaque values (JSON documents in practice) under (namespace, collection, key).
///
/// Contract: a put replaces what was under the same address; a prefix query returns the collection's records
/// whose key starts with the prefix (a range of keys, so `%` and `_` are literal), ordered by key bytes.
public protocol RecordStore: AnyObject {
    /// The value under the address, if any.
    func record(namespace: String, collection: String, key: String) throws -> Data?
    /// Stores `value` under the address, replacing what was there.
    func putRecord(namespace: String, collection: String, key: String, value: Data) throws
    /// Removes the record; false when there was none.
    @discardableResult func deleteRecord(namespace: String, collection: String, key: String) throws -> Bool
    /// Records whose key starts with `keyPrefix`, ordered by key.
    func records(namespace: String, collection: String, keyPrefix: String) throws -> [(key: String, value: Data)]
}
