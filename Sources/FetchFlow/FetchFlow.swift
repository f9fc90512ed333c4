// FetchFlow: run JavaScript that awaits `fetch()`, stop at any pending
// fetch, keep the whole execution state as a portable `Snapshot`, and
// continue later -- in another process or on another machine -- with the
// HTTP responses injected.
//
// Entry points:
// - `FetchVM`: execute / resume / respond / run(using:) (REPL-style global scope).
// - `executeCode(_:)`, `resumeExecution(_:_:)`: the original one-shot API.
// - `Fetcher` drivers: `URLSessionFetcher` (HTTP), `MockFetcher` (tables in
//   the CLI mock-file format).
// - `CommandLineTool`: the `fetchflow` command line (docs/cli-contract.md).
