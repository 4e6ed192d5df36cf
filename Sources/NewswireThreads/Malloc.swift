// glibc malloc, told to keep large blocks for reuse.
#if canImport(Glibc)
import Glibc
#endif

/// By default glibc hands allocations over 128 KiB to mmap and gives freed
/// memory at the top of the heap back to the kernel, so a process that moves
/// messages of a megabyte allocates, faults in and returns fresh pages for
/// every one of them (kernel time that dwarfs the copying). This keeps blocks
/// up to 32 MiB on the heap and up to `keepMiB` of freed memory for reuse.
/// Called once at start by `newswired` and `newswire bench`; a no-op where
/// the C library has no `mallopt`.
public func keepLargeAllocationsForReuse(keepMiB: Int32 = 64) {
    #if canImport(Glibc)
    // <malloc.h> is not in the Glibc module: mallopt is looked up, its two parameters are glibc's constants.
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(nil, "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    let M_TRIM_THRESHOLD: Int32 = -1, M_MMAP_THRESHOLD: Int32 = -3
    _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
    _ = mallopt(M_TRIM_THRESHOLD, keepMiB << 20)
    #endif
}
