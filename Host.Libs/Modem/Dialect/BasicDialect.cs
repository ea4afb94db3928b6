using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Start-up, SIM, radio service and identity: the boot marker, the service-state URCs and the long SIM/operator/
/// functionality timeouts. Sources: openLuat AT command manual (general and SIM commands), the Air780E SIM application
/// guide's hot-plug transcript and the low-power and call guides for <c>^MODE:</c> during normal operation.
/// </summary>
internal static class BasicDialect
{
    public static void AddTo(AtDialectBuilder table)
    {
        // RDY is the only boot marker: ^MODE: is printed on every change of radio service, not only at boot.
        table.BootMarker("RDY");
        table.Urc("^MODE:", "+E_UTRAN Service", "+NO Service", "^CARDMODE:", "+NITZ:", "+CTZV:",
            "+CPIN:", "+CFUN:", "+CREG:", "+CEREG:", "+CGREG:", "SMS Ready", "Call Ready");

        // 3GPP 27.007 maxima as the openLuat manual gives them: SIM query 10 s, PIN entry up to 180 s,
        // operator selection (and the =? scan) up to 300 s, functionality change up to 45 s.
        table.Command(new AtCommandRule("AT+CPIN") { Forms = AtCommandForm.Query, Timeout = TimeSpan.FromSeconds(10) });
        table.Command(new AtCommandRule("AT+CPIN") { Forms = AtCommandForm.Set | AtCommandForm.Execute, Timeout = TimeSpan.FromSeconds(180) });
        table.Command(new AtCommandRule("AT+COPS") { Forms = AtCommandForm.Set | AtCommandForm.Execute | AtCommandForm.Test, Timeout = TimeSpan.FromSeconds(300) });
        table.Command(new AtCommandRule("AT+CFUN") { Forms = AtCommandForm.Set, Timeout = TimeSpan.FromSeconds(45) });

        // Luat's dynamic-registration demos keep the DeviceSecret in the SN (misc.setSn): its value and answer are secrets.
        table.SecretValue("AT+WISN");
        table.SecretAnswer("AT+WISN?");
    }
}
