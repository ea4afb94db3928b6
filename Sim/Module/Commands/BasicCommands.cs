using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary><c>AT</c>, <c>ATE0/1</c>, <c>AT+CMEE</c>, <c>AT+RESET</c> and the line settings a host may send (§2.3).</summary>
internal sealed class BasicCommands(ModuleContext module, Func<Task> reboot) : ICommandFamily
{
    private int _baud = module.Options.BaudRate;

    public void Register(CommandTable table)
    {
        var writer = module.Writer;
        table.AddAccepted("", writer.OkAsync);
        table.Add("E", Echo);
        table.Add("+CMEE", Cmee);
        table.HandlesTestForm("+CMEE");
        table.Add("+IPR", Ipr);
        table.Add("+RESET", async request =>
        {
            await writer.OkAsync().ConfigureAwait(false);
            _ = Task.Run(reboot);
            return null;
        });
        // Accepted and ignored: flow control, profile save/restore, result-code format, report settings that
        // Luat's ril/net/link send at start-up (docs/luat-lib.md §1.3); a silent module would make ril restart.
        foreach (var name in new[] { "&W", "&F", "Z", "V", "Q", "+IFC", "+CSCLK", "+CIND", "+EEMOPT", "+RNDISCALL", "+CCLK" })
        {
            table.AddAccepted(name, writer.OkAsync);
        }
    }

    public Task ResetAsync() => Task.CompletedTask;

    public Task OnBearerLostAsync() => Task.CompletedTask;

    private async Task<InputRequest?> Echo(AtRequest request)
    {
        switch (request.RawArguments)
        {
            case "" or "0":
                module.State.Echo = false;
                break;
            case "1":
                module.State.Echo = true;
                break;
            default:
                await module.Writer.ErrorAsync().ConfigureAwait(false);
                return null;
        }
        await module.Writer.OkAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Cmee(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
                await module.Writer.LinesAsync("+CMEE: " + module.State.Cmee, "OK").ConfigureAwait(false);
                return null;
            case AtForm.Test:
                await module.Writer.LinesAsync("+CMEE: (0-2)", "OK").ConfigureAwait(false);
                return null;
            case AtForm.Set when request.TryInt(0, out var level) && level is >= 0 and <= 2:
                module.State.Cmee = level;
                await module.Writer.OkAsync().ConfigureAwait(false);
                return null;
            default:
                await module.Writer.ErrorAsync().ConfigureAwait(false);
                return null;
        }
    }

    private async Task<InputRequest?> Ipr(AtRequest request)
    {
        if (request.Form == AtForm.Read)
        {
            await module.Writer.LinesAsync("+IPR: " + _baud, "OK").ConfigureAwait(false);
            return null;
        }
        // "AT+IPR=115200;&W" persists the rate; the ';&W' tail is accepted.
        var value = request.RawArguments.Split(';')[0];
        if (request.Form == AtForm.Set && int.TryParse(value, out var baud) && baud >= 0)
        {
            _baud = baud;
            await module.Writer.OkAsync().ConfigureAwait(false);
            return null;
        }
        await module.Writer.ErrorAsync().ConfigureAwait(false);
        return null;
    }
}
