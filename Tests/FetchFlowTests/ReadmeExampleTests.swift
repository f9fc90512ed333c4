import FetchFlow
import Testing

/// The Swift example of README.md, kept compiling and passing.
@Suite struct ReadmeExampleTests {
    @Test func readmeStepByStepExample() async throws {
        let script = """
        const res = await fetch("https://api.example.com/users/1");
        const user = await res.json();
        console.log("hello", user.name);
        user.id
        """
        var result = try await executeCode(script)
        var pauses = 0
        while case .paused(let pause) = result {
            pauses += 1
            var responses: [FetchResponse] = []
            for request in pause.requests {
                responses.append(.success(id: request.id, status: 200,
                                          headers: ["content-type": "application/json"],
                                          body: #"{"id": 1, "name": "Ada"}"#))
            }
            result = try await resumeExecution(pause.snapshot, responses)
        }
        guard case .completed(let completion) = result else {
            Issue.record("expected completion")
            return
        }
        #expect(pauses == 1)
        #expect(completion.value == .number(1))
        #expect(completion.logs.map(\.text) == ["hello Ada"])
    }
}
