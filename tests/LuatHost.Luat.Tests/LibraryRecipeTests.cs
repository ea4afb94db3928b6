using LuatHost.Luat;
using LuatHost.Luat.Binding;
using LuatHost.Runtime;

namespace LuatHost.Luat.Tests;

/// <summary>
/// docs/ARCHITECTURE.md's recipe "Add a Luat library", followed to the letter: a library object with C# functions, a
/// constant and a Lua part, listed with the built-ins, then required and called from Lua.
/// </summary>
public sealed class LibraryRecipeTests
{
    // Step 1 of the recipe: one static class per library (in Host.Libs/Luat/Modules/ for a real one).
    private static class GreeterModule
    {
        public static LuatLibrary Library { get; } = new("greeter", LuatLibraryKind.Required, Register);

        private static void Register(LuatLibraryBuilder lib) =>
            lib.Function("hello", lua =>
                {
                    lua.PushText("hello " + lua.Text(1, "greeter.hello"));
                    return 1;
                })
                .Constant("VERSION", "1.0.0")
                .LuaPart("shout", """
                    local greeter = ...
                    function greeter.shout(name) return greeter.hello(name):upper() end
                    """);
    }

    [Fact]
    public void A_library_added_as_the_recipe_says_is_required_and_called_from_lua()
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        // Step 2: listed with the built-ins (a real library gets one line in LuatLibraryCatalog.BuiltIn).
        using var runtime = new LuatRuntime(loop, project.Options(), libraries: [.. LuatLibraryCatalog.BuiltIn, GreeterModule.Library]);

        var outcome = runtime.RunString("require 'greeter' print(greeter.hello('lua'), greeter.VERSION, greeter.shout('luat'))");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["hello lua\t1.0.0\tHELLO LUAT"], project.Lines);
    }

    [Fact]
    public void A_wrong_argument_to_the_new_library_is_a_lua_error_naming_the_function()
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options(), libraries: [.. LuatLibraryCatalog.BuiltIn, GreeterModule.Library]);

        var outcome = runtime.RunString("require 'greeter' local ok, err = pcall(greeter.hello, {}) print(ok, err:find('greeter.hello', 1, true) ~= nil)");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["false\ttrue"], project.Lines);
    }

    [Fact]
    public void A_library_required_first_inside_a_task_is_the_full_table()
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options(), libraries: [.. LuatLibraryCatalog.BuiltIn, GreeterModule.Library]);

        // Luat projects often require a library at the top of a task function, i.e. on the task's Lua thread.
        var outcome = runtime.RunString("""
            local co = coroutine.create(function()
              local g = require 'greeter'
              print(type(g.hello), g.VERSION, g.shout('task'), greeter == g)
            end)
            print(coroutine.resume(co))
            """);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["function\t1.0.0\tHELLO TASK\ttrue", "true"], project.Lines);
    }
}
