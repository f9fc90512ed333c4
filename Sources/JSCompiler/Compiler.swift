// The public entry point of the compiler.

/// Source text to `CompiledScript`: parse, analyse scopes, generate code.
public enum Compiler {
    /// Parses and compiles a script. Top-level declarations become slots of
    /// `globals` (updated in place only on success).
    public static func compile(_ source: String, fileName: String,
                               globals: inout GlobalScope) throws -> CompiledScript {
        let program = try JSParser.parseProgram(source, fileName: fileName)
        return try compile(program, fileName: fileName, globals: &globals)
    }

    /// Compiles an already parsed program.
    static func compile(_ program: Program, fileName: String, globals: inout GlobalScope) throws -> CompiledScript {
        let analysis = try ScopeAnalysis(program: program, globals: globals, fileName: fileName)
        let main = try CodeGenerator.compileScript(program, analysis: analysis)
        globals = analysis.globals
        return CompiledScript(main: main)
    }
}
