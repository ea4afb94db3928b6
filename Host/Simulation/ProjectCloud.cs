using LuatHost.Sim.Cloud;
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

    private readonly string? _registryCopy;
    private readonly CloudScript? _script;

    private ProjectCloud(LocalCloud cloud, string? registryCopy, CloudScript? script)
    {
        Cloud = cloud;
        _registryCopy = registryCopy;
        _script = script;
    }

    public LocalCloud Cloud { get; }

    public static async Task<ProjectCloud> StartAsync(string projectDirectory, CancellationToken cancellationToken = default)
    {
        var registry = Path.Combine(projectDirectory, RegistryFileName);
        string? copy = null;
        if (File.Exists(registry))
        {
            var directory = Path.Combine(Path.GetTempPath(), "luathost-run", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            copy = Path.Combine(directory, RegistryFileName);
            File.Copy(registry, copy);
        }
        LocalCloud cloud;
        try
        {
            cloud = await LocalCloud.StartAsync(new LocalCloudOptions { RegistryPath = copy }, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex) when (copy is not null)
        {
            // Name the user's file, not our per-run copy of it.
            throw new ProjectConfigurationException(ex.Message.Replace(copy, registry, StringComparison.Ordinal) + " (schema: Sim/Cloud/README.md)", ex);
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
            return new ProjectCloud(cloud, copy, script);
        }
        catch
        {
            await cloud.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Virtual-module options wired to this cloud; the identity (and its SN file) is kept from <paramref name="baseOptions"/>.</summary>
    public ModuleOptions ModuleOptions(ModuleOptions? baseOptions = null, RealismProfile? realism = null) =>
        CloudModuleOptions.For(Cloud, baseOptions?.Identity, realism);

    public async ValueTask DisposeAsync()
    {
        _script?.Dispose();
        await Cloud.DisposeAsync().ConfigureAwait(false);
        if (_registryCopy is not null)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(_registryCopy)!, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp copy is harmless.
            }
        }
    }
}
