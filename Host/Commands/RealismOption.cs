using System.CommandLine;
using LuatHost.Sim.Module;

namespace LuatHost.Cli.Commands;

/// <summary><c>--realism instant|typical|harsh</c> for the virtual module (<c>run</c> without a port, and <c>sim</c>).</summary>
internal static class RealismOption
{
    public static Option<string> Create() => new("--realism")
    {
        Description = "Virtual module behaviour: instant (answers at once), typical (real-module latencies, deaf after boot, RDY sometimes twice) or harsh (the slow end).",
        DefaultValueFactory = _ => "instant",
    };

    /// <summary>Throws <see cref="ArgumentException"/> (an input mistake, exit 2) for anything else.</summary>
    public static RealismProfile Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "instant" => RealismProfile.Instant,
        "typical" => RealismProfile.Typical,
        "harsh" => RealismProfile.Harsh,
        _ => throw new ArgumentException($"--realism '{text}' is not one of instant, typical, harsh"),
    };
}
