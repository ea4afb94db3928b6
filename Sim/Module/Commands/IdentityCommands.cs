using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// Identity: <c>ATI</c>, <c>AT+CGMR/CGMI/CGMM/CGSN/CIMI/ICCID/MUID</c> and the writable SN <c>AT+WISN</c>.
/// Formats per docs/air724-at.md §2.3 and docs/luat-lib.md §3 (bare IMEI and IMSI; quoted CGMR/CGMI/CGMM values).
/// </summary>
internal sealed class IdentityCommands(ModuleContext module) : ICommandFamily
{
    private ModuleIdentity Identity => module.Options.Identity;

    public void Register(CommandTable table)
    {
        table.Add("I", _ => Answer(Identity.Firmware));
        table.Add("+CGMR", _ => Answer($"+CGMR: \"{Identity.Firmware}\""));
        table.Add("+GMR", _ => Answer(Identity.Firmware));
        table.Add("+CGMI", _ => Answer($"+CGMI: \"{Identity.Manufacturer}\""));
        table.Add("+CGMM", _ => Answer($"+CGMM: \"{Identity.Model}\""));
        table.Add("+CGSN", _ => Answer(Identity.Imei));
        table.Add("+GSN", _ => Answer(Identity.Imei));
        table.Add("+MUID", _ => Answer("+MUID: " + Identity.Muid));
        table.Add("+CIMI", _ => SimAnswer(Identity.Imsi));
        table.Add("+ICCID", _ => SimAnswer("+ICCID: " + Identity.Iccid));
        table.Add("+CCID", _ => SimAnswer(Identity.Iccid));
        table.Add("+WISN", Wisn);
    }

    public Task ResetAsync() => Task.CompletedTask;

    public Task OnBearerLostAsync() => Task.CompletedTask;

    private async Task<InputRequest?> Answer(string line)
    {
        await module.Writer.LinesAsync(line, "OK").ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> SimAnswer(string line)
    {
        if (module.Options.Sim != SimCardState.Ready)
        {
            await module.CmeErrorAsync(module.Options.Sim == SimCardState.Absent ? 10 : 14).ConfigureAwait(false);
            return null;
        }
        return await Answer(line).ConfigureAwait(false);
    }

    private async Task<InputRequest?> Wisn(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
            {
                var sn = Identity.Sn;
                // Luat's misc.getSn treats this line as "no SN" (docs/luat-lib.md §3.5); followed by OK so hosts that
                // wait for a final code do not stall — VERIFY the exact ending on hardware.
                await module.Writer.LinesAsync(sn.Length == 0 ? "*CME ERROR: Missing SN" : sn, "OK").ConfigureAwait(false);
                return null;
            }
            case AtForm.Set when request.Arguments.Count >= 1:
                Identity.Sn = request.Text(0);
                await module.Writer.OkAsync().ConfigureAwait(false);
                return null;
            default:
                await module.Writer.ErrorAsync().ConfigureAwait(false);
                return null;
        }
    }
}
