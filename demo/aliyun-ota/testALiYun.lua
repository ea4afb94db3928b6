--- Aliyun IoT with OTA, 一机一密 over a signed MQTT direct connection.
-- As in Luat's demo/aLiYun/testALiYun.lua, the OTA lines at the end download an upgrade package for a device attached
-- to the module (an MCU): setVer reports its version, setName names the file, setCb gets the result.
module(..., package.seeall)

require "aLiYun"
require "misc"
require "utils"

local REGION_ID = "cn-shanghai"
local PRODUCT_KEY = "a1mxL3s6Z7m"
local DEVICE_NAME = "866714043075174"
local DEVICE_SECRET = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O"

local function getDeviceName() return DEVICE_NAME end
local function getDeviceSecret() return DEVICE_SECRET end

local function connectCbFnc(result)
    log.info("testALiYun.connectCbFnc", result)
end

aLiYun.on("connect", connectCbFnc)
aLiYun.setRegion(REGION_ID)
aLiYun.setConnectMode("direct", PRODUCT_KEY .. ".iot-as-mqtt." .. REGION_ID .. ".aliyuncs.com", 1883)
aLiYun.setup(PRODUCT_KEY, nil, getDeviceName, getDeviceSecret)

require "aLiYunOta"

--- The package is downloaded and its MD5 checked; flash it into the MCU here, then report the version it now runs.
local function otaCb(result, filePath)
    log.info("testALiYun.otaCb", result, filePath)
    if result then
        log.info("testALiYun.otaCb", "md5", crypto.md5(filePath, "file"), "size", io.fileSize(filePath))
        aLiYunOta.setVer("MCU_VERSION_1.0.1")
    end
end

aLiYunOta.setVer("MCU_VERSION_1.0.0")
aLiYunOta.setName("MCU_FIRMWARE.bin")
aLiYunOta.setCb(otaCb)
