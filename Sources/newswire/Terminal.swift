// The terminal: whether stdout/stderr are TTYs, colour, writing, a progress bar.
// Shared by every command (Quotes.swift, Dedup.swift and Bench.swift too).
#if canImport(Glibc)
import Glibc
#endif

enum Terminal {
    static let stdoutIsTTY = isatty(1) == 1
    static let stderrIsTTY = isatty(2) == 1
    static let stdinIsTTY = isatty(0) == 1

    /// Colour on this descriptor: a TTY, NO_COLOR unset (https://no-color.org), TERM not "dumb".
    static func colourAllowed(fd: Int32) -> Bool {
        guard isatty(fd) == 1 else { return false }
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
        if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
        return true
    }

    /// Columns of the terminal on `fd`, or 80.
    static func width(fd: Int32 = 1) -> Int {
        var ws = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 80
    }

    /// Writes straight to a descriptor (no stdio buffering), all of it.
    static func write(_ s: String, fd: Int32) {
        var bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            off += n
        }
        bytes.removeAll()
    }
}

/// ANSI styles, or nothing when colour is off.
struct Style: Sendable {
    let enabled: Bool

    /// For standard output / standard error: on only when that stream is a colour-capable TTY.
    static let stdout = Style(enabled: Terminal.colourAllowed(fd: 1))
    static let stderr = Style(enabled: Terminal.colourAllowed(fd: 2))

    private func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func red(_ s: String) -> String { wrap(s, "31") }
    func green(_ s: String) -> String { wrap(s, "32") }
    func yellow(_ s: String) -> String { wrap(s, "33") }
    func blue(_ s: String) -> String { wrap(s, "34") }
    func magenta(_ s: String) -> String { wrap(s, "35") }
    func cyan(_ s: String) -> String { wrap(s, "36") }
}

/// Standard error as a TextOutputStream: `print("...", to: &err)`.
struct StandardError: TextOutputStream {
    mutating func write(_ s: String) { Terminal.write(s, fd: 2) }
}

/// Prints "error: MESSAGE" (and indented hint lines) on standard error.
func printError(_ message: String, hints: [String] = []) {
    let style = Style.stderr
    var text = style.red(style.bold("error:")) + " " + message + "\n"
    for h in hints { text += "  " + h + "\n" }
    Terminal.write(text, fd: 2)
}

/// A progress bar on standard error, drawn only when stderr is a TTY and the
/// batch has more than `threshold` items; redrawn at most every 50 ms.
final class ProgressBar {
    let total: Int
    let label: String
    private let active: Bool
    private var done = 0
    private var lastDraw: Double = 0
    private var drawn = false

    init(total: Int, label: String, threshold: Int = 3) {
        self.total = total
        self.label = label
        active = Terminal.stderrIsTTY && total > threshold
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func advance(by n: Int = 1) {
        done += n
        guard active else { return }
        let t = ProgressBar.now()
        if done < total && t - lastDraw < 0.05 { return }
        lastDraw = t
        draw()
    }

    private func draw() {
        let width = max(10, min(40, Terminal.width(fd: 2) - label.count - 24))
        let filled = total == 0 ? width : min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        Terminal.write("\r\u{1B}[2K\(label) \(bar) \(done)/\(total)", fd: 2)
        drawn = true
    }

    /// Clears the bar so that what follows starts on a clean line.
    func clear() {
        if drawn { Terminal.write("\r\u{1B}[2K", fd: 2) }
        drawn = false
    }

    /// Runs `body` with the bar cleared, then draws it again: for printing a line meanwhile.
    func around(_ body: () -> Void) {
        let was = drawn
        clear()
        body()
        if was { draw() }
    }
}

/// "1.5 KiB", "4.0 MiB".
func byteSize(_ n: Int) -> String {
    if n < 1024 { return "\(n) bytes" }
    let units = ["KiB", "MiB", "GiB"]
    var v = Double(n) / 1024, u = 0
    while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
    let tenths = Int((v * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[u])"
}
