// Loops, labels, break/continue/return, switch, and try/catch/finally.
//
// `finally` blocks are inlined at every exit of their try statement: normal
// completion, each break/continue/return that leaves it, and a catch-all
// handler that runs the block and rethrows. Code emitted while leaving a try
// statement (inlined `finally` bodies, iterator closing) must not be covered
// by that statement's handler, so each try statement's covered range is a
// list of ranges, split around those exits (`TryRegion`).

/// What a loop keeps on the operand stack while its body runs.
enum LoopStackState {
    case none
    /// `[forInIterator]`: popped when leaving the loop.
    case forIn
    /// `[iterator next]`: closed with `iteratorClose` when leaving the loop early.
    case forOf
}

/// The code ranges one try statement covers, split around the code its
/// exits emit.
final class TryRegion {
    /// Operand-stack depth at the try statement.
    let stackDepth: Int
    private var openStart: Int?
    private(set) var ranges: [Range<Int>] = []

    init(start: Int, stackDepth: Int) {
        self.openStart = start
        self.stackDepth = stackDepth
    }

    /// Stops covering at `pc` (an exit's code follows).
    func suspend(at pc: Int) {
        if let start = openStart, start < pc { ranges.append(start..<pc) }
        openStart = nil
    }

    /// Covers again from `pc`.
    func resume(at pc: Int) {
        openStart = pc
    }
}

/// A `finally` block to inline at each exit of its try statement.
struct FinallyBlock {
    var body: [Statement]
    var scopeID: ScopeID
    /// The scope around the try statement (the block's parent scope).
    var outerScope: Scope
}

/// A construct that `break`, `continue` and `return` may have to leave.
struct ControlContext {
    enum Kind {
        case loop(continueLabel: Label, state: LoopStackState)
        /// A labelled statement that is not a loop.
        case labeledStatement
        case switchBody
        case tryCatch(TryRegion)
        case tryFinally(TryRegion, FinallyBlock)
    }
    var kind: Kind
    /// Where `break` goes (nil for try contexts).
    var breakLabel: Label?
    /// The statement labels naming this construct.
    var labelNames: [String]
}

extension CodeGenerator {
    // MARK: Contexts

    func withControlContext<T>(_ context: ControlContext, _ body: () throws -> T) rethrows -> T {
        controlStack.append(context)
        defer { controlStack.removeLast() }
        return try body()
    }

    /// Emits the exits from every context at index `boundary` and above
    /// (innermost first): closing for-of iterators, popping for-in state,
    /// inlining `finally` blocks; then `finalJump`. The code that follows
    /// (unreachable, or a label) is back at the current depth and covered by
    /// the same try statements as before.
    func emitUnwinding(downTo boundary: Int, then finalJump: () throws -> Void) throws {
        let savedDepth = stackDepth
        var suspended: [TryRegion] = []
        var index = controlStack.count - 1
        while index >= boundary {
            switch controlStack[index].kind {
            case .loop(_, .forOf):
                emit(.iteratorClose)
            case .loop(_, .forIn):
                emit(.pop)
            case .tryCatch(let region):
                region.suspend(at: code.count)
                suspended.append(region)
            case .tryFinally(let region, let finally):
                region.suspend(at: code.count)
                suspended.append(region)
                try emitFinallyBody(finally, outsideContext: index)
            case .loop(_, .none), .labeledStatement, .switchBody:
                break
            }
            index -= 1
        }
        try finalJump()
        for region in suspended { region.resume(at: code.count) }
        stackDepth = savedDepth
    }

    /// Compiles a `finally` body as it appears outside its try statement (the
    /// control contexts below `index`, the scope around the statement).
    private func emitFinallyBody(_ finally: FinallyBlock, outsideContext index: Int) throws {
        let savedControl = controlStack, savedScope = scope
        controlStack = Array(controlStack[..<index])
        scope = finally.outerScope
        defer {
            controlStack = savedControl
            scope = savedScope
        }
        try emitBlock(finally.body, scopeID: finally.scopeID)
    }

