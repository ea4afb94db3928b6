namespace LuatHost.Modem;

/// <summary>Sizes the firmware accepts (docs/air724-at.md §3, §4, §5.1). Checked before anything is sent.</summary>
public static class ModemLimits
{
    /// <summary>AT+MPUB message and AT+MPUBEX length: 1..4100 bytes.</summary>
    public const int MqttPayloadBytes = 4100;

    /// <summary>AT+MSUB / AT+MPUB topic.</summary>
    public const int MqttTopicBytes = 256;

    /// <summary>AT+MCONFIG client id, user name and password, each.</summary>
    public const int MqttCredentialBytes = 256;

    public const int MqttWillMessageBytes = 1360;

    /// <summary>AT+HTTPPARA="URL".</summary>
    public const int HttpUrlBytes = 500;

    /// <summary>AT+CSTT APN; user and password are 32.</summary>
    public const int ApnBytes = 128;

    public const int ApnCredentialBytes = 32;

    /// <summary>
    /// What may stand between the quotes of AT+MPUB: the manual's 4100-byte message limit. Whether the firmware counts
    /// the typed (escaped or hex) text or the decoded bytes is not documented — VERIFY on an 8910 module; the host
    /// counts the typed text, which is safe either way.
    /// </summary>
    public const int MpubMessageBytes = 4100;

    /// <summary>
    /// Above this escaped length AT+MPUB is avoided in favour of AT+MPUBEX with a length: the firmware's command-line
    /// buffer size is not documented, a counted write has no such limit.
    /// </summary>
    public const int MpubInlineEscapedBytes = 1024;
}
