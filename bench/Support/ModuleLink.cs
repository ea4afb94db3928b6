using System.Runtime.Versioning;
using LuatHost.Sim.Module;
using LuatHost.Sim.Module.Serving;
using LuatHost.Transport;

namespace LuatHost.Bench.Support;

/// <summary>A host-side stream with a virtual module on the other end, and whatever must be disposed with it.</summary>
public sealed class ModuleLink(Stream host, VirtualModule module, IAsyncDisposable owner, string description) : IAsyncDisposable
{
    public Stream Host { get; } = host;

    public VirtualModule Module { get; } = module;

    public string Description { get; } = description;

    /// <summary>In process: the host end of an in-memory duplex, as `luathost run` without --port uses it.</summary>
    public static async Task<ModuleLink> InMemoryAsync(ModuleOptions? options = null)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        var module = new VirtualModule(device, options ?? new ModuleOptions()).Start();
        await module.Booted.ConfigureAwait(false);
        return new ModuleLink(host, module, module, "in-memory duplex");
    }

    /// <summary>Through the kernel: a pty whose slave is opened with System.IO.Ports, exactly as a USB serial port.</summary>
    [SupportedOSPlatform("linux")]
    public static async Task<ModuleLink> PtyAsync(ModuleOptions? options = null)
    {
        var server = PtyModuleServer.Start(options ?? new ModuleOptions());
        await server.Module.Booted.ConfigureAwait(false);
        var host = SerialLink.Open(server.DevicePath);
        return new ModuleLink(host, server.Module, server, $"pty {server.DevicePath}");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        await owner.DisposeAsync().ConfigureAwait(false);
    }
}
