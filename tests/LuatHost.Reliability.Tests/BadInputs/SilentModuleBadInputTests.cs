using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// R3, a module that never says OK (silent, or noise as at a wrong baud): the host's 15 s readiness budget runs out
/// and the run ends with exit 3. Separate classes so xunit runs the waits side by side.
/// </summary>
public sealed class SilentModuleBadInputTests(ITestOutputHelper output)
{
    private static readonly BadInputCase[] Cases =
    [
        new("module silent (wrong baud)", 3, "does not answer AT",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", f.StartFakeModule(FakeModuleBehaviour.Silent)]),
        new("module answering noise (wrong baud)", 3, "does not answer AT",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", f.StartFakeModule(FakeModuleBehaviour.Garbage)]),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Module_that_never_answers_OK_ends_the_run_with_exit_3_and_says_so(string name) =>
        BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
}
