namespace LuatHost.At;

/// <summary>
/// The module restarted: its MQTT/HTTP state is gone and echo is back on. Raised once per boot (a second RDY before the
/// host's first successful command belongs to the same boot). Consumers re-initialise from their own event loop, never from inside the
/// handler (TinyGSM's re-entrant init() ate the caller's reply, §8).
/// </summary>
public sealed record ModuleRebootEvent(ModuleRebootSignal Signal, string Line, DateTimeOffset At);

public enum ModuleRebootSignal
{
    /// <summary>A boot marker of the dialect (<c>RDY</c>): firmware up.</summary>
    Ready,

    /// <summary>The module echoed a command after the host had switched echo off with ATE0.</summary>
    EchoReappeared,
}
