--- Aliyun IoT test, 一机一密 over a signed MQTT direct connection.
-- Connects, subscribes to the device's "get" topic, logs what arrives and publishes a QoS1 message every 20 s.
-- The triple below is a device in cloud-registry.json (the local cloud's registry); put your own for real Aliyun.
module(..., package.seeall)

require "aLiYun"
require "misc"
require "pm"

local REGION_ID = "cn-shanghai"
local PRODUCT_KEY = "a1mxL3s6Z7m"
local DEVICE_NAME = "866714043075174"
local DEVICE_SECRET = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O"

--- The device name; a product usually uses the IMEI (misc.getImei()).
local function getDeviceName()
    return DEVICE_NAME
end

--- The device secret shown in the Aliyun console for this device.
local function getDeviceSecret()
    return DEVICE_SECRET
end

local isConnected = false
local publishCount = 1

--- Called after the QoS1 publish was acknowledged (PUBACK), or with false if it could not be sent.
function publishTestCb(result, para)
    log.info("testALiYun.publishTestCb", result, para)
    sys.timerStart(publishTest, 20000)
    publishCount = publishCount + 1
end

--- Publishes one QoS1 message on the device's "update" topic. The payload is sent as is.
function publishTest()
    if isConnected then
        aLiYun.publish("/" .. PRODUCT_KEY .. "/" .. getDeviceName() .. "/update", "qos1data", 1, publishTestCb, "publishTest_" .. publishCount)
    end
end

--- A message arrived on a subscribed topic.
local function rcvCbFnc(topic, qos, payload)
    log.info("testALiYun.rcvCbFnc", topic, qos, payload)
end

--- Connection result: true after CONNACK, false when the link is lost (the library reconnects by itself).
local function connectCbFnc(result)
    log.info("testALiYun.connectCbFnc", result)
    isConnected = result
    if result then
        aLiYun.subscribe({["/" .. PRODUCT_KEY .. "/" .. getDeviceName() .. "/get"] = 1})
        aLiYun.on("receive", rcvCbFnc)
        publishTest()
    end
end

aLiYun.on("connect", connectCbFnc)
aLiYun.setRegion(REGION_ID)
-- Direct mode must be chosen before setup, which starts connecting.
aLiYun.setConnectMode("direct", PRODUCT_KEY .. ".iot-as-mqtt." .. REGION_ID .. ".aliyuncs.com", 1883)
aLiYun.setup(PRODUCT_KEY, nil, getDeviceName, getDeviceSecret)

-- Aliyun OTA: subscribes the upgrade topic and reports PROJECT_VERSION_<core> on every connect.
require "aLiYunOta"
