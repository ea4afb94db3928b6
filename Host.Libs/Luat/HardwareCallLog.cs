using NLog;

namespace LuatHost.Luat;

/// <summary>
/// Hardware-only Luat calls (GPIO, LDO, LEDs, power management, crash upload) have no effect on a
/// PC; they are recorded here, and each is logged once (info) as a no-op so a script's intent stays visible.
/// </summary>
public sealed class HardwareCallLog
{
    private static readonly Logger Log = LogManager.GetLogger("luat.hardware");
    private readonly List<string> _calls = [];
    private readonly HashSet<string> _logged = [];

    public IReadOnlyList<string> Calls => _calls;

    public void Record(string call)
    {
        _calls.Add(call);
        var name = call.Split('(')[0];
        if (_logged.Add(name)) Log.Info("{Call} is a no-op on the PC (logged once)", name);
    }
}
