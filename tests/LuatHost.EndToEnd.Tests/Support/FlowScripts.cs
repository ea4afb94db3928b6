namespace LuatHost.EndToEnd.Tests.Support;

/// <summary>Lua bodies for the three connect flows; each connects, subscribes …/user/get and publishes QoS0 + QoS1.</summary>
internal static class FlowScripts
{
    /// <summary>Handlers shared by every flow: log connect/auth/receive, and on connect subscribe and publish twice.</summary>
    public static string Handlers(string productKey) => $$"""
        local PK, DN = "{{productKey}}", "{{TestRegistry.DeviceName}}"
        GET = "/" .. PK .. "/" .. DN .. "/user/get"
        UPDATE = "/" .. PK .. "/" .. DN .. "/user/update"
        local function published(result, para) log.info("e2e.published", result, para) end
        aLiYun.on("connect", function(ok)
          log.info("e2e.connect", ok)
          if ok then
            aLiYun.subscribe(GET, 1)
            aLiYun.publish(UPDATE, "qos0 payload", 0, published, "q0")
            aLiYun.publish(UPDATE, "qos1 payload", 1, published, "q1")
          end
        end)
        aLiYun.on("receive", function(topic, qos, payload) log.info("e2e.receive", topic, qos, payload) end)
        aLiYun.on("auth", function(ok) log.info("e2e.auth", ok) end)
        aLiYun.on("reconnect", function() log.info("e2e.reconnect") end)
        """;

    public static string Direct(string secret = TestRegistry.DeviceSecret) => Handlers(TestRegistry.ProductKey) + $$"""

        aLiYun.setConnectMode("direct")
        aLiYun.setup(PK, nil, function() return DN end, function() return "{{secret}}" end)
        """;

    public static string HttpAuth(string secret = TestRegistry.DeviceSecret) => Handlers(TestRegistry.ProductKey) + $$"""

        aLiYun.setup(PK, nil, misc.getImei, function() return "{{secret}}" end)
        """;

    public static string DynamicRegistration() => Handlers(TestRegistry.DynamicProductKey) + $$"""

        aLiYun.setConnectMode("direct")
        aLiYun.setup(PK, "{{TestRegistry.ProductSecret}}", misc.getImei, misc.getSn, function(secret)
          log.info("e2e.secretStored", #secret)
          misc.setSn(secret)
        end)
        """;
}