    func emitBreak(label: String?, at location: SourceLocation) throws {
        guard let index = controlStack.lastIndex(where: { context in
            if let label { return context.labelNames.contains(label) }
            switch context.kind {
            case .loop, .switchBody: return true
            default: return false
            }
        }), let target = controlStack[index].breakLabel else {
            throw error(label.map { "Undefined label '\($0)'" } ?? "Illegal break statement", at: location)
        }
        try emitUnwinding(downTo: index) { emitJump(.jump, to: target) }
    }

    func emitContinue(label: String?, at location: SourceLocation) throws {
        guard let index = controlStack.lastIndex(where: { context in
            guard case .loop = context.kind else { return false }
            return label.map { context.labelNames.contains($0) } ?? true
        }), case .loop(let target, _) = controlStack[index].kind else {
            throw error(label.map { "Illegal continue statement: '\($0)' does not denote an iteration statement" }
                        ?? "Illegal continue statement: no surrounding iteration statement", at: location)
        }
        try emitUnwinding(downTo: index + 1) { emitJump(.jump, to: target) }
    }

    /// `return value`: through any `finally` blocks and open iterators in between.
    func emitReturn(_ value: Expression?, at location: SourceLocation) throws {
        guard function.node != nil else { throw error("Illegal return statement", at: location) }
        let needsUnwinding = controlStack.contains { context in
            switch context.kind {
            case .loop(_, .forOf), .tryFinally: return true
            default: return false
            }
        }
        if let value {
            try emitExpression(value)
        } else if function.kind == .derivedConstructor {
            try emitThis(at: location)
        } else if !needsUnwinding {
            emit(.returnUndefined)
            return
        } else {
            emit(.pushUndefined)
        }
        guard needsUnwinding else {
            emit(.return)
            return
        }
        try withTemporary { result in
            emit(.setLocal, Int(result))
            try emitUnwinding(downTo: 0) {
                emit(.getLocal, Int(result))
                emit(.return)
            }
        }
    }

    // MARK: Labels and loops

    /// A labelled statement; consecutive labels all name the inner statement.
    func emitLabeled(_ labelNames: [String], body: Statement) throws {
        switch body {
        case .labeled(let label, let inner, _):
            try emitLabeled(labelNames + [label], body: inner)
        case .for, .forIn, .forOf, .while, .doWhile:
            try emitLoop(body, labels: labelNames)
        default:
            let end = makeLabel()
            try withControlContext(ControlContext(kind: .labeledStatement, breakLabel: end, labelNames: labelNames)) {
                try emitStatement(body)
            }
            bind(end)
        }
    }

    /// Compiles a loop body with its break/continue context.
    private func emitLoopBody(_ body: Statement, labels: [String], state: LoopStackState = .none,
                              breakLabel: Label, continueLabel: Label) throws {
        let context = ControlContext(kind: .loop(continueLabel: continueLabel, state: state),
                                     breakLabel: breakLabel, labelNames: labels)
        try withControlContext(context) { try emitStatement(body) }
    }

