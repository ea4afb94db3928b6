using System.Globalization;
using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// Voice calls (3GPP TS 27.007 §6–7 and openLuat's AT manual, Call/ATD.md and ATA.md): <c>ATD&lt;number&gt;[;]</c> answers
/// <c>OK</c> and the call rings (<c>AT+CLCC</c> state 2 dialling, then 3 alerting); the far end (<see cref="ModuleOptions.CalledParty"/>)
/// answers (state 0; <c>CONNECT</c>, or the bearer lines with <see cref="VoiceCallUrcs.AtFirmware"/>), is busy (<c>BUSY</c>)
/// or does not answer (<c>NO ANSWER</c>). An incoming call
/// (<see cref="Calls.ModuleCalls"/>) rings: <c>RING</c> and, after <c>AT+CLIP=1</c>, <c>+CLIP: "number",type,"",0,"",0</c>
/// every 3 s; <c>ATA</c> answers it (<c>NO CARRIER</c> when nothing rings). <c>AT+CHUP</c> or <c>ATH</c> ends the call;
/// the far end hanging up prints <c>NO CARRIER</c>. One call at a time (no waiting or held calls). The settings Luat's
/// lib/cc.lua sends at start-up (<c>ATX4</c>, <c>ATS7</c>, <c>AT+CCWA</c>, <c>AT+SETVOLTE</c>, <c>AT+DTMFDET</c>,
/// <c>AT+VTS</c>, <c>AT+CHLD</c>) are accepted.
/// </summary>
internal sealed class CallCommands(ModuleContext module, Action<string> dialled) : ICommandFamily
{
    // +CLCC <stat> values (27.007 §7.18).
    private const int Active = 0;
    private const int Dialling = 2;
    private const int Alerting = 3;
    private const int Incoming = 4;

    private static readonly TimeSpan RingEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AlertingAfter = TimeSpan.FromMilliseconds(500);

    private Call? _call;
    private int _nextCall = 1;
    private bool _clip;

    private LinkWriter Writer => module.Writer;

    public void Register(CommandTable table)
    {
        table.Add("D", Dial);
        table.Add("A", Answer);
        table.Add("H", HangUp);
        table.Add("+CHUP", HangUp);
        table.Add("+CLCC", List);
        table.Add("+CLIP", Clip);
        table.HandlesTestForm("+CLIP");
        foreach (var name in new[] { "X", "S", "+CCWA", "+SETVOLTE", "+DTMFDET", "+VTS", "+CHLD", "+CRC" })
        {
            table.AddAccepted(name, Writer.OkAsync);
        }
    }

    public Task ResetAsync()
    {
        _call = null;
        _clip = false;
        return Task.CompletedTask;
    }

    public Task OnBearerLostAsync() => Task.CompletedTask;

    /// <summary>A call from <paramref name="number"/> starts ringing; false while another call is up (no call waiting).</summary>
    public async Task<bool> RingAsync(string number)
    {
        if (_call is not null) return false;
        var call = _call = new Call(_nextCall++, Direction: 1, number) { State = Incoming };
        await RingOnceAsync(call).ConfigureAwait(false);
        Later(RingEvery, call, RingAgainAsync);
        return true;
    }

    /// <summary>The far end hangs up (or gives up calling): <c>NO CARRIER</c>. False when there is no call.</summary>
    public async Task<bool> FarEndHangsUpAsync()
    {
        if (_call is not { } call) return false;
        await EndAsync(call, "NO CARRIER").ConfigureAwait(false);
        return true;
    }

