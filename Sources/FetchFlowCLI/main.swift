// The `fetchflow` executable: a thin shell over `CommandLineTool` (module
// FetchFlow), which holds all the logic so tests can drive it in-process.
import FetchFlow
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// A closed pipe must give a write error, not kill the process.
signal(SIGPIPE, SIG_IGN)

/// Writes `text` to `stream` immediately (console output is streamed).
func emit(_ text: String, to stream: UnsafeMutablePointer<FILE>) {
    var text = text
    text.withUTF8 { buffer in
        if let base = buffer.baseAddress { _ = fwrite(base, 1, buffer.count, stream) }
    }
    fflush(stream)
}

let status = await CommandLineTool.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    stdout: { emit($0, to: stdout) },
    stderr: { emit($0, to: stderr) })
exit(status)
