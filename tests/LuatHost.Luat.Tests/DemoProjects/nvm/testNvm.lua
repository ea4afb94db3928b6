--- nvm as Luat's demo/nvm uses it: init from config.lua, read, set with and without a reason, deferred write.
module(..., package.seeall)
require "nvm"

nvm.init("config.lua")

sys.subscribe("PARA_CHANGED_IND", function(k, v, r) log.info("testNvm.changed", k, v, r) end)

sys.timerStart(function()
  log.info("testNvm.read", nvm.get("strPara"), nvm.get("numPara"), nvm.get("boolPara"), nvm.gett("tablePara", 2))
  nvm.set("numPara", nvm.get("numPara") + 1, "POWERON")
  nvm.set("strPara", nvm.get("strPara"), "SAME")
  nvm.set("boolPara", true, nil, false)
  nvm.flush()
end, 50)
