--- patch: Luat's fixes to standard functions (lib/patch.lua semantics).
require "pm"
module(..., package.seeall)

-- A task's error is logged with its traceback (and may restart the device) instead of being
-- raised into whoever resumed it; a run that is ending unwinds quietly.
local rawResume = coroutine.resume
coroutine.resume = function(co, ...)
  local result = table.pack(rawResume(co, ...))
  if not result[1] and not rtos.is_ending() then
    if __luat_message51 then result[2] = __luat_message51(result[2]) end
    local message = tostring(result[2])
    log.error("coroutine.resume", message .. "\r\n" .. debug.traceback(co))
    if errDump and errDump.appendErr then errDump.appendErr(message) end
    if _G.COROUTINE_ERROR_RESTART then rtos.restart("coroutine error") end
  end
  return table.unpack(result, 1, result.n)
end

local rawTime = os.time
os.time = function(t)
  return rawTime(t) or 0
end

local rawDate = os.date
os.date = function(format, t)
  return rawDate(format, t)
end

--- Milliseconds since power-on (the core tick runs 16 per ms).
os.clockms = function()
  return rtos.tick() // 16
end
