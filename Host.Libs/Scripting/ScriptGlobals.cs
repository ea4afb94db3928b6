using LuatHost.Aliyun.Ota;
using LuatHost.Runtime;
using NLog;

namespace LuatHost.Scripting;

/// <summary>
/// What a C# script sees as globals: the Luat library names (`sys`, `log`, `misc`, `aLiYun`, `aLiYunOta`), backed
/// by the same C# services as the Lua bindings. Without a <see cref="ScriptDevice"/> the module-backed globals exist
/// but say "no module attached" when used. Adding a service later is one property here; the script compile cache
/// keys on this assembly, so old compiled scripts are rebuilt automatically.
/// </summary>
public class ScriptGlobals
{
    public ScriptGlobals(EventLoop loop, LuatMessageBus? bus = null, Logger? scriptLogger = null, ScriptDevice? device = null)
        : this(loop, bus, new ScriptLog(scriptLogger), device)
    {
    }

    /// <summary>Globals whose log/print lines go to <paramref name="output"/> as is (the CLI's script output).</summary>
    public ScriptGlobals(EventLoop loop, Action<string> output, ScriptDevice? device = null, LuatMessageBus? bus = null)
        : this(loop, bus, new ScriptLog(output), device)
    {
    }

    private ScriptGlobals(EventLoop loop, LuatMessageBus? bus, ScriptLog scriptLog, ScriptDevice? device)
    {
        Loop = loop ?? throw new ArgumentNullException(nameof(loop));
        Bus = bus ?? new LuatMessageBus(loop);
        Device = device;
        sys = new ScriptSys(loop, Bus);
        log = scriptLog;
        misc = new ScriptMisc(device, Bus, log);
        aLiYun = new ScriptALiYun(device, loop, log);
        http = new ScriptHttp(device);
        socket = new ScriptSocket(device);
        mqtt = new ScriptMqtt(device);
        aLiYunOta = new ScriptALiYunOta(aLiYun, log, loop, () => AliyunOta.DefaultVersion(PROJECT, VERSION), device);
    }

    /// <summary>The loop the script runs on; every callback and await continuation runs on its thread.</summary>
    public EventLoop Loop { get; }

    /// <summary>The sys message bus, shared with the C# services that publish Luat messages to scripts.</summary>
    public LuatMessageBus Bus { get; }

    /// <summary>The module the services drive; null when none is attached.</summary>
    public ScriptDevice? Device { get; }

    /// <summary>Arguments after the script path on the command line.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

#pragma warning disable IDE1006, CA1707 // Luat's global names, so a Lua flow ports line for line.
    /// <summary>Luat's PROJECT global (aLiYunOta's default version is PROJECT_VERSION_core).</summary>
    public string PROJECT { get; set; } = "";

    /// <summary>Luat's VERSION global, "X.X.X".</summary>
    public string VERSION { get; set; } = "";

    public ScriptSys sys { get; }

    public ScriptLog log { get; }

    /// <summary>Module identity over AT (IMEI, SN, model), as Luat's misc.</summary>
    public ScriptMisc misc { get; }

    /// <summary>The Aliyun IoT client, as Luat's aLiYun, with async forms.</summary>
    public ScriptALiYun aLiYun { get; }

    /// <summary>Aliyun OTA (version report, upgrade topic), as Luat's aLiYunOta.</summary>
    public ScriptALiYunOta aLiYunOta { get; }

    /// <summary>HTTP through the module's own client, as Luat's http, in async form.</summary>
    public ScriptHttp http { get; }

    /// <summary>TCP/TLS clients on the module's links, as Luat's socket, in async form.</summary>
    public ScriptSocket socket { get; }

    /// <summary>MQTT clients over the module's links, as Luat's mqtt, in async form.</summary>
    public ScriptMqtt mqtt { get; }

    /// <summary>Lua's print: arguments joined with TAB.</summary>
    public void print(params object?[] args) => log.Print(args);
#pragma warning restore IDE1006, CA1707

    /// <summary>The run starts: the module-backed services begin their start-up reads (misc reads the identity).</summary>
    internal void StartServices() => misc.Start();

    /// <summary>The run ended: stop the Aliyun client (closes the MQTT link) and OTA. The host owns the module link.</summary>
    internal async ValueTask StopServicesAsync()
    {
        aLiYunOta.Shutdown();
        await aLiYun.ShutdownAsync().ConfigureAwait(false);
    }
}
