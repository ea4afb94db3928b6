using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>
/// C# bodies for the three connect flows, the counterparts of <see cref="FlowScripts"/>: each connects, subscribes
/// …/user/get, publishes QoS0 (awaited) and QoS1 (with a Luat callback), and takes one message with ReceiveAsync.
/// Every callback line ends with Loop.IsOnLoopThread, so a test can check where it ran.
/// </summary>
internal static class CSharpFlowScripts
{
    /// <summary>Names and event handlers shared by every flow.</summary>
    public static string Handlers(string productKey) => $$"""
        const string PK = "{{productKey}}", DN = "{{TestRegistry.DeviceName}}";
        var GET = $"/{PK}/{DN}/user/get";
        var UPDATE = $"/{PK}/{DN}/user/update";
        aLiYun.on("connect", ok => log.info("e2e.connect", ok, Loop.IsOnLoopThread));
        aLiYun.on("receive", (topic, qos, payload) => log.info("e2e.receive", topic, qos, payload, Loop.IsOnLoopThread));
        aLiYun.on("auth", ok => log.info("e2e.auth", ok, Loop.IsOnLoopThread));
        aLiYun.on("reconnect", () => log.info("e2e.reconnect"));

        """;

    /// <summary>After setup: the async forms and the Luat callback form side by side.</summary>
    public const string Body = """

        await aLiYun.ConnectAsync();
        log.info("e2e.connected", Loop.IsOnLoopThread);
        aLiYun.subscribe(GET, 1);
        var q0 = await aLiYun.PublishAsync(UPDATE, "qos0 payload", 0);
        log.info("e2e.published", q0, "q0", Loop.IsOnLoopThread);
        aLiYun.publish(UPDATE, "qos1 payload", 1, (ok, para) => log.info("e2e.published", ok, para, Loop.IsOnLoopThread), "q1");
        var first = await aLiYun.ReceiveAsync();
        log.info("e2e.receiveAsync", first.Topic, first.PayloadText, Loop.IsOnLoopThread);
        await sys.RunAsync();
        """;

    public static string Direct(string secret = TestRegistry.DeviceSecret) => Handlers(TestRegistry.ProductKey) + $$"""
        aLiYun.setConnectMode("direct");
        aLiYun.setup(PK, null, () => DN, () => "{{secret}}");
        """ + Body;

    /// <summary>No setConnectMode: the legacy HTTPS auth, then MQTT over TLS with iotId/iotToken. The name is the IMEI.</summary>
    public static string HttpAuth(string secret = TestRegistry.DeviceSecret) => Handlers(TestRegistry.ProductKey) + $$"""
        var imei = await misc.GetImeiAsync();
        aLiYun.setup(PK, null, imei, "{{secret}}");
        """ + Body;

    /// <summary>一型一密 as the Luat demos do it: name = IMEI, secret kept in the module's SN (misc.setSn).</summary>
    public static string DynamicRegistration() => Handlers(TestRegistry.DynamicProductKey) + $$"""
        await misc.GetImeiAsync();
        aLiYun.setConnectMode("direct");
        aLiYun.setup(PK, "{{TestRegistry.ProductSecret}}", misc.getImei, misc.getSn, async secret =>
        {
            log.info("e2e.secretStored", secret.Length, Loop.IsOnLoopThread);
            log.info("e2e.snWritten", await misc.SetSnAsync(secret));
        });
        """ + Body;
}
