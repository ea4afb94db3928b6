using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Sim.Module;
using LuatHost.Transport;

namespace LuatHost.Net.Tests.Support;

/// <summary>The real virtual Air724UG on one end of a real in-memory duplex, the real AT engine and dialect on the other.</summary>
internal sealed class ModemLink : IAsyncDisposable
{
    private readonly Stream _deviceSide;

    private ModemLink(ModuleOptions options, Func<Stream, Stream>? hostSide)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        _deviceSide = device;
        Module = new VirtualModule(device, options).Start();
        Modem = Air724.Open(hostSide is null ? host : hostSide(host));
    }

    public VirtualModule Module { get; }

    public AtEngine Engine => Modem.Engine;

    public Air724 Modem { get; }

    /// <param name="hostSide">Wraps the host's end of the link (how the host's reads see the module's bytes).</param>
    public static async Task<ModemLink> StartAsync(ModuleOptions? options = null, Func<Stream, Stream>? hostSide = null)
    {
        var link = new ModemLink(options ?? new ModuleOptions(), hostSide);
        await link.Modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 100 && !await link.Modem.Network.IsAttachedAsync(); i++)
        {
            await Task.Delay(50);
        }
        return link;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Module.DisposeAsync();
        await _deviceSide.DisposeAsync();
    }
}
