import Foundation
import MarkCore

/// The root of the `mark` command line.
public enum MarkCommand {
    /// Runs the command with the process's arguments and exits.
    public static func main() -> Never {
        exit(0)
    }
}
