using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// The SIM phonebook (3GPP TS 27.007 §8.11–8.14): <c>AT+CPBS</c> chooses "SM" (the SIM's numbers) or "FD" (fixed
/// dialling), <c>AT+CPBR=i[,j]</c> reads <c>+CPBR: i,"number",type,"name"</c> lines, <c>AT+CPBW=i,"number"[,type[,"name"]]</c>
/// writes (no index: the first free one), <c>AT+CPBW=i</c> deletes, <c>AT+CPBF="text"</c> finds by name. An empty or
/// out-of-range index answers <c>+CME ERROR: 21</c>, a number too long <c>+CME ERROR: 26</c>, a name too long
/// <c>+CME ERROR: 24</c> (the codes of 27.007 §9.2 and a Wavecom manual's worked examples). On the SIM, so it outlives a
/// reboot. Names travel in the character set of <c>AT+CSCS</c> (27.007 §5.5): "IRA"/"GSM" as they are, "UCS2" as four
/// hex digits a character (Gammu switches to it for names); PDU-mode short messages do not use it, so it lives here.
/// </summary>
internal sealed class PhonebookCommands(ModuleContext module, Phonebook book) : ICommandFamily
{
    private string _storage = "SM";
    private string _charset = "IRA";

    private LinkWriter Writer => module.Writer;

    public void Register(CommandTable table)
    {
        table.Add("+CSCS", Cscs);
        table.Add("+CPBS", Cpbs);
        table.Add("+CPBR", Cpbr);
        table.Add("+CPBW", Cpbw);
        table.Add("+CPBF", Cpbf);
        foreach (var own in new[] { "+CSCS", "+CPBS", "+CPBR", "+CPBW", "+CPBF" })
        {
            table.HandlesTestForm(own);
        }
    }

    public Task ResetAsync()
    {
        _storage = "SM";
        _charset = "IRA";
        return Task.CompletedTask;
    }

    public Task OnBearerLostAsync() => Task.CompletedTask;

    private SortedDictionary<int, (string Number, int Type, string Name)> Entries => book.Storage(_storage);

    private async Task<InputRequest?> Lines(params string[] lines)
    {
        await Writer.LinesAsync(lines).ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> Error(int code)
    {
        await module.CmeErrorAsync(code).ConfigureAwait(false);
        return null;
    }

    private Task<InputRequest?> Cscs(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
                return Lines($"+CSCS: \"{_charset}\"", "OK");
            case AtForm.Test:
                return Lines("+CSCS: (\"IRA\",\"GSM\",\"UCS2\")", "OK");
            case AtForm.Set when request.Text(0).ToUpperInvariant() is "IRA" or "GSM" or "UCS2":
                _charset = request.Text(0).ToUpperInvariant();
                return Lines("OK");
            default:
                return Lines("ERROR");
        }
    }

    /// <summary>A name as the host sent it → the text; null when UCS2 hex is malformed.</summary>
    private string? NameFromHost(string raw)
    {
        if (_charset != "UCS2") return raw;
        if (raw.Length % 4 != 0 || !raw.All(char.IsAsciiHexDigit)) return null;
        return System.Text.Encoding.BigEndianUnicode.GetString(Convert.FromHexString(raw));
    }

    private string NameForHost(string name) =>
        _charset == "UCS2" ? Convert.ToHexString(System.Text.Encoding.BigEndianUnicode.GetBytes(name)) : name;

    private bool SimReady => module.Options.Sim == SimCardState.Ready && !module.State.SimRemoved;

    private Task<InputRequest?> Cpbs(AtRequest request)
    {
        if (!SimReady) return Error(10);
        switch (request.Form)
        {
            case AtForm.Read:
                return Lines($"+CPBS: \"{_storage}\",{Entries.Count},{book.Capacity}", "OK");
            case AtForm.Test:
                return Lines("+CPBS: (\"SM\",\"FD\")", "OK");
            case AtForm.Set when request.Text(0).ToUpperInvariant() is "SM" or "FD":
                _storage = request.Text(0).ToUpperInvariant();
                return Lines("OK");
            default:
                return Error(3);
        }
    }

    private Task<InputRequest?> Cpbr(AtRequest request)
    {
        if (!SimReady) return Error(10);
        if (request.Form == AtForm.Test)
        {
            return Lines($"+CPBR: (1-{book.Capacity}),{Phonebook.NumberLength},{Phonebook.NameLength}", "OK");
        }
        if (request.Form != AtForm.Set || !request.TryInt(0, out var first))
        {
            return Error(21);
        }
        var last = first;
        if (request.Arguments.Count > 1 && !request.TryInt(1, out last))
        {
            return Error(21);
        }
        if (first < 1 || last < first || last > book.Capacity)
        {
            return Error(21);
        }
        // An empty entry in range answers a bare OK: Luat's demo/pb polls AT+CPBR=1 on an empty SIM until it succeeds,
        // which it only can if an empty entry is not an error.
        var found = Entries.Where(e => e.Key >= first && e.Key <= last).Select(Line).ToList();
        found.Add("OK");
        return Lines([.. found]);
    }

    private Task<InputRequest?> Cpbw(AtRequest request)
    {
        if (!SimReady) return Error(10);
        if (request.Form == AtForm.Test)
        {
            return Lines($"+CPBW: (1-{book.Capacity}),{Phonebook.NumberLength},(129,145),{Phonebook.NameLength}", "OK");
        }
        if (request.Form != AtForm.Set)
        {
            return Error(3);
        }
        var hasIndex = request.TryInt(0, out var index);
        if ((hasIndex && (index < 1 || index > book.Capacity)) || (!hasIndex && request.Text(0).Length > 0))
        {
            return Error(21);
        }
        if (request.Arguments.Count == 1)
        {
            // AT+CPBW=i: delete.
            Entries.Remove(index);
            return Lines("OK");
        }
        var number = request.Text(1);
        var type = request.Arguments.Count > 2 && request.TryInt(2, out var t) ? t : number.StartsWith('+') ? 145 : 129;
        var name = NameFromHost(request.Arguments.Count > 3 ? request.Text(3) : "");
        if (name is null)
        {
            return Error(25); // invalid characters in text string
        }
        if (number.Length > Phonebook.NumberLength || !number.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#'))
        {
            return Error(26);
        }
        if (name.Length > Phonebook.NameLength)
        {
            return Error(24);
        }
        if (!hasIndex)
        {
            var free = Enumerable.Range(1, book.Capacity).FirstOrDefault(i => !Entries.ContainsKey(i));
            if (free == 0) return Error(20);
            index = free;
        }
        Entries[index] = (number, type, name);
        return Lines("OK");
    }

    private Task<InputRequest?> Cpbf(AtRequest request)
    {
        if (!SimReady) return Error(10);
        if (request.Form == AtForm.Test)
        {
            return Lines($"+CPBF: {Phonebook.NumberLength},{Phonebook.NameLength}", "OK");
        }
        var text = NameFromHost(request.Text(0)) ?? "";
        var found = Entries.Where(e => e.Value.Name.StartsWith(text, StringComparison.OrdinalIgnoreCase)).Select(Line).ToList();
        if (found.Count == 0) return Error(22);
        found.Add("OK");
        return Lines([.. found]);
    }

    private string Line(KeyValuePair<int, (string Number, int Type, string Name)> entry) =>
        $"+CPBR: {entry.Key},\"{entry.Value.Number}\",{entry.Value.Type},\"{NameForHost(entry.Value.Name)}\"";
}
