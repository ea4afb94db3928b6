using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Luat;

/// <summary>
/// The module the Lua libraries talk to over AT: the virtual one in process, or a real one on a
/// port. It outlives Lua restarts (the module does not reboot when the script restarts).
/// </summary>
public sealed class LuatDevice(AtEngine at)
{
    public AtEngine At { get; } = at;

    public Identity Identity { get; } = new(at);

    /// <summary>Waits until AT answers OK (boot banners during the probe are expected, see <see cref="Identity.WaitUntilReadyAsync"/>).</summary>
    public Task WaitUntilReadyAsync(TimeSpan budget, CancellationToken cancellationToken = default) =>
        Identity.WaitUntilReadyAsync(budget, cancellationToken);
}
