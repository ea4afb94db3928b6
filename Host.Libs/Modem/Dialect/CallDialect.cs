using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Voice calls (3GPP TS 27.007 and openLuat's AT manual, Call/ATA.md): an incoming call's <c>RING</c> and
/// <c>+CLIP:</c>, the call's end (<c>NO CARRIER</c>, <c>BUSY</c>, <c>NO ANSWER</c>), call waiting (<c>+CCWA:</c>), DTMF
/// heard (<c>+DTMFDET:</c>) and the 8910 core's <c>CALL READY</c> and <c>CONNECT</c> (what Luat's lib/cc.lua waits
/// for). <c>CONNECT</c> is matched as a whole line: the socket and MQTT families' <c>CONNECT OK</c> is another URC.
/// <c>ATA</c> with nothing ringing ends with <c>NO CARRIER</c> instead of an error code.
/// </summary>
internal static class CallDialect
{
    private const string NoCarrier = "NO CARRIER";

    public static void AddTo(AtDialectBuilder table)
    {
        table.Urc("RING", "+CLIP:", NoCarrier, "BUSY", "NO ANSWER", "+CCWA:", "+DTMFDET:", "CALL READY");
        table.Urc("CONNECT (a voice call answered)", line => line == "CONNECT");
        table.Command(new AtCommandRule("ATA")
        {
            Forms = AtCommandForm.Execute,
            ResponsePrefixes = [NoCarrier],
            Completion = AtCompletion.Matching(FinalResultCodes.IsOk, line => line == NoCarrier),
        });
    }
}
