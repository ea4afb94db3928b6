--- Aliyun IoT test, 一型一密: the product has dynamic registration on; the device registers itself.
-- The first connect POSTs /auth/register/device through the module (HmacMD5 sign with the ProductSecret), hands the
-- DeviceSecret to setDeviceSecret (kept in the module's SN, as Luat's demo does), then connects directly. When the
-- cloud says the device is already activated, the library goes on with the secret getDeviceSecret returns.
module(..., package.seeall)

require "aLiYun"
require "misc"
require "pm"

local REGION_ID = "cn-shanghai"
local PRODUCT_KEY = "b1KCi45LcCP"
local PRODUCE_SECRET = "VWll9fiYWKiwraBk"

--- The device name must be unique in the product: the IMEI is the usual choice.
local function getDeviceName()
    return misc.getImei()
end

--- The stored DeviceSecret ("" until the first registration).
local function getDeviceSecret()
    return misc.getSn()
end

--- Keeps the DeviceSecret the registration returned.
local function setDeviceSecret(secret)
    misc.setSn(secret)
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
        aLiYun.subscribe("/" .. PRODUCT_KEY .. "/" .. getDeviceName() .. "/get", 1)
        aLiYun.on("receive", rcvCbFnc)
        publishTest()
    end
end

aLiYun.on("connect", connectCbFnc)
aLiYun.setRegion(REGION_ID)
aLiYun.setConnectMode("direct", PRODUCT_KEY .. ".iot-as-mqtt." .. REGION_ID .. ".aliyuncs.com", 1883)
aLiYun.setup(PRODUCT_KEY, PRODUCE_SECRET, getDeviceName, getDeviceSecret, setDeviceSecret)

require "aLiYunOta"