    func emitLoop(_ statement: Statement, labels: [String]) throws {
        switch statement {
        case .while(let test, let body, let location):
            setLine(location)
            let top = makeLabel(), check = makeLabel(), exit = makeLabel()
            emitJump(.jump, to: check)
            bind(top)
            try emitLoopBody(body, labels: labels, breakLabel: exit, continueLabel: check)
            bind(check)
            setLine(location)
            try emitBranch(test, whenTruthy: true, to: top)
            bind(exit)
        case .doWhile(let body, let test, let location):
            let top = makeLabel(), check = makeLabel(), exit = makeLabel()
            bind(top)
            try emitLoopBody(body, labels: labels, breakLabel: exit, continueLabel: check)
            bind(check)
            setLine(location)
            try emitBranch(test, whenTruthy: true, to: top)
            bind(exit)
        case .for(let initializer, let test, let update, let body, let scopeID, let location):
            try withScope(scopeID) {
                setLine(location)
                switch initializer {
                case .declaration(let declaration)?: try emitVariableDeclaration(declaration)
                case .expression(let expression)?: try emitEffect(expression)
                case nil: break
                }
                let top = makeLabel(), next = makeLabel(), check = makeLabel(), exit = makeLabel()
                if test != nil { emitJump(.jump, to: check) }
                bind(top)
                try emitLoopBody(body, labels: labels, breakLabel: exit, continueLabel: next)
                bind(next)
                // Closures created in this iteration keep this iteration's `let` bindings.
                for binding in scope.declarations where binding.kind == .let {
                    if case .cell(let slot) = binding.storage { emit(.copyCell, Int(slot)) }
                }
                if let update { try emitEffect(update) }
                bind(check)
                setLine(location)
                if let test {
                    try emitBranch(test, whenTruthy: true, to: top)
                } else {
                    emitJump(.jump, to: top)
                }
                bind(exit)
            }
        case .forIn(let head, let object, let body, let scopeID, let location):
            try withScope(scopeID) {
                setLine(location)
                try emitExpression(object)
                emit(.forInStart)
                let top = makeLabel(), exit = makeLabel(), end = makeLabel()
                bind(top)
                emitJump(.forInNext, to: exit)
                try emitForHeadBinding(head)
                try emitLoopBody(body, labels: labels, state: .forIn, breakLabel: end, continueLabel: top)
                emitJump(.jump, to: top)
                bind(exit)
                emit(.pop)
                bind(end)
            }
        case .forOf(let head, let iterable, let body, let scopeID, let location):
            try withScope(scopeID) {
                setLine(location)
                try emitExpression(iterable)
                emit(.getIterator)
                let top = makeLabel(), exit = makeLabel(), end = makeLabel(), handler = makeLabel()
                bind(top)
                emitJump(.iteratorStep, to: exit)
                // A throw from the binding or the body closes the iterator
                // (IteratorClose) and propagates; `next()` itself is outside.
                // The region is a try context inside the loop context, so
                // break/continue/return suspend it around their exit code.
                let region = TryRegion(start: code.count, stackDepth: stackDepth - 1)
                let loop = ControlContext(kind: .loop(continueLabel: top, state: .forOf), breakLabel: end,
                                          labelNames: labels)
                try withControlContext(loop) {
                    try withControlContext(ControlContext(kind: .tryCatch(region), breakLabel: nil, labelNames: [])) {
                        try emitForHeadBinding(head)
                        try emitStatement(body)
                    }
                }
                region.suspend(at: code.count)
                emitJump(.jump, to: top)
                bindHandler(handler, stackDepth: region.stackDepth)
                try withTemporary { exception in
                    emit(.setLocal, Int(exception))
                    emit(.iteratorClose)
                    emit(.getLocal, Int(exception))
                    emit(.throw)
                }
                addHandlers(for: region, at: handler)
                bind(exit)
                emitPops(2)
                bind(end)
            }
        default:
            try emitStatement(statement)
        }
    }

    /// Binds the value of one for-in/of iteration (on the stack) to the loop head,
    /// giving captured `let`/`const` bindings a fresh cell per iteration.
    private func emitForHeadBinding(_ head: ForInOfHead) throws {
        switch head {
        case .declaration(let kind, let pattern) where kind != .var:
            for binding in scope.declarations {
                if case .cell(let slot) = binding.storage { emit(.newCell, Int(slot)) }
            }
            try emitPatternBinding(pattern, mode: .initialize)
        case .declaration(_, let pattern), .pattern(let pattern):
            try emitPatternBinding(pattern, mode: .assign)
        }
    }

