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
    /// Stack kept free below the limit: enough for the deepest native work
    /// between two checks (conversions, a dispatch loop, the allocator).
    static let reserve: UInt = 256 * 1024

    /// The thread the limit was computed for.
    private var thread: pthread_t?
    /// The lowest stack address a native-to-JavaScript call may start at.
    private var limit: UInt = 0

    /// True when the current stack position leaves `reserve` bytes above
    /// the end of this thread's stack.
    @inline(__always) mutating func hasRoom() -> Bool {
        let here = NativeStackGuard.currentAddress()
        let me = pthread_self()
        if thread == nil || pthread_equal(thread!, me) == 0 {
            thread = me
            limit = NativeStackGuard.lowestUsableAddress(from: here)
        }
        return here >= limit
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

    /// The end of the current thread's stack plus `reserve`; when the
    /// stack's bounds cannot be read, 512 KB below `here`.
    static func lowestUsableAddress(from here: UInt) -> UInt {
        let fallback = here > 512 * 1024 ? here - 512 * 1024 : 0
        #if canImport(Glibc)
        // `pthread_getattr_np` is a GNU extension the Glibc module does not
        // declare; it is looked up once.
        guard let getAttributes = NativeStackGuard.getAttributes else { return fallback }
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return fallback }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return fallback }
        let low = UInt(bitPattern: address)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let low = top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return fallback
        #endif
        guard low < here, here - low > reserve else { return here }  // no room at all
        return low + reserve
    }
}
