namespace LuatHost.Sim.Module.Wire;

/// <summary>
/// What of a command line may be logged: the MQTT password (AT+MCONFIG argument 3), the APN password (AT+CSTT
/// argument 3), AT+WISN values (Luat keeps the DeviceSecret in the SN) and anything with <c>sign=</c> are masked
/// (docs/CONTRACTS.md "Secrets"; the host's SecretRedactor masks the same arguments).
/// </summary>
internal static class CommandRedaction
{
    public static string ForLog(AtRequest request)
    {
        if (request.Name == "+MCONFIG" && request.Arguments.Count >= 3)
        {
            return $"AT+MCONFIG={request.Arguments[0].Raw},{request.Arguments[1].Raw},***";
        }
        if (request.Name == "+CSTT" && request.Arguments.Count >= 3)
        {
            return $"AT+CSTT={request.Arguments[0].Raw},{request.Arguments[1].Raw},***";
        }
        if (request.Name == "+WISN" && request.Form == AtForm.Set)
        {
            return "AT+WISN=***";
        }
        return request.Line.Contains("sign=", StringComparison.OrdinalIgnoreCase) ? request.Line[..2] + "…(redacted)" : request.Line;
    }
}
