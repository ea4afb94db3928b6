using System.CommandLine;
using System.Security.Cryptography;
using LuatHost.Aliyun.Signing;

namespace LuatHost.Cli.Commands;

/// <summary>
/// `luathost sign`: what the tutorial computes by hand — the MQTT ClientId/Username/Password of a
/// direct connection, or the /auth/devicename and /auth/register/device bodies with their byte
/// length for AT+HTTPDATA. Secrets come from options or the environment and are never printed.
/// </summary>
internal static class SignCommand
{
    private const string DeviceSecretVariable = "LUATHOST_DEVICE_SECRET";
    private const string ProductSecretVariable = "LUATHOST_PRODUCT_SECRET";

    public static Command Build()
    {
        var mode = new Option<string>("--mode")
        {
            Description = "direct (MQTT ClientId/Username/Password), http (/auth/devicename body) or register (/auth/register/device body)",
            DefaultValueFactory = _ => "direct",
        };
        mode.AcceptOnlyFromAmong("direct", "http", "register");
        var productKey = new Option<string>("--pk") { Description = "ProductKey", Required = true };
        var deviceName = new Option<string>("--dn") { Description = "DeviceName", Required = true };
        var deviceSecret = new Option<string?>("--ds") { Description = $"DeviceSecret (or set {DeviceSecretVariable})" };
        var productSecret = new Option<string?>("--ps") { Description = $"ProductSecret for --mode register (or set {ProductSecretVariable})" };
        var method = new Option<string?>("--method")
        {
            Description = "hmacmd5, hmacsha1 or hmacsha256 (default: hmacsha1 for direct, hmacmd5 for http and register, as in the tutorial)",
        };
        var timestamp = new Option<string?>("--timestamp") { Description = "timestamp to sign and send (optional; Luat's lib uses 2524608000000)" };
        var clientId = new Option<string?>("--client-id") { Description = "bare MQTT client id (default: the DeviceName)" };
        var random = new Option<string?>("--random") { Description = "random string for --mode register (default: 15 random letters and digits)" };
        var secureMode = new Option<string>("--securemode")
        {
            Description = "3 = plain TCP, 2 = TLS (direct mode)",
            DefaultValueFactory = _ => "3",
        };
        secureMode.AcceptOnlyFromAmong("2", "3");
        var lower = new Option<bool>("--lowercase") { Description = "lowercase hex in the sign (the platform accepts either case)" };
        var region = new Option<string>("--region") { Description = "Aliyun region for the printed host names", DefaultValueFactory = _ => "cn-shanghai" };

        var command = new Command("sign", "Print Aliyun IoT MQTT credentials, or an HTTP auth body and its byte length for AT+HTTPDATA.");
        foreach (var option in new Option[] { mode, productKey, deviceName, deviceSecret, productSecret, method, timestamp, clientId, random, secureMode, lower, region })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var selectedMode = parse.GetValue(mode)!;
            var methodText = parse.GetValue(method) ?? (selectedMode == "direct" ? "hmacsha1" : "hmacmd5");
            if (!SignMethods.TryParse(methodText, out var signMethod))
            {
                return Fail($"unknown --method '{methodText}'; use hmacmd5, hmacsha1 or hmacsha256");
            }

            var pk = parse.GetValue(productKey)!;
            var dn = parse.GetValue(deviceName)!;
            var hexCase = parse.GetValue(lower) ? HexCase.Lower : (HexCase?)null;
            var host = $"iot-auth.{parse.GetValue(region)}.aliyuncs.com";
            if (selectedMode == "register")
            {
                if (Secret(parse.GetValue(productSecret), ProductSecretVariable) is not { } ps)
                {
                    return Fail($"no ProductSecret: pass --ps or set {ProductSecretVariable}");
                }

                var randomValue = parse.GetValue(random) ?? RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 15);
                PrintBody(host, "/auth/register/device", AuthRequestBodies.RegisterDevice(pk, dn, ps, randomValue, signMethod, hexCase ?? HexCase.Lower));
                return 0;
            }

            if (Secret(parse.GetValue(deviceSecret), DeviceSecretVariable) is not { } ds)
            {
                return Fail($"no DeviceSecret: pass --ds or set {DeviceSecretVariable}");
            }

            if (selectedMode == "http")
            {
                PrintBody(host, "/auth/devicename",
                    AuthRequestBodies.DeviceNameAuth(pk, dn, ds, signMethod, parse.GetValue(clientId), parse.GetValue(timestamp), hexCase ?? HexCase.Lower));
                return 0;
            }

            var credentials = MqttCredentials.ForDirectConnect(pk, dn, ds, signMethod, parse.GetValue(timestamp), parse.GetValue(clientId),
                parse.GetValue(secureMode)!, hexCase ?? HexCase.Upper);
            Console.WriteLine($"ClientId: {credentials.ClientId}");
            Console.WriteLine($"Username: {credentials.Username}");
            Console.WriteLine($"Password: {credentials.Password}");
            Console.WriteLine($"Host:     {pk}.iot-as-mqtt.{parse.GetValue(region)}.aliyuncs.com:1883");
            Console.WriteLine($"AT+MCONFIG=\"{credentials.ClientId}\",\"{credentials.Username}\",\"{credentials.Password}\"");
            return 0;
        });
        return command;
    }

    private static void PrintBody(string host, string path, FormBody body)
    {
        Console.WriteLine($"POST https://{host}{path}");
        Console.WriteLine($"Content-Type: {AuthRequestBodies.ContentType}");
        Console.WriteLine($"Body:   {body.Body}");
        Console.WriteLine($"Length: {body.ByteLength}");
        Console.WriteLine($"AT+HTTPDATA={body.ByteLength},20000");
    }

    private static string? Secret(string? fromOption, string variable)
    {
        var value = string.IsNullOrEmpty(fromOption) ? Environment.GetEnvironmentVariable(variable) : fromOption;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"luathost sign: {message}");
        return 2;
    }
}
