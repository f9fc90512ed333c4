import Foundation

/// A local HTTP server (Python's http.server) for the URLSessionFetcher
/// tests. It binds 127.0.0.1 on port 0, prints the chosen port, and serves:
///   GET/POST /echo     -> 200 JSON {method, path, headers (lower-cased), body}
///   /status/NNN        -> status NNN, body "status NNN"
///   /slow?ms=N         -> waits N ms, then 200 JSON {"slow": N}; counts overlap
///   /stats             -> {"total": requests seen on /slow, "maxInFlight": ...}
///   /freeport          -> a port number nothing listens on
/// It exits when its stdin closes or its parent dies (so a crashed test
/// does not leak it).
final class HTTPTestServer {
    static let script = #"""
import http.server, json, os, signal, socket, sys, threading, time
from urllib.parse import urlparse, parse_qs

# The spawning thread may have had signals blocked; make SIGTERM work.
signal.pthread_sigmask(signal.SIG_UNBLOCK, range(1, signal.NSIG))
signal.signal(signal.SIGTERM, signal.SIG_DFL)
PARENT = os.getppid()

lock = threading.Lock()
state = {"inflight": 0, "maxInFlight": 0, "total": 0}

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, ctype="application/json", extra=None):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Test-Server", "FetchFlow")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        u = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        if u.path == "/echo":
            headers = {k.lower(): v for k, v in self.headers.items()}
            self.reply(200, json.dumps({"method": self.command, "path": self.path,
                                        "headers": headers, "body": body}))
        elif u.path.startswith("/status/"):
            code = int(u.path.split("/")[2])
            self.reply(code, "status %d" % code, "text/plain")
        elif u.path == "/slow":
            ms = int(parse_qs(u.query).get("ms", ["200"])[0])
            with lock:
                state["inflight"] += 1
                state["total"] += 1
                state["maxInFlight"] = max(state["maxInFlight"], state["inflight"])
            time.sleep(ms / 1000.0)
            with lock:
                state["inflight"] -= 1
            self.reply(200, json.dumps({"slow": ms, "query": u.query}))
        elif u.path == "/stats":
            with lock:
                self.reply(200, json.dumps({"total": state["total"], "maxInFlight": state["maxInFlight"]}))
        elif u.path == "/freeport":
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            self.reply(200, json.dumps({"port": port}))
        else:
            self.reply(404, "no route", "text/plain")

    do_GET = handle_any
    do_POST = handle_any
    do_PUT = handle_any
    do_DELETE = handle_any

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)

def watch_stdin():
    sys.stdin.read()
    os._exit(0)

def watch_parent():
    while os.getppid() == PARENT:
        time.sleep(0.5)
    os._exit(0)

threading.Thread(target=watch_stdin, daemon=True).start()
threading.Thread(target=watch_parent, daemon=True).start()
server.serve_forever()
"""#

    let process = Process()
    let port: Int
    private let stdinPipe = Pipe()
    private let scriptURL: URL

    var base: String { "http://127.0.0.1:\(port)" }

    init() throws {
        scriptURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("fetchflow-http-\(UUID().uuidString).py")
        try HTTPTestServer.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let out = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path]
        process.standardOutput = out
        process.standardInput = stdinPipe
        try process.run()
        // First line of stdout: the port.
        var line = Data()
        let handle = out.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        guard let p = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        port = p
    }

    func stop() {
        if process.isRunning {
            try? stdinPipe.fileHandleForWriting.close()
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: scriptURL)
    }

    deinit { stop() }
}
