using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>R3, a module that answers ERROR, and a C# flow against a silent module.</summary>
public sealed class RefusingModuleBadInputTests(ITestOutputHelper output)
{
    private static readonly BadInputCase[] Cases =
    [
        new("module answering ERROR", 3, "ERROR",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", f.StartFakeModule(FakeModuleBehaviour.AnswersError)]),
        new("C# flow against a silent module", 3, "does not answer AT",
            f => ["run", BadInputProjects.CSharpFlow(f, "log.info(\"r3\", \"hi\");\n"), "--port", f.StartFakeModule(FakeModuleBehaviour.Silent)]),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Module_that_refuses_or_stays_silent_ends_the_run_with_exit_3_and_says_so(string name) =>
        BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
}
