using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The module's MQTT client: its asynchronous results, the <c>+MSUB:</c> message header with its counted payload, the
/// link-level events and the password argument. Sources: openLuat AT command manual (MQTT chapter and its two worked
/// examples); <c>CLOSE OK</c> and <c>MQTT HEART NO ACK</c> as RT-Thread's Air720 AliMqtt package handles them.
/// </summary>
internal static class MqttDialect
{
    public static void AddTo(AtDialectBuilder table)
    {
        table.Urc("CONNECT OK", "ALREADY CONNECT", "CONNECT FAIL", "CONNACK OK",
            "SUBACK", "UNSUBACK", "PUBACK", "PUBREC", "PUBCOMP", "+MSUB:",
            "CLOSED", "CLOSE OK", "MQTT HEART NO ACK");

        // +MSUB: "<topic>",<n> byte,<n raw bytes> on the same line (the payload may hold CR/LF).
        table.PayloadOnSameLine("+MSUB: ", ',', MqttMessage.PayloadLengthOf);

        // Cache mode prints each stored message in the direct form in answer to AT+MQTTMSGGET.
        table.Command(new AtCommandRule("AT+MQTTMSGGET") { Forms = AtCommandForm.Execute, ResponsePrefixes = ["+MSUB:", "+MQTTMSGGET:"] });
        // +MQTTSTATU :<n> (a space before the colon on this firmware).
        table.Command(new AtCommandRule("AT+MQTTSTATU") { Forms = AtCommandForm.Execute, ResponsePrefixes = ["+MQTTSTATU"] });
        // Firmware answers AT+MIPCLOSE with OK or with CLOSE OK; either ends it (a CLOSE OK after an OK is a link event).
        table.Command(new AtCommandRule("AT+MIPCLOSE") { Forms = AtCommandForm.Execute, Completion = AtCompletion.FinalLine("OK", "CLOSE OK") });

        table.SecretArgument("AT+MCONFIG", 2);
    }
}
