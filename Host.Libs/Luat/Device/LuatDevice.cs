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

    /// <summary>
    /// Waits until AT answers OK. A module that is still booting may print RDY while our probe is
    /// in flight (the engine reports that as a reboot); that only means "ready soon", so probe again.
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan budget, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + budget;
        while (true)
        {
            try
            {
                await Identity.WaitUntilReadyAsync(Max(deadline - DateTime.UtcNow, TimeSpan.FromSeconds(1)), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AtModuleRebootedException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
