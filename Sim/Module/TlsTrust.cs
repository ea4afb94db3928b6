using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LuatHost.Sim.Module;

/// <summary>Server-certificate check shared by HTTPS and MQTT TLS.</summary>
internal static class TlsTrust
{
    /// <summary>
    /// With a pinned certificate, the peer must present exactly it. Name errors are ignored then on purpose:
    /// the local cloud's SAN <c>*.aliyuncs.com</c> covers one label only, while Aliyun MQTT hosts have several
    /// (<c>pk.iot-as-mqtt.cn-shanghai.aliyuncs.com</c>). Without a pin, normal system validation applies.
    /// </summary>
    public static RemoteCertificateValidationCallback For(X509Certificate2? pinned) =>
        (_, certificate, _, errors) =>
        {
            if (pinned is null)
            {
                return errors == SslPolicyErrors.None;
            }
            return certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData);
        };
}
