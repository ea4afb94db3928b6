using LuatHost.At;

namespace LuatHost.Scripting;

/// <summary>
/// The module's writable SN (<c>AT+WISN?</c> / <c>AT+WISN="…"</c>), where Luat's dynamic-registration demos keep the
/// DeviceSecret. It belongs beside AT+CGSN in <c>LuatHost.Modem.Identity</c>; until it moves there, this file and
/// the Lua side's <c>DeviceIdentityCache</c> parse the same answer, and both should call the shared method then.
/// </summary>
internal static class ModuleSerialNumber
{
    /// <summary>The stored SN, or "" when none is stored (the module answers <c>*CME ERROR: Missing SN</c>).</summary>
    public static async Task<string> ReadAsync(AtEngine engine, CancellationToken cancellationToken)
    {
        var response = (await engine.ExecuteAsync("AT+WISN?", cancellationToken).ConfigureAwait(false)).EnsureOk("misc.getSn");
        foreach (var line in response.Lines)
        {
            var text = line.Text.Trim();
            if (text.Length == 0 || text.StartsWith("AT", StringComparison.Ordinal)) continue;
            if (text.Contains("ERROR", StringComparison.Ordinal)) return "";
            var sn = text.StartsWith("+WISN:", StringComparison.Ordinal) ? text[6..].Trim().Trim('"') : text;
            // The SN may be a DeviceSecret: keep it out of every later log line.
            engine.Redactor.Register(sn);
            return sn;
        }
        return "";
    }

    /// <summary>Writes the SN and reads it back; true when the module now holds <paramref name="sn"/>.</summary>
    public static async Task<bool> WriteAsync(AtEngine engine, string sn, CancellationToken cancellationToken)
    {
        if (sn.Contains('"') || sn.Contains('\r') || sn.Contains('\n'))
            throw new ArgumentException("misc.setSn: the SN cannot contain quotes or line breaks (AT+WISN takes it between quotes)");
        engine.Redactor.Register(sn);
        var response = await engine.ExecuteAsync($"AT+WISN=\"{sn}\"", cancellationToken).ConfigureAwait(false);
        return response.IsOk && await ReadAsync(engine, cancellationToken).ConfigureAwait(false) == sn;
    }
}
