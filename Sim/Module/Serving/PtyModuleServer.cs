using System.Runtime.Versioning;

namespace LuatHost.Sim.Module.Serving;

/// <summary>
/// A virtual module behind a Linux pty (<c>luathost sim --pty</c>): open <see cref="DevicePath"/> with any serial
/// program (or System.IO.Ports) and talk AT to it. One module, powered on once, for the life of the pty.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PtyModuleServer : IAsyncDisposable
{
    private readonly PseudoTerminal _pty;

    private PtyModuleServer(PseudoTerminal pty, VirtualModule module)
    {
        _pty = pty;
        Module = module;
    }

    /// <summary>The <c>/dev/pts/N</c> path a serial client opens.</summary>
    public string DevicePath => _pty.SlavePath;

    public VirtualModule Module { get; }

    public static PtyModuleServer Start(ModuleOptions options)
    {
        var pty = PseudoTerminal.Open();
        var module = new VirtualModule(pty.OpenMasterStream(), options).Start();
        return new PtyModuleServer(pty, module);
    }

    public async ValueTask DisposeAsync()
    {
        await Module.DisposeAsync().ConfigureAwait(false);
        _pty.Dispose();
    }
}
