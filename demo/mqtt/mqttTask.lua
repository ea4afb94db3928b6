--- The connection task: connect, subscribe, then hand over to mqttInMsg (receive) and mqttOutMsg (publish) until the
-- session breaks; reconnect after 5 s.
module(..., package.seeall)

require "mqtt"
require "mqttInMsg"
require "mqttOutMsg"

local HOST, PORT = "lbsmqtt.airm2m.com", 1884

sys.taskInit(function()
  while true do
    while not socket.isReady() do sys.waitUntil("IP_READY_IND", 300000) end
    local client = mqtt.client(misc.getImei(), 600, "user", "password")
    if client:connect(HOST, PORT, "tcp") then
      log.info("mqttTask", "connected to", HOST, PORT)
      if client:subscribe({ ["/event0"] = 0, ["/event1"] = 1 }) then
        mqttOutMsg.init()
        while mqttInMsg.proc(client) and mqttOutMsg.proc(client) do end
        mqttOutMsg.unInit()
      end
    else
      log.warn("mqttTask", "connect failed; retrying in 5 s")
    end
    client:disconnect()
    sys.wait(5000)
  end
end)
