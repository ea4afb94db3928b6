using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Packet data: attach, the TCP/IP context (CSTT/CIICR/CIFSR/CIPSTATUS/CIPSHUT) and the SAPBR bearer, with the PDN
/// URCs. Sources: openLuat AT command manual (TCPIP and SAPBR chapters); zero-padded <c>AT+CIFSR</c> and unquoted
/// <c>+SAPBR:</c> addresses as RT-Thread's Air720 driver parses them.
/// </summary>
internal static class PacketDataDialect
{
    public static void AddTo(AtDialectBuilder table)
    {
        table.Urc("+CGEV:", "+PDP DEACT", "+SAPBR 1: DEACT", "+SAPBR 2: DEACT", "+SAPBR 3: DEACT", "+CDNSGIP:");

        // AT+CIFSR answers a bare address and no OK; AT+CIPSTATUS sends OK before its STATE: line.
        table.Command(new AtCommandRule("AT+CIFSR") { Completion = AtCompletion.BareIPv4 });
        table.Command(new AtCommandRule("AT+CIPSTATUS") { Forms = AtCommandForm.Execute, Completion = AtCompletion.OkThenLine("STATE:") });
        table.Command(new AtCommandRule("AT+CIPSHUT")
        {
            Forms = AtCommandForm.Execute,
            Completion = AtCompletion.FinalLine("SHUT OK"),
            Timeout = TimeSpan.FromSeconds(90),
        });
        table.Command(new AtCommandRule("AT+CGATT") { Forms = AtCommandForm.Set, Timeout = TimeSpan.FromSeconds(108) });
        table.Command(new AtCommandRule("AT+CGACT") { Forms = AtCommandForm.Set, Timeout = TimeSpan.FromSeconds(108) });
        table.Command(new AtCommandRule("AT+CSTT")
        {
            Timeout = TimeSpan.FromSeconds(60),
            TimeoutHint = "CSTT is only valid in state IP INITIAL (try AT+CIPSHUT first)",
        });
        table.Command(new AtCommandRule("AT+CIICR")
        {
            Forms = AtCommandForm.Execute,
            Timeout = TimeSpan.FromSeconds(90),
            TimeoutHint = "the network did not grant a data context (check the SIM's data plan and signal)",
        });
        // AT+SAPBR=2,1 answers +SAPBR: 1,<status>,<ip>; the other set forms answer OK only, so claiming the prefix is harmless.
        table.Command(new AtCommandRule("AT+SAPBR")
        {
            Forms = AtCommandForm.Set,
            Timeout = TimeSpan.FromSeconds(85),
            ResponsePrefixes = ["+SAPBR:"],
        });

        table.SecretArgument("AT+CSTT", 2);
    }
}
