/// A posted form read: the value it asks for, or the form to show again with its messages.
package enum FormOutcome<Value: Sendable, Refused: Sendable>: Sendable {
    case accepted(Value)
    case refused(Refused)
}
