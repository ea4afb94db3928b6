using LuatHost.Luat;
using LuatHost.Runtime;

namespace LuatHost.Luat.Tests;

/// <summary>Runs Lua code in a fresh Luat state (real VM, real libraries) and collects what it printed.</summary>
internal static class LuaSnippet
{
    public static (LuatRunOutcome Outcome, List<string> Lines) Run(string code, bool unsafeMode = false)
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options(unsafeMode));
        var outcome = runtime.RunString(code);
        return (outcome, project.Lines);
    }

    /// <summary>Runs code that must succeed; returns its printed lines.</summary>
    public static List<string> Lines(string code)
    {
        var (outcome, lines) = Run(code);
        Assert.True(outcome.Succeeded, outcome.Error);
        return lines;
    }

    /// <summary>The single line printed by `print(expression)`.</summary>
    public static string Eval(string expression) => Assert.Single(Lines($"print({expression})"));
}
