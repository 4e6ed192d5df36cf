// A value set once by the loop thread and awaited by any number of tasks.
import Synchronization

final class Promise<Value: Sendable>: Sendable {
    private enum State { case waiting([CheckedContinuation<Value, Never>]), done(Value) }
    private let state = Mutex<State>(.waiting([]))

    init() {}

    /// Sets the value; later calls are ignored.
    func fulfil(_ value: Value) {
        let waiters: [CheckedContinuation<Value, Never>] = state.withLock { s in
            guard case .waiting(let w) = s else { return [] }
            s = .done(value)
            return w
        }
        for w in waiters { w.resume(returning: value) }
    }

    var value: Value {
        get async {
            await withCheckedContinuation { (c: CheckedContinuation<Value, Never>) in
                let ready: Value? = state.withLock { s in
                    switch s {
                    case .done(let v): return v
                    case .waiting(var w):
                        w.append(c)
                        s = .waiting(w)
                        return nil
                    }
                }
                if let ready { c.resume(returning: ready) }
            }
        }
    }

    var current: Value? { state.withLock { if case .done(let v) = $0 { v } else { nil } } }
}
