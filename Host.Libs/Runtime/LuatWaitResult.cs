namespace LuatHost.Runtime;

/// <summary>
/// Outcome of sys.waitUntil: Lua returns `true, args…` on the message and `false` on timeout.
/// </summary>
public readonly record struct LuatWaitResult(bool Received, object?[] Args)
{
    public static LuatWaitResult TimedOut { get; } = new(false, []);
}