    // MARK: Switch

    func emitSwitch(_ discriminant: Expression, cases: [SwitchCase], scopeID: ScopeID, labels: [String]) throws {
        try emitExpression(discriminant)
        try withTemporary { value in
            emit(.setLocal, Int(value))
            try withScope(scopeID) {
                let caseLabels = cases.map { _ in makeLabel() }
                let end = makeLabel()
                for (switchCase, label) in zip(cases, caseLabels) {
                    guard let test = switchCase.test else { continue }
                    emit(.getLocal, Int(value))
                    try emitExpression(test)
                    emit(.strictEq)
                    emitJump(.jumpIfTrue, to: label)
                }
                let defaultIndex = cases.firstIndex { $0.test == nil }
                emitJump(.jump, to: defaultIndex.map { caseLabels[$0] } ?? end)
                try withControlContext(ControlContext(kind: .switchBody, breakLabel: end, labelNames: labels)) {
                    for (switchCase, label) in zip(cases, caseLabels) {
                        bind(label)
                        try emitStatements(switchCase.body)
                    }
                }
                bind(end)
            }
        }
    }

    // MARK: Try

    func emitTry(block: [Statement], blockScope: ScopeID, catchParameter: Pattern?, catchBody: [Statement]?,
                 catchScope: ScopeID, finally: [Statement]?, finallyScope: ScopeID) throws {
        guard let finally else {
            try emitTryCatch(block: block, blockScope: blockScope, parameter: catchParameter,
                             catchBody: catchBody ?? [], catchScope: catchScope)
            return
        }
        let region = TryRegion(start: code.count, stackDepth: stackDepth)
        let finallyBlock = FinallyBlock(body: finally, scopeID: finallyScope, outerScope: scope)
        try withControlContext(ControlContext(kind: .tryFinally(region, finallyBlock), breakLabel: nil,
                                              labelNames: [])) {
            if let catchBody {
                try emitTryCatch(block: block, blockScope: blockScope, parameter: catchParameter,
                                 catchBody: catchBody, catchScope: catchScope)
            } else {
                try emitBlock(block, scopeID: blockScope)
            }
        }
        region.suspend(at: code.count)
        let end = makeLabel(), handler = makeLabel()
        try emitBlock(finally, scopeID: finallyScope)
        emitJump(.jump, to: end)
        bindHandler(handler, stackDepth: region.stackDepth)
        try withTemporary { exception in
            emit(.setLocal, Int(exception))
            try emitBlock(finally, scopeID: finallyScope)
            emit(.getLocal, Int(exception))
            emit(.throw)
        }
        addHandlers(for: region, at: handler)
        bind(end)
    }

    private func emitTryCatch(block: [Statement], blockScope: ScopeID, parameter: Pattern?,
                              catchBody: [Statement], catchScope: ScopeID) throws {
        let region = TryRegion(start: code.count, stackDepth: stackDepth)
        try withControlContext(ControlContext(kind: .tryCatch(region), breakLabel: nil, labelNames: [])) {
            try emitBlock(block, scopeID: blockScope)
        }
        region.suspend(at: code.count)
        let end = makeLabel(), handler = makeLabel()
        emitJump(.jump, to: end)
        bindHandler(handler, stackDepth: region.stackDepth)
        try withScope(catchScope) {
            if let parameter {
                try emitPatternBinding(parameter, mode: .initialize)
            } else {
                emit(.pop)
            }
            try emitStatements(catchBody)
        }
        addHandlers(for: region, at: handler)
        bind(end)
    }

    private func addHandlers(for region: TryRegion, at label: Label) {
        guard let target = labelTarget(label) else { return }
        for range in region.ranges {
            handlers.append(ExceptionHandler(start: UInt32(range.lowerBound), end: UInt32(range.upperBound),
                                             handler: UInt32(target), stackDepth: UInt32(region.stackDepth)))
        }
    }
}
