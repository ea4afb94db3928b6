--- Aliyun IoT test, 一机一密 with HTTPS auth before MQTT (Luat's legacy clientAuthTask, the tutorial's first flow).
-- No setConnectMode before setup: the library POSTs /auth/devicename through the module (AT+HTTPINIT … AT+HTTPREAD),
-- then connects over TLS (AT+SSLMIPSTART) with the iotId/iotToken it got. The device name is the module's IMEI.
module(..., package.seeall)

require "aLiYun"
require "misc"
require "pm"

local PRODUCT_KEY = "a1mxL3s6Z7m"
-- The DeviceSecret of the device whose name is this module's IMEI (see cloud-registry.json). Luat's own demo
-- reads it from the SN (misc.getSn()); a constant keeps this demo independent of what the SN holds.
local DEVICE_SECRET = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O"

local function getDeviceName()
    return misc.getImei()
end

local function getDeviceSecret()
    return DEVICE_SECRET
end

local isConnected = false
local publishCount = 1

function publishTestCb(result, para)
    log.info("testALiYun.publishTestCb", result, para)
    sys.timerStart(publishTest, 20000)
    publishCount = publishCount + 1
end

function publishTest()
    if isConnected then
        aLiYun.publish("/" .. PRODUCT_KEY .. "/" .. getDeviceName() .. "/update", "qos1data", 1, publishTestCb, "publishTest_" .. publishCount)
    end
end

local function rcvCbFnc(topic, qos, payload)
    log.info("testALiYun.rcvCbFnc", topic, qos, payload)
end

local function connectCbFnc(result)
    log.info("testALiYun.connectCbFnc", result)
    isConnected = result
    if result then
        -- A table literal with the same key twice is one topic (the last value wins), as in Luat's demo.
        aLiYun.subscribe({["/" .. PRODUCT_KEY .. "/" .. getDeviceName() .. "/get"] = 0, ["/" .. PRODUCT_KEY .. "/" .. getDeviceName() .. "/get"] = 1})
        aLiYun.on("receive", rcvCbFnc)
        publishTest()
    end
end

--- Result of the HTTPS auth step (true: iotId and iotToken received).
local function authCbFnc(result)
    log.info("testALiYun.authCbFnc", result)
end

aLiYun.on("auth", authCbFnc)
aLiYun.on("connect", connectCbFnc)
aLiYun.setup(PRODUCT_KEY, nil, getDeviceName, getDeviceSecret)

require "aLiYunOta"
