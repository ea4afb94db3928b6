using LuatHost.Modem;
using LuatHost.At;
using LuatHost.Sim.Module;
using LuatHost.Transport;

namespace LuatHost.Luat.Tests;

/// <summary>The real virtual Air724UG on one end of a real in-memory duplex, the real AT engine on the other.</summary>
internal sealed class VirtualModuleLink : IAsyncDisposable
{
    private readonly Stream _deviceSide;

    public VirtualModuleLink(ModuleOptions? options = null)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        _deviceSide = device;
        Module = new VirtualModule(device, options ?? new ModuleOptions()).Start();
        Engine = new AtEngine(host, Air724Dialect.Table);
        Device = new LuatDevice(new Air724(Engine));
    }

    public VirtualModule Module { get; }

    public AtEngine Engine { get; }

    public LuatDevice Device { get; }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Module.DisposeAsync();
        await _deviceSide.DisposeAsync();
    }
}
