using LuatHost.Modem;
using LuatHost.Transport;

namespace LuatHost.At.Tests;

/// <summary>An engine on the host end of a real in-memory duplex and a scripted module on the device end.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>Only stops a broken test from hanging; no assertion depends on it.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    public EngineHarness(bool echo = false, AtEngineOptions? options = null)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        Module = new ScriptedModule(device, echo);
        Engine = new AtEngine(host, Air724Dialect.Table, options);
    }

    public ScriptedModule Module { get; }

    public AtEngine Engine { get; }

    public Air724 Modem => _modem ??= new Air724(Engine);

    private Air724? _modem;

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Module.DisposeAsync();
    }
}

internal static class TaskTestExtensions
{
    /// <summary>Awaits with the hang guard so a broken test fails instead of hanging the run.</summary>
    public static Task<T> Guarded<T>(this Task<T> task) => task.WaitAsync(EngineHarness.HangGuard);

    public static Task Guarded(this Task task) => task.WaitAsync(EngineHarness.HangGuard);
}
