using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Luat;

/// <summary>
/// The module the Lua libraries talk to over AT: the virtual one in process, or a real one on a
/// port. It outlives Lua restarts (the module does not reboot when the script restarts). It carries
/// the one <see cref="Air724"/> of that module, created where the link was opened.
/// </summary>
public sealed class LuatDevice(Air724 modem)
{
    public Air724 Modem { get; } = modem;

    public AtEngine At => Modem.Engine;

    public Identity Identity => Modem.Identity;

    /// <summary>Waits until AT answers OK (boot banners during the probe are expected, see <see cref="Identity.WaitUntilReadyAsync"/>).</summary>
    public Task WaitUntilReadyAsync(TimeSpan budget, CancellationToken cancellationToken = default) =>
        Identity.WaitUntilReadyAsync(budget, cancellationToken);
}
