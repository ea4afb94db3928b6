using LuatHost.Sim.Module.Radio;
using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// SIM, registration and the two bearer views: the TCP/IP context (<c>CSTT → CIICR → CIFSR</c>, shown by
/// <c>AT+CIPSTATUS</c>) and the <c>AT+SAPBR</c> bearer used by HTTP (docs/air724-at.md §2.3, §3).
/// </summary>
internal sealed class NetworkCommands(ModuleContext module, Func<Task> bearerLost, Func<Task> reboot, RadioService radio) : ICommandFamily
{
    private ModuleState State => module.State;
    private LinkWriter Writer => module.Writer;

    public void Register(CommandTable table)
    {
        table.Add("+CPIN", Cpin);
        table.Add("+CSQ", _ => Answer(State.Registered ? $"+CSQ: {module.Options.SignalQuality},99" : "+CSQ: 99,99"));
        table.Add("+CREG", request => Registration(request, "+CREG"));
        table.Add("+CGREG", request => Registration(request, "+CGREG"));
        table.Add("+CEREG", request => Registration(request, "+CEREG"));
        table.Add("+COPS", request => request.Form == AtForm.Read
            ? Answer(State.Registered ? "+COPS: 0,2,\"46000\",7" : "+COPS: 0")
            : Ok());
        table.Add("+CGATT", Cgatt);
        table.Add("+CGDCONT", request => request.Form == AtForm.Read
            ? Answer(State.PdnActive ? $"+CGDCONT: 1,\"IP\",\"CMIOT\",\"{module.Options.LocalIp}\"" : "+CGDCONT: 1,\"IP\",\"CMIOT\",\"0.0.0.0\"")
            : Ok());
        table.Add("+CFUN", Cfun);
        table.Add("+CSTT", Cstt);
        table.Add("+CIICR", Ciicr);
        table.Add("+CIFSR", Cifsr);
        table.Add("+CIPSHUT", async _ =>
        {
            State.Cip = CipState.Initial;
            await Writer.LineAsync("SHUT OK").ConfigureAwait(false);
            return null;
        });
        // OK comes before the STATE line on this firmware family (§3).
        table.Add("+CIPSTATUS", async _ =>
        {
            await Writer.LinesAsync("OK", "STATE: " + State.Cip).ConfigureAwait(false);
            return null;
        });
        table.Add("+SAPBR", Sapbr);
    }

    public Task ResetAsync() => Task.CompletedTask;

    public Task OnBearerLostAsync() => Task.CompletedTask;

