namespace LuatHost.Cli.AtTerminal;

/// <summary>The commands of the seed tutorial (the openLuat wiki tutorial "阿里云" (https://luatdoc.papapoi.com/wiki/_sources/pages/269.rst.txt)), in the order the tutorial uses them.</summary>
internal static class SeedCommandHelp
{
    private static readonly (string Command, string Explanation)[] Entries =
    [
        ("AT", "is the module there? readiness means AT answers OK"),
        ("ATE0 / ATE1", "echo off / on (on after every boot)"),
        ("AT+CGMR", "firmware version, e.g. +CGMR: \"AirM2M_Air724UG_V409_LTE_AT\""),
        ("AT+CGSN", "IMEI (bare line, no prefix); the DeviceName in the tutorial"),
        ("AT+CPIN?", "SIM ready? expect +CPIN: READY"),
        ("AT+CSQ", "signal quality +CSQ: <rssi 0..31>,<ber>"),
        ("AT+CGATT?", "attached to the packet network? must be +CGATT: 1 before going on"),
        ("AT+CSTT", "set the APN (bare = the network's APN)"),
        ("AT+SAPBR=3,1,\"CONTYPE\",\"GPRS\"", "HTTP bearer type (then AT+SAPBR=3,1,\"APN\",\"\")"),
        ("AT+SAPBR=1,1", "open the HTTP bearer; AT+SAPBR=2,1 shows its state and IP"),
        ("AT+CIICR", "activate the wireless data context"),
        ("AT+CIFSR", "local IP address (answers a bare IP line, no OK)"),
        ("AT+CIPSTATUS", "connection state: OK first, then STATE: IP STATUS"),
        ("AT+HTTPINIT", "start an HTTP session (AT+HTTPTERM ends it)"),
        ("AT+HTTPPARA=\"URL\",\"https://iot-auth.cn-shanghai.aliyuncs.com/auth/devicename\"", "request URL (auth/register/device for 一型一密)"),
        ("AT+HTTPPARA=\"USER_DEFINED\",\"Content-Type: application/x-www-form-urlencoded\"", "one extra request header"),
        ("AT+HTTPDATA=<n>,20000", "request body: after DOWNLOAD send exactly n bytes (this terminal asks for them)"),
        ("AT+HTTPACTION=1", "POST (0 GET); OK now, +HTTPACTION: 1,<status>,<length> later"),
        ("AT+HTTPREAD", "read the response body: +HTTPREAD: <n> then n bytes"),
        ("AT+HTTPTERM", "end the HTTP session"),
        ("AT+MCONFIG=\"<clientId>\",\"<user>\",\"<password>\"", "MQTT credentials (`luathost sign` computes them)"),
        ("AT+SSLMIPSTART=\"<pk>.iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883", "TLS link to the broker (AT+MIPSTART for plain TCP); OK, then CONNECT OK"),
        ("AT+MCONNECT=1,120", "MQTT CONNECT (send within 5 s of CONNECT OK); OK, then CONNACK OK"),
        ("AT+MSUB=\"/<pk>/<dn>/user/get\",0", "subscribe; SUBACK; messages arrive as +MSUB: \"<topic>\",<n> byte,<data>"),
        ("AT+MPUB=\"/<pk>/<dn>/user/update\",1,0,\"HelloWorld\"", "publish (write \" as \\22); QoS1 ends with PUBACK"),
        ("AT+MPUBEX=\"<topic>\",0,0,<n>", "publish n raw bytes after the '>' prompt (this terminal asks for them)"),
        ("AT+MQTTMSGSET=0", "0: print messages directly; 1: cache them (+MSUB: <slot>, read with AT+MQTTMSGGET)"),
        ("AT+MQTTSTATU", "MQTT state: +MQTTSTATU :1 connected, :2 TCP only, :0 offline"),
        ("AT+MIPCLOSE", "close the broker link"),
    ];

    public static void Write(TextWriter output)
    {
        output.WriteLine("Commands from the seed tutorial (type them as shown; <...> are yours to fill in):");
        foreach (var (command, explanation) in Entries)
        {
            output.WriteLine($"  {command}");
            output.WriteLine($"      {explanation}");
        }
        output.WriteLine();
        output.WriteLine("Terminal commands: help, sleep <seconds> (let URCs arrive, for scripts), exit / quit.");
        output.WriteLine("Prompt data (HTTPDATA, MPUBEX) is one line; write \\r \\n \\\\ \\xHH for special bytes.");
        output.WriteLine("URCs (CONNECT OK, +MSUB: ..., RDY ...) are printed as they arrive, marked with '«'.");
    }
}
