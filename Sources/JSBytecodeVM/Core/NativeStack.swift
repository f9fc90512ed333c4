#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// JavaScript called from a native (a `toString` during a conversion, a
// getter during `JSON.stringify`) runs in a nested dispatch loop on the
// Swift stack. JavaScript frames are bounded by `maxCallDepth`, but a
// chain of natives calling each other through conversions pushes no
// JavaScript frame at all (`o.toString = String.prototype.toUpperCase;
// String(o)`), and a raised `maxCallDepth` can outgrow the thread's stack.
// Every native-to-JavaScript call therefore checks how much of the
// thread's stack is left, as QuickJS does.

/// The part of the current thread's stack that native code may use.
struct NativeStackGuard {
    /// Stack kept free at the end: enough for the deepest native work
    /// between two checks (conversions, a dispatch loop, the allocator).
    static let reserve: UInt = 256 * 1024

    /// Native nesting allowed when the stack's bounds are unknown (no API,
    /// or locals live outside the thread's stack, as under AddressSanitizer's
    /// fake stacks).
    static let maxDepthWithoutBounds = 500

    /// The bounds of the stack the last check ran on (`low..<high`); a
    /// position outside them means another thread, whose bounds are read.
    private var low: UInt = 0
    private var high: UInt = 0
    /// False when the bounds are unknown: `depth` decides instead.
    private var known = true

    /// True when native code nested `depth` levels deep (natives calling
    /// JavaScript) may nest once more: the current stack position leaves
    /// `reserve` bytes above the end of this thread's stack.
    @inline(__always) mutating func hasRoom(depth: Int) -> Bool {
        let here = NativeStackGuard.currentAddress()
        if known && (here <= low || here >= high) {
            if let b = NativeStackGuard.bounds(around: here) { (low, high) = b } else { known = false }
        }
        if !known { return depth < NativeStackGuard.maxDepthWithoutBounds }
        return here - low >= NativeStackGuard.reserve
    }

    #if canImport(Glibc)
    private typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
    private static let getAttributes: GetAttributes? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        return unsafeBitCast(symbol, to: GetAttributes.self)
    }()
    #endif

    /// An address in the caller's frame.
    @inline(never) static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The current thread's stack, or nil when its bounds cannot be read
    /// or do not contain `here`.
    static func bounds(around here: UInt) -> (low: UInt, high: UInt)? {
        #if canImport(Glibc)
        // `pthread_getattr_np` is a GNU extension the Glibc module does not
        // declare; it is looked up once.
        guard let getAttributes = NativeStackGuard.getAttributes else { return nil }
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        let low = UInt(bitPattern: address)
        let high = low + UInt(size)
        #elseif canImport(Darwin)
        let high = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let low = high - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return nil
        #endif
        return low < here && here < high ? (low, high) : nil
    }
}
