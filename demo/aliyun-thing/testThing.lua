--- Thing model over aLiYun: post properties on thing/event/property/post, react to thing/service/property/set.
module(..., package.seeall)

require "aLiYun"
require "misc"

local PRODUCT_KEY = "a1mxL3s6Z7m"
local DEVICE_NAME = "866714043075174"
local DEVICE_SECRET = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O"
local THING = "/sys/" .. PRODUCT_KEY .. "/" .. DEVICE_NAME .. "/thing/"

local lightSwitch, postId = 0, 0

--- One Alink property post; the id must be unique per message (a counter does).
local function postProperties(temperature)
    postId = postId + 1
    aLiYun.publish(THING .. "event/property/post", json.encode({
        id = tostring(postId), version = "1.0", method = "thing.event.property.post",
        params = {Temperature = temperature, LightSwitch = lightSwitch},
    }), 1)
end

local function rcvCbFnc(topic, qos, payload)
    log.info("testThing.rcvCbFnc", topic, payload)
    if topic == THING .. "service/property/set" then
        local request = json.decode(payload)
        if request and request.params and request.params.LightSwitch then
            lightSwitch = request.params.LightSwitch
            log.info("testThing.lightSwitch", lightSwitch)
        end
        aLiYun.publish(THING .. "service/property/set_reply", json.encode({id = request and request.id or "0", code = 200, data = {}}), 0)
        postProperties(23.5)
    end
end

local function connectCbFnc(result)
    log.info("testThing.connectCbFnc", result)
    if result then
        aLiYun.subscribe({[THING .. "event/property/post_reply"] = 1, [THING .. "service/property/set"] = 1})
        -- The first post carries a text where the thing model wants a float: the cloud answers 460 and says why.
        postId = postId + 1
        aLiYun.publish(THING .. "event/property/post", '{"id":"' .. postId .. '","version":"1.0","params":{"Temperature":"warm"},"method":"thing.event.property.post"}', 1)
        postProperties(22.5)
    end
end

aLiYun.on("connect", connectCbFnc)
aLiYun.on("receive", rcvCbFnc)
aLiYun.setConnectMode("direct", PRODUCT_KEY .. ".iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883)
aLiYun.setup(PRODUCT_KEY, nil, function() return DEVICE_NAME end, function() return DEVICE_SECRET end)
