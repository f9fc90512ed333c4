// Self-hosted builtins: JavaScript compiled when a VM is created. Builtins
// that call back into JavaScript (array callbacks, sort comparators,
// promise combinators, Response/Headers) live here, so that no native
// Swift frame ever sits below a JavaScript frame.
//
// Each fragment is a function expression `(function (I) { ... })`; the VM
// calls it with the intrinsics object `I`, which holds the `%Intrinsics`
// natives (e.g. `I.defineMethod(target, name, fn, length)`) and the
// intrinsic prototypes (`I.ArrayPrototype`, `I.global`, ...). Fragments
// declare nothing at the top level, so scripts never see their helpers.

import JSCompiler

/// The self-hosted JavaScript sources, in installation order.
enum Prelude {
    static let fragments: [(name: String, source: String)] = [
        ("object", object),
        ("array", array),
        ("string", string),
        ("promise", promise),
        ("fetch", fetch),
    ]
}
