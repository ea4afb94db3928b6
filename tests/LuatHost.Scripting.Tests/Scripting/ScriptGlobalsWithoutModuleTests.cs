namespace LuatHost.Scripting.Tests.Scripting;

/// <summary>The module-backed globals when no module is attached: present, typed, and one clear error on use.</summary>
public class ScriptGlobalsWithoutModuleTests(ScriptWorkspace workspace) : IClassFixture<ScriptWorkspace>
{
    [Fact]
    public void Misc_getters_return_empty_strings_until_a_module_answers_as_in_luat()
    {
        var run = workspace.Run(workspace.Write("misc-empty.csx", """
            log.info("misc", misc.getImei() == "", misc.getSn() == "", misc.getModelType() == "", misc.getVersion() == "");
            """));

        Assert.Equal(ScriptExitCodes.Success, run.ExitCode);
        Assert.Equal(["[I]-[misc]\ttrue\ttrue\ttrue\ttrue"], run.Lines);
    }

    [Fact]
    public void Awaiting_the_imei_without_a_module_is_one_error_that_says_how_to_attach_one()
    {
        var run = workspace.Run(workspace.Write("misc-async.csx", """

            var imei = await misc.GetImeiAsync();
            """));

        Assert.Equal(ScriptExitCodes.RuntimeError, run.ExitCode);
        Assert.Contains("misc-async.csx:2: error: InvalidOperationException: misc.GetImeiAsync: no module attached (run the script with `luathost run`", run.Errors);
    }

    [Fact]
    public void ALiYun_setup_without_a_module_names_the_call_and_what_to_do()
    {
        var run = workspace.Run(workspace.Write("aliyun-setup.csx", """
            aLiYun.setConnectMode("direct");
            """));

        Assert.Equal(ScriptExitCodes.RuntimeError, run.ExitCode);
        Assert.Contains("aliyun-setup.csx:1: error: InvalidOperationException: aLiYun.setConnectMode: no module attached", run.Errors);
    }

    [Fact]
    public void Only_direct_is_a_connect_mode_and_the_error_says_how_to_get_http_auth()
    {
        var run = workspace.Run(workspace.Write("aliyun-mode.csx", """
            aLiYun.setConnectMode("tls");
            """));

        Assert.Equal(ScriptExitCodes.RuntimeError, run.ExitCode);
        Assert.Contains("aLiYun.setConnectMode(\"tls\"): only \"direct\" is a mode; leave setConnectMode out for the HTTP-auth flow", run.Errors);
    }

    [Fact]
    public void Luat_shaped_calls_compile_with_lambdas_method_groups_and_a_topic_table()
    {
        // Compiles and runs up to the first call that needs the module: overloads resolve as a porter expects.
        var run = workspace.Run(workspace.Write("aliyun-shapes.csx", """
            PROJECT = "DEMO";
            VERSION = "1.0.0";
            void connectCbFnc(bool result) => log.info("connect", result);
            void publishTestCb(bool result, object para) => log.info("pub", result, para);
            if (Args.Count > 99)
            {
                aLiYun.on("connect", connectCbFnc);
                aLiYun.on("reconnect", () => log.info("reconnect"));
                aLiYun.on("receive", (topic, qos, payload) => log.info("rcv", topic, qos, payload));
                aLiYun.setup("pk", null, misc.getImei, misc.getSn, secret => misc.setSn(secret));
                aLiYun.setup("pk", "ps", misc.getImei, misc.getSn, async secret => await misc.SetSnAsync(secret));
                aLiYun.setup("pk", null, "dn", "ds");
                aLiYun.subscribe(new Dictionary<string, int> { ["/pk/dn/get"] = 1 });
                aLiYun.publish("/pk/dn/update", "qos1data", 1, publishTestCb, "publishTest_1");
                aLiYun.setMqtt(0, new MqttWill("/will", "bye"), 60);
                AliyunMessage? message = await aLiYun.ReceiveAsync(1000);
                aLiYunOta.setVer("MCU_VERSION_1.0.0");
            }
            log.info("compiled", PROJECT, VERSION);
            """));

        Assert.Equal("", run.Errors);
        Assert.Equal(ScriptExitCodes.Success, run.ExitCode);
        Assert.Equal(["[I]-[compiled]\tDEMO\t1.0.0"], run.Lines);
    }
}
