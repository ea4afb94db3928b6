using LuatHost.Sim.Module;

namespace LuatHost.Cli.Simulation;

/// <summary>
/// The short-message side of <c>luathost sim</c>: every message a host sends through a virtual module is shown (no
/// phone receives it), and a line <c>sms FROM TEXT</c> on standard input delivers a message to every module being
/// served, as a phone would send one, so an MCU's SMS handling can be tried against the module.
/// </summary>
internal sealed class SimShortMessages(TextWriter report)
{
    public const string Usage = "type: sms FROM TEXT  (delivers a short message to the module, e.g. sms +8613900000001 hello)";
    private readonly HashSet<VirtualModule> _modules = [];

    /// <summary>Shows what <paramref name="module"/> sends, and delivers to it while it runs.</summary>
    public void Attach(VirtualModule module)
    {
        lock (_modules) _modules.Add(module);
        module.Sms.Submitted += sms => Report("sms: " + Describe(sms));
        _ = module.Completion.ContinueWith(_ => { lock (_modules) _modules.Remove(module); }, TaskScheduler.Default);
    }

    /// <summary>"to 10086: text", with the part for a concatenated message: how a sent message is shown.</summary>
    public static string Describe(LuatHost.Sim.Module.Sms.SubmittedSms sms) => sms.UserData.Concatenation is { } part
        ? $"to {sms.Destination} (part {part.Sequence}/{part.Total}): {sms.Text}"
        : $"to {sms.Destination}: {sms.Text}";

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
        if (parts.Length < 3 || !parts[0].Equals("sms", StringComparison.OrdinalIgnoreCase))
        {
            Report(Usage);
            return;
        }
        VirtualModule[] modules;
        lock (_modules) modules = [.. _modules];
        if (modules.Length == 0)
        {
            Report("sms: no module is being served yet (connect to it first)");
            return;
        }
        foreach (var module in modules)
        {
            try
            {
                var slots = await module.Sms.DeliverAsync(parts[1], parts[2]).ConfigureAwait(false);
                Report(slots.Count == 0
                    ? "sms: the module's SIM store is full; delete messages (AT+CMGD) first"
                    : $"sms: delivered from {parts[1]} to SIM slot{(slots.Count > 1 ? "s" : "")} {string.Join(",", slots)}");
            }
            catch (FormatException ex)
            {
                Report($"sms: {ex.Message} (FROM is a phone number such as +8613900000001)");
            }
            catch (InvalidOperationException ex)
            {
                Report("sms: " + ex.Message);
            }
        }
    }

    private void Report(string text)
    {
        lock (report) report.WriteLine(text);
    }
}
