// Test support: runs a built binary (the real `newswire`) with pipes, or with a
// pseudo-terminal as its stdout and stderr, and collects what it wrote.
import XCTest
#if canImport(Glibc)
import Glibc
#endif

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// stdout split into lines, without the empty last one.
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast(stdout.hasSuffix("\n") ? 1 : 0).map(String.init) }
}

/// The environment of this process without the variables that change the CLI's behaviour, plus `extra`.
private func environment(_ extra: [String: String]) -> [String] {
    var out: [String] = []
    var p = environ
    while let e = p.pointee {
        let s = String(cString: e)
        if !["NEWSWIRE_SERVER=", "NO_COLOR=", "TERM="].contains(where: { s.hasPrefix($0) }) { out.append(s) }
        p += 1
    }
    out.append("TERM=xterm")
    for (k, v) in extra { out.append("\(k)=\(v)") }
    return out
}

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let ptrs = strings.map { strdup($0) }
    defer { for p in ptrs { free(p) } }
    return body(ptrs + [nil])
}

private func cloexecPipe(_ fds: inout [Int32]) {
    pipe(&fds)
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
}

/// A pseudo-terminal's master and slave, the Linux way (/dev/ptmx; what posix_openpt,
/// unlockpt and ptsname do, which Swift's Glibc module does not import).
private func openPseudoTerminal() -> (Int32, Int32) {
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: Int32 = 0
    _ = ioctl(master, 0x4004_5431, &unlock)   // TIOCSPTLCK
    var number: UInt32 = 0
    _ = ioctl(master, 0x8004_5430, &number)   // TIOCGPTN
    let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
    return (master, slave)
}

/// Reads every descriptor until EOF (or EIO, a closed pseudo-terminal).
private func drain(_ fds: [Int32]) -> [[UInt8]] {
    var out = [[UInt8]](repeating: [], count: fds.count)
    var open = Set(fds.indices)
    var buf = [UInt8](repeating: 0, count: 65536)
    while !open.isEmpty {
        var pfds = open.sorted().map { pollfd(fd: fds[$0], events: Int16(POLLIN), revents: 0) }
        let n = poll(&pfds, nfds_t(pfds.count), 30_000)
        if n <= 0 { break }   // 30 s of silence: give up rather than hang the suite
        for p in pfds where p.revents != 0 {
            let i = fds.firstIndex(of: p.fd)!
            let got = buf.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
            if got > 0 { out[i] += buf[0..<got] } else { open.remove(i) }
        }
    }
    return out
}

/// Runs `path` with `args`; `stdin` is written to it and closed. With `tty`, stdout and
/// stderr are one pseudo-terminal (stdout then holds both).
func runProcess(_ path: String, _ args: [String], stdin input: [UInt8] = [], env: [String: String] = [:], tty: Bool = false) -> ProcessResult {
    var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
    // Close-on-exec everywhere: the child gets only the dup2'ed copies, so it sees EOF on stdin.
    cloexecPipe(&inPipe)
    var master: Int32 = -1, slave: Int32 = -1
    if tty {
        (master, slave) = openPseudoTerminal()
    } else {
        cloexecPipe(&outPipe)
        cloexecPipe(&errPipe)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, tty ? slave : outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, tty ? slave : errPipe[1], 2)
    var pid: pid_t = 0
    let rc = withCStrings([path] + args) { argv in
        withCStrings(environment(env)) { envp in
            var argv = argv, envp = envp
            return posix_spawn(&pid, path, &actions, nil, &argv, &envp)
        }
    }
    posix_spawn_file_actions_destroy(&actions)
    close(inPipe[0])
    if tty { close(slave) } else { close(outPipe[1]); close(errPipe[1]) }
    guard rc == 0 else { return ProcessResult(status: -1, stdout: "", stderr: "posix_spawn failed: \(rc)") }
    // Small inputs fit the pipe; the tests' are small.
    var off = 0
    while off < input.count {
        let n = input[off...].withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
        if n <= 0 { break }
        off += n
    }
    close(inPipe[1])
    let outputs = tty ? drain([master]) + [[]] : drain([outPipe[0], errPipe[0]])
    if tty { close(master) } else { close(outPipe[0]); close(errPipe[0]) }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ProcessResult(status: code, stdout: String(decoding: outputs[0], as: UTF8.self), stderr: String(decoding: outputs[1], as: UTF8.self))
}
