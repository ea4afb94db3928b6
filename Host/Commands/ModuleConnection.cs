using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Modem;
using LuatHost.Sim.Module;
using LuatHost.Transport;

namespace LuatHost.Cli.Commands;

/// <summary>
/// The module a run talks to, ready for commands: a real one on <c>--port</c>, or (no port) the virtual Air724UG
/// routed to a local cloud loaded from the project's folder (<c>cloud-registry.json</c>, <c>cloud-script.json</c>).
/// Lua projects and C# scripts open it the same way.
/// </summary>
internal sealed class ModuleConnection : IAsyncDisposable
{
    /// <summary>Exit code when the link cannot be opened or the module does not answer AT.</summary>
    public const int ModuleUnavailable = 3;

    private static readonly TimeSpan ReadyBudget = TimeSpan.FromSeconds(15);
    private readonly ProjectCloud? _cloud;
    private readonly SimulatedModuleRig? _rig;

    private ModuleConnection(Air724 modem, ProjectCloud? cloud, SimulatedModuleRig? rig)
    {
        Modem = modem;
        Device = new LuatDevice(modem);
        _cloud = cloud;
        _rig = rig;
    }

    /// <summary>The one Air724 of this link: every service of the run (Lua or C#) is handed this instance.</summary>
    public Air724 Modem { get; }

    public AtEngine Engine => Modem.Engine;

    /// <summary>The user's <c>--map</c> rules first (first match wins), then the local cloud's <c>*.aliyuncs.com</c> routes.</summary>
    private static ModuleOptions MappedOptions(ProjectCloud cloud, IReadOnlyList<string> mapRules, RealismProfile? realism)
    {
        var cloudOptions = cloud.ModuleOptions(SimulatedModuleRig.DefaultOptions(), realism);
        if (mapRules.Count == 0)
        {
            return cloudOptions;
        }
        var map = new HostMap();
        foreach (var rule in mapRules)
        {
            try
            {
                map.AddSpec(rule);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException("--map: " + ex.Message + " (write HOST[:PORT]=IP:PORT)", ex);
            }
        }
        return new ModuleOptions
        {
            Identity = cloudOptions.Identity,
            HostMap = CloudModuleOptions.Routes(cloud.Cloud, map),
            PinnedCertificate = cloudOptions.PinnedCertificate,
            Realism = cloudOptions.Realism,
        };
    }

    public LuatDevice Device { get; }

    /// <summary>
    /// The module's data directory on the PC: <paramref name="fs"/> when given, else <c>.luathost/&lt;imei&gt;/</c> under the
    /// current directory, so each module keeps its own files (the Lua device file system, the SN fallback file).
    /// </summary>
    public async Task<string> DataDirectoryAsync(string? fs, CancellationToken ct) => fs is not null
        ? Path.GetFullPath(fs)
        : Path.Combine(Environment.CurrentDirectory, ".luathost", await Device.Identity.GetImeiAsync(ct).ConfigureAwait(false));

    /// <summary>The local cloud's web console once it is up, when the run uses the virtual module (null otherwise).</summary>
    public async Task<Uri?> ConsoleUrlAsync()
    {
        if (_cloud is null) return null;
        await _cloud.ConsoleStarted.ConfigureAwait(false);
        return _cloud.ConsoleUrl;
    }

    /// <summary>Opens the link and waits until AT answers; on failure prints one line to <paramref name="errors"/> and returns null.</summary>
    public static async Task<ModuleConnection?> OpenAsync(string? port, int baud, string? recordPath, string projectDirectory, TextWriter errors,
        CancellationToken ct, RealismProfile? realism = null, IReadOnlyList<string>? mapRules = null)
    {
        mapRules ??= [];
        if (port is not null && mapRules.Count > 0)
        {
            errors.WriteLine("luathost run: --map points the virtual module's connections elsewhere; a real module (--port) resolves names itself, so drop --map or --port");
            return null;
        }
        ProjectCloud? cloud = null;
        SimulatedModuleRig? rig = null;
        Stream link;
        if (port is not null)
        {
            try
            {
                link = await TransportFactory.OpenAsync(port, new TransportOptions { BaudRate = baud, RecordPath = recordPath, Redact = new TranscriptRedactor(SecretRedactor.Shared, Air724Dialect.Table).Redact }, ct).ConfigureAwait(false);
            }
            catch (TransportException ex)
            {
                errors.WriteLine($"luathost run: {ex.Message}");
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or TimeoutException or System.Net.Sockets.SocketException)
            {
                errors.WriteLine($"luathost run: cannot open {port}: {ex.Message}; check the name with `luathost ports` and that no other program holds the port");
                return null;
            }
        }
        else
        {
            // A broken cloud-registry.json or cloud-script.json throws ProjectConfigurationException (an input mistake).
            cloud = await ProjectCloud.StartAsync(projectDirectory, ct).ConfigureAwait(false);
            rig = SimulatedModuleRig.Start(MappedOptions(cloud, mapRules, realism));
            link = rig.HostLink;
            if (recordPath is not null)
            {
                try
                {
                    link = RecordingStream.ToFile(link, recordPath, new TranscriptRedactor(SecretRedactor.Shared, Air724Dialect.Table).Redact);
                }
                catch (TransportException ex)
                {
                    errors.WriteLine($"luathost run: {ex.Message}");
                    await rig.DisposeAsync().ConfigureAwait(false);
                    await cloud.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
            }
        }

        var connection = new ModuleConnection(Air724.Open(link), cloud, rig);
        try
        {
            await connection.Device.WaitUntilReadyAsync(ReadyBudget, ct).ConfigureAwait(false);
            return connection;
        }
        catch (AtException ex)
        {
            errors.WriteLine($"luathost run: the module on {port ?? "the virtual link"} does not answer AT ({ex.Message}); check power, port and baud rate");
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Modem.DisposeAsync().ConfigureAwait(false);
        if (_rig is not null) await _rig.DisposeAsync().ConfigureAwait(false);
        if (_cloud is not null) await _cloud.DisposeAsync().ConfigureAwait(false);
    }
}
