using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The module's HTTP client: <c>+HTTPACTION:</c>, and the counted bodies of <c>AT+HTTPREAD</c> and <c>AT+HTTPHEAD</c>.
/// The manual's table says HTTPHEAD answers <c>+HTTPREAD:</c>, its worked example and FAQ show <c>+HTTPHEAD:</c>
/// (openLuat AT command manual, HTTP chapter; luatos-doc-pool FAQ "HTTP问题"): both are accepted.
/// </summary>
internal static class HttpDialect
{
    public static void AddTo(AtDialectBuilder table)
    {
        table.Urc("+HTTPACTION:", "+FTPGET: 1,", "+FTPPUT: 1,");

        table.PayloadOnNextLine("+HTTPREAD:", header => CountedPayloadRule.NumberAfter(header, "+HTTPREAD:"));
        table.PayloadOnNextLine("+HTTPHEAD:", header => CountedPayloadRule.NumberAfter(header, "+HTTPHEAD:"));
        table.PayloadOnNextLine("+FTPGET: 2,", header => CountedPayloadRule.NumberAfter(header, "+FTPGET: 2,"));

        table.Command(new AtCommandRule("AT+HTTPREAD") { ResponsePrefixes = ["+HTTPREAD:"] });
        table.Command(new AtCommandRule("AT+HTTPHEAD") { Forms = AtCommandForm.Execute, ResponsePrefixes = ["+HTTPHEAD:", "+HTTPREAD:"] });
    }
}
