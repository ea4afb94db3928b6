using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Sim.Module;
using LuatHost.Transport;

namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>
/// The host's real AT engine and Air724 dialect on a virtual module over an in-memory duplex: booted, ready (AT answers)
/// and echo off, as the host leaves a module before its first real command.
/// </summary>
public sealed class EngineOnModule : IAsyncDisposable
{
    private EngineOnModule(VirtualModule module, AtEngine engine)
    {
        Module = module;
        Engine = engine;
        Modem = new Air724(engine);
    }

    public VirtualModule Module { get; }

    public AtEngine Engine { get; }

    public Air724 Modem { get; }

    public static async Task<EngineOnModule> StartAsync(ModuleOptions options)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        var rig = new EngineOnModule(new VirtualModule(device, options).Start(), new AtEngine(host, Air724Dialect.Table));
        await rig.Module.Booted;
        // The boot URCs may arrive while the first AT is pending; the readiness probe expects that.
        await rig.Modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(20));
        await rig.Modem.Identity.SetEchoAsync(false);
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Module.DisposeAsync();
    }
}
