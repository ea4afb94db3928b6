--- 模块功能：阿里云功能测试（MQTT-TCP直连，公共实例，一机一密）
-- 以Luat的demo/aLiYun为样板编写：连接成功后每20秒发布一条QOS为1的消息，并打印收到的消息
-- @module testALiYun
module(..., package.seeall)

require "aLiYun"
require "misc"
require "pm"

--阿里云华东2站点
local REGION_ID = "cn-shanghai"
--一机一密认证方案时：PRODUCT_KEY、DEVICE_NAME、DEVICE_SECRET为阿里云上创建的产品和设备的三元组
--LuatHost的本地云平台（cloud-registry.json）中登记了这个三元组，所以无需修改即可连接；连接真实阿里云时改为自己的三元组
local PRODUCT_KEY = "yourProductKey"
local DEVICE_NAME = "862991234567890"
local DEVICE_SECRET = "c85d8dd8d28fbf527b2a4a36a67b7541"

--[[
函数名：getDeviceName
功能  ：获取设备名称
参数  ：无
返回值：设备名称
]]
local function getDeviceName()
    --用户单体测试时，可以在此处直接返回阿里云的iot控制台上注册的设备名称
    return DEVICE_NAME
end

--[[
函数名：getDeviceSecret
功能  ：获取设备密钥
参数  ：无
返回值：设备密钥
]]
local function getDeviceSecret()
    --用户单体测试时，可以在此处直接返回阿里云的iot控制台上生成的设备密钥
    return DEVICE_SECRET
end

--阿里云客户端是否处于连接状态
local sConnected

local publishCnt = 1

--[[
函数名：pubqos1testackcb
功能  ：发布1条qos为1的消息后收到PUBACK的回调函数
参数  ：
		usertag：调用mqttclient:publish时传入的usertag
		result：true表示发布成功，false或者nil表示失败
返回值：无
]]
local function publishTestCb(result, para)
    log.info("testALiYun.publishTestCb", result, para)
    sys.timerStart(publishTest, 20000)
    publishCnt = publishCnt + 1
end

--发布一条QOS为1的消息
function publishTest()
    if sConnected then
        --注意：在此处自己去控制payload的内容编码，aLiYun库中不会对payload的内容做任何编码转换
        aLiYun.publish("/" .. PRODUCT_KEY .. "/" .. getDeviceName() .. "/update", "qos1data", 1, publishTestCb, "publishTest_" .. publishCnt)
    end
end

---数据接收的处理函数
-- @string topic，UTF8编码的消息主题
-- @number qos，消息质量等级
-- @string payload，原始编码的消息负载
local function rcvCbFnc(topic, qos, payload)
    log.info("testALiYun.rcvCbFnc", topic, qos, payload)
end

--- 连接结果的处理函数
-- @bool result，连接结果，true表示连接成功，false或者nil表示连接失败
local function connectCbFnc(result)
    log.info("testALiYun.connectCbFnc", result)
    sConnected = result
    if result then
        --订阅主题，不需要考虑订阅结果，如果订阅失败，aLiYun库中会自动重连
        --aLiYun.subscribe({["/"..PRODUCT_KEY.."/"..getDeviceName().."/get"]=0, ["/"..PRODUCT_KEY.."/"..getDeviceName().."/get"]=1})
        --注册数据接收的处理函数
        aLiYun.on("receive", rcvCbFnc)
        --PUBLISH消息测试
        publishTest()
    end
end

aLiYun.on("connect", connectCbFnc)

--要使用阿里云OTA功能，必须参考本文件第19或者20行aLiYun.setup去配置参数
--aLiYun.setMqtt(0)
aLiYun.setRegion(REGION_ID)
aLiYun.setConnectMode("direct", PRODUCT_KEY .. ".iot-as-mqtt." .. REGION_ID .. ".aliyuncs.com", 1883)
aLiYun.setup(PRODUCT_KEY, nil, getDeviceName, getDeviceSecret)

--要使用阿里云OTA功能，必须参考本文件第19或者20行aLiYun.setup去配置参数
--加载阿里云OTA功能模块
require "aLiYunOta"
--如果利用阿里云OTA功能去下载其他升级包，例如模块外接的MCU升级包，则根据实际情况，打开下面的代码，下载完成后会调用otaCb回调
--默认的版本号格式为：PROJECT.."_"..VERSION.."_"..rtos.get_version()
--aLiYunOta.setVer("MCU_VERSION_1.0.0")
--设置下载的文件名
--aLiYunOta.setName("MCU_FIRMWARE.bin")

--[[
函数名：otaCb
功能  ：升级文件下载结束后的回调函数
参数  ：
		result：下载结果，true为成功，false为失败
		filePath：升级文件保存的完整路径，只有在result为true时，此参数才有意义
返回值：无
]]
local function otaCb(result, filePath)
    log.info("testALiYun.otaCb", result, filePath)
    if result then
        local uartID = 1
        sys.taskInit(
            function()
                local fileHandle = io.open(filePath, "rb")
                if not fileHandle then
                    log.error("testALiYun.otaCb open file error")
                    return
                end
                pm.wake("UART_SENT2MCU")
                uart.on(uartID, "sent", function() sys.publish("UART_SENT2MCU_OK") end)
                uart.setup(uartID, 115200, 8, uart.PAR_NONE, uart.STOP_1, nil, 1)
                while true do
                    local data = fileHandle:read(1460)
                    if not data then break end
                    uart.write(uartID, data)
                    sys.waitUntil("UART_SENT2MCU_OK")
                end
                --此处上报新固件版本号（仅供测试使用）
                --用户开发自己的程序时，根据下载下来的新固件，执行升级动作
                --升级成功后，调用aLiYunOta.setVer上报新固件版本号
                --如果升级失败，调用aLiYunOta.setVer上报旧固件版本号
                aLiYunOta.setVer("MCU_VERSION_1.0.1")

                uart.close(uartID)
                pm.sleep("UART_SENT2MCU")
                fileHandle:close()
                os.remove(filePath)
            end
        )
    else
        --文件使用完之后，如果以后不再需求，需要自行删除
        os.remove(filePath)
    end
end

--设置新固件下载后的回调函数
--aLiYunOta.setCb(otaCb)