    private async Task<InputRequest?> Answer(string line)
    {
        await Writer.LinesAsync(line, "OK").ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Ok()
    {
        await Writer.OkAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Error()
    {
        await Writer.ErrorAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Cme(int code)
    {
        await module.CmeErrorAsync(code).ConfigureAwait(false);
        return null;
    }

    private Task<InputRequest?> Cpin(AtRequest request)
    {
        if (request.Form != AtForm.Read)
        {
            return Ok();
        }
        if (State.SimRemoved)
        {
            return Cme(10);
        }
        return module.Options.Sim switch
        {
            SimCardState.Ready => Answer("+CPIN: READY"),
            SimCardState.Busy => Cme(14),
            _ => Cme(10),
        };
    }

    /// <summary>stat 1 = registered home; 0 = not searching (radio off); 2 = searching (PDN lost).</summary>
    /// <summary>
    /// <c>AT+CREG/CGREG/CEREG</c>: mode n (0, 1, or 2 with the location) and <c>&lt;n&gt;,&lt;stat&gt;[,"lac|tac","ci",act]</c>
    /// (3GPP TS 27.007 §7.2, §10.1.20, §10.1.22): the location only in mode 2 and while registered, act 7 (E-UTRAN).
    /// </summary>
    private Task<InputRequest?> Registration(AtRequest request, string name)
    {
        switch (request.Form)
        {
            case AtForm.Set when request.TryInt(0, out var n) && n is >= 0 and <= 2:
                State.RegistrationModes[name] = n;
                return Ok();
            case AtForm.Read:
                var mode = State.RegistrationModes.GetValueOrDefault(name);
                var stat = State.Registered ? 1 : State.Functionality != 1 ? 0 : 2;
                var cell = module.Options.ServingCell;
                return Answer(mode == 2 && State.Registered
                    ? $"{name}: 2,{stat},\"{cell.TrackingArea}\",\"{cell.CellId}\",7"
                    : $"{name}: {mode},{stat}");
            default:
                return Ok();
        }
    }

    private async Task<InputRequest?> Cgatt(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
                return await Answer("+CGATT: " + (State.Registered ? 1 : 0)).ConfigureAwait(false);
            case AtForm.Set when request.TryInt(0, out var attach) && attach is 0 or 1:
                if (attach == 0 && State.PdnActive)
                {
                    State.PdnActive = false;
                    await LoseBearerStateAsync().ConfigureAwait(false);
                }
                else if (attach == 1 && State.Functionality == 1)
                {
                    State.PdnActive = true;
                }
                return await Ok().ConfigureAwait(false);
            default:
                return await Error().ConfigureAwait(false);
        }
    }

    private async Task<InputRequest?> Cfun(AtRequest request)
    {
        if (request.Form == AtForm.Read)
        {
            return await Answer("+CFUN: " + State.Functionality).ConfigureAwait(false);
        }
        if (request.Form != AtForm.Set || !request.TryInt(0, out var fun) || fun is not (0 or 1 or 4))
        {
            return await Error().ConfigureAwait(false);
        }
        if (fun == 1 && request.TryInt(1, out var reset) && reset == 1)
        {
            // AT+CFUN=1,1 restarts the module like AT+RESET.
            await Writer.OkAsync().ConfigureAwait(false);
            _ = Task.Run(reboot);
            return null;
        }
        var hadService = State.InService;
        State.Functionality = fun;
        await Writer.OkAsync().ConfigureAwait(false);
        if (fun != 1)
        {
            // Radio off: the same sequence a real module prints on loss of service (SIM application guide).
            await radio.LostAsync(hadService).ConfigureAwait(false);
            return null;
        }
        // Radio back on: the stack re-registers and re-activates the default PDN.
        module.PostUrc(() => radio.BackAsync(hadService));
        return null;
    }

    /// <summary>Radio off or PDP gone: the TCP/IP context and the SAPBR bearer fall, sessions are told.</summary>
    private async Task LoseBearerStateAsync()
    {
        State.Cip = State.Cip == CipState.Initial ? CipState.Initial : CipState.PdpDeact;
        State.BearerOpen = false;
        await bearerLost().ConfigureAwait(false);
    }

    private Task<InputRequest?> Cstt(AtRequest request)
    {
        if (request.Form is AtForm.Read)
        {
            return Answer("+CSTT: \"CMIOT\",\"\",\"\"");
        }
        // Valid only in IP INITIAL (§3); a bare AT+CSTT takes the network's APN (firmware ≥ V980).
        if (State.Cip != CipState.Initial || !State.Registered)
        {
            return Error();
        }
        State.Cip = CipState.Start;
        return Ok();
    }

    private Task<InputRequest?> Ciicr(AtRequest _)
    {
        if (State.Cip != CipState.Start || !State.Registered)
        {
            return Error();
        }
        State.Cip = CipState.GprsAct;
        return Ok();
    }

    /// <summary>The bare IP line is the whole answer: no OK follows (§3).</summary>
    private async Task<InputRequest?> Cifsr(AtRequest _)
    {
        if (State.Cip is not (CipState.GprsAct or CipState.Status))
        {
            return await Error().ConfigureAwait(false);
        }
        State.Cip = CipState.Status;
        await Writer.LineAsync(module.Options.LocalIp).ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Sapbr(AtRequest request)
    {
        if (request.Form != AtForm.Set || !request.TryInt(0, out var command))
        {
            return await Error().ConfigureAwait(false);
        }
        switch (command)
        {
            case 3 or 4:
                // CONTYPE/APN parameters are accepted; the emulated network needs none.
                return await Ok().ConfigureAwait(false);
            case 1:
                if (!State.Registered || State.BearerOpen)
                {
                    return await Cme(3).ConfigureAwait(false);
                }
                State.BearerOpen = true;
                return await Ok().ConfigureAwait(false);
            case 2:
                return await Answer(State.BearerOpen
                    ? $"+SAPBR: 1,1,\"{module.Options.LocalIp}\""
                    : "+SAPBR: 1,3,\"0.0.0.0\"").ConfigureAwait(false);
            case 0:
                if (!State.BearerOpen)
                {
                    return await Cme(3).ConfigureAwait(false);
                }
                State.BearerOpen = false;
                return await Ok().ConfigureAwait(false);
            default:
                return await Error().ConfigureAwait(false);
        }
    }
}
