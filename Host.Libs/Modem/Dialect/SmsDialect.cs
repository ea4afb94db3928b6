using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Short messages in PDU mode (3GPP TS 27.005): <c>+CMTI: "SM",&lt;index&gt;</c> when a message is stored, and the 8910
/// core's <c>SMS READY</c> (Luat's lib/sms.lua waits for it; the AT firmware's boot logs do not show it). Sending
/// (<c>AT+CMGS=&lt;length&gt;</c>, the PDU after the <c>&gt;</c> prompt) waits for the network's answer, which takes seconds:
/// 60 s, the maximum response time SIMCom's SIM800 Series AT Command Manual V1.09 gives for +CMGS.
/// </summary>
internal static class SmsDialect
{
    public static void AddTo(AtDialectBuilder table)
    {
        table.Urc("+CMTI:", "SMS READY");
        table.Command(new AtCommandRule("AT+CMGS")
        {
            Forms = AtCommandForm.Set,
            Timeout = TimeSpan.FromSeconds(60),
            TimeoutHint = "the network did not answer the short message (is the module registered, the SIM able to send?)",
        });
    }
}
