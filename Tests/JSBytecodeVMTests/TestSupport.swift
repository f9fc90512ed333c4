import JSBytecodeVM

/// Runs `source` in a fresh VM (draining all jobs) and returns what a user
/// would see: console lines (every level) joined by newlines, plus a final
/// `Uncaught Name: message` line for an uncaught error or a SyntaxError.
func runJS(_ source: String) -> String {
    let vm = VM()
    var lines: [String] = []
    switch vm.execute(source: source, fileName: "test.js") {
    case .completed, .paused:
        break
    case .threw(let error):
        lines.append("Uncaught " + vm.errorSummary(error))
    case .syntaxError(let error):
        lines.append(error.description)
    }
    return (vm.logs.map(\.text) + lines).joined(separator: "\n")
}
