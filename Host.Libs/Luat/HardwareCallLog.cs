using NLog;

namespace LuatHost.Luat;

/// <summary>
/// Hardware-only Luat calls (GPIO, LDO, LEDs, buses, power management, crash upload) have no effect on a
/// PC; they are recorded here, and each is logged once (info) as a no-op so a script's intent stays visible.
/// Only the latest calls are kept: a script that blinks a LED or polls an ADC for days makes millions.
/// </summary>
public sealed class HardwareCallLog
{
    private const int Kept = 1000;
    private static readonly Logger Log = LogManager.GetLogger("luat.hardware");
    private readonly Queue<string> _calls = new();
    private readonly HashSet<string> _logged = [];

    /// <summary>The latest calls (at most 1,000), oldest first.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    public void Record(string call)
    {
        if (_calls.Count == Kept) _calls.Dequeue();
        _calls.Enqueue(call);
        var paren = call.IndexOf('(');
        var name = paren < 0 ? call : call[..paren];
        if (_logged.Add(name)) Log.Info("{Call} is a no-op on the PC (logged once)", name);
    }
}