    private async Task<InputRequest?> Dial(AtRequest request)
    {
        var dialString = request.RawArguments.Trim();
        // A voice call, with or without the ';' (openLuat's Call/ATD.md dials "ATD13165****98"); the PPP dial string
        // (*99#) is not offered, nor a second call.
        var number = dialString.TrimEnd(';');
        if (number.Length == 0 || number.StartsWith("*99", StringComparison.Ordinal) || _call is not null
            || !number.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#'))
        {
            await Writer.ErrorAsync().ConfigureAwait(false);
            return null;
        }
        var call = _call = new Call(_nextCall++, Direction: 0, number) { State = Dialling };
        await Writer.OkAsync().ConfigureAwait(false);
        dialled(number);
        Later(AlertingAfter, call, c =>
        {
            c.State = Alerting;
            return Task.CompletedTask;
        });
        switch (module.Options.CalledParty)
        {
            case CalledParty.Busy:
                Later(AlertingAfter, call, c => EndAsync(c, "BUSY"));
                break;
            case CalledParty.NoAnswer:
                Later(module.Options.CallAnswerDelay, call, c => EndAsync(c, "NO ANSWER"));
                break;
            default:
                Later(module.Options.CallAnswerDelay, call, ConnectAsync);
                break;
        }
        return null;
    }

    private async Task<InputRequest?> Answer(AtRequest request)
    {
        if (_call is not { State: Incoming } call)
        {
            await Writer.LineAsync("NO CARRIER").ConfigureAwait(false); // ATA.md: nothing to answer
            return null;
        }
        call.State = Active;
        await Writer.OkAsync().ConfigureAwait(false);
        await BearerUpAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> HangUp(AtRequest request)
    {
        var call = _call;
        _call = null;
        await Writer.OkAsync().ConfigureAwait(false);
        if (call is { State: Active }) await BearerDownAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> List(AtRequest request)
    {
        if (_call is { } call)
        {
            var type = call.Number.StartsWith('+') ? 145 : 129;
            await Writer.LineAsync(string.Create(CultureInfo.InvariantCulture,
                $"+CLCC: {call.Id},{call.Direction},{call.State},0,0,\"{call.Number}\",{type}")).ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Clip(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
                await Writer.LinesAsync($"+CLIP: {(_clip ? 1 : 0)},1", "OK").ConfigureAwait(false);
                break;
            case AtForm.Test:
                await Writer.LinesAsync("+CLIP: (0,1)", "OK").ConfigureAwait(false);
                break;
            case AtForm.Set when request.RawArguments is "0" or "1":
                _clip = request.RawArguments == "1";
                await Writer.OkAsync().ConfigureAwait(false);
                break;
            default:
                await Writer.ErrorAsync().ConfigureAwait(false);
                break;
        }
        return null;
    }

    private async Task RingOnceAsync(Call call)
    {
        await Writer.LineAsync("RING").ConfigureAwait(false);
        if (_clip)
        {
            var type = call.Number.StartsWith('+') ? 145 : 129;
            await Writer.LineAsync(string.Create(CultureInfo.InvariantCulture, $"+CLIP: \"{call.Number}\",{type},\"\",0,\"\",0")).ConfigureAwait(false);
        }
    }

    private async Task RingAgainAsync(Call call)
    {
        if (call.State != Incoming) return;
        await RingOnceAsync(call).ConfigureAwait(false);
        Later(RingEvery, call, RingAgainAsync);
    }

    private async Task ConnectAsync(Call call)
    {
        call.State = Active;
        if (AtFirmware) await BearerUpAsync().ConfigureAwait(false);
        else await Writer.LineAsync("CONNECT").ConfigureAwait(false);
    }

    private async Task EndAsync(Call call, string line)
    {
        var wasActive = call.State == Active;
        _call = null;
        await Writer.LineAsync(line).ConfigureAwait(false);
        if (wasActive) await BearerDownAsync().ConfigureAwait(false);
    }

    private bool AtFirmware => module.Options.VoiceCallUrcs == VoiceCallUrcs.AtFirmware;

    private Task BearerUpAsync() => AtFirmware
        ? Writer.LinesAsync("^MODE: 17,17", "+E_UTRAN Service", "+CGEV: NW ACT 15,7,0")
        : Task.CompletedTask;

    private Task BearerDownAsync() => AtFirmware
        ? Writer.LinesAsync("^MODE: 0,0", "+NO Service", "+CGEV: NW DEACT 15, 7, 0")
        : Task.CompletedTask;

    // Runs a step of this call later, in the module's turn, if the call is still the one up and the module has not
    // rebooted meanwhile. Not through the URC queue: that one drains in order, and a ring a few seconds off would hold
    // back every URC posted after it.
    private void Later(TimeSpan due, Call call, Func<Call, Task> step)
    {
        var generation = module.Generation;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(due, module.Lifetime.Token).ConfigureAwait(false);
                await module.InTurnAsync(async () =>
                {
                    if (ReferenceEquals(_call, call) && module.Generation == generation) await step(call).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The module was disposed.
            }
        });
    }

    private sealed record Call(int Id, int Direction, string Number)
    {
        public int State { get; set; }
    }
}
