using LuatHost.Sim.Module;

namespace LuatHost.Cli.Simulation;

/// <summary>
/// The phone-network side of <c>luathost sim</c>: every short message a host sends and every number it dials through a
/// virtual module is shown (no phone receives them), and lines on standard input play the other phones: <c>sms FROM
/// TEXT</c> delivers a message, <c>call FROM</c> rings the module, <c>hangup</c> ends its call from the far end. So an
/// MCU's SMS and call handling can be tried against the module.
/// </summary>
internal sealed class SimPhoneNetwork(TextWriter report)
{
    public const string Usage = "type: sms FROM TEXT (delivers a short message, e.g. sms +8613900000001 hello), call FROM (rings the module), hangup (the caller hangs up)";
    private readonly HashSet<VirtualModule> _modules = [];

    /// <summary>Shows what <paramref name="module"/> sends and dials, and plays the other phones to it while it runs.</summary>
    public void Attach(VirtualModule module)
    {
        lock (_modules) _modules.Add(module);
        module.Sms.Submitted += sms => Report("sms: " + Describe(sms));
        module.Calls.Dialling += number => Report($"call: the module dials {number} ({DescribeParty(module.Options)})");
        _ = module.Completion.ContinueWith(_ => { lock (_modules) _modules.Remove(module); }, TaskScheduler.Default);
    }

    /// <summary>"to 10086: text", with the part for a concatenated message: how a sent message is shown.</summary>
    public static string Describe(LuatHost.Sim.Module.Sms.SubmittedSms sms) => sms.UserData.Concatenation is { } part
        ? $"to {sms.Destination} (part {part.Sequence}/{part.Total}): {sms.Text}"
        : $"to {sms.Destination}: {sms.Text}";

    /// <summary>What the far end of a dialled call does on this module's virtual network.</summary>
    public static string DescribeParty(ModuleOptions options) => options.CalledParty switch
    {
        CalledParty.Busy => "the line is busy",
        CalledParty.NoAnswer => $"nobody answers; NO ANSWER after {options.CallAnswerDelay.TotalSeconds:0.#} s",
        _ => $"answered after {options.CallAnswerDelay.TotalSeconds:0.#} s; no sound crosses the virtual network",
    };

    /// <summary>Reads commands until the input ends or <paramref name="cancel"/> fires.</summary>
    public async Task ReadCommandsAsync(TextReader input, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await input.ReadLineAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (line is null) return;
            await RunAsync(line.Trim()).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(string line)
    {
        if (line.Length == 0) return;
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        var verb = parts[0].ToLowerInvariant();
        var valid = verb switch
        {
            "sms" => parts.Length == 3,
            "call" => parts.Length == 2,
            "hangup" => parts.Length == 1,
            _ => false,
        };
        if (!valid)
        {
            Report(Usage);
            return;
        }
        VirtualModule[] modules;
        lock (_modules) modules = [.. _modules];
        if (modules.Length == 0)
        {
            Report($"{verb}: no module is being served yet (connect to it first)");
            return;
        }
        foreach (var module in modules)
        {
            try
            {
                Report(verb switch
                {
                    "sms" => await DeliverAsync(module, parts[1], parts[2]).ConfigureAwait(false),
                    "call" => await module.Calls.RingAsync(parts[1]).ConfigureAwait(false)
                        ? $"call: {parts[1]} is ringing the module (RING every 3 s until it answers with ATA, or hangup)"
                        : "call: the module is already in a call (no call waiting); hangup first",
                    _ => await module.Calls.HangUpAsync().ConfigureAwait(false)
                        ? "call: the caller hung up (NO CARRIER)"
                        : "call: the module is not in a call",
                });
            }
            catch (FormatException ex)
            {
                Report($"{verb}: {ex.Message} (FROM is a phone number such as +8613900000001)");
            }
            catch (InvalidOperationException ex)
            {
                Report($"{verb}: {ex.Message}");
            }
        }
    }

    private static async Task<string> DeliverAsync(VirtualModule module, string from, string text)
    {
        var slots = await module.Sms.DeliverAsync(from, text).ConfigureAwait(false);
        return slots.Count == 0
            ? "sms: the module's SIM store is full; delete messages (AT+CMGD) first"
            : $"sms: delivered from {from} to SIM slot{(slots.Count > 1 ? "s" : "")} {string.Join(",", slots)}";
    }

    private void Report(string text)
    {
        lock (report) report.WriteLine(text);
    }
}
