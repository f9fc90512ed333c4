import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that could not be read or written; `description` is one line
/// naming the file and the reason.
public struct FileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path as given.
    public var path: String
    /// Why (e.g. "No such file or directory", "is a directory").
    public var reason: String
    /// "cannot read" / "cannot write".
    public var operation: String
    /// One line: `cannot read 'x.js': No such file or directory`.
    public var description: String { "\(operation) '\(path)': \(reason)" }
}

/// Plain POSIX file access with clear errors (never a crash, never a
/// partially written destination).
enum FileIO {
    private static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Largest file `readFile` accepts by default.
    static let maxReadSize = 1 << 30

    /// Reads a whole regular file (or pipe) of at most `maxBytes` bytes; a
    /// larger regular file is refused before anything is read.
    static func readFile(_ path: String, maxBytes: Int = maxReadSize) throws -> [UInt8] {
        func fail(_ reason: String) -> FileError { FileError(path: path, reason: reason, operation: "cannot read") }
        if path.isEmpty { throw fail("empty path") }
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw fail(errnoText(errno)) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw fail(errnoText(errno)) }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { throw fail("is a directory") }
        // Regular files and pipes only: a device such as /dev/zero never ends.
        if type != S_IFREG && type != S_IFIFO && type != S_IFSOCK { throw fail("not a regular file") }
        let tooLarge = fail("larger than the limit of \(maxBytes) bytes")
        if type == S_IFREG && Int(st.st_size) > maxBytes { throw tooLarge }
        var result: [UInt8] = []
        if (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 { result.reserveCapacity(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(errnoText(errno))
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
            if result.count > maxBytes { throw tooLarge }
        }
        return result
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same
    /// directory, flushed, then renamed over the destination. On failure the
    /// destination is untouched and the temporary file removed.
    static func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
        func fail(_ reason: String) -> FileError { FileError(path: path, reason: reason, operation: "cannot write") }
        if path.isEmpty { throw fail("empty path") }
        var existing = stat()
        if stat(path, &existing) == 0 {
            let type = existing.st_mode & S_IFMT
            if type == S_IFDIR { throw fail("is a directory") }
            // Never replace a device, pipe or socket with a regular file.
            if type != S_IFREG { throw fail("not a regular file") }
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let base = url.lastPathComponent
        var tmp = ""
        var fd: Int32 = -1
        for attempt in 0..<100 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            tmp = (dir.isEmpty ? "" : dir + "/") + ".\(base).\(getpid()).\(attempt).\(suffix).tmp"
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 || errno != EEXIST { break }
        }
        if fd < 0 { throw fail(errnoText(errno)) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw fail(errnoText(e))
            }
            written += n
        }
        if fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
            let e = errno
            close(fd)
            throw fail(errnoText(e))
        }
        if close(fd) != 0 { throw fail(errnoText(errno)) }
        if rename(tmp, path) != 0 { throw fail(errnoText(errno)) }
        ok = true
    }
}
