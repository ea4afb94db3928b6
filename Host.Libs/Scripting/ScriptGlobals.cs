using LuatHost.Runtime;
using NLog;

namespace LuatHost.Scripting;

/// <summary>
/// What a C# script sees as globals: the Luat library names (`sys`, `log`, `misc`, `aLiYun`,
/// `aLiYunOta`), backed by the same C# services as the Lua bindings. Adding a service later is
/// one property here; the script compile cache keys on this assembly, so old compiled scripts are
/// rebuilt automatically.
/// </summary>
public class ScriptGlobals
{
    public ScriptGlobals(EventLoop loop, LuatMessageBus? bus = null, Logger? scriptLogger = null)
    {
        Loop = loop ?? throw new ArgumentNullException(nameof(loop));
        Bus = bus ?? new LuatMessageBus(loop);
        sys = new ScriptSys(loop, Bus);
        log = new ScriptLog(scriptLogger);
    }

    /// <summary>The loop the script runs on; every callback and await continuation runs on its thread.</summary>
    public EventLoop Loop { get; }

    /// <summary>The sys message bus, shared with the C# services that publish Luat messages to scripts.</summary>
    public LuatMessageBus Bus { get; }

    /// <summary>Arguments after the script path on the command line.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

#pragma warning disable IDE1006 // Luat's global names, so a Lua flow ports line for line.
    public ScriptSys sys { get; }

    public ScriptLog log { get; }

    // Placeholders for the C# services another part provides; each becomes its facade type
    // (identity/clock, Aliyun client, Aliyun OTA). Null until the host wires the service in.
    public object? misc { get; init; }

    public object? aLiYun { get; init; }

    public object? aLiYunOta { get; init; }

    /// <summary>Lua's print: arguments joined with TAB.</summary>
    public void print(params object?[] args) => log.Print(args);
#pragma warning restore IDE1006
}
