import MarkCLI

MarkCommand.main()
