using NLog;

namespace LuatHost.Luat;

/// <summary>
/// Hardware-only Luat calls (GPIO, LDO, LEDs, power management, crash upload) have no effect on a
/// PC; they are recorded here and logged at debug level so a script's intent stays visible.
/// </summary>
public sealed class HardwareCallLog
{
    private static readonly Logger Log = LogManager.GetLogger("luat.hardware");
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls => _calls;

    public void Record(string call)
    {
        _calls.Add(call);
        Log.Debug("no-op on PC: {Call}", call);
    }
}
