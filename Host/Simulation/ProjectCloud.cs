using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Console;
using LuatHost.Sim.Module;
using NLog;

namespace LuatHost.Cli.Simulation;

/// <summary>
/// The local cloud for one `run` without --port: loads the project's <c>cloud-registry.json</c> (a per-run copy, since
/// the cloud writes activations and registered secrets back, and a demo folder must stay as checked out), or the
/// embedded sample registry; attaches the project's <c>cloud-script.json</c>; and gives the virtual module options
/// that route <c>*.aliyuncs.com</c> to it with its certificate pinned.
/// </summary>
public sealed class ProjectCloud : IAsyncDisposable
{
    public const string RegistryFileName = "cloud-registry.json";

    private static readonly Logger Log = LogManager.GetLogger("luathost.cloud");

    private readonly RunScratchFolder? _scratch;
    private readonly CloudScript? _script;
    private readonly Task<ConsoleServer?> _console;

    private ProjectCloud(LocalCloud cloud, RunScratchFolder? scratch, CloudScript? script, Task<ConsoleServer?> console)
    {
        Cloud = cloud;
        _scratch = scratch;
        _script = script;
        _console = console;
    }

    public LocalCloud Cloud { get; }

    /// <summary>The web console of this run's cloud (loopback, a free port), or null when it could not start or is not up yet.</summary>
    public Uri? ConsoleUrl => _console.IsCompletedSuccessfully ? _console.Result?.Url : null;

    /// <summary>Waits until the console has started (or failed to); its URL is then known.</summary>
    public Task ConsoleStarted => _console;

    public static async Task<ProjectCloud> StartAsync(string projectDirectory, CancellationToken cancellationToken = default)
    {
        var registry = Path.Combine(projectDirectory, RegistryFileName);
        string? copy = null;
        RunScratchFolder? scratch = null;
        if (File.Exists(registry))
        {
            // The copy holds every device's secrets: owner-only, in a folder removed on every way out.
            scratch = RunScratchFolder.Create();
            copy = Path.Combine(scratch.Path, RegistryFileName);
            LuatHost.Aliyun.Signing.SecretFile.Copy(registry, copy);
        }
        LocalCloud cloud;
        try
        {
            cloud = await LocalCloud.StartAsync(new LocalCloudOptions { RegistryPath = copy }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scratch?.Dispose();
            // Name the user's file, not our per-run copy of it.
            if (ex is InvalidDataException && copy is not null)
                throw new ProjectConfigurationException(ex.Message.Replace(copy, registry, StringComparison.Ordinal) + " (schema: Sim/Cloud/README.md)", ex);
            throw;
        }
        try
        {
            CloudScript? script;
            try
            {
                script = CloudScript.AttachFromProject(cloud, projectDirectory);
            }
            catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or InvalidDataException)
            {
                throw new ProjectConfigurationException(ex.Message, ex);
            }
            Log.Info("local cloud on 127.0.0.1 (MQTT {0}, MQTT TLS {1}, HTTPS {2}); registry {3}",
                cloud.MqttEndpoint.Port, cloud.MqttTlsEndpoint.Port, cloud.HttpsEndpoint.Port, copy is null ? "(built-in sample)" : registry);
            // So `luathost cloud ota push` / `cloud property set` reach this run's cloud; a running `luathost cloud` keeps the file.
            if (CloudCli.CloudStateFile.ReadLive() is null)
            {
                CloudCli.CloudStateFile.Write(new CloudCli.CloudState(Environment.ProcessId, cloud.MqttEndpoint.Port, cloud.MqttTlsEndpoint.Port,
                    cloud.HttpEndpoint.Port, cloud.HttpsEndpoint.Port, copy));
            }
            // Started beside the run, not before it: the module and the script do not wait for the web page.
            return new ProjectCloud(cloud, scratch, script, Task.Run(() => StartConsoleAsync(cloud, cancellationToken), CancellationToken.None));
        }
        catch
        {
            await cloud.DisposeAsync().ConfigureAwait(false);
            scratch?.Dispose();
            throw;
        }
    }

    /// <summary>The console on any free loopback port: a run never fails for want of its web page.</summary>
    private static async Task<ConsoleServer?> StartConsoleAsync(LocalCloud cloud, CancellationToken cancellationToken)
    {
        try
        {
            var console = await ConsoleServer.StartAsync(cloud, new ConsoleOptions(), cancellationToken).ConfigureAwait(false);
            Log.Info("console (web page of the local cloud): {0}", console.Url);
            return console;
        }
        catch (ConsoleBindException ex)
        {
            Log.Warn(ex.Message);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            Log.Warn("the console page could not start: {0}", ex.Message);
            return null;
        }
    }

    /// <summary>Virtual-module options wired to this cloud; the identity (and its SN file) is kept from <paramref name="baseOptions"/>.</summary>
    public ModuleOptions ModuleOptions(ModuleOptions? baseOptions = null, RealismProfile? realism = null) =>
        CloudModuleOptions.For(Cloud, baseOptions?.Identity, realism);

    public async ValueTask DisposeAsync()
    {
        _script?.Dispose();
        CloudCli.CloudStateFile.DeleteIfOwn();
        if (await _console.ConfigureAwait(false) is { } console) await console.DisposeAsync().ConfigureAwait(false);
        await Cloud.DisposeAsync().ConfigureAwait(false);
        _scratch?.Dispose();
    }
}
