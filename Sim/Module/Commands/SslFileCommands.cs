using System.Globalization;
using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// Certificate files and the SSL contexts that use them, in the Luat AT firmware's shape (openLuat AT manual, file
/// system and SSL chapters; see the shared AT reference §4 and §6):
/// <code>
/// AT+FSCREATE="ca0.crt"                      OK
/// AT+FSWRITE="ca0.crt",0,1188,10             "> " … 1188 raw bytes … OK      (mode 0 = write, 1 = append)
/// AT+SSLCFG="cacert",0,"ca0.crt"             OK      (context: link id for AT+CIPSTART, 88 MQTT, 153 HTTP)
/// AT+SSLCFG="cacert",0,""                    OK      (no CA for the context any more)
/// </code>
/// VERIFY on a real Air724: the SSLCFG context numbers (88/153 are documented for EC618; the link id for CIPSTART
/// links is this project's reading), the FSWRITE argument order and whether an empty file name clears the CA.
/// Registered after the MQTT family so this one answers <c>AT+SSLCFG</c> (other SSLCFG settings are accepted as before).
/// </summary>
internal sealed class SslFileCommands(ModuleContext module) : ICommandFamily
{
    /// <summary>Largest file AT+FSWRITE takes in one go (enough for a CA bundle).</summary>
    private const int MaxFileBytes = 64 * 1024;

    private LinkWriter Writer => module.Writer;

    public void Register(CommandTable table)
    {
        table.Add("+FSCREATE", FsCreate);
        table.Add("+FSWRITE", FsWrite);
        table.Add("+SSLCFG", SslCfg);
    }

    public Task ResetAsync()
    {
        module.Certificates.ResetConfiguration();
        return Task.CompletedTask;
    }

    public Task OnBearerLostAsync() => Task.CompletedTask;

    private async Task<InputRequest?> Lines(params string[] lines)
    {
        await Writer.LinesAsync(lines).ConfigureAwait(false);
        return null;
    }

    private Task<InputRequest?> FsCreate(AtRequest request)
    {
        if (request.Form != AtForm.Set || request.Text(0).Length == 0) return Lines("ERROR");
        module.Certificates.Create(request.Text(0));
        return Lines("OK");
    }

    private async Task<InputRequest?> FsWrite(AtRequest request)
    {
        var name = request.Text(0);
        if (request.Form != AtForm.Set || name.Length == 0 || !request.TryInt(1, out var mode) || mode is not (0 or 1)
            || !request.TryInt(2, out var length) || length is < 1 or > MaxFileBytes)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        var seconds = request.TryInt(3, out var t) && t > 0 ? t : 10;
        await Writer.RawAsync("\r\n> "u8.ToArray()).ConfigureAwait(false);
        return InputRequest.Counted(length, TimeSpan.FromSeconds(seconds), async (data, timedOut) =>
        {
            if (timedOut) return await Lines("ERROR").ConfigureAwait(false);
            module.Certificates.Write(name, data, append: mode == 1);
            return await Lines("OK").ConfigureAwait(false);
        });
    }

    private Task<InputRequest?> SslCfg(AtRequest request)
    {
        if (request.Form != AtForm.Set) return Lines("OK");
        if (!string.Equals(request.Text(0), "cacert", StringComparison.OrdinalIgnoreCase)) return Lines("OK");
        if (!int.TryParse(request.Text(1), NumberStyles.None, CultureInfo.InvariantCulture, out var context)) return Lines("ERROR");
        var file = request.Text(2);
        if (file.Length > 0 && !module.Certificates.Exists(file)) return Lines("ERROR");
        module.Certificates.SetCa(context, file);
        return Lines("OK");
    }
}
