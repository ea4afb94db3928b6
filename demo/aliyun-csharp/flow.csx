// LuatHost demo: Aliyun IoT, 一机一密 (device secret), signed MQTT direct connection — the C# face of
// demo/aliyun/testALiYun.lua. Same globals (log, sys, misc, aLiYun, aLiYunOta), same C# services underneath.
// Run it with `luathost run demo/aliyun-csharp/flow.csx` (virtual Air724UG + the local cloud with this folder's
// cloud-registry.json) or add `--port COM3` for a real module and real Aliyun.

// As in main.lua: aLiYunOta reports PROJECT_VERSION_<core> as the version.
PROJECT = "ALIYUN";
VERSION = "2.0.0";
log.Level = LuatLogLevel.Trace;

// A device of cloud-registry.json (the local cloud's registry); put your own triple for real Aliyun.
const string RegionId = "cn-shanghai";
const string ProductKey = "a1mxL3s6Z7m";
const string DeviceName = "866714043075174";
const string DeviceSecret = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O";

var updateTopic = $"/{ProductKey}/{DeviceName}/update";
var getTopic = $"/{ProductKey}/{DeviceName}/get";

// true after CONNACK, false when the link is lost (the client reconnects by itself).
aLiYun.on("connect", result => log.info("testALiYun.connectCbFnc", result));
aLiYun.on("receive", (topic, qos, payload) => log.info("testALiYun.rcvCbFnc", topic, qos, payload));
aLiYun.setRegion(RegionId);
// Direct mode must be chosen before setup, which starts connecting.
aLiYun.setConnectMode("direct", $"{ProductKey}.iot-as-mqtt.{RegionId}.aliyuncs.com", 1883);
aLiYun.setup(ProductKey, null, DeviceName, DeviceSecret);
// The C# form of `require "aLiYunOta"`: subscribe the upgrade topic and report the version on connect.
aLiYunOta.Enable();

await aLiYun.ConnectAsync();
// Kept by the client and sent again after every reconnect.
aLiYun.subscribe(getTopic, 1);

// One QoS1 message every 20 s; the await returns after PUBACK (false only if it can never be sent).
// A publish made while the link is down waits in the queue for the next connect.
for (var publishCount = 1; ; publishCount++)
{
    var result = await aLiYun.PublishAsync(updateTopic, "qos1data", 1);
    log.info("testALiYun.publishTestCb", result, $"publishTest_{publishCount}");
    await sys.WaitAsync(20000);
}
