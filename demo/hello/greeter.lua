--- greeter: a LuaTask module the Luat way — module(...), a task, a timer and messages.
module(..., package.seeall)

require "misc"

local count = 0

-- A global function of the module: module(...) makes it greeter.tick.
function tick()
  count = count + 1
  log.info("greeter.tick", count)
  sys.publish("GREETER_TICK", count)
end

sys.taskInit(function()
  log.info("greeter", "task started, waiting for the network")
  local ok = sys.waitUntil("IP_READY_IND", 30000)
  log.info("greeter", "IP ready", ok, "IMEI", misc.getImei())
  sys.wait(200)
  sys.timerLoopStart(tick, 1000)
  while true do
    local _, n = sys.waitUntil("GREETER_TICK")
    if n == 3 then
      log.info("greeter", "three ticks, signal", net.getRssi())
      ril.request("AT+CSQ", nil, function(cmd, success, response, intermediate)
        log.info("greeter.csq", cmd, success, response, intermediate)
      end)
    end
  end
end)

log.info("greeter", "loaded")
