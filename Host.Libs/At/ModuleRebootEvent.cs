namespace LuatHost.At;

/// <summary>
/// The module restarted: its MQTT/HTTP state is gone and echo is back on (docs/air724-at.md §2.4). Raised once per boot
/// sequence (RDY then ^MODE: gives one event). Consumers re-initialise from their own event loop, never from inside the
/// handler (TinyGSM's re-entrant init() ate the caller's reply, §8).
/// </summary>
public sealed record ModuleRebootEvent(ModuleRebootSignal Signal, string Line, DateTimeOffset At);

public enum ModuleRebootSignal
{
    /// <summary><c>RDY</c>: firmware up.</summary>
    Ready,

    /// <summary><c>^MODE:</c> without a preceding RDY (RDY is not printed while autobaud is active).</summary>
    ModeReport,

    /// <summary>The module echoed a command after the host had switched echo off with ATE0.</summary>
    EchoReappeared,
}
