/// The internal quality assurer's record of one sampled decision: the outcome (accept, reject
/// or resubmit), the action the assessor must take, and the feedback given to the assessor.
/// Read from a decisions file's optional `outcome`, `action` and `feedback` columns.
public struct QualityReview: Sendable, Equatable {
    /// What the quality assurer decided about the assessor's decision.
    public enum Outcome: String, Sendable, CaseIterable {
        /// The assessor's decision stands.
        case accept
        /// The decision is wrong and is not confirmed.
        case reject
        /// The assessor must look again and resubmit the decision (more evidence, a re-mark).
        case resubmit

        /// Reads an outcome, accepting the past tense and any case.
        public init?(words: String) {
            switch words.lowercased() {
            case "accept", "accepted": self = .accept
            case "reject", "rejected": self = .reject
            case "resubmit", "resubmitted", "resubmission": self = .resubmit
            default: return nil
            }
        }
    }

    /// The outcome.
    public var outcome: Outcome
    /// The action the assessor must take, if any.
    public var action: String?
    /// Feedback to the assessor, if any.
    public var feedback: String?

    /// Reads a row's review columns: nil when the row records no outcome; an error message when
    /// the outcome is not one, or an action or feedback is given without an outcome.
    static func read(_ columns: [String: Int], cell: (Int) -> String, learner: String) -> Result<QualityReview?, ReviewError> {
        func text(_ name: String) -> String? { columns[name].map(cell).flatMap { $0.isEmpty ? nil : $0 } }
        guard let words = text("outcome") else {
            if text("action") != nil || text("feedback") != nil {
                return .failure(ReviewError("learner '\(learner)' has an action or feedback but no outcome; write accept, reject or resubmit in 'outcome'"))
            }
            return .success(nil)
        }
        guard let outcome = Outcome(words: words) else {
            return .failure(
                ReviewError(
                    "'\(words)' is not a quality assurance outcome (learner '\(learner)'); write accept, reject or resubmit"
                        + Suggestion.didYouMean(words, among: Outcome.allCases.map(\.rawValue))))
        }
        return .success(QualityReview(outcome: outcome, action: text("action"), feedback: text("feedback")))
    }

    /// A problem with a row's review columns.
    struct ReviewError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
