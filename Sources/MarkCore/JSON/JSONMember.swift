/// One member of a JSON object: its decoded key, where the key starts, and its value node.
public struct JSONMember: Sendable, Equatable, Hashable {
    /// The key, with escapes resolved.
    public let key: String
    /// Byte offset of the key's opening quote in the input.
    public let keyOffset: Int
    /// Node index of the member's value in the `JSONDocument`.
    public let value: Int

    /// Creates a member.
    public init(key: String, keyOffset: Int, value: Int) {
        self.key = key
        self.keyOffset = keyOffset
        self.value = value
    }
}
