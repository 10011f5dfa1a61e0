import Foundation
import MarkCore

/// A subcommand of `mark`: a name, a one-line abstract, its help text, and `run`.
public protocol Subcommand {
    /// The word that selects it.
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full help text (usage, arguments, options).
    static var help: String { get }
    /// Runs with the arguments after the subcommand's name; returns the exit status.
    static func run(_ arguments: [String], terminal: Terminal) throws -> Int32
}

/// A subcommand as a value, so the root can hold a list of them.
struct CommandEntry: Sendable {
    let name: String
    let abstract: String
    let help: String
    let run: @Sendable ([String], Terminal) throws -> Int32

    init<C: Subcommand>(_ command: C.Type) {
        name = C.name
        abstract = C.abstract
        help = C.help
        run = { try C.run($0, terminal: $1) }
    }
}

/// The root of the `mark` command line.
public enum MarkCommand {
    /// The engine's version, recorded in every result.
    public static let version = "0.1.0"

    /// Every subcommand; `mark FILE…` with no subcommand means `mark mark FILE…`.
    static let subcommands: [CommandEntry] = [
        CommandEntry(MarkSubmissions.self), CommandEntry(CheckCommand.self), CommandEntry(FormatCommand.self),
        CommandEntry(TestCommand.self), CommandEntry(ExplainCommand.self), CommandEntry(WhyNotCommand.self),
        CommandEntry(DiffCommand.self), CommandEntry(CompareCommand.self), CommandEntry(AgreeCommand.self), CommandEntry(ModerateCommand.self),
        CommandEntry(SampleCommand.self), CommandEntry(MergeCommand.self), CommandEntry(VerifyCommand.self),
        CommandEntry(LedgerCommand.self), CommandEntry(ImportCommand.self), CommandEntry(TemplateCommand.self),
        CommandEntry(SchemaCommand.self), CommandEntry(LSPCommand.self),
    ]

    /// Runs the command with the process's arguments and exits.
    public static func main() -> Never {
        // A closed pipe or a file-size limit makes write() fail with EPIPE or EFBIG, which the
        // terminal and the result files check, rather than killing the process mid-record.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        let terminal = Terminal()
        let status = run(Array(CommandLine.arguments.dropFirst()), terminal: terminal)
        exit(terminal.exitStatus(status))
    }

    /// Runs `mark` with arguments (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], terminal: Terminal) -> Int32 {
        guard let first = arguments.first else {
            terminal.error(overview)
            return 64
        }
        if first == "--help" || first == "-h" || first == "help" {
            if arguments.count > 1, let sub = subcommands.first(where: { $0.name == arguments[1] }) {
                terminal.write(LibraryOption.help(of: sub.name, sub.help))
            } else {
                terminal.write(overview)
            }
            return 0
        }
        if first == "--version" {
            terminal.write("mark \(version)\n")
            return 0
        }
        var command = subcommands[0]
        var rest = arguments
        if let sub = subcommands.first(where: { $0.name == first }) {
            command = sub
            rest = Array(arguments.dropFirst())
        } else if !first.hasPrefix("-"), !first.contains("."), !first.contains("/"),
            !FileManager.default.fileExists(atPath: first),
            let near = Suggestion.nearest(to: first, among: subcommands.map(\.name))
        {
            terminal.error("mark: unknown command '\(first)'; did you mean '\(near)'?\nRun 'mark --help' for the commands.\n")
            return 64
        }
        if rest.contains("--help") || rest.contains("-h") {
            terminal.write(LibraryOption.help(of: command.name, command.help))
            return 0
        }
        do {
            let status = try command.run(try LibraryOption.take(rest), terminal)
            return terminal.exitStatus(status, failure: command.name == DiffCommand.name ? 2 : 1)
        } catch let error as UsageError {
            terminal.error("\(prefix(command)): \(error.message)\nRun 'mark \(command.name) --help' for usage.\n")
            return 64
        } catch {
            terminal.error("\(prefix(command)): \(error)\n")
            return 1
        }
    }

    /// `mark` for the default command, `mark fmt` for the others: the start of a message.
    static func prefix(_ command: CommandEntry) -> String {
        command.name == MarkSubmissions.name ? "mark" : "mark " + command.name
    }

    static var overview: String {
        var text = """
            mark — a rules-based marking engine for vocational assessment evidence.

            USAGE: mark [mark] INPUT… [--rules PATH] [--format text|json|csv] [--jobs N] [--out DIR]
                   mark COMMAND [ARGS…]

            INPUT is an evidence JSON file, a folder of them, an NDJSON file, or - for stdin.

            COMMANDS:

            """
        for sub in subcommands {
            text += "  " + sub.name.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + sub.abstract + "\n"
        }
        text += "\nEvery command that reads rules also takes " + LibraryOption.help + "\n"
        text += "\nRun 'mark COMMAND --help' for a command's options.\n"
        return text
    }
}
