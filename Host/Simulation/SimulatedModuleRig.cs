using LuatHost.Aliyun.Signing;
using LuatHost.Runtime;
using LuatHost.Sim.Module;
using LuatHost.Transport;
using NLog;

namespace LuatHost.Cli.Simulation;

/// <summary>
/// What `run` uses without --port: a virtual Air724UG in process, on the device side of an
/// in-memory duplex; the host side goes to the AT engine exactly as a serial port would.
/// (The local cloud joins here: pass ModuleOptions whose HostMap points at it.)
/// </summary>
public sealed class SimulatedModuleRig : IAsyncDisposable
{
    private static readonly Logger SmsLog = LogManager.GetLogger("luathost.sms");
    private static readonly Logger CallLog = LogManager.GetLogger("luathost.call");

    private SimulatedModuleRig(Stream hostLink, Stream deviceLink, VirtualModule module)
    {
        HostLink = hostLink;
        DeviceLink = deviceLink;
        Module = module;
    }

    /// <summary>The host end: give it to the AT engine.</summary>
    public Stream HostLink { get; }

    public VirtualModule Module { get; }

    private Stream DeviceLink { get; }

    /// <summary>The folder the virtual module keeps its SN in (its "NV"), beside the device data folders.</summary>
    public static string DefaultStateDirectory(string imei) =>
        Path.Combine(Environment.CurrentDirectory, ".luathost", imei);

    public static SimulatedModuleRig Start(ModuleOptions? options = null)
    {
        options ??= DefaultOptions();
        var (host, device) = InMemoryDuplex.CreatePair();
        var module = new VirtualModule(device, options).Start();
        // No phone receives what a script sends here: show it, so `sms.send` can be watched working.
        module.Sms.Submitted += sms => SmsLog.Info("virtual network: short message {Message}", SimPhoneNetwork.Describe(sms));
        module.Calls.Dialling += number => CallLog.Info("virtual network: call to {Number} ({Party})", number, SimPhoneNetwork.DescribeParty(options));
        return new SimulatedModuleRig(host, device, module);
    }

    /// <summary>The default virtual module; its SN persists in `.luathost/&lt;imei&gt;/module_sn.txt` like module NV.</summary>
    public static ModuleOptions DefaultOptions()
    {
        var imei = new ModuleIdentity().Imei;
        var directory = DefaultStateDirectory(imei);
        SecretFile.CreateFolder(directory);
        var snFile = Path.Combine(directory, "module_sn.txt");
        // Older versions left the stored SN (a DeviceSecret after dynamic registration) readable by everyone.
        if (!OperatingSystem.IsWindows() && File.Exists(snFile)) File.SetUnixFileMode(snFile, SecretFile.OwnerOnlyFile);
        return new ModuleOptions { Identity = new ModuleIdentity { SnFile = snFile } };
    }

    public async ValueTask DisposeAsync()
    {
        await HostLink.DisposeAsync().ConfigureAwait(false);
        await Module.DisposeAsync().ConfigureAwait(false);
        await DeviceLink.DisposeAsync().ConfigureAwait(false);
    }
}
