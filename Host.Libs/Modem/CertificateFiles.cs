using System.Globalization;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// A CA certificate handed to the module for one SSL context: written to the module's file system
/// (<c>AT+FSCREATE="f"</c>, <c>AT+FSWRITE="f",0,len,timeout</c> → <c>&gt;</c> → bytes → <c>OK</c>) and named in
/// <c>AT+SSLCFG="cacert",ctx,"f"</c> (shared AT reference §4 and §6; context 88 = MQTT, 153 = HTTP on EC618, the link id
/// for AT+CIPSTART links here — VERIFY all three forms on an Air724).
/// </summary>
public sealed class CertificateFiles(AtEngine engine)
{
    private readonly HashSet<int> _withCa = [];

    /// <summary>Largest certificate file written in one AT+FSWRITE.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Writes <paramref name="pem"/> as the CA of <paramref name="context"/> (file "cacert&lt;context&gt;.pem").</summary>
    public async Task UseCaAsync(int context, ReadOnlyMemory<byte> pem, CancellationToken cancellationToken = default)
    {
        if (pem.Length is 0 or > MaxBytes)
        {
            throw new AtArgumentException($"The CA certificate is {pem.Length} bytes; the module takes 1..{MaxBytes}.");
        }
        var file = "cacert" + context.ToString(CultureInfo.InvariantCulture) + ".pem";
        await Run(new AtCommand($"AT+FSCREATE=\"{file}\""), cancellationToken).ConfigureAwait(false);
        await Run(engine.Dialect.Command($"AT+FSWRITE=\"{file}\",0,{pem.Length.ToString(CultureInfo.InvariantCulture)},10") with
        {
            Prompt = AtPrompt.GreaterThan(pem) with { PayloadIsText = false },
        }, cancellationToken).ConfigureAwait(false);
        await Run(new AtCommand($"AT+SSLCFG=\"cacert\",{context.ToString(CultureInfo.InvariantCulture)},\"{file}\""), cancellationToken).ConfigureAwait(false);
        lock (_withCa) _withCa.Add(context);
    }

    /// <summary>
    /// Gives <paramref name="context"/> the script's CA, or, without one, clears a CA an earlier call set — only then, so
    /// a module that lacks AT+SSLCFG never sees one unasked.
    /// </summary>
    public async Task ApplyAsync(int context, ReadOnlyMemory<byte> pem, CancellationToken cancellationToken = default)
    {
        if (!pem.IsEmpty)
        {
            await UseCaAsync(context, pem, cancellationToken).ConfigureAwait(false);
            return;
        }
        bool wasSet;
        lock (_withCa) wasSet = _withCa.Remove(context);
        if (wasSet) await ClearCaAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The context trusts no script CA any more (<c>AT+SSLCFG="cacert",ctx,""</c>).</summary>
    public Task ClearCaAsync(int context, CancellationToken cancellationToken = default) =>
        Run(new AtCommand($"AT+SSLCFG=\"cacert\",{context.ToString(CultureInfo.InvariantCulture)},\"\""), cancellationToken);

    private async Task Run(AtCommand command, CancellationToken cancellationToken) =>
        (await engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).EnsureOk();
}
