namespace LuatHost.Sim.Module.Radio;

/// <summary>
/// Service going and coming back, one implementation for the faults (coverage loss, SIM hot-plug) and for
/// <c>AT+CFUN=0/1</c>: the state change, the exact URC sequence (<see cref="ServiceEvents"/>) and the sessions that
/// fall with the data context (MQTT, HTTP), silently, as on a real module. Runs in the module's turn.
/// </summary>
internal sealed class RadioService(ModuleContext module, Func<Task> bearerLost)
{
    private ModuleState State => module.State;

    /// <summary>Call after the state change that takes service away; prints the loss sequence if service was there.</summary>
    public async Task LostAsync(bool hadService, string? tail = null)
    {
        var lines = new List<string>();
        if (hadService)
        {
            lines.AddRange(ServiceEvents.Lost);
        }
        if (tail is not null)
        {
            lines.Add(tail);
        }
        if (lines.Count > 0)
        {
            await module.Writer.LinesAsync([.. lines]).ConfigureAwait(false);
        }
        if (hadService && State.PdnActive)
        {
            State.PdnActive = false;
            State.Cip = State.Cip == CipState.Initial ? CipState.Initial : CipState.PdpDeact;
            State.BearerOpen = false;
            await bearerLost().ConfigureAwait(false);
        }
    }

    /// <summary>Call after the state change that may give service back; prints the return sequence if it did.</summary>
    public async Task BackAsync(bool hadService, string? tail = null)
    {
        var lines = new List<string>();
        if (!hadService && State.InService)
        {
            State.PdnActive = true;
            lines.AddRange(ServiceEvents.Back);
        }
        if (tail is not null)
        {
            lines.Add(tail);
        }
        if (lines.Count > 0)
        {
            await module.Writer.LinesAsync([.. lines]).ConfigureAwait(false);
        }
    }
}
