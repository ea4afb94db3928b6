using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LuatHost.Sim.Module.Tls;

/// <summary>
/// The module's certificate files (written with <c>AT+FSCREATE</c>/<c>AT+FSWRITE</c>) and which CA file each SSL
/// context trusts (<c>AT+SSLCFG="cacert",ctx,"file"</c>). A context with a CA trusts servers whose chain ends at that
/// CA; one without falls back to <see cref="TlsTrust"/> (the pinned local-cloud certificate, else the system store).
/// Changed in the module's turn; read by the HTTP client's TLS check too, hence the lock.
/// </summary>
internal sealed class ModuleCertificates
{
    /// <summary>The HTTP client's SSL context (AT+SSLCFG=…,153,…; shared AT reference §4).</summary>
    public const int HttpContext = 153;

    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _caFiles = [];

    public void Create(string name)
    {
        lock (_files) _files[name] = [];
    }

    public void Write(string name, byte[] data, bool append)
    {
        lock (_files) _files[name] = append && _files.TryGetValue(name, out var old) ? [.. old, .. data] : data;
    }

    public bool Exists(string name)
    {
        lock (_files) return _files.ContainsKey(name);
    }

    /// <summary>Sets (or, with an empty name, clears) the CA file of an SSL context.</summary>
    public void SetCa(int context, string file)
    {
        lock (_files)
        {
            if (file.Length == 0) _caFiles.Remove(context);
            else _caFiles[context] = file;
        }
    }

    /// <summary>Forgets the SSL configuration (a reboot); the files stay, as the module's flash keeps them.</summary>
    public void ResetConfiguration()
    {
        lock (_files) _caFiles.Clear();
    }

    /// <summary>The server check for a TLS connection on <paramref name="context"/>.</summary>
    public RemoteCertificateValidationCallback TrustFor(int context, X509Certificate2? pinned)
    {
        byte[]? pem;
        lock (_files)
        {
            pem = _caFiles.TryGetValue(context, out var file) && _files.TryGetValue(file, out var bytes) ? bytes : null;
        }
        if (pem is null)
        {
            return TlsTrust.For(pinned);
        }
        X509Certificate2Collection roots = [];
        try
        {
            roots.ImportFromPem(System.Text.Encoding.ASCII.GetString(pem));
        }
        catch (CryptographicException)
        {
            // A file that is not a PEM certificate trusts nothing, so the handshake fails as on the module.
        }
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || roots.Count == 0 || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        };
    }
}
