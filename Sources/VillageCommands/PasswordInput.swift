import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A password from a file or typed at the terminal without echo; never printed or logged.
enum PasswordInput {
    /// The file's text without its final line break. Errors name `option` and the file, never its content.
    static func read(file path: String, option: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(option): cannot read \(path)")
        }
        var text = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character in Swift: either line break is one removeLast.
        if text.hasSuffix("\r\n") || text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { throw CommandError("\(option): \(path) is empty") }
        return text
    }

    /// Asks on the terminal with echo off. Refuses when standard input is not a terminal, so a
    /// script does not hang or send a password through a pipe by accident.
    static func prompt(_ prompt: String, option: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandError("no terminal to ask the password on: give \(option) FILE")
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        let line = readLine(strippingNewline: true)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
        FileHandle.standardError.write(Data("\n".utf8))
        guard let line, !line.isEmpty else { throw CommandError("no password given") }
        return line
    }
}
