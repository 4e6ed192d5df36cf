// The ownership rule for every libuv handle wrapper: the Swift object keeps
// itself alive while its handle is open (a retained pointer in handle->data),
// and the close callback frees the handle and drops that reference.
import CLibUV
#if canImport(Glibc)
import Glibc
#endif

public class Handle {
    let raw: UnsafeMutablePointer<uv_handle_t>
    public let loop: EventLoop
    public private(set) var isClosed = false
    private var onClose: (() -> Void)?

    init(loop: EventLoop, type: uv_handle_type) {
        self.loop = loop
        raw = calloc(1, uv_handle_size(type))!.assumingMemoryBound(to: uv_handle_t.self)
    }

    func typed<T>(_: T.Type) -> UnsafeMutablePointer<T> { UnsafeMutableRawPointer(raw).assumingMemoryBound(to: T.self) }

    /// Call once the uv_*_init succeeded.
    func retainWhileOpen() { raw.pointee.data = Unmanaged.passRetained(self).toOpaque() }

    static func object<T: Handle>(_ h: UnsafeMutableRawPointer?, as: T.Type) -> T {
        let raw = h!.assumingMemoryBound(to: uv_handle_t.self)
        return unsafeDowncast(Unmanaged<Handle>.fromOpaque(raw.pointee.data).takeUnretainedValue(), to: T.self)
    }

    /// Closes the handle; `completion` runs once libuv has let go of it.
    public func close(_ completion: (() -> Void)? = nil) {
        guard !isClosed else { completion?(); return }
        isClosed = true
        onClose = completion
        willClose()
        if raw.pointee.data == nil {   // never opened
            free(raw)
            completion?()
            return
        }
        uv_close(raw) { h in
            let me = Unmanaged<Handle>.fromOpaque(h!.pointee.data)
            let obj = me.takeUnretainedValue()
            let done = obj.onClose
            obj.onClose = nil
            free(h)
            me.release()
            done?()
        }
    }

    /// Subclasses drop their callbacks here, to break reference cycles.
    func willClose() {}

    /// Lets the loop end while this handle is active.
    public func unref() { uv_unref(raw) }
}

public final class Timer: Handle {
    private var callback: (() -> Void)?

    public init(_ loop: EventLoop) {
        super.init(loop: loop, type: UV_TIMER)
        uv_timer_init(loop.uv, typed(uv_timer_t.self))
        retainWhileOpen()
    }

    /// Fires once after `millis`, then every `repeatMillis` if it is non-zero.
    public func start(afterMillis millis: UInt64, repeatMillis: UInt64 = 0, _ callback: @escaping () -> Void) {
        guard !isClosed else { return }
        self.callback = callback
        uv_timer_start(typed(uv_timer_t.self), { t in Handle.object(t, as: Timer.self).callback?() }, millis, repeatMillis)
    }

    public func stop() { if !isClosed { uv_timer_stop(typed(uv_timer_t.self)) } }

    override func willClose() { callback = nil }
}

public final class SignalWatcher: Handle {
    private var callback: (() -> Void)?

    /// Watches `signal` without keeping the loop alive.
    public init(_ loop: EventLoop, signal: Int32, _ callback: @escaping () -> Void) {
        self.callback = callback
        super.init(loop: loop, type: UV_SIGNAL)
        uv_signal_init(loop.uv, typed(uv_signal_t.self))
        retainWhileOpen()
        uv_signal_start(typed(uv_signal_t.self), { s, _ in Handle.object(s, as: SignalWatcher.self).callback?() }, signal)
        unref()
    }

    override func willClose() { callback = nil }
}
