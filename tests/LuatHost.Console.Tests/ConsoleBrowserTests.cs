using LuatHost.Console.Tests.Support;
using OpenQA.Selenium;
using static LuatHost.Console.Tests.Support.TutorialRegistry;

namespace LuatHost.Console.Tests;

/// <summary>
/// The console page in a real headless Chromium, against the real local cloud, with a real Luat script on the virtual
/// Air724UG: the tutorial's console steps (add a device, copy its triple, watch it come online, read its message, 发布消息).
/// </summary>
public sealed class ConsoleBrowserTests
{
    // The seed tutorial's testALiYun.lua shape: connect, subscribe …/user/get, publish to …/user/update, log receives.
    internal static Dictionary<string, string> TutorialScript(string deviceSecret) => new()
    {
        ["main.lua"] = """
            PROJECT = "CONSOLE"
            VERSION = "1.0.0"
            require "log"
            require "sys"
            require "testALiYun"
            sys.init(0, 0)
            sys.run()
            """,
        ["testALiYun.lua"] = $$"""
            module(..., package.seeall)
            require "aLiYun"
            local PRODUCT_KEY, DEVICE_NAME, DEVICE_SECRET = "{{ProductKey}}", "{{DeviceName}}", "{{deviceSecret}}"
            local function rcvCbFnc(topic, qos, payload)
                log.info("testALiYun.rcvCbFnc", topic, qos, payload)
            end
            aLiYun.on("connect", function(result)
                log.info("testALiYun.connectCbFnc", result)
                if result then
                    aLiYun.subscribe({["/" .. PRODUCT_KEY .. "/" .. DEVICE_NAME .. "/user/get"] = 1})
                    aLiYun.on("receive", rcvCbFnc)
                    aLiYun.publish("/" .. PRODUCT_KEY .. "/" .. DEVICE_NAME .. "/user/update", "HelloWorld", 1)
                end
            end)
            aLiYun.setConnectMode("direct", PRODUCT_KEY .. ".iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883)
            aLiYun.setup(PRODUCT_KEY, nil, function() return DEVICE_NAME end, function() return DEVICE_SECRET end)
            """,
    };

    [BrowserFact]
    public async Task A_device_added_in_the_page_comes_online_shows_its_publish_and_receives_the_pages_publish()
    {
        await using var world = await ConsoleWorld.StartAsync(EmptyProductJson);
        using var browser = Browser.Start();
        browser.Navigate().GoToUrl(world.Console.Url);

        // 添加设备, then reveal the secret the cloud issued (hidden until asked).
        var product = Browser.Until(browser, d => d.FindElement(By.CssSelector($"[data-product='{ProductKey}']")), "the tutorial's product card");
        product.FindElement(By.CssSelector("[data-testid=new-device-name]")).SendKeys(DeviceName);
        product.FindElement(By.CssSelector("[data-testid=add-device] button")).Click();
        // The list is redrawn by live updates: every lookup starts from the page, and Until retries a stale element.
        var row = $"[data-device='{ProductKey}/{DeviceName}']";
        Assert.Equal("••••••••", Browser.Until(browser, d => d.FindElement(By.CssSelector(row + " [data-testid=device-secret-value]")).Text, "the new device's row"));
        Browser.UntilTrue(browser, d =>
        {
            d.FindElement(By.CssSelector(row + " [data-testid=device-secret-show]")).Click();
            return true;
        }, "the 查看 button of the DeviceSecret");
        var secret = Browser.Until(browser, d =>
        {
            var text = d.FindElement(By.CssSelector($"[data-device='{ProductKey}/{DeviceName}'] [data-testid=device-secret-value]")).Text;
            return text.Length == 32 ? text : null;
        }, "the DeviceSecret shown after 查看");

        // The script connects with the triple copied from the page: the row turns online with its client id.
        await using var script = await world.RunScriptAsync(TutorialScript(secret));
        await script.WaitForLineAsync("testALiYun.connectCbFnc", "true");
        var clientId = Browser.Until(browser, d =>
        {
            var device = d.FindElement(By.CssSelector($"[data-device='{ProductKey}/{DeviceName}']"));
            var online = device.FindElements(By.CssSelector("[data-testid=device-state] .online")).Count == 1;
            var id = device.FindElement(By.CssSelector("[data-testid=device-client-id]")).Text;
            return online && id.Length > 0 ? id : null;
        }, "the device shown online with its client id");
        Assert.StartsWith(DeviceName, clientId, StringComparison.Ordinal);

        // Its publish appears in the live message log.
        Browser.Until(browser, d => d.FindElements(By.CssSelector("[data-testid=log-row][data-direction=up]"))
            .FirstOrDefault(r => r.FindElement(By.CssSelector("[data-testid=log-topic]")).Text == $"/{ProductKey}/{DeviceName}/user/update"
                                 && r.FindElement(By.CssSelector("[data-testid=log-payload]")).Text == "HelloWorld"), "the device's HelloWorld in the log");

        // 发布消息 to the device on its …/user/get: the script's receive callback logs it.
        browser.FindElement(By.CssSelector($"[data-testid=publish-device] option[value='{ProductKey}/{DeviceName}']")).Click();
        Browser.UntilTrue(browser, d => d.FindElement(By.CssSelector("[data-testid=publish-topic]")).GetDomProperty("value") == $"/{ProductKey}/{DeviceName}/user/get",
            "the topic picker offering …/user/get");
        browser.FindElement(By.CssSelector("[data-testid=publish-qos] option:nth-child(2)")).Click();
        browser.FindElement(By.CssSelector("[data-testid=publish-payload]")).SendKeys("Hello World");
        browser.FindElement(By.CssSelector("[data-testid=publish-send]")).Click();

        var received = await script.WaitForLineAsync("testALiYun.rcvCbFnc", "Hello World");
        Assert.Equal($"[I]-[testALiYun.rcvCbFnc]\t/{ProductKey}/{DeviceName}/user/get\t1\tHello World", received);
        Browser.UntilTrue(browser, d => d.FindElements(By.CssSelector("[data-testid=log-row][data-direction=down]")).Count == 1,
            "the published message in the log as downstream");
    }

    [BrowserFact]
    public async Task The_page_speaks_chinese_to_a_browser_that_asks_for_it_and_names_the_rule_for_a_bad_device_name()
    {
        await using var world = await ConsoleWorld.StartAsync(EmptyProductJson);
        using var browser = Browser.Start("zh-CN");
        browser.Navigate().GoToUrl(world.Console.Url);

        Browser.UntilTrue(browser, d => d.FindElement(By.TagName("h1")).Text == "LuatHost 本地物联网平台控制台", "the Chinese title");
        var product = browser.FindElement(By.CssSelector($"[data-product='{ProductKey}']"));
        Assert.Contains("添加设备", product.Text, StringComparison.Ordinal);
        product.FindElement(By.CssSelector("[data-testid=new-device-name]")).SendKeys("a b");
        product.FindElement(By.CssSelector("[data-testid=add-device] button")).Click();

        var error = Browser.Until(browser, d =>
        {
            var text = d.FindElement(By.CssSelector($"[data-product='{ProductKey}'] [data-testid=device-error]")).Text;
            return text.Length > 0 ? text : null;
        }, "the refusal of 'a b'");
        Assert.Contains("4–32 个字符", error, StringComparison.Ordinal);
        Assert.Empty(world.Cloud.Registry.Devices());
    }
}
