using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>
/// The local cloud's self-signed server certificate, shared by HTTPS and MQTT over TLS. Clients
/// pin it (the virtual module trusts exactly this certificate) instead of installing a root.
/// </summary>
public static class CloudCertificate
{
    /// <summary>Regions of the C SDK's table; each gets its MQTT and auth wildcard names.</summary>
    private static readonly string[] Regions = ["cn-shanghai", "ap-southeast-1", "ap-northeast-1", "us-west-1", "eu-central-1"];

    /// <summary>
    /// DNS names in the SAN. A wildcard covers exactly one label, so `{pk}.iot-as-mqtt.{region}.aliyuncs.com`
    /// needs its own `*.iot-as-mqtt.{region}.aliyuncs.com` entry; `iot-auth.{region}…` is covered by `*.{region}.aliyuncs.com`.
    /// </summary>
    public static IReadOnlyList<string> DnsNames { get; } =
    [
        "*.aliyuncs.com",
        "*.mqtt.iothub.aliyuncs.com",
        .. Regions.SelectMany(r => new[] { $"*.{r}.aliyuncs.com", $"*.iot-as-mqtt.{r}.aliyuncs.com" }),
        "localhost",
    ];

    public static X509Certificate2 CreateSelfSigned(TimeSpan? validity = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=LuatHost local Aliyun IoT cloud, O=LuatHost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames)
        {
            san.AddDnsName(name);
        }

        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(validity ?? TimeSpan.FromDays(365)));

        // Round-trip through PKCS#12: SslStream on Windows cannot use the ephemeral key CreateSelfSigned returns.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
