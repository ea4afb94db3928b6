namespace LuatHost.At;

/// <summary>
/// Dialect knowledge needed to finish a raw command line correctly: odd terminators and long maximum response times.
/// Lives in the engine (not the Modem layer) because raw requests (ril.request, the terminal) must also terminate.
/// Timeouts are the manual's maxima (docs/air724-at.md §1 "Default per-command timeout").
/// </summary>
internal static class KnownCommandRules
{
    public static AtCommand Apply(AtCommand command)
    {
        var name = command.Name.ToUpperInvariant();
        var isQuery = command.Text.EndsWith('?');
        return name switch
        {
            "AT+CIFSR" => command with { Completion = AtCompletion.BareIPv4 },
            "AT+CIPSTATUS" when !command.Text.Contains('=') => command with { Completion = AtCompletion.OkThenLine("STATE:") },
            "AT+CIPSHUT" => command with { Completion = AtCompletion.FinalLine("SHUT OK"), Timeout = TimeSpan.FromSeconds(90) },
            "AT+CPIN" => command with { Timeout = TimeSpan.FromSeconds(isQuery ? 10 : 180) },
            "AT+COPS" when !isQuery => command with { Timeout = TimeSpan.FromSeconds(300) },
            "AT+CGATT" or "AT+CGACT" when !isQuery => command with { Timeout = TimeSpan.FromSeconds(108) },
            "AT+CFUN" when !isQuery => command with { Timeout = TimeSpan.FromSeconds(45) },
            "AT+CSTT" => command with { Timeout = TimeSpan.FromSeconds(60) },
            "AT+CIICR" => command with { Timeout = TimeSpan.FromSeconds(90) },
            "AT+SAPBR" => command with { Timeout = TimeSpan.FromSeconds(85) },
            "AT+MQTTMSGGET" when !isQuery => command with { ResponsePrefixes = ["+MSUB:", "+MQTTMSGGET:"] },
            _ => command,
        };
    }
}
