namespace LuatHost.Sim.Module.Wire;

/// <summary>
/// Returned by a command that hands the line over to raw data (after <c>DOWNLOAD</c> or <c>&gt;</c>): the reader
/// collects the bytes, then <see cref="Complete"/> runs in the module's turn.
/// </summary>
internal sealed class InputRequest
{
    private InputRequest(int? count, TimeSpan limit, int maxLength, Func<byte[], bool, Task<InputRequest?>> complete)
    {
        Count = count;
        Limit = limit;
        MaxLength = maxLength;
        Complete = complete;
    }

    /// <summary>Exact byte count, or null for "until Ctrl-Z or idle gap".</summary>
    public int? Count { get; }

    /// <summary>Total time limit for counted input, idle gap for Ctrl-Z input.</summary>
    public TimeSpan Limit { get; }

    public int MaxLength { get; }

    /// <summary>(data, timedOut) → possibly another request.</summary>
    public Func<byte[], bool, Task<InputRequest?>> Complete { get; }

    public static InputRequest Counted(int count, TimeSpan timeout, Func<byte[], bool, Task<InputRequest?>> complete) =>
        new(count, timeout, count, complete);

    public static InputRequest UntilCtrlZ(int maxLength, TimeSpan idleGap, Func<byte[], bool, Task<InputRequest?>> complete) =>
        new(null, idleGap, maxLength, complete);
}
